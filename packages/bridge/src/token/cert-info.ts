/**
 * Parses an X.509 certificate from a token into {@link CertificateInfo}: RFC 4514 subject,
 * CN/O, VKN or TCKN from the subject serialNumber (2.5.4.5; GİB e-Defter guide: mali mühür
 * subject serialNumber = VKN), validity, key type and size.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { X509Certificate } from 'node:crypto';
import type { CertificateInfo } from './types.ts';

/** Attribute names used in RFC 4514 output, keyed by OID (RFC 4514 §3 plus common ones). */
const ATTR_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '2.5.4.9': 'STREET',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
  '2.5.4.5': 'serialNumber',
  '2.5.4.4': 'SN',
  '2.5.4.42': 'GN',
  '2.5.4.12': 'title',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'emailAddress',
};
/** OIDs of the short names @peculiar/x509 uses in Name.toJSON(); other types come as dotted OIDs. */
const X509_SHORT: Record<string, string> = {
  CN: '2.5.4.3', L: '2.5.4.7', ST: '2.5.4.8', O: '2.5.4.10', OU: '2.5.4.11', C: '2.5.4.6',
  DC: '0.9.2342.19200300.100.1.25', E: '1.2.840.113549.1.9.1', G: '2.5.4.42', I: '2.5.4.43',
  SN: '2.5.4.4', T: '2.5.4.12',
};

/** Escapes an attribute value per RFC 4514 §2.4. */
export function escapeRfc4514(v: string): string {
  return v
    .replace(/([,+"\\<>;=])/g, '\\$1')
    .replace(/^([ #])/, '\\$1')
    .replace(/ $/, '\\ ')
    .replace(/\0/g, '\\00');
}

/** One RDN as a list of [OID, value] pairs. */
type Rdn = Array<[string, string]>;

function nameToRdns(der: ArrayBuffer): Rdn[] {
  return new x509.Name(der).toJSON().map((rdn) =>
    Object.entries(rdn).flatMap(([type, values]) => values.map((v) => [X509_SHORT[type] ?? type, v] as [string, string])),
  );
}

/** RFC 4514 string of a DER Name: RDNs most-specific first, multi-valued RDNs joined with `+`. */
export function rfc4514(der: ArrayBuffer): string {
  return nameToRdns(der)
    .reverse()
    .map((rdn) => rdn.map(([oid, v]) => `${ATTR_NAMES[oid] ?? oid}=${escapeRfc4514(v)}`).join('+'))
    .join(',');
}

function first(rdns: Rdn[], oid: string): string | undefined {
  for (const rdn of rdns) for (const [o, v] of rdn) if (o === oid) return v;
  return undefined;
}

/**
 * Splits a subject serialNumber into VKN (10 digits) or TCKN (11 digits). Tolerates the
 * prefixes some CAs write (`VKN`, `TCKN`, `TC`, `TR`), with or without `:`/`-`/space.
 */
export function identityNumber(serial: string | undefined): { vkn?: string; tckn?: string } {
  if (!serial) return {};
  const digits = serial.trim().replace(/^(VKN|TCKN|TC|TR)[\s:-]*/i, '');
  if (/^\d{10}$/.test(digits)) return { vkn: digits };
  if (/^\d{11}$/.test(digits)) return { tckn: digits };
  return {};
}

const CURVE_BITS: Record<string, number> = { prime256v1: 256, secp256r1: 256, secp384r1: 384, secp521r1: 521 };

/** Key type and size of a certificate's public key. @throws Error for keys other than RSA and EC */
export function keyOf(cert: X509Certificate): { keyType: 'rsa' | 'ec'; keyBits: number } {
  const k = cert.publicKey;
  if (k.asymmetricKeyType === 'rsa') return { keyType: 'rsa', keyBits: k.asymmetricKeyDetails?.modulusLength ?? 0 };
  if (k.asymmetricKeyType === 'ec') {
    const curve = k.asymmetricKeyDetails?.namedCurve ?? '';
    return { keyType: 'ec', keyBits: CURVE_BITS[curve] ?? 0 };
  }
  throw new Error(`unsupported key type ${k.asymmetricKeyType}`);
}

/** True for CA certificates (basicConstraints CA:TRUE): listed separately, never used to sign. */
export function isCaCertificate(der: Buffer): boolean {
  try {
    return new X509Certificate(der).ca;
  } catch {
    return false;
  }
}

/**
 * Builds the CertificateInfo of one token certificate.
 * @throws Error when `der` is not an X.509 certificate or has an unsupported key
 */
export function parseCertificate(
  der: Buffer,
  obj: { id: string; label: string; tokenLabel: string; tokenSerial: string; module?: string; slotId?: string },
): CertificateInfo {
  const node = new X509Certificate(der);
  const pc = new x509.X509Certificate(der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength) as ArrayBuffer);
  const subjectDer = pc.subjectName.toArrayBuffer();
  const rdns = nameToRdns(subjectDer);
  const issuerDer = pc.issuerName.toArrayBuffer();
  const issuerCn = first(nameToRdns(issuerDer), '2.5.4.3');
  const { keyType, keyBits } = keyOf(node);
  const ids = identityNumber(first(rdns, '2.5.4.5'));
  return {
    id: obj.id,
    label: obj.label,
    tokenLabel: obj.tokenLabel,
    tokenSerial: obj.tokenSerial,
    subject: rfc4514(subjectDer),
    issuer: rfc4514(issuerDer),
    ...(issuerCn ? { issuerCommonName: issuerCn } : {}),
    serialNumber: pc.serialNumber,
    commonName: first(rdns, '2.5.4.3'),
    organization: first(rdns, '2.5.4.10'),
    ...ids,
    notBefore: new Date(node.validFrom).toISOString(),
    notAfter: new Date(node.validTo).toISOString(),
    keyType,
    keyBits,
    der: der.toString('base64'),
    ...(obj.module ? { module: obj.module } : {}),
    ...(obj.slotId ? { slotId: obj.slotId } : {}),
  };
}
