/**
 * One error-code enum shared by the page API, the extension and the bridge, and the
 * error class that carries it across every hop (postMessage, runtime messaging, WebSocket).
 *
 * Every message is given in Turkish first and English second: Turkish for the accountant,
 * English for the integrator's developer and the logs.
 */

/** Stable error codes. Never renumber or rename: pages and older extensions match on them. */
export const ErrorCode = {
  // input and files
  BadInput: 'BAD_INPUT',
  NotXml: 'NOT_XML',
  DoctypeForbidden: 'DOCTYPE_FORBIDDEN',
  EmptyFile: 'EMPTY_FILE',
  AlreadySigned: 'ALREADY_SIGNED',
  VknMismatch: 'VKN_MISMATCH',
  CertificateExpired: 'CERTIFICATE_EXPIRED',
  CertificateNotYetValid: 'CERTIFICATE_NOT_YET_VALID',
  ValidationFailed: 'VALIDATION_FAILED',
  SignatureInvalid: 'SIGNATURE_INVALID',
  // token (PKCS#11)
  ModuleNotFound: 'PKCS11_MODULE_NOT_FOUND',
  TokenNotFound: 'TOKEN_NOT_FOUND',
  TokenRemoved: 'TOKEN_REMOVED',
  KeyNotFound: 'KEY_NOT_FOUND',
  PinIncorrect: 'PIN_INCORRECT',
  PinLocked: 'PIN_LOCKED',
  PinRequired: 'PIN_REQUIRED',
  PinpadCancelled: 'PINPAD_CANCELLED',
  PinpadTimeout: 'PINPAD_TIMEOUT',
  TokenError: 'TOKEN_ERROR',
  // user and transport
  UserCancelled: 'USER_CANCELLED',
  OriginNotAllowed: 'ORIGIN_NOT_ALLOWED',
  NotPaired: 'NOT_PAIRED',
  BridgeUnavailable: 'BRIDGE_UNAVAILABLE',
  VersionMismatch: 'VERSION_MISMATCH',
  Timeout: 'TIMEOUT',
  Busy: 'BUSY',
  ExtensionNotFound: 'EXTENSION_NOT_FOUND',
  InsecureContext: 'INSECURE_CONTEXT',
  UnknownAction: 'UNKNOWN_ACTION',
  ProtocolError: 'PROTOCOL_ERROR',
  TooLarge: 'TOO_LARGE',
  HostNotAllowed: 'HOST_NOT_ALLOWED',
  ClientNotAllowed: 'CLIENT_NOT_ALLOWED',
  PairingRejected: 'PAIRING_REJECTED',
  SessionNotFound: 'SESSION_NOT_FOUND',
  TsaNotConfigured: 'TSA_NOT_CONFIGURED',
  NoCertificate: 'NO_CERTIFICATE',
  // services
  TsaError: 'TSA_ERROR',
  TsaUnavailable: 'TSA_UNAVAILABLE',
  TsaTimeout: 'TSA_TIMEOUT',
  TsaAuthFailed: 'TSA_AUTH_FAILED',
  TsaNoCredit: 'TSA_NO_CREDIT',
  TsaResponseInvalid: 'TSA_RESPONSE_INVALID',
  TsaUntrusted: 'TSA_UNTRUSTED',
  GibError: 'GIB_ERROR',
  ClockSkew: 'CLOCK_SKEW',
  GibUnavailable: 'GIB_UNAVAILABLE',
  GibRejected: 'GIB_REJECTED',
  GibNotReady: 'GIB_NOT_READY',
  GibUnauthorized: 'GIB_UNAUTHORIZED',
  CounterSignatureInvalid: 'COUNTER_SIGNATURE_INVALID',
  PreviousPeriodIncomplete: 'PREVIOUS_PERIOD_INCOMPLETE',
  BackupError: 'BACKUP_ERROR',
  BackupAuthFailed: 'BACKUP_AUTH_FAILED',
  CrossCheckFailed: 'CROSS_CHECK_FAILED',
  // release update check (edefter update --check)
  UpdateUnavailable: 'UPDATE_UNAVAILABLE',
  Internal: 'INTERNAL',
} as const;

/** Union of all error code strings. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Plain-object form of an {@link EdefterError}, safe for JSON, postMessage and WebSocket. */
export interface SerializedError {
  code: ErrorCode;
  /** Turkish message, shown to the user first. */
  tr: string;
  /** English message. */
  en: string;
  /** Extra machine-readable facts (e.g. `retriesLeft`, `file`, `line`). Never secrets. */
  details?: Record<string, unknown>;
  /**
   * Catalog message key (e.g. `token.pinIncorrect`, see `catalog/`); absent for errors built
   * from inline texts and from peers older than the catalog. Pages should still match on `code`.
   */
  key?: string;
  /**
   * True when trying the same operation again later, unchanged, may succeed (bridge not yet
   * started, busy, timeout, service unavailable). Absent from older peers: use {@link defaultRetriable}.
   */
  retriable?: boolean;
}

/** Codes whose errors are transient unless the catalog entry says otherwise (used for inline errors and old peers). */
const RETRIABLE_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  ErrorCode.Timeout,
  ErrorCode.Busy,
  ErrorCode.BridgeUnavailable,
  ErrorCode.TsaUnavailable,
  ErrorCode.TsaTimeout,
  ErrorCode.GibUnavailable,
  ErrorCode.GibNotReady,
]);

/**
 * Whether an error of `code` is transient when nothing more specific is known (an inline error,
 * or a serialized error from a peer that predates the `retriable` field).
 * @param code wire code (unknown codes are fatal)
 */
export function defaultRetriable(code: string): boolean {
  return RETRIABLE_CODES.has(code);
}

/** Catalog facts an {@link EdefterError} may carry besides code and texts. */
export interface EdefterErrorOptions {
  /** catalog message key */
  key?: string;
  /** transient (see {@link SerializedError.retriable}); default {@link defaultRetriable} of the code */
  retriable?: boolean;
}

/**
 * The one error class of the project. `message` is "Turkish / English".
 * Throw it wherever a user can read the result; wrap unexpected errors as `Internal`.
 */
export class EdefterError extends Error {
  readonly code: ErrorCode;
  readonly tr: string;
  readonly en: string;
  readonly details?: Record<string, unknown>;
  /** catalog message key, when built with `fail(key, params)` (or received from a peer that sent one) */
  readonly key?: string;
  /** transient: the same operation may succeed later unchanged (see {@link SerializedError.retriable}) */
  readonly retriable: boolean;

  /**
   * Prefer `fail(key, params)` from the catalog (`catalog/index.ts`): it picks code, texts and
   * `retriable` from one entry. This constructor stays for the catalog itself and for rebuilding
   * errors received from a peer.
   * @param code stable code from {@link ErrorCode}
   * @param tr Turkish message
   * @param en English message
   * @param details machine-readable facts; must never hold PINs, passwords or keys
   * @param options catalog key and retriable flag
   */
  constructor(code: ErrorCode, tr: string, en: string, details?: Record<string, unknown>, options?: EdefterErrorOptions) {
    super(`${tr} / ${en}`);
    this.name = 'EdefterError';
    this.code = code;
    this.tr = tr;
    this.en = en;
    this.details = details;
    if (options?.key !== undefined) this.key = options.key;
    this.retriable = options?.retriable ?? defaultRetriable(code);
  }

  /** Plain object for transport (`key` only when known; `retriable` always). */
  toJSON(): SerializedError {
    return {
      code: this.code,
      tr: this.tr,
      en: this.en,
      ...(this.details ? { details: this.details } : {}),
      ...(this.key !== undefined ? { key: this.key } : {}),
      retriable: this.retriable,
    };
  }

  /** Rebuilds the error on the receiving side of a hop; peers older than the catalog send no key and no retriable. */
  static fromJSON(e: SerializedError): EdefterError {
    return new EdefterError(e.code, e.tr, e.en, e.details, { key: e.key, retriable: e.retriable });
  }
}

/** True when `e` is an {@link EdefterError} (also across realms, by shape). */
export function isEdefterError(e: unknown): e is EdefterError {
  return (
    e instanceof EdefterError ||
    (typeof e === 'object' && e !== null && (e as { name?: string }).name === 'EdefterError' && typeof (e as { code?: unknown }).code === 'string')
  );
}
