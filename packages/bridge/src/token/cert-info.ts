/**
 * Parses an X.509 certificate from a token into {@link CertificateInfo}: RFC 4514 subject (xades/dn.ts display style),
 * CN/O, VKN or TCKN from the subject serialNumber (2.5.4.5; GİB e-Defter guide: mali mühür
 * subject serialNumber = VKN), validity, key type and size.
 */
import { X509Certificate } from 'node:crypto';
import { certFacts, certNames } from '../xades/cert.ts';
import { attribute } from '../xades/dn.ts';
import type { CertificateInfo } from './types.ts';

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
function keyOf(cert: X509Certificate): { keyType: 'rsa' | 'ec'; keyBits: number } {
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
  const facts = certFacts(der);
  const names = certNames(facts);
  const { keyType, keyBits } = keyOf(node);
  const ids = identityNumber(attribute(facts.subjectRdns, '2.5.4.5'));
  return {
    id: obj.id,
    label: obj.label,
    tokenLabel: obj.tokenLabel,
    tokenSerial: obj.tokenSerial,
    subject: names.subject,
    issuer: names.issuer,
    ...(names.issuerCommonName ? { issuerCommonName: names.issuerCommonName } : {}),
    serialNumber: node.serialNumber.toLowerCase(),
    commonName: names.commonName,
    organization: attribute(facts.subjectRdns, '2.5.4.10'),
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
