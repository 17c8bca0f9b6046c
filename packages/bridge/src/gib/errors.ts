/**
 * GİB e-Defter web service error codes (spec §4, GİB-WS v1.7 §4) → Turkish/English messages and
 * the retry policy: only transient server-side faults (database, disk, queue), HTTP 5xx, network
 * errors and timeouts are retried; 111 "already uploaded" means an earlier attempt succeeded.
 */
import { CATALOG, type EdefterError, type ErrorCode, GIB_SERVICE_CODES, fail } from '@edefter/protocol';
import { RETRIABLE_STATUS } from '../net/retry.ts';

/** Facts of one GİB code. */
export interface GibCodeInfo {
  tr: string;
  en: string;
  /** Worth retrying with backoff (server-side trouble that passes). */
  transient: boolean;
  /** Project error code to raise. */
  errorCode: ErrorCode;
}

/**
 * The codes published in GİB-WS §4: sendDocumentFile 1xx, receiveDocumentFile 2xx, getBatchStatus 3xx.
 * Texts, wire code and retriability come from the error catalog (protocol catalog/gib.ts, `GIB_SERVICE_CODES`).
 */
export const GIB_CODES: Readonly<Record<number, GibCodeInfo>> = Object.freeze(
  Object.fromEntries(
    Object.entries(GIB_SERVICE_CODES).map(([k, v]) => [Number(k), { tr: v.tr, en: v.en, transient: CATALOG[v.key].retriable, errorCode: CATALOG[v.key].code }]),
  ),
);

/** Codes that are retried (GİB-WS §4 server-side faults). */
export const TRANSIENT_GIB_CODES: ReadonlySet<number> = new Set(
  Object.entries(GIB_CODES)
    .filter(([, v]) => v.transient)
    .map(([k]) => Number(k)),
);

/** 111: the package was uploaded by an earlier attempt — success, never a reason to upload again. */
export const GIB_ALREADY_UPLOADED = 111;
/** 304: getBatchStatus found no package. */
export const GIB_PACKAGE_NOT_FOUND = 304;
/** 204: receiveDocumentFile found no successfully processed package. */
export const GIB_NOT_PROCESSED = 204;

/** Details carried by every GİB error (EdefterError.details). */
export interface GibErrorDetails {
  /** GİB code (101–305) when the service returned one. */
  gibCode?: number;
  /** HTTP status when the failure was at HTTP level. */
  httpStatus?: number;
  /** Retrying may help. */
  transient: boolean;
  /** The operation: sendDocumentFile, getBatchStatus, receiveDocumentFile, clock. */
  operation?: string;
  /** Text GİB sent (fault reason). */
  gibText?: string;
  [k: string]: unknown;
}

/** Builds the error for a GİB code (unknown codes: not transient, generic message with GİB's text). */
export function gibCodeError(code: number, operation: string, gibText?: string): EdefterError {
  const info = GIB_SERVICE_CODES[code];
  if (!info) return fail('gib.serviceUnknownCode', { gibCode: code, transient: false, operation, gibText });
  return fail(info.key, { gibCode: code, transient: CATALOG[info.key].retriable, operation, gibText });
}

/** Error for an HTTP failure (5xx: server error, transient for the statuses of net/retry.ts RETRIABLE_STATUS; 4xx refused, 408/425/429 transient). */
export function httpError(status: number, operation: string, text?: string): EdefterError {
  const transient = RETRIABLE_STATUS.has(status);
  return status >= 500
    ? fail('gib.httpServerError', { httpStatus: status, transient, operation, ...(text ? { gibText: text } : {}) })
    : fail('gib.httpRefused', { httpStatus: status, transient, operation, ...(text ? { gibText: text } : {}) });
}

/** Error for a timeout or a network failure (both transient). */
export function networkError(operation: string, cause: Error, timeout: boolean): EdefterError {
  return fail(timeout ? 'gib.timeout' : 'gib.networkFailure', { transient: true, operation, timeout, cause: cause.message });
}

/** True when `e` is a GİB error marked transient (retry may help). */
export function isTransient(e: unknown): boolean {
  const d = (e as { details?: GibErrorDetails })?.details;
  return !!d && d.transient === true;
}

/** The GİB code of an error, if it carries one. */
export function gibCodeOf(e: unknown): number | undefined {
  return (e as { details?: GibErrorDetails })?.details?.gibCode;
}
