/**
 * Entry of the page library (`@edefter/protocol/page`, also built as a single ES module
 * `packages/protocol/dist/edefter-page.js` for portals without a bundler).
 */
export { createEdefterClient, EdefterClient, type PageDocument, type PageSignedDocument, type SignDocumentsOptions, type StatusResult } from './client.ts';
export { LIBRARY_VERSION, type CallOptions } from './transport.ts';
export type { Progress } from '../progress.ts';
export { EdefterError, ErrorCode, isEdefterError, type SerializedError } from '../errors.ts';
export { DOCUMENT_KIND_LABELS, type DocumentKind, type CertificateSummary } from '../common.ts';
export { PROTOCOL_VERSION } from '../version.ts';
