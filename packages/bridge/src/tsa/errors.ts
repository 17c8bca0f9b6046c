/**
 * Every way a zaman damgası (RFC 3161 / Kamu SM) request can fail, as {@link EdefterError}s with
 * a Turkish and an English message. `details.reason` names the case for programs; `details`
 * never holds passwords, identity headers or tokens.
 *
 * Which failures a caller may turn into "finish without a timestamp" (only when the user chose so):
 * {@link isTsaUnavailable} — TSA_UNAVAILABLE (unreachable, HTTP 5xx) and TSA_TIMEOUT. All others mean the TSA answered but
 * the answer is wrong or refused; never skip those.
 */
import { EdefterError, ErrorCode, isEdefterError } from '@edefter/protocol';

/** Machine-readable failure kinds carried in `details.reason`. */
export type TsaFailure =
  | 'unreachable'
  | 'http-status'
  | 'timeout'
  | 'bad-status'
  | 'not-a-response'
  | 'wrong-nonce'
  | 'wrong-imprint'
  | 'bad-signature'
  | 'untrusted-chain'
  | 'no-trust-list'
  | 'bad-trust-list'
  | 'no-timestamping-eku'
  | 'unknown-user'
  | 'wrong-password'
  | 'no-credit'
  | 'missing-credentials'
  | 'kamusm-error';

/** The TSA host could not be reached (DNS, refused, reset, oversized answer). */
export function tsaUnreachable(url: string, cause: string): EdefterError {
  return new EdefterError(
    ErrorCode.TsaUnavailable,
    `Zaman damgası sunucusuna ulaşılamadı (${url}: ${cause}). İnternet bağlantınızı ve ZD adresini kontrol edin.`,
    `The timestamp server could not be reached (${url}: ${cause}). Check the network connection and the TSA URL.`,
    { reason: 'unreachable' satisfies TsaFailure, url, cause },
  );
}

/**
 * The TSA answered with an HTTP error status: 5xx means it is down (TSA_UNAVAILABLE, may be
 * skipped on the user's choice); 4xx means the request or the address is wrong (TSA_ERROR).
 */
export function tsaHttpStatus(url: string, status: number, statusText: string): EdefterError {
  const down = status >= 500;
  return new EdefterError(
    down ? ErrorCode.TsaUnavailable : ErrorCode.TsaError,
    down
      ? `Zaman damgası sunucusu şu an hizmet veremiyor (${url}: HTTP ${status}). Daha sonra yeniden deneyin.`
      : `Zaman damgası sunucusu isteği kabul etmedi (${url}: HTTP ${status} ${statusText}). ZD adresini ve türünü (rfc3161 / kamusm) kontrol edin.`,
    down
      ? `The timestamp server is not available right now (${url}: HTTP ${status}). Try again later.`
      : `The timestamp server refused the request (${url}: HTTP ${status} ${statusText}). Check the TSA URL and mode (rfc3161 / kamusm).`,
    { reason: 'http-status' satisfies TsaFailure, url, httpStatus: status },
  );
}

/** No complete answer within `timeoutMs`. */
export function tsaTimeout(url: string, timeoutMs: number): EdefterError {
  return new EdefterError(
    ErrorCode.TsaTimeout,
    `Zaman damgası sunucusu ${Math.round(timeoutMs / 1000)} saniye içinde yanıt vermedi (${url}).`,
    `The timestamp server did not answer within ${Math.round(timeoutMs / 1000)} s (${url}).`,
    { reason: 'timeout' satisfies TsaFailure, url, timeoutMs },
  );
}

/** RFC 3161 PKIFailureInfo bit names (RFC 3161 §2.4.2). */
export const FAILURE_INFO_NAMES: Record<number, string> = {
  0: 'badAlg', 2: 'badRequest', 5: 'badDataFormat', 14: 'timeNotAvailable',
  15: 'unacceptedPolicy', 16: 'unacceptedExtension', 17: 'addInfoNotAvailable', 25: 'systemFailure',
};

/** The TSA answered with PKIStatus other than granted / grantedWithMods. */
export function tsaBadStatus(status: number, text: string | undefined, failInfo: string[]): EdefterError {
  const extra = [text, failInfo.length ? failInfo.join(', ') : undefined].filter(Boolean).join('; ');
  return new EdefterError(
    ErrorCode.TsaError,
    `Zaman damgası sunucusu isteği reddetti (durum ${status}${extra ? `: ${extra}` : ''}).`,
    `The timestamp server rejected the request (status ${status}${extra ? `: ${extra}` : ''}).`,
    { reason: 'bad-status' satisfies TsaFailure, status, failInfo, ...(text ? { text } : {}) },
  );
}

/** The body is neither a TimeStampResp nor a recognisable error text. */
export function tsaNotAResponse(detail: string): EdefterError {
  return new EdefterError(
    ErrorCode.TsaResponseInvalid,
    `Zaman damgası sunucusunun yanıtı anlaşılamadı (${detail}).`,
    `The timestamp server's answer could not be understood (${detail}).`,
    { reason: 'not-a-response' satisfies TsaFailure, detail },
  );
}

/** The token's nonce is missing or differs from the request's (replayed or foreign answer). */
export function tsaWrongNonce(): EdefterError {
  return new EdefterError(
    ErrorCode.TsaResponseInvalid,
    'Zaman damgası yanıtı bu isteğe ait değil (nonce uyuşmuyor). Damga kullanılmadı.',
    'The timestamp response does not belong to this request (nonce mismatch). The token was not used.',
    { reason: 'wrong-nonce' satisfies TsaFailure },
  );
}

/** The token's MessageImprint is not SHA-256 over our data. */
export function tsaWrongImprint(detail: string): EdefterError {
  return new EdefterError(
    ErrorCode.TsaResponseInvalid,
    `Zaman damgası başka bir veri için verilmiş (özet uyuşmuyor: ${detail}). Damga kullanılmadı.`,
    `The timestamp was issued for other data (message imprint mismatch: ${detail}). The token was not used.`,
    { reason: 'wrong-imprint' satisfies TsaFailure, detail },
  );
}

/** The CMS signature over the TSTInfo does not verify. */
export function tsaBadSignature(detail: string): EdefterError {
  return new EdefterError(
    ErrorCode.TsaResponseInvalid,
    `Zaman damgasının imzası doğrulanamadı (${detail}).`,
    `The timestamp token's signature does not verify (${detail}).`,
    { reason: 'bad-signature' satisfies TsaFailure, detail },
  );
}

/** The TSA certificate does not chain to the trust list, or has no timeStamping EKU. */
export function tsaUntrusted(reason: 'untrusted-chain' | 'no-trust-list' | 'bad-trust-list' | 'no-timestamping-eku', detail: string): EdefterError {
  const tr = {
    'untrusted-chain': `Zaman damgası sertifikası güvenilen köklere zincirlenemedi (${detail}).`,
    'no-trust-list': 'Zaman damgası için güvenilen kök sertifika listesi yapılandırılmamış: `edefter tsa config --trust <dosya.pem>`.',
    'bad-trust-list': `Güvenilen kök sertifikalardan biri okunamadı (${detail}).`,
    'no-timestamping-eku': `Zaman damgası sertifikası zaman damgası için yetkili değil (timeStamping EKU yok: ${detail}).`,
  }[reason];
  const en = {
    'untrusted-chain': `The timestamp certificate does not chain to a trusted root (${detail}).`,
    'no-trust-list': 'No trusted root certificates configured for timestamps: `edefter tsa config --trust <file.pem>`.',
    'bad-trust-list': `A trusted root certificate can not be read (${detail}).`,
    'no-timestamping-eku': `The timestamp certificate is not authorised for time-stamping (no timeStamping EKU: ${detail}).`,
  }[reason];
  return new EdefterError(ErrorCode.TsaUntrusted, tr, en, { reason, detail });
}

/** Kamu SM: the customer number is unknown ("User N is not known"). */
export function kamusmUnknownUser(customerId: string, text: string): EdefterError {
  return new EdefterError(
    ErrorCode.TsaAuthFailed,
    `Kamu SM müşteri numarası tanınmıyor (${customerId}). Müşteri numaranızı kontrol edin.`,
    `Kamu SM does not know customer number ${customerId}. Check the customer number.`,
    { reason: 'unknown-user' satisfies TsaFailure, customerId, text },
  );
}

/** Kamu SM: the password is wrong ("Account could not be authenticated"). */
export function kamusmWrongPassword(customerId: string, text: string): EdefterError {
  return new EdefterError(
    ErrorCode.TsaAuthFailed,
    `Kamu SM zaman damgası parolası yanlış (müşteri ${customerId}). Parolayı \`edefter tsa config --password\` ile yeniden girin.`,
    `Wrong Kamu SM timestamp password (customer ${customerId}). Enter it again with \`edefter tsa config --password\`.`,
    { reason: 'wrong-password' satisfies TsaFailure, customerId, text },
  );
}

/** Kamu SM: no kontör (credit) left. */
export function kamusmNoCredit(customerId: string, text: string): EdefterError {
  return new EdefterError(
    ErrorCode.TsaNoCredit,
    `Kamu SM zaman damgası kontörünüz bitti (müşteri ${customerId}). Kontör yükleyin; kalan kontörü \`edefter tsa credit\` gösterir.`,
    `No Kamu SM timestamp credit left (customer ${customerId}). Buy credit; \`edefter tsa credit\` shows the balance.`,
    { reason: 'no-credit' satisfies TsaFailure, customerId, text },
  );
}

/** Kamu SM: any other text the server sent back. */
export function kamusmOtherError(text: string): EdefterError {
  return new EdefterError(
    ErrorCode.TsaError,
    `Kamu SM zaman damgası hatası: ${text}`,
    `Kamu SM timestamp error: ${text}`,
    { reason: 'kamusm-error' satisfies TsaFailure, text },
  );
}

/** Kamu SM mode without customer number or password. */
export function kamusmMissingCredentials(what: string): EdefterError {
  return new EdefterError(
    ErrorCode.TsaAuthFailed,
    `Kamu SM zaman damgası için ${what} eksik: \`edefter tsa config --mode kamusm --customer <no> --password\`.`,
    `Kamu SM timestamp ${what} missing: \`edefter tsa config --mode kamusm --customer <no> --password\`.`,
    { reason: 'missing-credentials' satisfies TsaFailure },
  );
}

/**
 * True for failures where the TSA could not be used at all (down, unreachable, HTTP error, slow).
 * Only these may be turned into "sign without a timestamp", and only on the user's explicit choice.
 */
export function isTsaUnavailable(e: unknown): e is EdefterError {
  return isEdefterError(e) && (e.code === ErrorCode.TsaUnavailable || e.code === ErrorCode.TsaTimeout);
}
