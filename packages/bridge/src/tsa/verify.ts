/**
 * Offline verification of a TimeStampToken found in a signed file (XAdES-T
 * xades:SignatureTimeStamp/xades:EncapsulatedTimeStamp), for `edefter verify`.
 */
import { isEdefterError } from '@edefter/protocol';
import { parseTimeStampToken, tokenFacts, verifyTokenSignature } from './token.ts';

/** Result of {@link verifyTimestampToken}. */
export interface TimestampVerification {
  /** True when imprint, signature, chain, EKU and ESS binding all hold. */
  ok: boolean;
  /** genTime, ISO 8601 UTC; undefined only when the token could not be decoded. */
  genTime?: string;
  /** TSA name: TSTInfo `tsa` if present, else the TSA certificate subject (RFC 4514). */
  tsaName?: string;
  /** TSA certificate subject, when the signature could be checked. */
  signerSubject?: string;
  /** TSTInfo serialNumber (hex) and policy OID. */
  serialNumber?: string;
  policy?: string;
  /** Why `ok` is false: "tr / en" messages. Empty when ok. */
  errors: string[];
  /** Machine-readable reason of the first error (errors.ts TsaFailure), when not ok. */
  reason?: string;
}

/**
 * Verifies a token over `data`. Never throws for a bad token: it reports `ok: false` with errors.
 * @param tokenDer DER ContentInfo(SignedData(TSTInfo)) — the decoded EncapsulatedTimeStamp
 * @param data the time-stamped bytes (XAdES-T: canonical ds:SignatureValue per the
 *   SignatureTimeStamp's ds:CanonicalizationMethod)
 * @param trustedCerts DER trust anchors for the TSA certificate (the configured `tsa.trustList`:
 *   Kamu SM roots in production); empty → ok false with reason `no-trust-list`
 */
export async function verifyTimestampToken(tokenDer: Buffer, data: Buffer, trustedCerts: Buffer[]): Promise<TimestampVerification> {
  let parsed;
  try {
    parsed = parseTimeStampToken(tokenDer);
  } catch (e) {
    return failure(e, {});
  }
  const f = tokenFacts(parsed);
  const base = { genTime: f.genTime.toISOString(), tsaName: f.tsaName, serialNumber: f.serialNumber, policy: f.policy };
  try {
    const s = await verifyTokenSignature(parsed, data, trustedCerts);
    return { ok: true, ...base, tsaName: f.tsaName ?? s.signerSubject, signerSubject: s.signerSubject, errors: [] };
  } catch (e) {
    return failure(e, base);
  }
}

function failure(e: unknown, base: Partial<TimestampVerification>): TimestampVerification {
  if (isEdefterError(e)) return { ok: false, ...base, errors: [`${e.tr} / ${e.en}`], reason: e.details?.reason as string | undefined };
  return { ok: false, ...base, errors: [String((e as Error)?.message ?? e)] };
}
