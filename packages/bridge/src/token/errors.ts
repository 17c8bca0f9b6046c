/**
 * PKCS#11 return values (CKR_*, PKCS#11 v2.40 §5.1 / pkcs11t.h) mapped to typed
 * {@link EdefterError}s the user can act on: wrong PIN with retries left, PIN locked, token
 * removed, key not found, PIN pad cancelled or timed out. Texts: the `token.*` entries of the error catalog.
 * Never puts a PIN into a message or `details`.
 */
import { fail, type MessageKey, type TokenFacts } from '@edefter/protocol/catalog';
import { ErrorCode, type EdefterError } from '@edefter/protocol/light';

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

function pinIncorrect(flags: number | undefined, ctx: TokenFacts): EdefterError {
  const r = retriesFromFlags(flags);
  if (r.pinLocked) return pinLocked(ctx);
  return fail('token.pinIncorrect', { ...ctx, ...r });
}

function pinLocked(ctx: TokenFacts): EdefterError {
  return fail('token.pinLocked', { ...ctx, retriesLeft: 0, pinLocked: true });
}

/** Catalog entry per typed code produced inside the worker (WorkerError). */
const WORKER_KEYS: Record<string, MessageKey> = {
  [ErrorCode.ModuleNotFound]: 'token.moduleNotFound',
  [ErrorCode.TokenNotFound]: 'token.notFound',
  [ErrorCode.KeyNotFound]: 'token.privateKeyNotFound',
  [ErrorCode.PinRequired]: 'token.noPinPad',
  [ErrorCode.TokenRemoved]: 'token.removed',
};

/**
 * Turns a worker error into an EdefterError.
 * @param ctx facts to attach (module, tokenLabel, certId, operation); never a PIN
 */
export function mapWorkerError(e: WorkerErrorPayload, ctx: TokenFacts = {}): EdefterError {
  const key = e.kind === 'edefter' && e.code ? WORKER_KEYS[e.code] : undefined;
  if (key) return fail(key as 'token.notFound', { ...ctx, ...(e.details as TokenFacts | undefined), reason: e.message });
  if (e.kind === 'pkcs11' && e.ckr !== undefined) return mapCkr(e.ckr, { ...ctx, ckr: e.ckrName, method: e.method }, e.tokenFlags);
  return fail('token.communicationFailed', { ...ctx, reason: e.message });
}

/**
 * Facts of a PIN error without the PKCS#11 module path (or any path): a PIN error travels to the
 * consent window, and the client never learns the user's file layout (issue 10 item 12).
 */
function pinCtx(ctx: TokenFacts): TokenFacts {
  const { module: _module, ...rest } = ctx;
  return rest;
}

/** Maps one CKR value (with the token flags read after a failed login, if any). */
export function mapCkr(ckr: number, ctxIn: TokenFacts = {}, tokenFlags?: number): EdefterError {
  const pinError = [
    CKR.PIN_INCORRECT,
    CKR.PIN_LOCKED,
    CKR.PIN_LEN_RANGE,
    CKR.PIN_INVALID,
    CKR.PIN_EXPIRED,
    CKR.USER_NOT_LOGGED_IN,
    CKR.USER_PIN_NOT_INITIALIZED,
  ].includes(ckr as never);
  const ctx = pinError ? pinCtx(ctxIn) : ctxIn;
  switch (ckr) {
    case CKR.PIN_INCORRECT:
      return pinIncorrect(tokenFlags, ctx);
    case CKR.PIN_LOCKED:
      return pinLocked(ctx);
    case CKR.PIN_LEN_RANGE:
    case CKR.PIN_INVALID:
      return fail('token.pinInvalid', { ...ctx, ...retriesFromFlags(tokenFlags) });
    case CKR.PIN_EXPIRED:
      return fail('token.pinExpired', ctx);
    case CKR.FUNCTION_CANCELED:
    case CKR.CANCEL:
      return fail('token.pinpadCancelled', ctx);
    case CKR.DEVICE_REMOVED:
    case CKR.TOKEN_NOT_PRESENT:
    case CKR.SESSION_CLOSED:
    case CKR.SESSION_HANDLE_INVALID:
      return fail('token.removed', ctx);
    case CKR.USER_NOT_LOGGED_IN:
      return fail('token.loggedOut', ctx);
    case CKR.SLOT_ID_INVALID:
    case CKR.TOKEN_NOT_RECOGNIZED:
      return fail('token.notFound', ctx);
    case CKR.KEY_HANDLE_INVALID:
    case CKR.OBJECT_HANDLE_INVALID:
    case CKR.KEY_TYPE_INCONSISTENT:
    case CKR.KEY_FUNCTION_NOT_PERMITTED:
      return fail('token.keyUnusable', ctx);
    case CKR.USER_PIN_NOT_INITIALIZED:
      return fail('token.pinNotInitialized', ctx);
    default:
      return fail('token.operationFailed', { ...ctx, ckr: String(ctx.ckr ?? ckr) });
  }
}
