/**
 * The contract between the XML signers (XAdES for defters and berats, WS-Security for the GİB
 * web service) and whatever holds the private key: the PKCS#11 token in the product, a
 * Node `crypto` key in unit tests and benchmarks.
 *
 * Only the small canonical SignedInfo ever reaches {@link RawSigner.sign}; documents are
 * digested by streaming and never travel to the key holder.
 */

/** Key type of the signing certificate, which selects the XMLDSig SignatureMethod. */
export type KeyType = 'rsa' | 'ec';

/**
 * Something that can sign with the key of one certificate.
 *
 * - `rsa`: returns RSASSA-PKCS1-v1_5 over SHA-256 of `data`
 *   (SignatureMethod `http://www.w3.org/2001/04/xmldsig-more#rsa-sha256`).
 * - `ec`: returns ECDSA over SHA-384 of `data` in the fixed-length `r || s` form
 *   XMLDSig requires (RFC 4051 §3.3; 96 bytes for P-384)
 *   (SignatureMethod `http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384`).
 */
export interface RawSigner {
  /** DER of the signing certificate (X.509). */
  readonly certificate: Buffer;
  /** DER certificates of the chain above it, issuer first, if known (may be empty). */
  readonly chain?: Buffer[];
  readonly keyType: KeyType;
  /**
   * Signs `data` (bytes of canonical SignedInfo).
   * @throws EdefterError with a token code (PIN_INCORRECT, TOKEN_REMOVED, PINPAD_CANCELLED, ...)
   */
  sign(data: Buffer): Promise<Buffer>;
}
