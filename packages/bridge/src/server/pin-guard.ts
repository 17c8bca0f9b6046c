/**
 * PIN guards of the bridge (issue 10 item 3; compliance-plan §7, the PIN-counter guard of a Turkish
 * signer):
 *
 * 1. Rate limit: logins to one token run one at a time, and after consecutive wrong PINs the next
 *    login waits 1 s, 2 s, 4 s … (doubling, at most {@link MAX_DELAY_MS}) counted from the last
 *    failure; a successful login resets the count. A client cannot skip the wait: the bridge
 *    holds the request before C_Login.
 * 2. Counter flags: a token whose CK_TOKEN_INFO says CKF_USER_PIN_COUNT_LOW or
 *    CKF_USER_PIN_FINAL_TRY gets no PIN unless the request carries `lastTry` (the user's explicit
 *    "son deneme" choice in the consent window); a locked token gets none at all.
 *
 * State is per bridge process and per token (module path + label + serial), in memory.
 */
import { ErrorCode, fail } from '@edefter/protocol';
import type { TokenInfo } from '../token/index.ts';

/** Delay after the first wrong PIN (ms); doubles with each further one. */
const BASE_DELAY_MS = 1_000;
/** Upper bound of the delay (ms). */
const MAX_DELAY_MS = 30_000;

interface TokenState {
  failures: number;
  /** Date.now() of the last wrong PIN */
  lastFailure: number;
  /** tail of the per-token login queue */
  queue: Promise<void>;
}

const states = new Map<string, TokenState>();

function stateOf(key: string): TokenState {
  let s = states.get(key);
  if (!s) {
    s = { failures: 0, lastFailure: 0, queue: Promise.resolve() };
    states.set(key, s);
  }
  return s;
}

/** Wait before the next login after `failures` consecutive wrong PINs (ms). */
function delayAfter(failures: number): number {
  return failures <= 0 ? 0 : Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (failures - 1));
}

/** Key of a token for the guard. */
export function tokenKey(module: string | undefined, label: string): string {
  return `${module ?? ''}\u0000${label}`;
}

/**
 * Runs one login attempt for a token under the rate limit: waits for earlier attempts on the same
 * token, then for the delay its failures earned, then runs `login`. A PIN_INCORRECT from `login`
 * counts as a failure, success resets the count; other errors leave it as it is.
 * @param key {@link tokenKey}
 * @param login the attempt (openSigner)
 * @returns what `login` returns
 */
export async function guardedLogin<T>(key: string, login: () => Promise<T>): Promise<T> {
  const s = stateOf(key);
  const prev = s.queue;
  let release!: () => void;
  s.queue = new Promise<void>((r) => {
    release = r;
  });
  try {
    await prev;
    const wait = s.lastFailure + delayAfter(s.failures) - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    try {
      const out = await login();
      s.failures = 0;
      return out;
    } catch (e) {
      if ((e as { code?: unknown })?.code === ErrorCode.PinIncorrect) {
        s.failures++;
        s.lastFailure = Date.now();
      }
      throw e;
    }
  } finally {
    release();
  }
}

/**
 * Refuses a login the token's counter flags forbid (call before C_Login).
 * @throws EdefterError PIN_LOCKED for a locked PIN; PIN_REQUIRED (`details.reason =
 *   'last-try-not-confirmed'` and the flags) for count-low / final-try without `lastTry`
 */
export function checkPinCounter(token: TokenInfo, lastTry: boolean): void {
  const flags = { userPinCountLow: token.userPinCountLow, userPinFinalTry: token.userPinFinalTry, userPinLocked: token.userPinLocked };
  if (token.userPinLocked) {
    throw fail('server.pinLockedNotSent', { tokenLabel: token.label, ...flags });
  }
  if ((token.userPinCountLow || token.userPinFinalTry) && !lastTry) {
    throw fail('server.lastTryNotConfirmed', { tokenLabel: token.label, reason: 'last-try-not-confirmed', ...flags });
  }
}
