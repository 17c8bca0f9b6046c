/**
 * TimeStampResp handling (RFC 3161 §2.4.2): status, then the token — nonce, MessageImprint,
 * signature, chain, EKU, ESS binding (token.ts) — and genTime against the local clock.
 *
 * Kamu SM variants (spec §5.2): errors arrive with HTTP 200 as a rejection carrying a text, or
 * as bare text; some clients see the token without the TimeStampResp wrapper. Both are accepted.
 */
import * as asn1js from 'asn1js';
import { fail } from '@edefter/protocol';
import { pkijs } from './engine.ts';
import { FAILURE_INFO_NAMES } from './errors.ts';
import { extractKamusmText, mapKamusmError } from './kamusm.ts';
import { OID_SIGNED_DATA, checkImprint, parseTimeStampToken, tokenFacts, verifyTokenSignature, type TokenFacts } from './token.ts';
import type { Notice } from '../config/secrets.ts';

/** Default allowed |genTime − local clock| before a warning, in ms. */
const DEFAULT_MAX_SKEW_MS = 120_000;

/** What {@link checkTimeStampResp} checks the answer against. */
export interface ResponseCheck {
  /** The time-stamped bytes (its SHA-256 is the request's imprint). */
  data: Buffer;
  /** The request's nonce bytes. */
  nonce: Buffer;
  /** DER trust anchors for the TSA certificate. */
  trustedCerts: Buffer[];
  /** Allowed clock difference in ms before `onWarning` (default {@link DEFAULT_MAX_SKEW_MS}). */
  maxSkewMs?: number;
  /** Clock (tests). */
  now?: () => Date;
  /** Receives the clock-skew warning. Default: written to stderr. */
  onWarning?: (w: Notice) => void;
  /** Set in Kamu SM mode: error texts are mapped to Kamu SM messages for this customer. */
  kamusmCustomerId?: string;
}

/** A checked timestamp. */
export interface CheckedTimestamp extends TokenFacts {
  /** DER TimeStampToken (ContentInfo/SignedData) for xades:EncapsulatedTimeStamp. */
  token: Buffer;
  /** Subject of the TSA certificate (RFC 4514). */
  signerSubject: string;
  /** genTime − local clock, ms. */
  skewMs: number;
}

/** Splits an answer into a status and an optional token. */
function decodeAnswer(body: Buffer, kamusmCustomerId?: string): { token: Buffer } {
  let parsed: asn1js.AsnType | undefined;
  try {
    const r = asn1js.fromBER(new Uint8Array(body));
    if (r.offset !== -1 && r.result.error === '') parsed = r.result;
  } catch {
    parsed = undefined;
  }
  const seq = parsed instanceof asn1js.Sequence ? parsed.valueBlock.value : undefined;
  if (!seq?.length) {
    const text = extractKamusmText(body);
    if (kamusmCustomerId !== undefined && text) throw mapKamusmError(text, kamusmCustomerId);
    throw fail('tsa.notAResponse', { reason: 'not-a-response', detail: body.length ? `not DER${text ? `: ${text.slice(0, 120)}` : ''}` : 'empty body' });
  }
  // Bare ContentInfo(SignedData): Kamu SM short form.
  if (seq[0] instanceof asn1js.ObjectIdentifier && seq[0].valueBlock.toString() === OID_SIGNED_DATA) return { token: body };
  let resp: pkijs.TimeStampResp;
  try {
    resp = new pkijs.TimeStampResp({ schema: parsed });
  } catch (e) {
    const text = extractKamusmText(body);
    if (kamusmCustomerId !== undefined && text) throw mapKamusmError(text, kamusmCustomerId);
    throw fail('tsa.notAResponse', { reason: 'not-a-response', detail: `TimeStampResp: ${(e as Error).message}` });
  }
  const status = resp.status.status as number;
  if (status !== 0 && status !== 1) {
    const text = (resp.status.statusStrings ?? [])
      .map((s) => s.valueBlock.value)
      .join('; ')
      .trim();
    if (kamusmCustomerId !== undefined && text) throw mapKamusmError(text, kamusmCustomerId);
    throw fail('tsa.rejected', { reason: 'bad-status', status, failInfo: failInfoNames(resp.status.failInfo), text: text || undefined });
  }
  if (!resp.timeStampToken) throw fail('tsa.notAResponse', { reason: 'not-a-response', detail: 'status granted but no timeStampToken' });
  return { token: Buffer.from(resp.timeStampToken.toSchema().toBER(false)) };
}

function failInfoNames(bits?: asn1js.BitString): string[] {
  if (!bits) return [];
  const bytes = bits.valueBlock.valueHexView;
  const names: string[] = [];
  for (let i = 0; i < bytes.length * 8; i++) {
    if (bytes[i >> 3] & (0x80 >> (i & 7))) names.push(FAILURE_INFO_NAMES[i] ?? `bit${i}`);
  }
  return names;
}

function stripZeros(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

/**
 * Checks a TSA answer and returns the token.
 * @param body HTTP body (TimeStampResp DER, Kamu SM variants accepted)
 * @throws EdefterError TSA_ERROR (`bad-status`), TSA_RESPONSE_INVALID (`not-a-response`,
 *   `wrong-nonce`, `wrong-imprint`, `bad-signature`), TSA_UNTRUSTED (chain, trust list, EKU),
 *   TSA_AUTH_FAILED / TSA_NO_CREDIT (Kamu SM texts)
 */
export async function checkTimeStampResp(body: Buffer, check: ResponseCheck): Promise<CheckedTimestamp> {
  const { token } = decodeAnswer(body, check.kamusmCustomerId);
  const parsed = parseTimeStampToken(token);
  const facts = tokenFacts(parsed);
  if (!facts.nonce || !stripZeros(facts.nonce).equals(stripZeros(check.nonce))) throw fail('tsa.wrongNonce', { reason: 'wrong-nonce' });
  checkImprint(parsed, check.data);
  const signer = await verifyTokenSignature(parsed, check.data, check.trustedCerts);
  const now = (check.now ?? (() => new Date()))();
  const skewMs = facts.genTime.getTime() - now.getTime();
  const max = check.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  if (Math.abs(skewMs) > max) {
    const s = Math.round(skewMs / 1000);
    const warn = check.onWarning ?? ((w: Notice) => process.stderr.write(`UYARI: ${w.tr}\nWARNING: ${w.en}\n`));
    warn({
      tr: `Bilgisayarın saati zaman damgası saatinden ${Math.abs(s)} saniye ${s > 0 ? 'geride' : 'ileride'}. Saat ayarını kontrol edin (damga zamanı: ${facts.genTime.toISOString()}).`,
      en: `The local clock is ${Math.abs(s)} s ${s > 0 ? 'behind' : 'ahead of'} the timestamp time. Check the clock (genTime ${facts.genTime.toISOString()}).`,
    });
  }
  return { ...facts, token, signerSubject: signer.signerSubject, skewMs };
}
