/**
 * Why "Onayla" is disabled in a consent window (issue 12 item 1): the window always says it, in a
 * line next to the button, so the user never faces a grey button without a reason. The checks run
 * in the order the user can act on them; the first that fails is the reason shown.
 */
import type { TextKey } from '../shared/i18n.ts';

/** The state of a consent window that decides whether it may approve. */
export interface ApproveState {
  /** the input guard is over (the window accepts digits, Enter and approval) */
  armed: boolean;
  /** a decision is being applied (login, signing) */
  busy: boolean;
  /** a certificate is selected */
  hasCert: boolean;
  /** the token's PIN is locked (CKF_USER_PIN_LOCKED) */
  locked: boolean;
  /** the certificate's VKN/TCKN is not the document's (or the GİB request's) */
  vknMismatch: boolean;
  /** a zaman damgası is asked for and no TSA is configured: no PIN is taken */
  tsaMissing: boolean;
  /** the token's counter is low / at its final try and the session is not open yet */
  lastTryNeeded: boolean;
  /** the user ticked "son deneme" */
  lastTryConfirmed: boolean;
  /** the window takes the PIN on its own pad (not a reader's keypad, no open session) */
  needsPin: boolean;
  /** digits typed so far */
  pinLength: number;
}

/** Minimum PIN length the window sends (PKCS#11 tokens in Türkiye use 4–8 digits; AKİS ≥ 4). */
const MIN_PIN_LENGTH = 4;

/**
 * The reason Onayla is disabled, as an i18n key, or `whyReady` when it is enabled.
 * @returns `{ ok, reason }`: ok = the window may approve
 */
export function approveWhy(s: ApproveState): { ok: boolean; reason: TextKey } {
  if (s.busy) return { ok: false, reason: 'whyBusy' };
  if (!s.hasCert) return { ok: false, reason: 'whyNoCert' };
  if (s.locked) return { ok: false, reason: 'whyLocked' };
  if (s.vknMismatch) return { ok: false, reason: 'whyVkn' };
  if (s.tsaMissing) return { ok: false, reason: 'whyTsa' };
  if (s.lastTryNeeded && !s.lastTryConfirmed) return { ok: false, reason: 'whyLastTry' };
  if (s.needsPin && s.pinLength < MIN_PIN_LENGTH) return { ok: false, reason: 'whyPin' };
  if (!s.armed) return { ok: false, reason: 'whyWait' };
  return { ok: true, reason: 'whyReady' };
}
