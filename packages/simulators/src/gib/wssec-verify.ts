/**
 * GİB simulator: checks the WS-Security header of an incoming SOAP 1.2 request the way a WSS4J-like
 * service would (OASIS WSS 1.0): the X509PKIPathv1 BinarySecurityToken, a ds:Signature that covers
 * the real soap:Body and wsu:Timestamp (no duplicate Ids: no signature wrapping), the Timestamp
 * window, and the signer certificate's validity and issuer.
 *
 * Independent of the bridge's signer: it verifies with xml-crypto on a DOM (the bridge writes
 * canonical XML by hand), so a canonicalization bug on either side shows up.
 */
import { X509Certificate, verify as cryptoVerify } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { decodePkiPath } from '@edefter/bridge/gib/pkipath.ts';

const NS = {
  soap: 'http://www.w3.org/2003/05/soap-envelope',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
};
const PKIPATH = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509PKIPathv1';
const ECDSA_SHA384 = 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384';
const ALLOWED_SIG = ['http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', ECDSA_SHA384];

/** WS-Security fault subcodes (WSS 1.0 §12). */
export type WsSecFault = 'InvalidSecurity' | 'InvalidSecurityToken' | 'FailedCheck' | 'MessageExpired' | 'FailedAuthentication';

/** Result of {@link verifyWsSecurity}. */
export interface WsSecVerifyResult {
  ok: boolean;
  errors: string[];
  fault?: WsSecFault;
  /** The raw PkiPath and the signer certificate (last in the path). */
  pkiPath?: Buffer;
  signer?: X509Certificate;
  created?: string;
  expires?: string;
  /** The parsed request (for the operation handler). */
  doc?: Document;
}

/** ECDSA-SHA384 for xml-crypto (XMLDSig r||s form, RFC 4051 §3.3). */
class EcdsaSha384 {
  getSignature(): string {
    throw new Error('verify only');
  }
  verifySignature(material: string, key: string, signatureValue: string): boolean {
    return cryptoVerify('sha384', Buffer.from(material, 'utf8'), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signatureValue, 'base64'));
  }
  getAlgorithmName(): string {
    return ECDSA_SHA384;
  }
}

function children(el: Element | Document, ns: string, local: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === local) out.push(n as Element);
  }
  return out;
}

/**
 * Verifies the WS-Security header of `xml`.
 * @param opts.now server time (default now); `futureSkewMs` how far Created may be ahead (default 30 s)
 * @param opts.trusted DER certificates of accepted issuers (default: any issuer)
 */
export function verifyWsSecurity(xml: string, opts: { now?: Date; futureSkewMs?: number; trusted?: Buffer[] } = {}): WsSecVerifyResult {
  const fail = (fault: WsSecFault, msg: string, extra: Partial<WsSecVerifyResult> = {}): WsSecVerifyResult => ({ ok: false, fault, errors: [msg], ...extra });
  if (/<!DOCTYPE/i.test(xml.slice(0, 4096))) return fail('InvalidSecurity', 'DOCTYPE not allowed');
  let doc: Document;
  try {
    doc = new DOMParser({
      onError: (level, msg) => {
        if (level !== 'warning') throw new Error(msg);
      },
    }).parseFromString(xml, 'text/xml') as unknown as Document;
  } catch (e) {
    return fail('InvalidSecurity', `not well-formed: ${(e as Error).message}`);
  }
  const env = doc.documentElement;
  if (!env || env.namespaceURI !== NS.soap || env.localName !== 'Envelope') return fail('InvalidSecurity', 'not a SOAP 1.2 envelope');
  const header = children(env, NS.soap, 'Header')[0];
  const body = children(env, NS.soap, 'Body')[0];
  const sec = header ? children(header, NS.wsse, 'Security') : [];
  if (!body || sec.length !== 1) return fail('InvalidSecurity', 'missing soap:Body or exactly one wsse:Security header', { doc });
  const bst = children(sec[0], NS.wsse, 'BinarySecurityToken')[0];
  if (!bst || bst.getAttribute('ValueType') !== PKIPATH) return fail('InvalidSecurityToken', 'BinarySecurityToken X509PKIPathv1 missing', { doc });
  let pkiPath: Buffer;
  let signer: X509Certificate;
  let path: Buffer[];
  try {
    pkiPath = Buffer.from((bst.textContent ?? '').replace(/\s+/g, ''), 'base64');
    path = decodePkiPath(pkiPath);
    signer = new X509Certificate(path[path.length - 1]);
  } catch (e) {
    return fail('InvalidSecurityToken', `bad PkiPath: ${(e as Error).message}`, { doc });
  }
  const ts = children(sec[0], NS.wsu, 'Timestamp')[0];
  const sigEl = children(sec[0], NS.ds, 'Signature')[0];
  if (!ts || !sigEl) return fail('InvalidSecurity', 'wsu:Timestamp or ds:Signature missing', { doc, pkiPath, signer });
  const sigAlg = children(children(sigEl, NS.ds, 'SignedInfo')[0] ?? sigEl, NS.ds, 'SignatureMethod')[0]?.getAttribute('Algorithm') ?? '';
  if (!ALLOWED_SIG.includes(sigAlg)) return fail('FailedCheck', `SignatureMethod not allowed: ${sigAlg}`, { doc, pkiPath, signer });
  // the STR must point at the BinarySecurityToken
  const bstId = bst.getAttributeNS(NS.wsu, 'Id');
  const strRef = sigEl.getElementsByTagNameNS(NS.wsse, 'Reference')[0];
  if (!bstId || strRef?.getAttribute('URI') !== `#${bstId}`)
    return fail('InvalidSecurityToken', 'KeyInfo does not reference the BinarySecurityToken', { doc, pkiPath, signer });

  const sx = new SignedXml({ publicCert: signer.toString(), getCertFromKeyInfo: () => null });
  (sx.SignatureAlgorithms as Record<string, unknown>)[ECDSA_SHA384] = EcdsaSha384;
  let valid = false;
  try {
    sx.loadSignature(sigEl.toString());
    valid = sx.checkSignature(xml);
  } catch (e) {
    return fail('FailedCheck', `signature check failed: ${(e as Error).message}`, { doc, pkiPath, signer });
  }
  if (!valid) return fail('FailedCheck', 'signature or digest does not verify', { doc, pkiPath, signer });
  const uris = sx.getReferences().map((r) => r.uri);
  const bodyId = body.getAttributeNS(NS.wsu, 'Id');
  const tsId = ts.getAttributeNS(NS.wsu, 'Id');
  if (!bodyId || !uris.includes(`#${bodyId}`)) return fail('FailedCheck', 'soap:Body is not signed', { doc, pkiPath, signer });
  if (!tsId || !uris.includes(`#${tsId}`)) return fail('FailedCheck', 'wsu:Timestamp is not signed', { doc, pkiPath, signer });

  const created = children(ts, NS.wsu, 'Created')[0]?.textContent ?? '';
  const expires = children(ts, NS.wsu, 'Expires')[0]?.textContent ?? '';
  const now = (opts.now ?? new Date()).getTime();
  const c = Date.parse(created);
  const x = Date.parse(expires);
  const base = { doc, pkiPath, signer, created, expires };
  if (Number.isNaN(c) || Number.isNaN(x) || x <= c) return fail('MessageExpired', 'bad Timestamp', base);
  if (c > now + (opts.futureSkewMs ?? 30_000)) return fail('MessageExpired', `Timestamp Created is in the future (${created})`, base);
  if (x < now) return fail('MessageExpired', `Timestamp expired at ${expires}`, base);

  if (Date.parse(signer.validFrom) > now || Date.parse(signer.validTo) < now) return fail('FailedAuthentication', 'signer certificate not valid now', base);
  if (opts.trusted?.length) {
    const ok = opts.trusted.some((t) => {
      const ca = new X509Certificate(t);
      return signer.checkIssued(ca) && signer.verify(ca.publicKey);
    });
    if (!ok) return fail('FailedAuthentication', 'signer certificate not issued by a trusted CA', base);
  }
  return { ok: true, errors: [], ...base };
}
