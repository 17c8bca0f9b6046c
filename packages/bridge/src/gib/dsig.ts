/**
 * Small XMLDSig helpers for the GİB counter-signature (W3C XMLDSig 1.0 §4.3.3 References,
 * §6.5 Canonicalization): canonicalizing a node in its document context with xml-crypto's
 * canonicalizers, digests, and raw signature checks. For small documents only (berats are KBs).
 */
import { createHash, verify as cryptoVerify, type KeyObject, type X509Certificate } from 'node:crypto';
import { C14nCanonicalization, C14nCanonicalizationWithComments, ExclusiveCanonicalization, ExclusiveCanonicalizationWithComments } from 'xml-crypto';

/** Canonicalization URIs (XMLDSig §6.5). */
export const C14N = Object.freeze({
  incl: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  inclComments: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments',
  exc: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  excComments: 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
});

/** Digest URIs → Node hash names. */
export const DIGESTS: Readonly<Record<string, string>> = Object.freeze({
  'http://www.w3.org/2000/09/xmldsig#sha1': 'sha1',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'sha384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
});

/** SignatureMethod URIs → Node hash + key kind (SHA-1 methods are refused). */
export const SIGNATURE_METHODS: Readonly<Record<string, { hash: string; kind: 'rsa' | 'ec' }>> = Object.freeze({
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': { hash: 'sha256', kind: 'rsa' },
  // The URI printed in GİB's e-Defter guide; read as RSA-SHA256 (GİB-made files), never written.
  'http://www.w3.org/2000/09/xmldsig#rsa-sha256': { hash: 'sha256', kind: 'rsa' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384': { hash: 'sha384', kind: 'rsa' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': { hash: 'sha512', kind: 'rsa' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256': { hash: 'sha256', kind: 'ec' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384': { hash: 'sha384', kind: 'ec' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512': { hash: 'sha512', kind: 'ec' },
});

/** In-scope namespace declarations of `el`'s ancestors (nearest wins), for inclusive C14N of a subtree. */
export function ancestorNamespaces(el: Element): { prefix: string; namespaceURI: string }[] {
  const seen = new Set<string>();
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes[i];
    if (a.name === 'xmlns') seen.add('');
    else if (a.prefix === 'xmlns') seen.add(a.localName!);
  }
  const out: { prefix: string; namespaceURI: string }[] = [];
  for (let p = el.parentNode as Element | null; p && p.nodeType === 1; p = p.parentNode as Element | null) {
    for (let i = 0; i < p.attributes.length; i++) {
      const a = p.attributes[i];
      const prefix = a.name === 'xmlns' ? '' : a.prefix === 'xmlns' ? a.localName! : null;
      if (prefix === null || seen.has(prefix)) continue;
      seen.add(prefix);
      if (a.value !== '') out.push({ prefix, namespaceURI: a.value });
    }
  }
  return out;
}

/**
 * Canonical form of the subtree `el` with the canonicalization `alg`, in document context.
 * @throws Error for an unsupported algorithm
 */
export function canonicalize(el: Element, alg: string): string {
  switch (alg) {
    case C14N.incl:
      return new C14nCanonicalization().process(el as never, { ancestorNamespaces: ancestorNamespaces(el) } as never);
    case C14N.inclComments:
      return new C14nCanonicalizationWithComments().process(el as never, { ancestorNamespaces: ancestorNamespaces(el) } as never);
    case C14N.exc:
      return new ExclusiveCanonicalization().process(el as never, {} as never);
    case C14N.excComments:
      return new ExclusiveCanonicalizationWithComments().process(el as never, {} as never);
    default:
      throw new Error(`unsupported canonicalization ${alg}`);
  }
}

/** Base64 digest of `data` with the XMLDSig DigestMethod `alg`. @throws Error for an unknown method */
export function digest(alg: string, data: string | Buffer): string {
  const h = DIGESTS[alg];
  if (!h) throw new Error(`unsupported DigestMethod ${alg}`);
  return createHash(h).update(data).digest('base64');
}

/** Verifies a SignatureValue (base64; ECDSA in r||s form, RFC 4051) over `data`. */
export function verifySignatureValue(method: string, key: KeyObject | X509Certificate, data: string, signatureB64: string): boolean {
  const m = SIGNATURE_METHODS[method];
  if (!m) throw new Error(`unsupported SignatureMethod ${method}`);
  const pub = 'publicKey' in key ? key.publicKey : key;
  const sig = Buffer.from(signatureB64.replace(/\s+/g, ''), 'base64');
  return m.kind === 'ec'
    ? cryptoVerify(m.hash, Buffer.from(data, 'utf8'), { key: pub, dsaEncoding: 'ieee-p1363' }, sig)
    : cryptoVerify(m.hash, Buffer.from(data, 'utf8'), pub, sig);
}

/** All elements of the document whose attribute `Id` / `ID` / `id` equals `id`. */
export function elementsById(doc: Document, id: string): Element[] {
  const out: Element[] = [];
  const walk = (n: Node): void => {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType !== 1) continue;
      const e = c as Element;
      for (const name of ['Id', 'ID', 'id']) {
        if (e.getAttribute(name) === id) {
          out.push(e);
          break;
        }
      }
      walk(e);
    }
  };
  walk(doc);
  return out;
}

/** Element children of `el` with namespace `ns` and local name `local`. */
export function kids(el: Element, ns: string, local: string): Element[] {
  const out: Element[] = [];
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1 && (c as Element).namespaceURI === ns && (c as Element).localName === local) out.push(c as Element);
  }
  return out;
}
