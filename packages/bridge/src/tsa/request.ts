/**
 * RFC 3161 §2.4.1 TimeStampReq builder: version 1, MessageImprint with SHA-256 (OID
 * 2.16.840.1.101.3.4.2.1, NULL parameters), a random 64-bit nonce, certReq TRUE so the TSA
 * certificate travels in the token and the chain can be checked.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import { pkijs } from './engine.ts';

/** OID of SHA-256 (NIST). */
const OID_SHA256 = '2.16.840.1.101.3.4.2.1';

/** A request ready to send, with what the answer is checked against. */
export interface BuiltTimeStampReq {
  /** DER of the TimeStampReq (the HTTP body). */
  der: Buffer;
  /** SHA-256 of the data (32 bytes): the MessageImprint hashedMessage. */
  digest: Buffer;
  /** Nonce as big-endian unsigned bytes, minimal form (no leading zero byte). */
  nonce: Buffer;
}

/**
 * Random positive nonce of `bytes` bytes whose first byte is 0x01..0x7f, so its DER INTEGER
 * content is exactly these bytes (no sign byte, no leading zero).
 */
function randomNonce(bytes = 8): Buffer {
  const n = randomBytes(bytes);
  n[0] = n[0] & 0x7f || 0x01;
  return n;
}

/**
 * Builds a TimeStampReq over SHA-256(`data`).
 * @param data the bytes to be time-stamped (for XAdES-T: canonical ds:SignatureValue)
 * @param opts.nonce fixed nonce (tests); default {@link randomNonce}
 * @param opts.certReq ask for the TSA certificate in the token (default true)
 */
export function buildTimeStampReq(data: Buffer, opts: { nonce?: Buffer; certReq?: boolean } = {}): BuiltTimeStampReq {
  const digest = createHash('sha256').update(data).digest();
  return buildTimeStampReqForDigest(digest, opts);
}

/** Same as {@link buildTimeStampReq} for an already computed SHA-256 digest (32 bytes). */
function buildTimeStampReqForDigest(digest: Buffer, opts: { nonce?: Buffer; certReq?: boolean } = {}): BuiltTimeStampReq {
  if (digest.length !== 32) throw new RangeError(`SHA-256 digest must be 32 bytes, got ${digest.length}`);
  const nonce = opts.nonce ?? randomNonce();
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID_SHA256, algorithmParams: new asn1js.Null() }),
      hashedMessage: new asn1js.OctetString({ valueHex: new Uint8Array(digest) }),
    }),
    nonce: new asn1js.Integer({ valueHex: new Uint8Array(nonce) }),
    certReq: opts.certReq ?? true,
  });
  return { der: Buffer.from(req.toSchema().toBER(false)), digest, nonce };
}
