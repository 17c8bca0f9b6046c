/**
 * Assembles the enveloped ds:Signature of GİB's profile (spec §2.1, XMLDSig §4): SignedInfo with the
 * `URI=""` reference (enveloped-signature transform) and the SignedProperties reference, SignatureValue
 * with an Id, KeyInfo (RSAKeyValue for RSA keys, X509Data with X509SubjectName and X509Certificate),
 * and ds:Object/xades:QualifyingProperties.
 */
import { C14N, C14N_WITH_COMMENTS, ECDSA_SHA384, ENVELOPED_SIGNATURE, NS_DS, RSA_SHA256, SHA256, SIGNED_PROPERTIES_TYPE } from './algorithms.ts';
import type { CertFacts } from './cert.ts';
import { buildQualifyingProperties } from './signed-properties.ts';
import { el, serialize, type XmlNode } from './xml-build.ts';

/** Ids of the parts of one signature (all share a random suffix). */
export interface SignatureIds {
  signature: string;
  signedInfo: string;
  documentReference: string;
  signedPropertiesReference: string;
  signedProperties: string;
  signatureValue: string;
  keyInfo: string;
  signatureTimeStamp: string;
}

/** Makes the ids `Signature_<suffix>`, `SignedInfo_<suffix>`, … */
export function makeIds(suffix: string): SignatureIds {
  return {
    signature: `Signature_${suffix}`,
    signedInfo: `SignedInfo_${suffix}`,
    documentReference: `Reference_${suffix}`,
    signedPropertiesReference: `SignedPropertiesReference_${suffix}`,
    signedProperties: `SignedProperties_${suffix}`,
    signatureValue: `SignatureValue_${suffix}`,
    keyInfo: `KeyInfo_${suffix}`,
    signatureTimeStamp: `SignatureTimeStamp_${suffix}`,
  };
}

/** Everything that goes into the ds:Signature element. */
export interface SignatureInput {
  ids: SignatureIds;
  /** SignedInfo CanonicalizationMethod with comments (GİB example) or without. */
  c14nWithComments: boolean;
  cert: CertFacts;
  /** base64 SHA-256 of the canonical document (Reference URI=""). */
  documentDigest: string;
  /** base64 SHA-256 of the canonical SignedProperties (may be a placeholder while computing it). */
  signedPropertiesDigest: string;
  /** base64 SignatureValue (empty while computing the digests). */
  signatureValue: string;
  signingTime: string;
  /** base64 DER TimeStampToken (XAdES-T). */
  signatureTimeStamp?: string;
}

/** SignatureMethod URI for the certificate's key. */
function signatureMethodFor(keyType: 'rsa' | 'ec'): string {
  return keyType === 'rsa' ? RSA_SHA256 : ECDSA_SHA384;
}

function keyInfo(s: SignatureInput): XmlNode {
  const parts: XmlNode[] = [];
  if (s.cert.keyType === 'rsa') {
    const jwk = s.cert.x509.publicKey.export({ format: 'jwk' });
    const b64 = (u: string | undefined) => Buffer.from(u ?? '', 'base64url').toString('base64');
    parts.push(el('ds:KeyValue', [], el('ds:RSAKeyValue', [], el('ds:Modulus', [], b64(jwk.n)), el('ds:Exponent', [], b64(jwk.e)))));
  }
  parts.push(el('ds:X509Data', [], el('ds:X509SubjectName', [], s.cert.subject), el('ds:X509Certificate', [], s.cert.der.toString('base64'))));
  return el('ds:KeyInfo', [['Id', s.ids.keyInfo]], ...parts);
}

/** The ds:SignedInfo element. */
function buildSignedInfo(s: SignatureInput): XmlNode {
  return el(
    'ds:SignedInfo',
    [['Id', s.ids.signedInfo]],
    el('ds:CanonicalizationMethod', [['Algorithm', s.c14nWithComments ? C14N_WITH_COMMENTS : C14N]]),
    el('ds:SignatureMethod', [['Algorithm', signatureMethodFor(s.cert.keyType === 'ec' ? 'ec' : 'rsa')]]),
    el(
      'ds:Reference',
      [
        ['Id', s.ids.documentReference],
        ['URI', ''],
      ],
      el('ds:Transforms', [], el('ds:Transform', [['Algorithm', ENVELOPED_SIGNATURE]])),
      el('ds:DigestMethod', [['Algorithm', SHA256]]),
      el('ds:DigestValue', [], s.documentDigest),
    ),
    el(
      'ds:Reference',
      [
        ['Id', s.ids.signedPropertiesReference],
        ['Type', SIGNED_PROPERTIES_TYPE],
        ['URI', '#' + s.ids.signedProperties],
      ],
      el('ds:DigestMethod', [['Algorithm', SHA256]]),
      el('ds:DigestValue', [], s.signedPropertiesDigest),
    ),
  );
}

/** The whole ds:Signature element as a string. */
export function buildSignature(s: SignatureInput): string {
  const sig = el(
    'ds:Signature',
    [
      ['xmlns:ds', NS_DS],
      ['Id', s.ids.signature],
    ],
    buildSignedInfo(s),
    el('ds:SignatureValue', [['Id', s.ids.signatureValue]], s.signatureValue),
    keyInfo(s),
    el(
      'ds:Object',
      [],
      buildQualifyingProperties({
        signatureId: s.ids.signature,
        signedPropertiesId: s.ids.signedProperties,
        documentReferenceId: s.ids.documentReference,
        signingTime: s.signingTime,
        cert: s.cert,
        signatureTimeStamp: s.signatureTimeStamp ? { id: s.ids.signatureTimeStamp, token: s.signatureTimeStamp } : undefined,
      }),
    ),
  );
  return serialize(sig);
}

/**
 * Exclusive canonical form (xml-exc-c14n, no comments) of the ds:SignatureValue element we wrote:
 * the input of the XAdES-T SignatureTimeStamp (ETSI TS 101 903 §7.3).
 */
export function canonicalSignatureValue(id: string, value: string): Buffer {
  return Buffer.from(`<ds:SignatureValue xmlns:ds="${NS_DS}" Id="${id}">${value}</ds:SignatureValue>`, 'utf8');
}
