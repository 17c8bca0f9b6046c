/**
 * Error catalog, area `tsa`: RFC 3161 timestamping (Kamu SM and other TSAs): settings, requests, replies, trust.
 * One file per area so that engineers never edit the same file; the entry shape and rules
 * (named typed parameters, never secrets, Turkish first) are in entry.ts.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg, type Bilingual } from './entry.ts';

/** Why a TSA certificate is not trusted (`details.reason`). */
type UntrustedReason = 'untrusted-chain' | 'no-trust-list' | 'bad-trust-list' | 'no-timestamping-eku';

const UNTRUSTED_TR: Record<UntrustedReason, (detail: string) => string> = {
  'untrusted-chain': (d) => `Zaman damgası sertifikası güvenilen köklere zincirlenemedi (${d}).`,
  'no-trust-list': () => 'Zaman damgası için güvenilen kök sertifika listesi yapılandırılmamış: `edefter tsa config --trust <dosya.pem>`.',
  'bad-trust-list': (d) => `Güvenilen kök sertifikalardan biri okunamadı (${d}).`,
  'no-timestamping-eku': (d) => `Zaman damgası sertifikası zaman damgası için yetkili değil (timeStamping EKU yok: ${d}).`,
};
const UNTRUSTED_EN: Record<UntrustedReason, (detail: string) => string> = {
  'untrusted-chain': (d) => `The timestamp certificate does not chain to a trusted root (${d}).`,
  'no-trust-list': () => 'No trusted root certificates configured for timestamps: `edefter tsa config --trust <file.pem>`.',
  'bad-trust-list': (d) => `A trusted root certificate can not be read (${d}).`,
  'no-timestamping-eku': (d) => `The timestamp certificate is not authorised for time-stamping (no timeStamping EKU: ${d}).`,
};

/** Facts of a TSA that could not be used (unreachable, HTTP 5xx, timeout), for the "not optional" wrap. */
type UnavailableFacts = { unavailable: Bilingual; reason?: string; url?: string; cause?: string; httpStatus?: number; timeoutMs?: number };
const URL_SAMPLE = 'http://zd.kamusm.gov.tr/';
/** The command that sets the Kamu SM credentials. */
const KAMUSM_CONFIG = '`edefter tsa config --mode kamusm --customer <no> --password`';

/** `tsa.*` entries. */
export const TSA = area('tsa', {
  'tsa.unreachable': msg<{ reason: 'unreachable'; url: string; cause: string }>({
    code: ErrorCode.TsaUnavailable,
    retriable: true,
    tr: (p) => `Zaman damgası sunucusuna ulaşılamadı (${p.url}: ${p.cause}). İnternet bağlantınızı ve ZD adresini kontrol edin.`,
    en: (p) => `The timestamp server could not be reached (${p.url}: ${p.cause}). Check the network connection and the TSA URL.`,
    sample: { reason: 'unreachable', url: URL_SAMPLE, cause: 'getaddrinfo ENOTFOUND' },
  }),
  'tsa.serverDown': msg<{ reason: 'http-status'; url: string; httpStatus: number }>({
    code: ErrorCode.TsaUnavailable,
    retriable: true,
    tr: (p) => `Zaman damgası sunucusu şu an hizmet veremiyor (${p.url}: HTTP ${p.httpStatus}). Daha sonra yeniden deneyin.`,
    en: (p) => `The timestamp server is not available right now (${p.url}: HTTP ${p.httpStatus}). Try again later.`,
    sample: { reason: 'http-status', url: URL_SAMPLE, httpStatus: 503 },
  }),
  'tsa.httpRefused': msg<{ reason: 'http-status'; url: string; httpStatus: number; statusText: string }>({
    code: ErrorCode.TsaError,
    retriable: false,
    tr: (p) =>
      `Zaman damgası sunucusu isteği kabul etmedi (${p.url}: HTTP ${p.httpStatus} ${p.statusText}). ` +
      'ZD adresini ve türünü (rfc3161 / kamusm) kontrol edin.',
    en: (p) => `The timestamp server refused the request (${p.url}: HTTP ${p.httpStatus} ${p.statusText}). Check the TSA URL and mode (rfc3161 / kamusm).`,
    sample: { reason: 'http-status', url: URL_SAMPLE, httpStatus: 404, statusText: 'Not Found' },
  }),
  'tsa.timeout': msg<{ reason: 'timeout'; url: string; timeoutMs: number }>({
    code: ErrorCode.TsaTimeout,
    retriable: true,
    tr: (p) => `Zaman damgası sunucusu ${Math.round(p.timeoutMs / 1000)} saniye içinde yanıt vermedi (${p.url}).`,
    en: (p) => `The timestamp server did not answer within ${Math.round(p.timeoutMs / 1000)} s (${p.url}).`,
    sample: { reason: 'timeout', url: URL_SAMPLE, timeoutMs: 30_000 },
  }),
  'tsa.unavailableNotOptional': msg<UnavailableFacts>({
    code: ErrorCode.TsaUnavailable,
    retriable: true,
    tr: (p) => `${p.unavailable.tr} Zaman damgasız (XAdES-BES) imzalamak isterseniz bunu açıkça seçin (--timestamp-optional).`,
    en: (p) => `${p.unavailable.en} To sign without a timestamp (XAdES-BES), choose so explicitly (--timestamp-optional).`,
    sample: { unavailable: { tr: 'Zaman damgası sunucusuna ulaşılamadı.', en: 'The timestamp server could not be reached.' }, reason: 'unreachable' },
  }),
  'tsa.timeoutNotOptional': msg<UnavailableFacts>({
    code: ErrorCode.TsaTimeout,
    retriable: true,
    tr: (p) => `${p.unavailable.tr} Zaman damgasız (XAdES-BES) imzalamak isterseniz bunu açıkça seçin (--timestamp-optional).`,
    en: (p) => `${p.unavailable.en} To sign without a timestamp (XAdES-BES), choose so explicitly (--timestamp-optional).`,
    sample: { unavailable: { tr: 'Zaman damgası sunucusu yanıt vermedi.', en: 'The timestamp server did not answer.' }, reason: 'timeout' },
  }),
  'tsa.rejected': msg<{ reason: 'bad-status'; status: number; failInfo: readonly string[]; text?: string }>({
    code: ErrorCode.TsaError,
    retriable: false,
    tr: (p) => `Zaman damgası sunucusu isteği reddetti (durum ${p.status}${extraOf(p) ? `: ${extraOf(p)}` : ''}).`,
    en: (p) => `The timestamp server rejected the request (status ${p.status}${extraOf(p) ? `: ${extraOf(p)}` : ''}).`,
    sample: { reason: 'bad-status', status: 2, failInfo: ['badAlg'], text: 'unsupported algorithm' },
  }),
  'tsa.notAResponse': msg<{ reason: 'not-a-response'; detail: string }>({
    code: ErrorCode.TsaResponseInvalid,
    retriable: false,
    tr: (p) => `Zaman damgası sunucusunun yanıtı anlaşılamadı (${p.detail}).`,
    en: (p) => `The timestamp server's answer could not be understood (${p.detail}).`,
    sample: { reason: 'not-a-response', detail: 'text/html' },
  }),
  'tsa.wrongNonce': msg<{ reason: 'wrong-nonce' }>({
    code: ErrorCode.TsaResponseInvalid,
    retriable: false,
    tr: () => 'Zaman damgası yanıtı bu isteğe ait değil (nonce uyuşmuyor). Damga kullanılmadı.',
    en: () => 'The timestamp response does not belong to this request (nonce mismatch). The token was not used.',
    sample: { reason: 'wrong-nonce' },
  }),
  'tsa.wrongImprint': msg<{ reason: 'wrong-imprint'; detail: string }>({
    code: ErrorCode.TsaResponseInvalid,
    retriable: false,
    tr: (p) => `Zaman damgası başka bir veri için verilmiş (özet uyuşmuyor: ${p.detail}). Damga kullanılmadı.`,
    en: (p) => `The timestamp was issued for other data (message imprint mismatch: ${p.detail}). The token was not used.`,
    sample: { reason: 'wrong-imprint', detail: 'sha-1' },
  }),
  'tsa.badSignature': msg<{ reason: 'bad-signature'; detail: string }>({
    code: ErrorCode.TsaResponseInvalid,
    retriable: false,
    tr: (p) => `Zaman damgasının imzası doğrulanamadı (${p.detail}).`,
    en: (p) => `The timestamp token's signature does not verify (${p.detail}).`,
    sample: { reason: 'bad-signature', detail: 'RSA verify failed' },
  }),
  'tsa.untrusted': msg<{ reason: UntrustedReason; detail: string }>({
    code: ErrorCode.TsaUntrusted,
    retriable: false,
    tr: (p) => UNTRUSTED_TR[p.reason](p.detail),
    en: (p) => UNTRUSTED_EN[p.reason](p.detail),
    sample: { reason: 'untrusted-chain', detail: 'unable to get issuer certificate' },
  }),
  'tsa.kamusmUnknownUser': msg<{ reason: 'unknown-user'; customerId: string; text: string }>({
    code: ErrorCode.TsaAuthFailed,
    retriable: false,
    tr: (p) => `Kamu SM müşteri numarası tanınmıyor (${p.customerId}). Müşteri numaranızı kontrol edin.`,
    en: (p) => `Kamu SM does not know customer number ${p.customerId}. Check the customer number.`,
    sample: { reason: 'unknown-user', customerId: '12345', text: 'User 12345 is not known' },
  }),
  'tsa.kamusmWrongPassword': msg<{ reason: 'wrong-password'; customerId: string; text: string }>({
    code: ErrorCode.TsaAuthFailed,
    retriable: false,
    tr: (p) => `Kamu SM zaman damgası parolası yanlış (müşteri ${p.customerId}). Parolayı \`edefter tsa config --password\` ile yeniden girin.`,
    en: (p) => `Wrong Kamu SM timestamp password (customer ${p.customerId}). Enter it again with \`edefter tsa config --password\`.`,
    sample: { reason: 'wrong-password', customerId: '12345', text: 'Account could not be authenticated' },
  }),
  'tsa.kamusmNoCredit': msg<{ reason: 'no-credit'; customerId: string; text: string }>({
    code: ErrorCode.TsaNoCredit,
    retriable: false,
    tr: (p) => `Kamu SM zaman damgası kontörünüz bitti (müşteri ${p.customerId}). Kontör yükleyin; kalan kontörü \`edefter tsa credit\` gösterir.`,
    en: (p) => `No Kamu SM timestamp credit left (customer ${p.customerId}). Buy credit; \`edefter tsa credit\` shows the balance.`,
    sample: { reason: 'no-credit', customerId: '12345', text: 'no credit' },
  }),
  'tsa.kamusmError': msg<{ reason: 'kamusm-error'; text: string }>({
    code: ErrorCode.TsaError,
    retriable: false,
    tr: (p) => `Kamu SM zaman damgası hatası: ${p.text}`,
    en: (p) => `Kamu SM timestamp error: ${p.text}`,
    sample: { reason: 'kamusm-error', text: 'internal error' },
  }),
  'tsa.kamusmMissingCredentials': msg<{ reason: 'missing-credentials'; missing: 'customer-number' | 'password' }>({
    code: ErrorCode.TsaAuthFailed,
    retriable: false,
    tr: (p) => `Kamu SM zaman damgası için ${p.missing === 'password' ? 'parola' : 'müşteri numarası'} eksik: ${KAMUSM_CONFIG}.`,
    en: (p) => `Kamu SM timestamp ${p.missing === 'password' ? 'password' : 'customer number'} missing: ${KAMUSM_CONFIG}.`,
    sample: { reason: 'missing-credentials', missing: 'password' },
  }),
  'tsa.notConfigured': msg({
    code: ErrorCode.TsaNotConfigured,
    retriable: false,
    tr: () => 'Zaman damgası istendi ama sunucu yapılandırılmamış: `edefter tsa config --url <adres> --trust <kök.pem>`.',
    en: () => 'A timestamp was requested but no timestamp server is configured: `edefter tsa config --url <url> --trust <root.pem>`.',
  }),
  'tsa.urlInvalid': msg<{ url: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Zaman damgası adresi geçersiz: "${p.url}"`,
    en: (p) => `Invalid timestamp server URL: "${p.url}"`,
    sample: { url: 'zd.kamusm' },
  }),
  'tsa.urlRequired': msg({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: () => 'Zaman damgası sunucusunun adresi gerekli (http://… ya da https://…).',
    en: () => 'The timestamp server address is required (http://… or https://…).',
  }),
  'tsa.customerIdNotDigits': msg<{ customerId: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Müşteri numarası yalnızca rakam olmalı: ${p.customerId}`,
    en: (p) => `The customer number must be digits only: ${p.customerId}`,
    sample: { customerId: '12a45' },
  }),
  'tsa.passwordNeedsCustomerId': msg({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: () => 'Parola için Kamu SM müşteri numarası gerekli.',
    en: () => 'A Kamu SM customer number is required with the password.',
  }),
  'tsa.certificateFileUnreadable': msg<{ file: string; cause: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Sertifika dosyası okunamadı: ${p.file}`,
    en: (p) => `Cannot read certificate file: ${p.file}`,
    sample: { file: 'kok.pem', cause: 'ENOENT' },
  }),
  'tsa.noCertificateInFile': msg<{ file: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Dosyada sertifika bulunamadı: ${p.file}`,
    en: (p) => `No certificate found in ${p.file}`,
    sample: { file: 'kok.pem' },
  }),
});

/** The status text and failure bits of a rejected request, joined. */
function extraOf(p: { failInfo: readonly string[]; text?: string }): string {
  return [p.text, p.failInfo.length ? p.failInfo.join(', ') : undefined].filter(Boolean).join('; ');
}
