/**
 * Signature formats between PKCS#11 and XMLDSig.
 *
 * - RSA: when a token lacks CKM_SHA256_RSA_PKCS we sign the DER DigestInfo of SHA-256 with
 *   CKM_RSA_PKCS (RFC 8017 §9.2, EMSA-PKCS1-v1_5 step 2).
 * - ECDSA: CKM_ECDSA returns r||s (PKCS#11 v2.40 §2.3.1), which XMLDSig also wants
 *   (RFC 4051 §3.3), but each half must be exactly the field size (48 bytes for P-384).
 *   Some middleware returns a DER SEQUENCE{INTEGER r, INTEGER s} (RFC 3279) instead; both are
 *   normalized here.
 */
import { createHash } from 'node:crypto';

/** DER prefix of DigestInfo{sha256, OCTET STRING(32)} (RFC 8017 §9.2 note 1). */
const SHA256_DIGESTINFO_PREFIX = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** DigestInfo(SHA-256(data)) for CKM_RSA_PKCS. */
export function sha256DigestInfo(data: Buffer): Buffer {
  return Buffer.concat([SHA256_DIGESTINFO_PREFIX, createHash('sha256').update(data).digest()]);
}

/** Left-pads or strips leading zero bytes so that `v` is exactly `len` bytes. @throws Error if too long */
function fixLength(v: Buffer, len: number): Buffer {
  let x = v;
  while (x.length > len && x[0] === 0) x = x.subarray(1);
  if (x.length > len) throw new Error(`ECDSA integer longer than ${len} bytes`);
  return x.length === len ? Buffer.from(x) : Buffer.concat([Buffer.alloc(len - x.length), x]);
}

function readDerLength(b: Buffer, off: number): [number, number] {
  const first = b[off];
  if (first < 0x80) return [first, off + 1];
  const n = first & 0x7f;
  if (n < 1 || n > 2) throw new Error('bad DER length');
  let len = 0;
  for (let i = 0; i < n; i++) len = (len << 8) | b[off + 1 + i];
  return [len, off + 1 + n];
}

/** Parses DER ECDSA-Sig-Value (RFC 3279 §2.2.3) into r and s, or returns null if `sig` is not one. */
export function parseDerEcdsa(sig: Buffer): { r: Buffer; s: Buffer } | null {
  try {
    if (sig[0] !== 0x30) return null;
    const [seqLen, p0] = readDerLength(sig, 1);
    if (p0 + seqLen !== sig.length) return null;
    if (sig[p0] !== 0x02) return null;
    const [rLen, p1] = readDerLength(sig, p0 + 1);
    const r = sig.subarray(p1, p1 + rLen);
    const p2 = p1 + rLen;
    if (sig[p2] !== 0x02) return null;
    const [sLen, p3] = readDerLength(sig, p2 + 1);
    const s = sig.subarray(p3, p3 + sLen);
    if (p3 + sLen !== sig.length) return null;
    return { r, s };
  } catch {
    return null;
  }
}

/**
 * Normalizes an ECDSA signature from a token to fixed-length r||s.
 * @param sig raw r||s (any even length ≤ 2·size) or DER
 * @param keyBits curve field size in bits (384 for P-384 → 96-byte output; 521 → 132)
 * @throws Error when the value is neither form
 */
export function ecdsaToRaw(sig: Buffer, keyBits: number): Buffer {
  const n = Math.ceil(keyBits / 8);
  if (sig.length === 2 * n) return Buffer.from(sig);
  // A DER value can have the length of a short raw one; prefer DER only when it parses exactly.
  const der = parseDerEcdsa(sig);
  if (der) return Buffer.concat([fixLength(der.r, n), fixLength(der.s, n)]);
  if (sig.length % 2 === 0 && sig.length < 2 * n) {
    const h = sig.length / 2;
    return Buffer.concat([fixLength(sig.subarray(0, h), n), fixLength(sig.subarray(h), n)]);
  }
  throw new Error(`unexpected ECDSA signature length ${sig.length} for a ${keyBits}-bit key`);
}
