/**
 * The failure kinds of a zaman damgası (RFC 3161 / Kamu SM) request. The errors themselves are the
 * `tsa.*` entries of the error catalog (packages/protocol/src/catalog/tsa.ts); `details.reason`
 * names the case for programs; `details` never holds passwords, identity headers or tokens.
 *
 * Which failures a caller may turn into "finish without a timestamp" (only when the user chose so):
 * {@link isTsaUnavailable} — TSA_UNAVAILABLE (unreachable, HTTP 5xx) and TSA_TIMEOUT. All others mean the TSA answered but
 * the answer is wrong or refused; never skip those.
 */
import { ErrorCode, isEdefterError, type EdefterError } from '@edefter/protocol';

/**
 * Machine-readable failure kinds carried in `details.reason` (documents the wire values).
 * @public
 */
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

/** RFC 3161 PKIFailureInfo bit names (RFC 3161 §2.4.2). */
export const FAILURE_INFO_NAMES: Record<number, string> = {
  0: 'badAlg',
  2: 'badRequest',
  5: 'badDataFormat',
  14: 'timeNotAvailable',
  15: 'unacceptedPolicy',
  16: 'unacceptedExtension',
  17: 'addInfoNotAvailable',
  25: 'systemFailure',
};

/**
 * True for failures where the TSA could not be used at all (down, unreachable, HTTP error, slow).
 * Only these may be turned into "sign without a timestamp", and only on the user's explicit choice.
 */
export function isTsaUnavailable(e: unknown): e is EdefterError {
  return isEdefterError(e) && (e.code === ErrorCode.TsaUnavailable || e.code === ErrorCode.TsaTimeout);
}
