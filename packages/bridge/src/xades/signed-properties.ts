/**
 * xades:QualifyingProperties for GİB's XAdES-BES profile (spec §2.1; ETSI TS 101 903 v1.3.2 §7.2):
 * SignedSignatureProperties with SigningTime (local time with offset) and SigningCertificate
 * (CertDigest SHA-256 + IssuerSerial, issuer in RFC 4514 order), SignedDataObjectProperties with the
 * document's DataObjectFormat, and, for XAdES-T, UnsignedSignatureProperties/SignatureTimeStamp (§7.3).
 */
import { EXC_C14N, NS_XADES, SHA256 } from './algorithms.ts';
import { certDigest, type CertFacts } from './cert.ts';
import { el, type XmlNode } from './xml-build.ts';

/**
 * `d` as `YYYY-MM-DDThh:mm:ss±hh:mm` in the process's local time zone (TZ), e.g.
 * `2026-11-20T14:03:00+03:00` (xs:dateTime with offset, as in GİB's example).
 */
export function formatLocalTime(d: Date): string {
  const p = (n: number, w = 2) => String(Math.trunc(n)).padStart(w, '0');
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const a = Math.abs(off);
  return `${p(d.getFullYear(), 4)}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}${sign}${p(a / 60)}:${p(a % 60)}`;
}

/** Inputs of {@link buildQualifyingProperties}. */
export interface QualifyingPropertiesInput {
  signatureId: string;
  signedPropertiesId: string;
  /** Id of the document Reference (for DataObjectFormat/@ObjectReference). */
  documentReferenceId: string;
  signingTime: string;
  cert: CertFacts;
  /** Base64 DER TimeStampToken for XAdES-T, if any. */
  signatureTimeStamp?: { id: string; token: string };
}

/** Builds the xades:QualifyingProperties element (the child of ds:Object). */
export function buildQualifyingProperties(q: QualifyingPropertiesInput): XmlNode {
  const signed = el(
    'xades:SignedProperties',
    [['Id', q.signedPropertiesId]],
    el(
      'xades:SignedSignatureProperties',
      [],
      el('xades:SigningTime', [], q.signingTime),
      el(
        'xades:SigningCertificate',
        [],
        el(
          'xades:Cert',
          [],
          el('xades:CertDigest', [], el('ds:DigestMethod', [['Algorithm', SHA256]]), el('ds:DigestValue', [], certDigest(q.cert.der).toString('base64'))),
          el('xades:IssuerSerial', [], el('ds:X509IssuerName', [], q.cert.issuer), el('ds:X509SerialNumber', [], q.cert.serial)),
        ),
      ),
    ),
    el(
      'xades:SignedDataObjectProperties',
      [],
      el('xades:DataObjectFormat', [['ObjectReference', '#' + q.documentReferenceId]], el('xades:MimeType', [], 'text/xml')),
    ),
  );
  const unsigned =
    q.signatureTimeStamp &&
    el(
      'xades:UnsignedProperties',
      [],
      el(
        'xades:UnsignedSignatureProperties',
        [],
        el(
          'xades:SignatureTimeStamp',
          [['Id', q.signatureTimeStamp.id]],
          el('ds:CanonicalizationMethod', [['Algorithm', EXC_C14N]]),
          el('xades:EncapsulatedTimeStamp', [], q.signatureTimeStamp.token),
        ),
      ),
    );
  return el(
    'xades:QualifyingProperties',
    [
      ['xmlns:xades', NS_XADES],
      ['Target', '#' + q.signatureId],
    ],
    signed,
    unsigned,
  );
}
