/**
 * XAdES for GİB e-Defter files (spec §2): enveloped XAdES-BES/-T signing and verification of
 * documents of any size by streaming (byte-level C14N 1.0 → SHA-256; no DOM of the document),
 * the token signs only the canonical SignedInfo.
 *
 * - {@link signXmlFile} / {@link signXmlBuffer}: sign (ds:Signature as the last child of the root).
 * - {@link verifyXmlFile} / {@link verifyXmlBuffer}: verify every reference, the SignatureValue, the
 *   SigningCertificate binding, the certificate path (with trustedCerts) and a SignatureTimeStamp.
 * - {@link readSignatureValue}: the SignatureValue of a signed file, read from its tail (for berats).
 * - {@link canonicalize}: Canonical XML 1.0 of in-memory XML (whole or a subset).
 * - {@link keySigner}: a RawSigner over a Node crypto key (tests, benchmarks, TEST identities).
 */
export { signXmlFile, signXmlBuffer } from './sign.ts';
export type { SignOptions, SignResult } from './sign.ts';
export { verifyXmlFile, verifyXmlBuffer } from './verify.ts';
export type { VerifyOptions, VerifyResult } from './verify.ts';
export { readSignatureValue } from './tail.ts';
export { canonicalize } from './canonicalize.ts';
export { keySigner } from './key-signer.ts';
export { certificatesFrom } from './verify-chain.ts';
export { certFacts } from './cert.ts';
export type { CertFacts } from './cert.ts';
export { formatLocalTime } from './signed-properties.ts';
export { C14nScanner } from './c14n/scanner.ts';
export type { ScannerOptions, SubsetSelector, RootInfo } from './c14n/scanner.ts';
export { CanonicalWriter, BufferSink } from './c14n/writer.ts';
export type { C14nSink } from './c14n/writer.ts';
export type { RawSigner, KeyType } from './signer.ts';
export * from './algorithms.ts';
