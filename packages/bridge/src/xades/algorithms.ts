/**
 * Algorithm and namespace URIs (XMLDSig 1.0 §6, RFC 6931 "xmldsig-more", XAdES 1.3.2 / ETSI TS 101 903).
 * GİB profile (spec §2.1): C14N 1.0 #WithComments for SignedInfo, rsa-sha256 (the registered URI, not the
 * guide's `xmldsig#rsa-sha256` typo) or ecdsa-sha384, SHA-256 digests, enveloped-signature transform.
 */

export const NS_DS = 'http://www.w3.org/2000/09/xmldsig#';
export const NS_XADES = 'http://uri.etsi.org/01903/v1.3.2#';
export const NS_XADES141 = 'http://uri.etsi.org/01903/v1.4.1#';

export const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
export const C14N_WITH_COMMENTS = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments';
export const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
export const EXC_C14N_WITH_COMMENTS = 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments';
export const ENVELOPED_SIGNATURE = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

export const SHA1 = 'http://www.w3.org/2000/09/xmldsig#sha1';
export const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
export const SHA384 = 'http://www.w3.org/2001/04/xmldsig-more#sha384';
export const SHA512 = 'http://www.w3.org/2001/04/xmlenc#sha512';

export const RSA_SHA1 = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1';
export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
/**
 * The SignatureMethod URI printed in GİB's e-Defter guide (the xmldsig namespace with `#rsa-sha256`, not
 * registered by W3C or RFC 6931). Read as RSA-SHA256 when verifying files GİB (or software copying its
 * guide) made; never written by us (we write {@link RSA_SHA256}). Source: GİB e-Defter Uygulama Kılavuzu.
 */
export const RSA_SHA256_GIB_GUIDE = 'http://www.w3.org/2000/09/xmldsig#rsa-sha256';
export const RSA_SHA384 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384';
export const RSA_SHA512 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512';
export const ECDSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256';
export const ECDSA_SHA384 = 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384';
export const ECDSA_SHA512 = 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512';

/** Reference/@Type of the SignedProperties reference (XAdES 1.3.2 §6.3.1). */
export const SIGNED_PROPERTIES_TYPE = 'http://uri.etsi.org/01903#SignedProperties';
/** The variant GİB's example shows; accepted when verifying. */
export const SIGNED_PROPERTIES_TYPE_V132 = 'http://uri.etsi.org/01903/v1.3.2#SignedProperties';

/** Node hash name of a DigestMethod URI, or undefined if unsupported. */
export function digestName(uri: string): 'sha1' | 'sha256' | 'sha384' | 'sha512' | undefined {
  switch (uri) {
    case SHA1:
      return 'sha1';
    case SHA256:
      return 'sha256';
    case SHA384:
      return 'sha384';
    case SHA512:
      return 'sha512';
    default:
      return undefined;
  }
}

/**
 * Key type and hash of a SignatureMethod URI, or undefined if unsupported. For reading only: GİB's
 * guide URI {@link RSA_SHA256_GIB_GUIDE} is accepted as RSA-SHA256.
 */
export function signatureMethod(uri: string): { key: 'rsa' | 'ec'; hash: 'sha1' | 'sha256' | 'sha384' | 'sha512' } | undefined {
  switch (uri) {
    case RSA_SHA1:
      return { key: 'rsa', hash: 'sha1' };
    case RSA_SHA256:
      return { key: 'rsa', hash: 'sha256' };
    case RSA_SHA256_GIB_GUIDE:
      return { key: 'rsa', hash: 'sha256' };
    case RSA_SHA384:
      return { key: 'rsa', hash: 'sha384' };
    case RSA_SHA512:
      return { key: 'rsa', hash: 'sha512' };
    case ECDSA_SHA256:
      return { key: 'ec', hash: 'sha256' };
    case ECDSA_SHA384:
      return { key: 'ec', hash: 'sha384' };
    case ECDSA_SHA512:
      return { key: 'ec', hash: 'sha512' };
    default:
      return undefined;
  }
}
