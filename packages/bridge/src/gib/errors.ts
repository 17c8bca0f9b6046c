/**
 * GİB e-Defter web service error codes (spec §4, GİB-WS v1.7 §4) → Turkish/English messages and
 * the retry policy: only transient server-side faults (database, disk, queue), HTTP 5xx, network
 * errors and timeouts are retried; 111 "already uploaded" means an earlier attempt succeeded.
 */
import { EdefterError, ErrorCode } from '@edefter/protocol';

/** Facts of one GİB code. */
export interface GibCodeInfo {
  tr: string;
  en: string;
  /** Worth retrying with backoff (server-side trouble that passes). */
  transient: boolean;
  /** Project error code to raise. */
  errorCode: ErrorCode;
}

/** The codes published in GİB-WS §4: sendDocumentFile 1xx, receiveDocumentFile 2xx, getBatchStatus 3xx. */
export const GIB_CODES: Readonly<Record<number, GibCodeInfo>> = Object.freeze({
  101: { tr: 'Kullanıcı kodu bulunamadı.', en: 'User code not found.', transient: false, errorCode: ErrorCode.GibUnauthorized },
  102: {
    tr: 'Kullanıcının yetkisi yok (test ortamında EDefter.Testmatik, canlı ortamda paketin VKN’si için EDefter.Uygulama rolü gerekir).',
    en: 'The user lacks the role (EDefter.Testmatik on test, EDefter.Uygulama for the package VKN in production).',
    transient: false, errorCode: ErrorCode.GibUnauthorized,
  },
  103: { tr: 'Paket eki (attachment) boş.', en: 'The attachment is null.', transient: false, errorCode: ErrorCode.GibError },
  104: { tr: 'Paket adı boş.', en: 'The package name is empty.', transient: false, errorCode: ErrorCode.GibError },
  105: { tr: 'Paket içeriği boş.', en: 'The package content is empty.', transient: false, errorCode: ErrorCode.GibError },
  106: { tr: 'Paket azami boyutu aşıyor.', en: 'The package exceeds the maximum size.', transient: false, errorCode: ErrorCode.GibError },
  107: { tr: 'Paket verisi okunamadı (DataHandler hatası).', en: 'The package data could not be read (DataHandler error).', transient: false, errorCode: ErrorCode.GibError },
  108: { tr: 'Geçersiz paket adı.', en: 'Invalid package name.', transient: false, errorCode: ErrorCode.GibError },
  109: { tr: 'SOAP imzacısı bu paketi göndermeye yetkili değil.', en: 'The SOAP signer is not allowed to send this package.', transient: false, errorCode: ErrorCode.GibUnauthorized },
  110: { tr: 'GİB veritabanı hatası (gönderim).', en: 'GİB database error (send).', transient: true, errorCode: ErrorCode.GibUnavailable },
  111: { tr: 'Paket daha önce yüklenmiş.', en: 'The package was already uploaded.', transient: false, errorCode: ErrorCode.GibError },
  112: { tr: 'GİB disk hatası (gönderim).', en: 'GİB disk error (send).', transient: true, errorCode: ErrorCode.GibUnavailable },
  113: { tr: 'GİB kuyruk hatası.', en: 'GİB queue error.', transient: true, errorCode: ErrorCode.GibUnavailable },
  114: { tr: 'Bu mükellef şu anda paket yükleyemez.', en: 'This taxpayer cannot upload packages at the moment.', transient: false, errorCode: ErrorCode.GibRejected },
  203: { tr: 'GİB veritabanı hatası (onaylı berat indirme).', en: 'GİB database error (download).', transient: true, errorCode: ErrorCode.GibUnavailable },
  204: { tr: 'Başarıyla işlenmiş paket bulunamadı.', en: 'No successfully processed package found.', transient: false, errorCode: ErrorCode.GibNotReady },
  205: {
    tr: 'Onaylı berat var, ancak SOAP imzacısı indirmeye yetkili değil.', en: 'The approved berat exists but the SOAP signer is not authorised to download it.',
    transient: false, errorCode: ErrorCode.GibUnauthorized,
  },
  206: { tr: 'GİB disk hatası (onaylı berat indirme).', en: 'GİB disk error (download).', transient: true, errorCode: ErrorCode.GibUnavailable },
  303: { tr: 'GİB veritabanı hatası (durum sorgulama).', en: 'GİB database error (status query).', transient: true, errorCode: ErrorCode.GibUnavailable },
  304: { tr: 'Paket bulunamadı.', en: 'Package not found.', transient: false, errorCode: ErrorCode.GibError },
  305: { tr: 'SOAP imzacısı bu paketi sorgulamaya yetkili değil.', en: 'The SOAP signer is not authorised to query this package.', transient: false, errorCode: ErrorCode.GibUnauthorized },
});

/** Codes that are retried (GİB-WS §4 server-side faults). */
export const TRANSIENT_GIB_CODES: ReadonlySet<number> = new Set(
  Object.entries(GIB_CODES).filter(([, v]) => v.transient).map(([k]) => Number(k)),
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
  const info = GIB_CODES[code];
  const extra = gibText ? ` (GİB: ${gibText})` : '';
  if (!info) {
    return new EdefterError(ErrorCode.GibError, `GİB hata kodu ${code}${extra}`, `GİB error code ${code}${gibText ? ` (GİB: ${gibText})` : ''}`,
      { gibCode: code, transient: false, operation, gibText } satisfies GibErrorDetails);
  }
  return new EdefterError(info.errorCode, `GİB ${code}: ${info.tr}${extra}`, `GİB ${code}: ${info.en}`,
    { gibCode: code, transient: info.transient, operation, gibText } satisfies GibErrorDetails);
}

/** Error for an HTTP failure (5xx transient; 4xx not). */
export function httpError(status: number, operation: string, text?: string): EdefterError {
  const transient = status >= 500;
  return new EdefterError(
    transient ? ErrorCode.GibUnavailable : ErrorCode.GibError,
    `GİB web servisi HTTP ${status} döndü${transient ? ' (geçici sunucu hatası)' : ''}.${text ? ` ${text}` : ''}`,
    `The GİB web service answered HTTP ${status}${transient ? ' (temporary server error)' : ''}.${text ? ` ${text}` : ''}`,
    { httpStatus: status, transient, operation } satisfies GibErrorDetails,
  );
}

/** Error for a timeout or a network failure (both transient). */
export function networkError(operation: string, cause: Error, timeout: boolean): EdefterError {
  return new EdefterError(
    timeout ? ErrorCode.Timeout : ErrorCode.GibUnavailable,
    timeout ? `GİB web servisi zamanında yanıt vermedi (${operation}).` : `GİB web servisine bağlanılamadı (${operation}): ${cause.message}`,
    timeout ? `The GİB web service did not answer in time (${operation}).` : `Could not reach the GİB web service (${operation}): ${cause.message}`,
    { transient: true, operation, timeout, cause: cause.message } satisfies GibErrorDetails,
  );
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
