/**
 * PKCS#11 return values (CKR_*, PKCS#11 v2.40 §5.1 / pkcs11t.h) mapped to typed
 * {@link EdefterError}s the user can act on: wrong PIN with retries left, PIN locked, token
 * removed, key not found, PIN pad cancelled or timed out. Messages: Turkish first, English second.
 * Never puts a PIN into a message or `details`.
 */
import { EdefterError, ErrorCode } from '@edefter/protocol';

/** CKR values used by the mapping (pkcs11t.h). */
export const CKR = {
  CANCEL: 0x01,
  SLOT_ID_INVALID: 0x03,
  GENERAL_ERROR: 0x05,
  FUNCTION_FAILED: 0x06,
  DEVICE_ERROR: 0x30,
  DEVICE_MEMORY: 0x31,
  DEVICE_REMOVED: 0x32,
  FUNCTION_CANCELED: 0x50,
  FUNCTION_NOT_SUPPORTED: 0x54,
  KEY_HANDLE_INVALID: 0x60,
  KEY_TYPE_INCONSISTENT: 0x63,
  KEY_FUNCTION_NOT_PERMITTED: 0x68,
  MECHANISM_INVALID: 0x70,
  OBJECT_HANDLE_INVALID: 0x82,
  PIN_INCORRECT: 0xa0,
  PIN_INVALID: 0xa1,
  PIN_LEN_RANGE: 0xa2,
  PIN_EXPIRED: 0xa3,
  PIN_LOCKED: 0xa4,
  SESSION_CLOSED: 0xb0,
  SESSION_HANDLE_INVALID: 0xb3,
  TOKEN_NOT_PRESENT: 0xe0,
  TOKEN_NOT_RECOGNIZED: 0xe1,
  USER_NOT_LOGGED_IN: 0x101,
  USER_PIN_NOT_INITIALIZED: 0x102,
  CRYPTOKI_NOT_INITIALIZED: 0x190,
  FUNCTION_REJECTED: 0x200,
} as const;

/** CK_TOKEN_INFO flags (pkcs11t.h). */
export const CKF = {
  LOGIN_REQUIRED: 0x4,
  USER_PIN_INITIALIZED: 0x8,
  PROTECTED_AUTHENTICATION_PATH: 0x100,
  TOKEN_INITIALIZED: 0x400,
  USER_PIN_COUNT_LOW: 0x10000,
  USER_PIN_FINAL_TRY: 0x20000,
  USER_PIN_LOCKED: 0x40000,
} as const;

/** Error as serialized by pkcs11-worker.ts. */
export interface WorkerErrorPayload {
  kind: 'edefter' | 'pkcs11' | 'other';
  /** ErrorCode for kind `edefter`. */
  code?: string;
  ckr?: number;
  ckrName?: string;
  method?: string;
  message: string;
  details?: Record<string, unknown>;
  /** CK_TOKEN_INFO.flags read right after a failed C_Login. */
  tokenFlags?: number;
}

/** What the PIN counter flags say about the retries left (PKCS#11 gives no number, only flags). */
export function retriesFromFlags(flags: number | undefined): {
  retriesLeft?: number;
  pinCountLow: boolean;
  pinFinalTry: boolean;
  pinLocked: boolean;
} {
  const f = flags ?? 0;
  const pinLocked = (f & CKF.USER_PIN_LOCKED) !== 0;
  const pinFinalTry = (f & CKF.USER_PIN_FINAL_TRY) !== 0;
  const pinCountLow = (f & CKF.USER_PIN_COUNT_LOW) !== 0;
  const retriesLeft = pinLocked ? 0 : pinFinalTry ? 1 : undefined;
  return { ...(retriesLeft === undefined ? {} : { retriesLeft }), pinCountLow, pinFinalTry, pinLocked };
}

function pinIncorrect(flags: number | undefined, ctx: Record<string, unknown>): EdefterError {
  const r = retriesFromFlags(flags);
  if (r.pinLocked) return pinLocked(ctx);
  let tr = 'PIN hatalı.';
  let en = 'Incorrect PIN.';
  if (r.pinFinalTry) {
    tr += ' Son deneme hakkınız kaldı: bir kez daha yanlış girilirse kart kilitlenir.';
    en += ' One try left: one more wrong PIN locks the card.';
  } else if (r.pinCountLow) {
    tr += ' Deneme hakkınız azaldı; kart birkaç yanlış denemeden sonra kilitlenir.';
    en += ' Few tries left; the card locks after a few more wrong PINs.';
  }
  return new EdefterError(ErrorCode.PinIncorrect, tr, en, { ...ctx, ...r });
}

function pinLocked(ctx: Record<string, unknown>): EdefterError {
  return new EdefterError(
    ErrorCode.PinLocked,
    'PIN kilitlendi. Kartın PUK kodu ile kilidi açılmalı (kartı veren kuruma başvurun).',
    'The PIN is locked. Unlock the card with its PUK (ask the card issuer).',
    { ...ctx, retriesLeft: 0, pinLocked: true },
  );
}

/** Message pair per typed code produced inside the worker (WorkerError). */
const WORKER_CODES: Record<string, [string, string]> = {
  [ErrorCode.ModuleNotFound]: ['PKCS#11 modülü bulunamadı veya yüklenemedi.', 'PKCS#11 module not found or could not be loaded.'],
  [ErrorCode.TokenNotFound]: ['Akıllı kart / token bulunamadı. Kartın takılı olduğunu kontrol edin.', 'Smart card / token not found. Check that the card is inserted.'],
  [ErrorCode.KeyNotFound]: ['Sertifikaya ait özel anahtar kartta bulunamadı.', 'The private key of the certificate was not found on the card.'],
  [ErrorCode.PinRequired]: ['PIN gerekli: bu kart okuyucusunda tuş takımı yok.', 'PIN required: this reader has no PIN pad.'],
  [ErrorCode.TokenRemoved]: ['Kart çıkarıldı veya oturum kapandı. Kartı takıp tekrar deneyin.', 'The card was removed or the session closed. Insert the card and try again.'],
};

/**
 * Turns a worker error into an EdefterError.
 * @param ctx facts to attach (module, tokenLabel, certId, operation); never a PIN
 */
export function mapWorkerError(e: WorkerErrorPayload, ctx: Record<string, unknown> = {}): EdefterError {
  if (e.kind === 'edefter' && e.code) {
    const [tr, en] = WORKER_CODES[e.code] ?? ['Kart hatası.', 'Token error.'];
    return new EdefterError(e.code as ErrorCode, tr, en, { ...ctx, ...e.details, reason: e.message });
  }
  if (e.kind === 'pkcs11' && e.ckr !== undefined) return mapCkr(e.ckr, { ...ctx, ckr: e.ckrName, method: e.method }, e.tokenFlags);
  return new EdefterError(ErrorCode.TokenError, 'Kart ile iletişimde hata oluştu.', `Token communication failed: ${e.message}`, { ...ctx, reason: e.message });
}

/**
 * Facts of a PIN error without the PKCS#11 module path (or any path): a PIN error travels to the
 * consent window, and the client never learns the user's file layout (issue 10 item 12).
 */
function pinCtx(ctx: Record<string, unknown>): Record<string, unknown> {
  const { module: _module, ...rest } = ctx;
  return rest;
}

/** Maps one CKR value (with the token flags read after a failed login, if any). */
export function mapCkr(ckr: number, ctxIn: Record<string, unknown> = {}, tokenFlags?: number): EdefterError {
  const pinError = [CKR.PIN_INCORRECT, CKR.PIN_LOCKED, CKR.PIN_LEN_RANGE, CKR.PIN_INVALID, CKR.PIN_EXPIRED, CKR.USER_NOT_LOGGED_IN, CKR.USER_PIN_NOT_INITIALIZED].includes(ckr as never);
  const ctx = pinError ? pinCtx(ctxIn) : ctxIn;
  switch (ckr) {
    case CKR.PIN_INCORRECT:
      return pinIncorrect(tokenFlags, ctx);
    case CKR.PIN_LOCKED:
      return pinLocked(ctx);
    case CKR.PIN_LEN_RANGE:
    case CKR.PIN_INVALID:
      return new EdefterError(ErrorCode.PinIncorrect, 'PIN uzunluğu veya karakterleri geçersiz.', 'The PIN has an invalid length or characters.', {
        ...ctx,
        ...retriesFromFlags(tokenFlags),
      });
    case CKR.PIN_EXPIRED:
      return new EdefterError(ErrorCode.PinLocked, 'PIN süresi dolmuş; kart yazılımıyla yeni PIN belirleyin.', 'The PIN has expired; set a new PIN with the card software.', ctx);
    case CKR.FUNCTION_CANCELED:
    case CKR.CANCEL:
      return new EdefterError(ErrorCode.PinpadCancelled, 'İşlem kart okuyucusunda iptal edildi.', 'The operation was cancelled on the card reader.', ctx);
    case CKR.DEVICE_REMOVED:
    case CKR.TOKEN_NOT_PRESENT:
    case CKR.SESSION_CLOSED:
    case CKR.SESSION_HANDLE_INVALID:
      return new EdefterError(ErrorCode.TokenRemoved, WORKER_CODES[ErrorCode.TokenRemoved][0], WORKER_CODES[ErrorCode.TokenRemoved][1], ctx);
    case CKR.USER_NOT_LOGGED_IN:
      return new EdefterError(
        ErrorCode.PinRequired,
        'Kart oturumu kapandı (başka bir işlemde PIN hatalı girilmiş olabilir); PIN’i yeniden girin.',
        'The card session was logged out (a wrong PIN may have been entered elsewhere); enter the PIN again.',
        ctx,
      );
    case CKR.SLOT_ID_INVALID:
    case CKR.TOKEN_NOT_RECOGNIZED:
      return new EdefterError(ErrorCode.TokenNotFound, WORKER_CODES[ErrorCode.TokenNotFound][0], WORKER_CODES[ErrorCode.TokenNotFound][1], ctx);
    case CKR.KEY_HANDLE_INVALID:
    case CKR.OBJECT_HANDLE_INVALID:
    case CKR.KEY_TYPE_INCONSISTENT:
    case CKR.KEY_FUNCTION_NOT_PERMITTED:
      return new EdefterError(ErrorCode.KeyNotFound, 'Kart üzerindeki anahtar bu imza için kullanılamıyor.', 'The key on the card cannot be used for this signature.', ctx);
    case CKR.USER_PIN_NOT_INITIALIZED:
      return new EdefterError(ErrorCode.PinLocked, 'Kartın kullanıcı PIN’i tanımlanmamış.', 'The user PIN of the card is not initialized.', ctx);
    default:
      return new EdefterError(ErrorCode.TokenError, 'Kart işlemi başarısız oldu.', `Token operation failed (${String(ctx.ckr ?? ckr)}).`, ctx);
  }
}
