/**
 * WS-Security for the GİB e-Defter web service (spec §4; OASIS WSS 1.0 SOAP Message Security and
 * X.509 Token Profile 1.0): the SOAP 1.2 envelope carries a `wsse:Security` header with
 * - `wsse:BinarySecurityToken` of ValueType `…#X509PKIPathv1` (the mali mühür chain as PkiPath),
 * - `wsu:Timestamp` (Created, Expires),
 * - `ds:Signature` over the Timestamp and the `soap:Body`, exclusive C14N
 *   (`http://www.w3.org/2001/10/xml-exc-c14n#`), SHA-256 digests, SignatureMethod rsa-sha256 or
 *   ecdsa-sha384 (RawSigner), KeyInfo → `wsse:SecurityTokenReference/wsse:Reference` to the token.
 *
 * Efficiency: the Body, Timestamp and SignedInfo are written directly in their exclusive-canonical
 * form (namespace declarations on the element that uses them, no empty-element shorthand, sorted
 * attributes), so the Body digest is one streaming SHA-256 over the bytes that are sent — the
 * base64 package is never parsed or held as a string. Tests check the result with xmlsec1 and
 * xml-crypto.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { RawSigner } from '../xades/signer.ts';
import { encodePkiPath } from './pkipath.ts';
import { partChunks, partsLength, xmlAttr, xmlText, type XmlPart } from './xml-parts.ts';

/** Namespace URIs used in the envelope. */
export const NS = Object.freeze({
  soap: 'http://www.w3.org/2003/05/soap-envelope',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  web: 'http://webservice.edefter.gib.gov.tr/',
});

/** Algorithm and token-type URIs. */
const ALG = Object.freeze({
  excC14n: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  rsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  ecdsaSha384: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384',
  pkiPath: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509PKIPathv1',
  base64Binary: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary',
});

/** Options of {@link buildSignedEnvelope}. */
export interface EnvelopeOptions {
  /** The mali mühür (token) signer. */
  signer: RawSigner;
  /**
   * Content of `soap:Body`: the operation element, written in exclusive-canonical form
   * (see {@link operationElement}); may include base64 file parts.
   */
  body: XmlPart[];
  /** Signing time (default now). */
  now?: Date;
  /** Timestamp lifetime in ms: Expires − Created (default 60 000; GİB's sample uses ≈50 s). */
  ttlMs?: number;
}

/** A signed envelope ready to send. */
export interface SignedEnvelope {
  /** The message parts in order. */
  parts: XmlPart[];
  /** Total length in bytes (for Content-Length). */
  length: number;
  /** Timestamp Created / Expires (ISO 8601, UTC, ms). */
  created: string;
  expires: string;
  /** SHA-256 (base64) of the canonical Body, as in its DigestValue. */
  bodyDigest: string;
}

/**
 * Writes an operation element in exclusive-canonical form: `<web:op xmlns:web="…">` with
 * unqualified children (spec §4: "operation children are unqualified").
 * @param children parts between the start and end tags (use {@link xmlText} for text)
 */
export function operationElement(op: string, children: XmlPart[]): XmlPart[] {
  return [`<web:${op} xmlns:web="${NS.web}">`, ...children, `</web:${op}>`];
}

/** `<name>text</name>` with escaped text. */
export function textElement(name: string, text: string): string {
  return `<${name}>${xmlText(text)}</${name}>`;
}

async function sha256Parts(parts: XmlPart[]): Promise<string> {
  const h = createHash('sha256');
  for await (const c of partChunks(parts)) h.update(c);
  return h.digest('base64');
}

function reference(uri: string, digest: string): string {
  return (
    `<ds:Reference URI="#${xmlAttr(uri)}"><ds:Transforms><ds:Transform Algorithm="${ALG.excC14n}"></ds:Transform></ds:Transforms>` +
    `<ds:DigestMethod Algorithm="${ALG.sha256}"></ds:DigestMethod><ds:DigestValue>${digest}</ds:DigestValue></ds:Reference>`
  );
}

/** ISO 8601 UTC with milliseconds, as WS-Security timestamps are usually written. */
function isoMs(d: Date): string {
  return d.toISOString();
}

/**
 * Builds and signs the SOAP 1.2 envelope: one pass over the Body to digest it, one call to the
 * token to sign the canonical SignedInfo.
 * @throws whatever `signer.sign` throws (token errors: PIN, removed card, …)
 */
export async function buildSignedEnvelope(opts: EnvelopeOptions): Promise<SignedEnvelope> {
  const id = randomUUID();
  const ids = { body: `id-${id}`, ts: `TS-${id}`, bst: `X509-${id}`, sig: `SIG-${id}`, ki: `KI-${id}`, str: `STR-${id}` };
  const now = opts.now ?? new Date();
  const created = isoMs(now);
  const expires = isoMs(new Date(now.getTime() + (opts.ttlMs ?? 60_000)));

  // soap:Body in exclusive-canonical form: its own prefix and wsu (for wsu:Id) declared on it.
  const bodyParts: XmlPart[] = [`<soap:Body xmlns:soap="${NS.soap}" xmlns:wsu="${NS.wsu}" wsu:Id="${ids.body}">`, ...opts.body, '</soap:Body>'];
  const timestamp =
    `<wsu:Timestamp xmlns:wsu="${NS.wsu}" wsu:Id="${ids.ts}"><wsu:Created>${created}</wsu:Created>` + `<wsu:Expires>${expires}</wsu:Expires></wsu:Timestamp>`;
  const bodyDigest = await sha256Parts(bodyParts);
  const tsDigest = createHash('sha256').update(timestamp, 'utf8').digest('base64');
  const sigAlg = opts.signer.keyType === 'ec' ? ALG.ecdsaSha384 : ALG.rsaSha256;
  const signedInfo =
    `<ds:SignedInfo xmlns:ds="${NS.ds}"><ds:CanonicalizationMethod Algorithm="${ALG.excC14n}"></ds:CanonicalizationMethod>` +
    `<ds:SignatureMethod Algorithm="${sigAlg}"></ds:SignatureMethod>${reference(ids.ts, tsDigest)}${reference(ids.body, bodyDigest)}</ds:SignedInfo>`;
  const signatureValue = (await opts.signer.sign(Buffer.from(signedInfo, 'utf8'))).toString('base64');
  const pkiPath = encodePkiPath(opts.signer.certificate, opts.signer.chain ?? []).toString('base64');

  const header =
    `<soap:Header><wsse:Security xmlns:wsse="${NS.wsse}" xmlns:wsu="${NS.wsu}" soap:mustUnderstand="true">` +
    `<wsse:BinarySecurityToken EncodingType="${ALG.base64Binary}" ValueType="${ALG.pkiPath}" wsu:Id="${ids.bst}">${pkiPath}</wsse:BinarySecurityToken>` +
    `<ds:Signature xmlns:ds="${NS.ds}" Id="${ids.sig}">${signedInfo}<ds:SignatureValue>${signatureValue}</ds:SignatureValue>` +
    `<ds:KeyInfo Id="${ids.ki}"><wsse:SecurityTokenReference wsu:Id="${ids.str}"><wsse:Reference URI="#${ids.bst}" ValueType="${ALG.pkiPath}"></wsse:Reference>` +
    `</wsse:SecurityTokenReference></ds:KeyInfo></ds:Signature>${timestamp}</wsse:Security></soap:Header>`;
  const parts: XmlPart[] = [
    `<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="${NS.soap}" xmlns:web="${NS.web}">`,
    header,
    ...bodyParts,
    '</soap:Envelope>',
  ];
  return { parts, length: partsLength(parts), created, expires, bodyDigest };
}
