/**
 * A small enveloped-signed berat for the counter-signature unit tests, signed with xml-crypto
 * (GİB-profile shape: URI="" reference, SignedProperties reference, SignatureValue/@Id,
 * QualifyingProperties). The end-to-end tests use the project's own xades signer instead.
 */
import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../packages/bridge/package.json', import.meta.url));
type SignedXmlCtor = new (
  o: Record<string, unknown>,
) => {
  addReference(r: Record<string, unknown>): void;
  computeSignature(xml: string, o: Record<string, unknown>): void;
  getSignedXml(): string;
};
const { SignedXml } = require('xml-crypto') as { SignedXml: SignedXmlCtor };

/** Returns a signed berat XML string (VKN 6090408038, period 2025-01). */
export function fixtureBerat(certPem: string, key: KeyObject, defterSignatureValue = 'QUJDRA=='): string {
  const cert = new X509Certificate(certPem);
  const sigId = 'Signature_1';
  const spId = 'SignedProperties_1';
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<edefter:berat xmlns:edefter="http://www.edefter.gov.tr" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:xades="http://uri.etsi.org/01903/v1.3.2#" xmlns:xbrli="http://www.xbrl.org/2003/instance">
<xbrli:xbrl><xbrli:context id="journal_context"><xbrli:entity><xbrli:identifier scheme="http://www.gib.gov.tr">6090408038</xbrli:identifier></xbrli:entity></xbrli:context></xbrli:xbrl>
<ds:SignatureValue>${defterSignatureValue}</ds:SignatureValue>
</edefter:berat>`;
  const certDigest = createHash('sha256').update(cert.raw).digest('base64');
  const qp = `<xades:QualifyingProperties xmlns:xades="http://uri.etsi.org/01903/v1.3.2#" Target="#${sigId}"><xades:SignedProperties Id="${spId}"><xades:SignedSignatureProperties><xades:SigningTime>2025-02-10T10:00:00+03:00</xades:SigningTime><xades:SigningCertificate><xades:Cert><xades:CertDigest><ds:DigestMethod xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue xmlns:ds="http://www.w3.org/2000/09/xmldsig#">${certDigest}</ds:DigestValue></xades:CertDigest></xades:Cert></xades:SigningCertificate></xades:SignedSignatureProperties></xades:SignedProperties></xades:QualifyingProperties>`;
  const sx = new SignedXml({
    privateKey: key.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicCert: certPem,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments',
    objects: [{ content: qp }],
  });
  sx.addReference({
    xpath: '/*',
    isEmptyUri: true,
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature'],
  });
  sx.addReference({
    xpath: `//*[@Id='${spId}']`,
    type: 'http://uri.etsi.org/01903#SignedProperties',
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    transforms: ['http://www.w3.org/TR/2001/REC-xml-c14n-20010315'],
  });
  sx.computeSignature(xml, { prefix: 'ds', attrs: { Id: sigId }, location: { reference: '/*', action: 'append' } });
  // SignatureValue/@Id (schematron: berat signature value must carry an Id)
  return sx
    .getSignedXml()
    .replace(/<ds:SignatureValue>([^<]*)<\/ds:SignatureValue>(\s*<ds:KeyInfo)/, '<ds:SignatureValue Id="SignatureValue_1">$1</ds:SignatureValue>$2');
}
