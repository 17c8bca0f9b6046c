/**
 * The user-facing errors of signing and verification, Turkish first, English second
 * (packages/protocol `EdefterError`). Every function returns the error; callers throw it.
 */
import { EdefterError, ErrorCode } from '@edefter/protocol';

/** Input is not well-formed XML (XML 1.0 §2.1). `offset` is the byte offset in the file. */
export function errNotXml(reason: string, offset?: number): EdefterError {
  const at = offset === undefined ? '' : `, bayt ${offset}`;
  const atEn = offset === undefined ? '' : `, at byte ${offset}`;
  return new EdefterError(ErrorCode.NotXml, `Dosya geçerli bir XML belgesi değil (${reason}${at})`, `The file is not a well-formed XML document (${reason}${atEn})`, { reason, offset });
}

/** DOCTYPE / entity declarations are refused, never expanded (security rule; no DTD processing). */
export function errDoctype(offset?: number): EdefterError {
  return new EdefterError(
    ErrorCode.DoctypeForbidden,
    'XML belgesinde DOCTYPE veya varlık (ENTITY) tanımı var; güvenlik nedeniyle bu tür belgeler işlenmez',
    'The XML document contains a DOCTYPE or entity declaration; such documents are refused for security reasons',
    { offset },
  );
}

/** Empty input (0 bytes, or only whitespace / a byte-order mark). */
export function errEmpty(file?: string): EdefterError {
  return new EdefterError(ErrorCode.EmptyFile, 'Dosya boş', 'The file is empty', file ? { file } : undefined);
}

/** The root element already has a ds:Signature child (GİB: exactly one enveloped signature). */
export function errAlreadySigned(): EdefterError {
  return new EdefterError(
    ErrorCode.AlreadySigned,
    'Belge zaten imzalı: kök elemanın altında bir ds:Signature var',
    'The document is already signed: the root element already has a ds:Signature child',
  );
}

/** Only UTF-8 input is accepted (GİB-TK §2.1 prologue; C14N output is UTF-8). */
export function errEncoding(encoding: string): EdefterError {
  return new EdefterError(
    ErrorCode.BadInput,
    `Desteklenmeyen karakter kodlaması: ${encoding}; e-Defter dosyaları UTF-8 olmalıdır`,
    `Unsupported character encoding ${encoding}; e-Defter files must be UTF-8`,
    { encoding },
  );
}

/** The certificate's subject serialNumber differs from the document's xbrli:identifier. */
export function errVknMismatch(certVkn: string | undefined, docVkn: string): EdefterError {
  const c = certVkn ?? '—';
  return new EdefterError(
    ErrorCode.VknMismatch,
    `Sertifikadaki VKN/TCKN (${c}) belgedeki VKN/TCKN (${docVkn}, xbrli:identifier) ile aynı değil`,
    `The certificate's VKN/TCKN (${c}) differs from the document's VKN/TCKN (${docVkn}, xbrli:identifier)`,
    { certVkn, docVkn },
  );
}

/** The certificate is expired at the signing time. */
export function errCertExpired(notAfter: Date, at: Date): EdefterError {
  return new EdefterError(
    ErrorCode.CertificateExpired,
    `Mali mühür sertifikasının süresi dolmuş (geçerlilik sonu ${notAfter.toISOString()})`,
    `The seal certificate has expired (not valid after ${notAfter.toISOString()})`,
    { notAfter: notAfter.toISOString(), at: at.toISOString() },
  );
}

/** The certificate is not yet valid at the signing time. */
export function errCertNotYetValid(notBefore: Date, at: Date): EdefterError {
  return new EdefterError(
    ErrorCode.CertificateNotYetValid,
    `Mali mühür sertifikası henüz geçerli değil (geçerlilik başlangıcı ${notBefore.toISOString()})`,
    `The seal certificate is not valid yet (not valid before ${notBefore.toISOString()})`,
    { notBefore: notBefore.toISOString(), at: at.toISOString() },
  );
}

/** Generic bad input with both messages. */
export function errBadInput(tr: string, en: string, details?: Record<string, unknown>): EdefterError {
  return new EdefterError(ErrorCode.BadInput, tr, en, details);
}

/** A signature that does not verify, listing the failed checks. */
export function errSignatureInvalid(errors: string[]): EdefterError {
  return new EdefterError(ErrorCode.SignatureInvalid, `İmza doğrulanamadı: ${errors.join('; ')}`, `Signature verification failed: ${errors.join('; ')}`, { errors });
}
