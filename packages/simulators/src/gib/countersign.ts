/**
 * The simulated GİB seal: adds a XAdES CounterSignature (ETSI TS 101 903 v1.3.2 §7.2.4) to an
 * uploaded berat, where GİB puts it (spec §1.6):
 * `ds:Signature/ds:Object/xades:QualifyingProperties/xades:UnsignedProperties/
 *  xades:UnsignedSignatureProperties/xades:CounterSignature/ds:Signature`.
 *
 * The counter-signature signs the berat's `ds:SignatureValue` element (Reference Type
 * `http://uri.etsi.org/01903#CountersignedSignature`, URI `#<SignatureValue/@Id>`) and its own
 * SignedProperties (SigningTime, SigningCertificate). The original bytes of the berat are kept:
 * the new elements are spliced into the text, so the berat's own signature still verifies.
 */
import { createHash, randomUUID, sign as cryptoSign, type KeyObject, X509Certificate } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { canonicalize, digest, kids, C14N } from '@edefter/bridge/gib/dsig.ts';
import { COUNTERSIGNED_TYPE } from '@edefter/bridge/gib/countersignature.ts';

const DS = 'http://www.w3.org/2000/09/xmldsig#';
const XADES = 'http://uri.etsi.org/01903/v1.3.2#';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

/** The seal: a TEST certificate from the demo CA and its software key. */
export interface Seal {
  certDer: Buffer;
  privateKey: KeyObject;
  keyType: 'rsa' | 'ec';
}

/** Options of {@link addCounterSignature}. */
export interface CounterSignOptions {
  signingTime?: Date;
  /** Canonicalization for SignedInfo and the references (default inclusive C14N 1.0). */
  c14n?: string;
}

function rfc4514(name: string): string {
  return name.split('\n').reverse().join(', ');
}

/**
 * Returns the berat text with GİB's counter-signature added.
 * @throws Error when the berat has no top-level ds:Signature, no SignatureValue/@Id, or no QualifyingProperties
 */
export function addCounterSignature(beratXml: string, seal: Seal, opts: CounterSignOptions = {}): string {
  const c14n = opts.c14n ?? C14N.incl;
  const parse = (s: string): Document =>
    new DOMParser({
      onError: (l, m) => {
        if (l !== 'warning') throw new Error(m);
      },
    }).parseFromString(s, 'text/xml') as unknown as Document;
  const doc0 = parse(beratXml);
  const root = doc0.documentElement!;
  let top: Element | undefined;
  for (let c = root.lastChild; c; c = c.previousSibling)
    if (c.nodeType === 1) {
      top = c as Element;
      break;
    }
  if (!top || top.namespaceURI !== DS || top.localName !== 'Signature') throw new Error('berat has no top-level ds:Signature');
  const sv = kids(top, DS, 'SignatureValue')[0];
  const svId = sv?.getAttribute('Id');
  if (!svId) throw new Error('berat SignatureValue has no Id');
  const qp = kids(top, DS, 'Object').flatMap((o) => kids(o, XADES, 'QualifyingProperties'))[0];
  if (!qp) throw new Error('berat signature has no xades:QualifyingProperties');

  const id = randomUUID();
  const sigId = `GIB-Signature-${id}`;
  const spId = `GIB-SignedProperties-${id}`;
  const cert = new X509Certificate(seal.certDer);
  const sigAlg = seal.keyType === 'ec' ? 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384' : 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
  const when = (opts.signingTime ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const certDigest = createHash('sha256').update(seal.certDer).digest('base64');
  const serial = BigInt(`0x${cert.serialNumber}`).toString(10);
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const ref = (uri: string, type: string, token: string, refId: string): string =>
    `<ds:Reference Id="${refId}" Type="${type}" URI="#${uri}"><ds:Transforms><ds:Transform Algorithm="${c14n}"/></ds:Transforms>` +
    `<ds:DigestMethod Algorithm="${SHA256}"/><ds:DigestValue>${token}</ds:DigestValue></ds:Reference>`;
  const counter =
    `<xades:CounterSignature xmlns:ds="${DS}" xmlns:xades="${XADES}"><ds:Signature Id="${sigId}">` +
    `<ds:SignedInfo><ds:CanonicalizationMethod Algorithm="${c14n}"/><ds:SignatureMethod Algorithm="${sigAlg}"/>` +
    ref(svId, COUNTERSIGNED_TYPE, '@@D1@@', `${sigId}-ref-0`) +
    ref(spId, 'http://uri.etsi.org/01903#SignedProperties', '@@D2@@', `${sigId}-ref-1`) +
    `</ds:SignedInfo><ds:SignatureValue Id="${sigId}-value">@@SV@@</ds:SignatureValue>` +
    `<ds:KeyInfo><ds:X509Data><ds:X509SubjectName>${esc(rfc4514(cert.subject))}</ds:X509SubjectName>` +
    `<ds:X509Certificate>${seal.certDer.toString('base64')}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>` +
    `<ds:Object><xades:QualifyingProperties Target="#${sigId}"><xades:SignedProperties Id="${spId}"><xades:SignedSignatureProperties>` +
    `<xades:SigningTime>${when}</xades:SigningTime><xades:SigningCertificate><xades:Cert><xades:CertDigest>` +
    `<ds:DigestMethod Algorithm="${SHA256}"/><ds:DigestValue>${certDigest}</ds:DigestValue></xades:CertDigest>` +
    `<xades:IssuerSerial><ds:X509IssuerName>${esc(rfc4514(cert.issuer))}</ds:X509IssuerName><ds:X509SerialNumber>${serial}</ds:X509SerialNumber>` +
    `</xades:IssuerSerial></xades:Cert></xades:SigningCertificate></xades:SignedSignatureProperties></xades:SignedProperties>` +
    `</xades:QualifyingProperties></ds:Object></ds:Signature></xades:CounterSignature>`;

  // splice: into an existing UnsignedSignatureProperties of the top signature, or a new UnsignedProperties
  const usp = kids(qp, XADES, 'UnsignedProperties').flatMap((u) => kids(u, XADES, 'UnsignedSignatureProperties'))[0];
  const p = qp.prefix ? `${qp.prefix}:` : '';
  let text: string;
  if (usp) {
    const close = `</${usp.prefix ? `${usp.prefix}:` : ''}UnsignedSignatureProperties>`;
    const at = beratXml.lastIndexOf(close);
    if (at < 0) throw new Error('cannot locate UnsignedSignatureProperties end tag');
    text = beratXml.slice(0, at) + counter + beratXml.slice(at);
  } else {
    const close = `</${p}QualifyingProperties>`;
    const at = beratXml.lastIndexOf(close);
    if (at < 0) throw new Error('cannot locate QualifyingProperties end tag');
    text =
      `${beratXml.slice(0, at)}<xades:UnsignedProperties xmlns:xades="${XADES}"><xades:UnsignedSignatureProperties>${counter}` +
      `</xades:UnsignedSignatureProperties></xades:UnsignedProperties>${beratXml.slice(at)}`;
  }

  // compute digests and the signature on the spliced document, then fill the placeholders
  const doc = parse(text);
  const byId = (want: string): Element => {
    const all = doc.getElementsByTagName('*');
    for (let i = 0; i < all.length; i++) if (all[i].getAttribute('Id') === want) return all[i];
    throw new Error(`no element with Id ${want}`);
  };
  const d1 = digest(SHA256, canonicalize(byId(svId), c14n));
  const d2 = digest(SHA256, canonicalize(byId(spId), c14n));
  const csig = byId(sigId);
  const si = kids(csig, DS, 'SignedInfo')[0];
  const dvs = si.getElementsByTagNameNS(DS, 'DigestValue');
  dvs[0].textContent = d1;
  dvs[1].textContent = d2;
  const data = Buffer.from(canonicalize(si, c14n), 'utf8');
  const sigBytes =
    seal.keyType === 'ec' ? cryptoSign('sha384', data, { key: seal.privateKey, dsaEncoding: 'ieee-p1363' }) : cryptoSign('sha256', data, seal.privateKey);
  return text.replace('@@D1@@', d1).replace('@@D2@@', d2).replace('@@SV@@', sigBytes.toString('base64'));
}
