/**
 * Server side of the Kamu SM `identity` header (edefter-spec §5.2), written independently of the
 * client in packages/bridge/src/tsa/kamusm.ts so each checks the other:
 * hex → DER `ESYAReqEx { userid INTEGER, salt OCTET STRING, iterationCount INTEGER,
 * iv OCTET STRING, encryptedMessageImprint OCTET STRING }` → AES-256-CBC decrypt under
 * PBKDF2-HMAC-SHA256(password, salt, iterationCount, 32).
 */
import { createDecipheriv, pbkdf2Sync } from 'node:crypto';
import { asn1js } from '@edefter/bridge/tsa/engine.ts';

/** Decoded header fields. */
export interface EsyaReqEx {
  userid: string;
  salt: Buffer;
  iterationCount: number;
  iv: Buffer;
  encrypted: Buffer;
}

/**
 * Parses the header value.
 * @throws Error when it is not hex of an ESYAReqEx DER
 */
export function parseIdentity(hex: string): EsyaReqEx {
  if (!/^[0-9a-fA-F]+$/.test(hex)) throw new Error('identity is not hex');
  const der = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  const { result, offset } = asn1js.fromBER(new Uint8Array(der));
  if (offset === -1 || !(result instanceof asn1js.Sequence)) throw new Error('identity is not a DER SEQUENCE');
  const v = result.valueBlock.value;
  if (v.length !== 5) throw new Error(`ESYAReqEx has ${v.length} fields`);
  const [uid, salt, it, iv, enc] = v;
  if (
    !(uid instanceof asn1js.Integer) ||
    !(salt instanceof asn1js.OctetString) ||
    !(it instanceof asn1js.Integer) ||
    !(iv instanceof asn1js.OctetString) ||
    !(enc instanceof asn1js.OctetString)
  ) {
    throw new Error('ESYAReqEx field types wrong');
  }
  return {
    userid: uid.toBigInt().toString(),
    salt: Buffer.from(salt.valueBlock.valueHexView),
    iterationCount: Number(it.toBigInt()),
    iv: Buffer.from(iv.valueBlock.valueHexView),
    encrypted: Buffer.from(enc.valueBlock.valueHexView),
  };
}

/**
 * Decrypts the imprint with `password`.
 * @returns the plaintext, or undefined when the padding does not check out (wrong password)
 */
export function decryptIdentity(id: EsyaReqEx, password: string): Buffer | undefined {
  if (id.salt.length !== 16 || id.iv.length !== 16 || id.iterationCount < 1 || id.iterationCount > 100_000) return undefined;
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), id.salt, id.iterationCount, 32, 'sha256');
  try {
    const d = createDecipheriv('aes-256-cbc', key, id.iv);
    return Buffer.concat([d.update(id.encrypted), d.final()]);
  } catch {
    return undefined;
  }
}
