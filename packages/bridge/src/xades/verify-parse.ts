/**
 * Reads the structure of one captured ds:Signature (a few KiB) with @xmldom/xmldom: SignedInfo,
 * References, SignatureValue, KeyInfo certificates and the XAdES QualifyingProperties.
 * The document itself is never parsed into a DOM; the signature is wrapped in the root start tag so
 * that prefixes declared on the root resolve.
 */
import { DOMParser, type Element, type Node } from '@xmldom/xmldom';
import { NS_DS, NS_XADES, NS_XADES141 } from './algorithms.ts';
import { fail } from '@edefter/protocol/catalog';

/** One ds:Reference. */
interface ParsedReference {
  uri: string;
  type?: string;
  id?: string;
  /** Transform Algorithm URIs in order, with the InclusiveNamespaces PrefixList of exclusive ones. */
  transforms: { algorithm: string; prefixList?: string[] }[];
  digestMethod: string;
  digestValue: string;
}

/** One xades:SigningCertificate(V2)/xades:Cert. */
interface ParsedCertRef {
  digestMethod: string;
  digestValue: string;
  issuerName?: string;
  serial?: string;
}

/** What {@link parseSignature} found. */
export interface ParsedSignature {
  signatureEl: Element;
  signedInfoEl: Element;
  id?: string;
  c14nMethod: string;
  c14nPrefixList?: string[];
  signatureMethod: string;
  references: ParsedReference[];
  signatureValueEl: Element;
  /** base64 without whitespace. */
  signatureValue: string;
  signatureValueId?: string;
  /** X509Certificate values of KeyInfo/X509Data, DER. */
  certificates: Buffer[];
  qualifyingPropertiesEl?: Element;
  signedPropertiesEl?: Element;
  signingTime?: string;
  certRefs: ParsedCertRef[];
  timestamp?: { c14nMethod: string; token: Buffer };
}

function kids(el: Element | Node, ns: string, local: string): Element[] {
  const out: Element[] = [];
  for (let c = el.firstChild; c !== null; c = c.nextSibling) {
    if (c.nodeType === 1 && (c as Element).namespaceURI === ns && (c as Element).localName === local) out.push(c as Element);
  }
  return out;
}

function kid(el: Element | undefined, ns: string, local: string): Element | undefined {
  return el === undefined ? undefined : kids(el, ns, local)[0];
}

function text(el: Element | undefined): string | undefined {
  return el === undefined ? undefined : (el.textContent ?? '');
}

function b64(s: string | undefined): string {
  return (s ?? '').replace(/\s+/g, '');
}

function prefixList(el: Element | undefined): string[] | undefined {
  if (el === undefined) return undefined;
  for (let c = el.firstChild; c !== null; c = c.nextSibling) {
    if (c.nodeType === 1 && (c as Element).localName === 'InclusiveNamespaces') {
      return ((c as Element).getAttribute('PrefixList') ?? '')
        .split(/\s+/)
        .filter((p) => p !== '')
        .map((p) => (p === '#default' ? '' : p));
    }
  }
  return undefined;
}

/**
 * Parses `xml` (root start tag + ds:Signature + root end tag) and reads its signature.
 * @throws EdefterError NOT_XML when it is not well-formed or lacks SignedInfo / SignatureValue
 */
export function parseSignature(xml: string): ParsedSignature {
  const doc = new DOMParser({
    onError: (level, msg) => {
      if (level !== 'warning') throw fail('xades.notXml', { reason: `ds:Signature: ${msg}` });
    },
  }).parseFromString(xml, 'text/xml');
  const root = doc.documentElement;
  const sig = root ? kids(root, NS_DS, 'Signature')[0] : undefined;
  if (sig === undefined) throw fail('xades.notXml', { reason: 'ds:Signature okunamadı / ds:Signature can not be read' });
  const si = kid(sig, NS_DS, 'SignedInfo');
  const sv = kid(sig, NS_DS, 'SignatureValue');
  if (si === undefined || sv === undefined)
    throw fail('xades.notXml', {
      reason: 'ds:SignedInfo veya ds:SignatureValue yok / missing ds:SignedInfo or ds:SignatureValue',
    });
  const cm = kid(si, NS_DS, 'CanonicalizationMethod');
  const references: ParsedReference[] = kids(si, NS_DS, 'Reference').map((r) => ({
    uri: r.getAttribute('URI') ?? '',
    type: r.getAttribute('Type') ?? undefined,
    id: r.getAttribute('Id') ?? undefined,
    transforms: kids(kid(r, NS_DS, 'Transforms') ?? r, NS_DS, 'Transform').map((t) => ({
      algorithm: t.getAttribute('Algorithm') ?? '',
      prefixList: prefixList(t),
    })),
    digestMethod: kid(r, NS_DS, 'DigestMethod')?.getAttribute('Algorithm') ?? '',
    digestValue: b64(text(kid(r, NS_DS, 'DigestValue'))),
  }));
  const x509Data = kids(kid(sig, NS_DS, 'KeyInfo') ?? sig, NS_DS, 'X509Data');
  const certificates = x509Data.flatMap((d) => kids(d, NS_DS, 'X509Certificate')).map((c) => Buffer.from(b64(text(c)), 'base64'));
  let qp: Element | undefined;
  for (const o of kids(sig, NS_DS, 'Object')) {
    qp = kids(o, NS_XADES, 'QualifyingProperties')[0] ?? kids(o, NS_XADES141, 'QualifyingProperties')[0];
    if (qp !== undefined) break;
  }
  const xns = qp?.namespaceURI ?? NS_XADES;
  const sp = kid(qp, xns, 'SignedProperties');
  const ssp = kid(sp, xns, 'SignedSignatureProperties');
  const sc = kid(ssp, xns, 'SigningCertificate') ?? kid(ssp, xns, 'SigningCertificateV2');
  const certRefs: ParsedCertRef[] = sc
    ? kids(sc, xns, 'Cert').map((c) => {
        const cd = kid(c, xns, 'CertDigest');
        const is = kid(c, xns, 'IssuerSerial');
        return {
          digestMethod: kid(cd, NS_DS, 'DigestMethod')?.getAttribute('Algorithm') ?? '',
          digestValue: b64(text(kid(cd, NS_DS, 'DigestValue'))),
          issuerName: text(kid(is, NS_DS, 'X509IssuerName'))?.trim(),
          serial: text(kid(is, NS_DS, 'X509SerialNumber'))?.trim(),
        };
      })
    : [];
  const usp = kid(kid(qp, xns, 'UnsignedProperties'), xns, 'UnsignedSignatureProperties');
  const sts = kid(usp, xns, 'SignatureTimeStamp');
  const ets = kid(sts, xns, 'EncapsulatedTimeStamp');
  return {
    signatureEl: sig,
    signedInfoEl: si,
    id: sig.getAttribute('Id') ?? undefined,
    c14nMethod: cm?.getAttribute('Algorithm') ?? '',
    c14nPrefixList: prefixList(cm),
    signatureMethod: kid(si, NS_DS, 'SignatureMethod')?.getAttribute('Algorithm') ?? '',
    references,
    signatureValueEl: sv,
    signatureValue: b64(text(sv)),
    signatureValueId: sv.getAttribute('Id') ?? undefined,
    certificates,
    qualifyingPropertiesEl: qp,
    signedPropertiesEl: sp,
    signingTime: text(kid(ssp, xns, 'SigningTime'))?.trim(),
    certRefs,
    timestamp: ets
      ? { c14nMethod: kid(sts, NS_DS, 'CanonicalizationMethod')?.getAttribute('Algorithm') ?? '', token: Buffer.from(b64(text(ets)), 'base64') }
      : undefined,
  };
}

/** Namespace declarations in scope at `el` from its ancestors (for exclusive C14N PrefixLists). */
export function ancestorNamespaces(el: Element): { prefix: string; namespaceURI: string }[] {
  const seen = new Map<string, string>();
  for (let p = el.parentNode; p !== null && p.nodeType === 1; p = p.parentNode) {
    const attrs = (p as Element).attributes;
    for (let k = 0; k < attrs.length; k++) {
      const a = attrs.item(k)!;
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) {
        const prefix = a.name === 'xmlns' ? '' : a.name.slice(6);
        if (!seen.has(prefix)) seen.set(prefix, a.value);
      }
    }
  }
  return [...seen].map(([prefix, namespaceURI]) => ({ prefix, namespaceURI }));
}

/** The element in the signature with `Id`/`ID`/`id` = `id`. */
export function findById(sig: Element, id: string): Element | undefined {
  const stack: Element[] = [sig];
  while (stack.length) {
    const e = stack.pop()!;
    if (e.getAttribute('Id') === id || e.getAttribute('ID') === id || e.getAttribute('id') === id) return e;
    for (let c = e.lastChild; c !== null; c = c.previousSibling) if (c.nodeType === 1) stack.push(c as Element);
  }
  return undefined;
}
