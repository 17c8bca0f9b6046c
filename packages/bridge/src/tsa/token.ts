/**
 * TimeStampToken (RFC 3161 §2.4.2: a CMS ContentInfo/SignedData whose eContent is a TSTInfo)
 * parsing and verification, shared by the timestamper (fresh answers) and `edefter verify`
 * (tokens found in XAdES-T files).
 *
 * Checks, in order: MessageImprint equals the hash of the data; CMS signature (pkijs); the TSA
 * certificate chains to the trust list at genTime (pkijs chain engine); the TSA certificate has
 * the critical extendedKeyUsage id-kp-timeStamping only (RFC 3161 §2.3); the ESS
 * signing-certificate(-v2) attribute names that certificate (RFC 3161 §2.4.2, RFC 5035).
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as x509 from '@peculiar/x509';
import { fail } from '@edefter/protocol';
import { pkijs } from './engine.ts';

/** id-signedData (RFC 5652). */
export const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
/** id-ct-TSTInfo (RFC 3161). */
const OID_TST_INFO = '1.2.840.113549.1.9.16.1.4';
/** id-kp-timeStamping (RFC 5280). */
const OID_KP_TIMESTAMPING = '1.3.6.1.5.5.7.3.8';
const OID_EKU = '2.5.29.37';
const OID_SIGNING_CERT = '1.2.840.113549.1.9.16.2.12';
const OID_SIGNING_CERT_V2 = '1.2.840.113549.1.9.16.2.47';

/** Hash algorithms accepted in MessageImprint / ESSCertIDv2, OID → Node name. */
const HASH_OIDS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** A decoded token. */
export interface ParsedToken {
  /** DER of the ContentInfo (what goes into xades:EncapsulatedTimeStamp). */
  der: Buffer;
  signedData: pkijs.SignedData;
  tstInfo: pkijs.TSTInfo;
}

/** Plain facts of a token (no verification implied). */
export interface TokenFacts {
  /** TSTInfo genTime. */
  genTime: Date;
  /** TSTInfo serialNumber, hex. */
  serialNumber: string;
  /** TSA policy OID. */
  policy: string;
  /** MessageImprint hash algorithm (Node name, e.g. `sha256`) or the OID when unknown. */
  hashAlgorithm: string;
  hashedMessage: Buffer;
  /** Nonce bytes (big-endian, as encoded), if present. */
  nonce?: Buffer;
  /** Accuracy in ms, if stated. */
  accuracyMs?: number;
  /** TSTInfo `tsa` name as a string, if present. */
  tsaName?: string;
}

/**
 * Decodes a TimeStampToken.
 * @param der DER of ContentInfo(SignedData(TSTInfo))
 * @throws EdefterError TSA_RESPONSE_INVALID (`not-a-response`) when it is not one
 */
export function parseTimeStampToken(der: Buffer): ParsedToken {
  try {
    const ci = pkijs.ContentInfo.fromBER(new Uint8Array(der));
    if (ci.contentType !== OID_SIGNED_DATA) throw new Error(`contentType ${ci.contentType} is not signedData`);
    const signedData = new pkijs.SignedData({ schema: ci.content });
    if (signedData.encapContentInfo.eContentType !== OID_TST_INFO) throw new Error(`eContentType ${signedData.encapContentInfo.eContentType} is not TSTInfo`);
    const e = signedData.encapContentInfo.eContent;
    if (!e) throw new Error('TSTInfo eContent missing');
    const tstInfo = pkijs.TSTInfo.fromBER(e.getValue());
    return { der: Buffer.from(der), signedData, tstInfo };
  } catch (e) {
    if ((e as { name?: string }).name === 'EdefterError') throw e;
    throw fail('tsa.notAResponse', { reason: 'not-a-response', detail: `TimeStampToken: ${(e as Error).message}` });
  }
}

/** Reads the plain facts of a parsed token. */
export function tokenFacts(t: ParsedToken): TokenFacts {
  const tst = t.tstInfo;
  const oid = tst.messageImprint.hashAlgorithm.algorithmId;
  const acc = tst.accuracy;
  return {
    genTime: tst.genTime,
    serialNumber: Buffer.from(tst.serialNumber.valueBlock.valueHexView).toString('hex'),
    policy: tst.policy,
    hashAlgorithm: HASH_OIDS[oid] ?? oid,
    hashedMessage: Buffer.from(tst.messageImprint.hashedMessage.valueBlock.valueHexView),
    nonce: tst.nonce ? Buffer.from(tst.nonce.valueBlock.valueHexView) : undefined,
    accuracyMs: acc ? (acc.seconds ?? 0) * 1000 + (acc.millis ?? 0) + (acc.micros ?? 0) / 1000 : undefined,
    tsaName: tst.tsa ? generalNameToString(tst.tsa) : undefined,
  };
}

function generalNameToString(g: pkijs.GeneralName): string | undefined {
  try {
    if (g.type === 4) return new x509.Name(new Uint8Array((g.value as pkijs.RelativeDistinguishedNames).toSchema().toBER(false))).toString();
    if (typeof g.value === 'string') return g.value;
  } catch {
    /* fall through */
  }
  return undefined;
}

/** Subject of a DER certificate as an RFC 4514 string. */
function certificateSubject(der: Buffer): string {
  return new x509.X509Certificate(new Uint8Array(der)).subject;
}

/**
 * Checks the MessageImprint against `data`.
 * @throws EdefterError TSA_RESPONSE_INVALID (`wrong-imprint`)
 */
export function checkImprint(t: ParsedToken, data: Buffer): void {
  const f = tokenFacts(t);
  if (!['sha256', 'sha384', 'sha512'].includes(f.hashAlgorithm))
    throw fail('tsa.wrongImprint', {
      reason: 'wrong-imprint',
      detail: `hash algorithm ${f.hashAlgorithm} not accepted`,
    });
  const expected = createHash(f.hashAlgorithm).update(data).digest();
  if (!expected.equals(f.hashedMessage))
    throw fail('tsa.wrongImprint', {
      reason: 'wrong-imprint',
      detail: `${f.hashAlgorithm} ${f.hashedMessage.toString('hex').slice(0, 16)}… ≠ ${expected.toString('hex').slice(0, 16)}…`,
    });
}

/** Result of {@link verifyTokenSignature}. */
export interface VerifiedSigner {
  /** DER of the TSA (signer) certificate. */
  signerCert: Buffer;
  /** Subject of the TSA certificate (RFC 4514). */
  signerSubject: string;
  /** Validated path, signer first, trust anchor last (DER). */
  path: Buffer[];
}

/**
 * Verifies imprint, CMS signature, chain to `trustedCerts` (at genTime), timeStamping EKU and
 * the ESS signing-certificate binding.
 * @param data the time-stamped bytes (not their hash)
 * @param trustedCerts trust anchors (roots or pinned intermediates / TSA certificates), DER (PEM
 *   also accepted)
 * @throws EdefterError TSA_RESPONSE_INVALID (`wrong-imprint`, `bad-signature`) or
 *   TSA_UNTRUSTED (`no-trust-list`, `bad-trust-list`, `untrusted-chain`, `no-timestamping-eku`)
 */
export async function verifyTokenSignature(t: ParsedToken, data: Buffer, trustedCerts: Buffer[]): Promise<VerifiedSigner> {
  checkImprint(t, data);
  if (!trustedCerts.length) throw fail('tsa.untrusted', { reason: 'no-trust-list', detail: 'empty' });
  let anchors: pkijs.Certificate[];
  try {
    anchors = trustedCerts.flatMap(toDerCertificates).map((c) => pkijs.Certificate.fromBER(new Uint8Array(c)));
  } catch (e) {
    throw fail('tsa.untrusted', { reason: 'bad-trust-list', detail: (e as Error).message });
  }
  let result: pkijs.SignedDataVerifyResult;
  try {
    result = await t.signedData.verify({
      signer: 0,
      data: new Uint8Array(data).buffer as ArrayBuffer,
      trustedCerts: anchors,
      checkChain: true,
      extendedMode: true,
    });
  } catch (e) {
    const err = e as pkijs.SignedDataVerifyError;
    if (err.code === 5) throw fail('tsa.untrusted', { reason: 'untrusted-chain', detail: err.message });
    if (/TSTInfo verification/.test(err.message ?? '')) throw fail('tsa.wrongImprint', { reason: 'wrong-imprint', detail: err.message });
    throw fail('tsa.badSignature', { reason: 'bad-signature', detail: err.message ?? String(e) });
  }
  if (!result.signatureVerified || !result.signerCertificate)
    throw fail('tsa.badSignature', {
      reason: 'bad-signature',
      detail: 'signature value does not match',
    });
  const signer = result.signerCertificate;
  const signerDer = Buffer.from(signer.toSchema().toBER(false));
  checkTimestampingEku(signer);
  checkEssBinding(t.signedData, signerDer);
  return {
    signerCert: signerDer,
    signerSubject: certificateSubject(signerDer),
    path: (result.certificatePath ?? []).map((c) => Buffer.from(c.toSchema().toBER(false))),
  };
}

/** DER certificates of a trust-list entry: DER as is, or every CERTIFICATE block of a PEM text. */
function toDerCertificates(b: Buffer): Buffer[] {
  if (b[0] === 0x30) return [b];
  const pem = [...b.toString('latin1').matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
  if (!pem.length) throw new Error('neither DER nor PEM certificate');
  return pem.map((m) => Buffer.from(m[1].replace(/\s+/g, ''), 'base64'));
}

function checkTimestampingEku(cert: pkijs.Certificate): void {
  const ext = cert.extensions?.find((x) => x.extnID === OID_EKU);
  if (!ext) throw fail('tsa.untrusted', { reason: 'no-timestamping-eku', detail: 'extendedKeyUsage missing' });
  const purposes = (ext.parsedValue as pkijs.ExtKeyUsage | undefined)?.keyPurposes ?? [];
  if (!purposes.includes(OID_KP_TIMESTAMPING)) throw fail('tsa.untrusted', { reason: 'no-timestamping-eku', detail: `purposes ${purposes.join(',')}` });
  if (purposes.length !== 1)
    throw fail('tsa.untrusted', {
      reason: 'no-timestamping-eku',
      detail: `timeStamping must be the only purpose, got ${purposes.join(',')}`,
    });
  if (!ext.critical) throw fail('tsa.untrusted', { reason: 'no-timestamping-eku', detail: 'extendedKeyUsage is not critical' });
}

function checkEssBinding(sd: pkijs.SignedData, signerDer: Buffer): void {
  const attrs = sd.signerInfos[0]?.signedAttrs?.attributes ?? [];
  const v2 = attrs.find((a) => a.type === OID_SIGNING_CERT_V2);
  const v1 = attrs.find((a) => a.type === OID_SIGNING_CERT);
  const attr = v2 ?? v1;
  if (!attr) throw fail('tsa.badSignature', { reason: 'bad-signature', detail: 'no ESS signing-certificate attribute' });
  try {
    const certs = (attr.values[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
    const first = certs.valueBlock.value[0] as asn1js.Sequence;
    const parts = first.valueBlock.value;
    let alg = 'sha1';
    let hash: asn1js.OctetString;
    if (v2) {
      alg = 'sha256';
      if (parts[0] instanceof asn1js.Sequence) {
        const oid = (parts[0].valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString();
        alg = HASH_OIDS[oid] ?? oid;
        hash = parts[1] as asn1js.OctetString;
      } else hash = parts[0] as asn1js.OctetString;
    } else hash = parts[0] as asn1js.OctetString;
    const expected = createHash(alg).update(signerDer).digest();
    if (!expected.equals(Buffer.from(hash.valueBlock.valueHexView))) throw new Error('certificate hash differs');
  } catch (e) {
    throw fail('tsa.badSignature', { reason: 'bad-signature', detail: `ESS signing-certificate does not name the TSA certificate (${(e as Error).message})` });
  }
}
