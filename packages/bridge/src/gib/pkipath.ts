/**
 * PkiPath (ITU-T X.509 / RFC-style `PkiPath ::= SEQUENCE OF Certificate`), the body of a WS-Security
 * `X509PKIPathv1` BinarySecurityToken (OASIS WSS X.509 Token Profile 1.0 §3.1): certificates
 * ordered from the one nearest the trust anchor to the end entity (the signer) LAST.
 */
import * as asn1js from 'asn1js';

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const b: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 256)) b.unshift(x & 0xff);
  return Buffer.from([0x80 | b.length, ...b]);
}

/**
 * Encodes a PkiPath.
 * @param signer DER of the end-entity (signing) certificate
 * @param chain DER certificates above it, issuer first (RawSigner.chain order)
 */
export function encodePkiPath(signer: Buffer, chain: Buffer[] = []): Buffer {
  const body = Buffer.concat([...[...chain].reverse(), signer]);
  return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
}

/**
 * Decodes a PkiPath into DER certificates in path order (signer last).
 * @throws Error when the bytes are not a DER SEQUENCE of SEQUENCEs
 */
export function decodePkiPath(der: Buffer): Buffer[] {
  const ab = der.buffer.slice(der.byteOffset, der.byteOffset + der.length) as ArrayBuffer;
  const parsed = asn1js.fromBER(ab);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) throw new Error('PkiPath is not a DER SEQUENCE');
  const out: Buffer[] = [];
  for (const c of parsed.result.valueBlock.value) {
    if (!(c instanceof asn1js.Sequence)) throw new Error('PkiPath element is not a Certificate');
    out.push(Buffer.from(c.valueBeforeDecodeView));
  }
  if (!out.length) throw new Error('PkiPath is empty');
  return out;
}
