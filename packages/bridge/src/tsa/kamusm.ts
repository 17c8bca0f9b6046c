/**
 * Kamu SM (TÜBİTAK BİLGEM) zaman damgası protocol additions to RFC 3161 (edefter-spec §5.2):
 *
 * - the `identity` HTTP header: hex of the DER of
 *   `ESYAReqEx ::= SEQUENCE { userid INTEGER, salt OCTET STRING (16), iterationCount INTEGER (100),
 *    iv OCTET STRING (16), encryptedMessageImprint OCTET STRING }`, where encryptedMessageImprint =
 *   AES-256-CBC/PKCS#7 of the raw digest bytes under PBKDF2-HMAC-SHA256(password, salt, 100, 32);
 * - the kontör (credit) query: empty body, identity over SHA-1(ASCII customerId + epochMillis),
 *   headers `credit_req: <customerId>` and `credit_req_time: <epochMillis>`; the answer holds the
 *   remaining credit as digits;
 * - errors come back as HTTP 200 with a text ("User 999 is not known", "Account could not be
 *   authenticated", ...), mapped here to TSA_AUTH_FAILED / TSA_NO_CREDIT / TSA_ERROR.
 *
 * The password and the header are never logged; errors carry neither.
 */
import { createCipheriv, createHash, pbkdf2Sync, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import { postTimestampQuery } from './transport.ts';
import { fail, type EdefterError } from '@edefter/protocol';

/** PBKDF2 iteration count Kamu SM expects (spec §5.2). */
const KAMUSM_ITERATIONS = 100;
/** User-Agent of the official Kamu SM client; harmless to send, not required (spec §5.2). */
export const KAMUSM_USER_AGENT = 'UEKAE TSS Client';
/** Production endpoint (spec §5.1). */
export const KAMUSM_PRODUCTION_URL = 'http://zd.kamusm.gov.tr';
/** Test endpoint (spec §5.1). */
export const KAMUSM_TEST_URL = 'http://tzd.kamusm.gov.tr';

/** Inputs of {@link buildIdentityHeader}. */
export interface IdentityInput {
  /** Kamu SM customer number, decimal digits. */
  customerId: string;
  password: string;
  /** The bytes to encrypt: the TimeStampReq hashedMessage (or SHA-1 digest for credit queries). */
  digest: Buffer;
  /** 16 bytes; default random. */
  salt?: Buffer;
  /** 16 bytes; default random, drawn independently of the salt. */
  iv?: Buffer;
  /** Default {@link KAMUSM_ITERATIONS}. */
  iterations?: number;
}

/**
 * Checks that `customerId` is a positive decimal number.
 * @throws EdefterError TSA_AUTH_FAILED (`missing-credentials`) otherwise
 */
export function parseCustomerId(customerId: string | undefined): bigint {
  if (!customerId || !/^\d{1,18}$/.test(customerId.trim()))
    throw fail('tsa.kamusmMissingCredentials', {
      reason: 'missing-credentials',
      missing: 'customer-number',
    });
  return BigInt(customerId.trim());
}

/**
 * Builds the `identity` header value (lower-case hex of the ESYAReqEx DER; spec §5.2).
 * @throws EdefterError TSA_AUTH_FAILED when the customer number or password is missing
 */
export function buildIdentityHeader(input: IdentityInput): string {
  const userid = parseCustomerId(input.customerId);
  if (!input.password) throw fail('tsa.kamusmMissingCredentials', { reason: 'missing-credentials', missing: 'password' });
  const salt = input.salt ?? randomBytes(16);
  const iv = input.iv ?? randomBytes(16);
  const iterations = input.iterations ?? KAMUSM_ITERATIONS;
  const key = pbkdf2Sync(Buffer.from(input.password, 'utf8'), salt, iterations, 32, 'sha256');
  const cipher = createCipheriv('aes-256-cbc', key, iv); // PKCS#7 padding is Node's default
  const encrypted = Buffer.concat([cipher.update(input.digest), cipher.final()]);
  key.fill(0);
  const seq = new asn1js.Sequence({
    value: [
      asn1js.Integer.fromBigInt(userid),
      new asn1js.OctetString({ valueHex: new Uint8Array(salt) }),
      new asn1js.Integer({ value: iterations }),
      new asn1js.OctetString({ valueHex: new Uint8Array(iv) }),
      new asn1js.OctetString({ valueHex: new Uint8Array(encrypted) }),
    ],
  });
  return Buffer.from(seq.toBER(false)).toString('hex');
}

/**
 * Extracts human-readable text from a Kamu SM error body: the UTF-8 / printable strings in an
 * ASN.1 answer (PKIStatusInfo statusString), or the body itself when it is plain text.
 */
export function extractKamusmText(body: Buffer): string {
  const texts: string[] = [];
  try {
    const { result, offset } = asn1js.fromBER(new Uint8Array(body));
    if (offset !== -1 && result.error === '') collectStrings(result, texts);
  } catch {
    /* not ASN.1 */
  }
  if (!texts.length) {
    const plain = body
      .toString('utf8')
      .replace(/[^\p{L}\p{N}\p{P}\p{Zs}]+/gu, ' ')
      .trim();
    if (plain) texts.push(plain);
  }
  return texts.join('; ').slice(0, 300);
}

function collectStrings(node: asn1js.AsnType, out: string[]): void {
  const b = node as asn1js.BaseBlock & { valueBlock: { value?: unknown } };
  if (
    node instanceof asn1js.Utf8String ||
    node instanceof asn1js.PrintableString ||
    node instanceof asn1js.IA5String ||
    node instanceof asn1js.VisibleString ||
    node instanceof asn1js.TeletexString ||
    node instanceof asn1js.GeneralString
  ) {
    const s = (node as asn1js.Utf8String).valueBlock.value.trim();
    if (s) out.push(s);
    return;
  }
  const v = b.valueBlock?.value;
  if (Array.isArray(v)) for (const child of v) collectStrings(child as asn1js.AsnType, out);
}

/**
 * Maps a Kamu SM error text to an {@link EdefterError}: "is not known" → unknown user,
 * "could not be authenticated" → wrong password, credit / kontör / bakiye → no credit,
 * anything else → TSA_ERROR with the text.
 */
export function mapKamusmError(text: string, customerId: string): EdefterError {
  if (/not known|bilinmiyor|unknown user/i.test(text)) return fail('tsa.kamusmUnknownUser', { reason: 'unknown-user', customerId, text });
  if (/authenticat|parola|password/i.test(text)) return fail('tsa.kamusmWrongPassword', { reason: 'wrong-password', customerId, text });
  // ö written as \u00f6: the bundle stays ASCII (packaging/sea/build.mjs checks it)
  if (/credit|kont[o\u00f6]r|bakiye|balance|insufficient|yetersiz/i.test(text)) return fail('tsa.kamusmNoCredit', { reason: 'no-credit', customerId, text });
  return fail('tsa.kamusmError', { reason: 'kamusm-error', text: text || 'empty answer' });
}

/** Result of {@link queryKamusmCredit}. */
export interface KamusmCredit {
  /** Remaining kontör. */
  remaining: number;
  customerId: string;
}

/**
 * Asks Kamu SM for the remaining kontör (spec §5.2 credit query). Free of charge.
 * @param cfg.url TSA URL; cfg.timeoutMs overall timeout in ms
 * @throws EdefterError TSA_AUTH_FAILED (unknown user, wrong password), TSA_ERROR, TSA_UNAVAILABLE, TSA_TIMEOUT
 */
export async function queryKamusmCredit(cfg: {
  url: string;
  customerId?: string;
  password?: string;
  timeoutMs?: number;
  now?: () => number;
}): Promise<KamusmCredit> {
  parseCustomerId(cfg.customerId);
  const customerId = cfg.customerId!.trim();
  const millis = String(Math.trunc((cfg.now ?? Date.now)()));
  const digest = createHash('sha1')
    .update(customerId + millis, 'ascii')
    .digest();
  const identity = buildIdentityHeader({ customerId, password: cfg.password ?? '', digest });
  const res = await postTimestampQuery(cfg.url, Buffer.alloc(0), {
    timeoutMs: cfg.timeoutMs,
    headers: { identity, credit_req: customerId, credit_req_time: millis, 'user-agent': KAMUSM_USER_AGENT },
  });
  const text = res.body.toString('latin1').trim();
  if (/^\d+$/.test(text)) return { remaining: Number(text), customerId };
  const msg = extractKamusmText(res.body);
  if (!msg) throw fail('tsa.notAResponse', { reason: 'not-a-response', detail: 'empty credit answer' });
  if (/^\d+$/.test(msg)) return { remaining: Number(msg), customerId };
  throw mapKamusmError(msg, customerId);
}
