/**
 * Bridge `session-open`: log in to the token for one page request. With `pin: 'frame'` the PIN
 * follows at once as a binary WebSocket frame (see {@link encodePinFrame}), so it is never a
 * JSON string; with `pin: 'pinpad'` the token's reader asks for it (CKF_PROTECTED_AUTHENTICATION_PATH).
 * The session (and the token login) ends with `session-close`, when the connection drops, or
 * after TIMEOUTS.sessionIdleMs of idleness. Errors: PIN_INCORRECT / PIN_LOCKED (details carry
 * the token's PIN flags), PINPAD_CANCELLED, PINPAD_TIMEOUT, KEY_NOT_FOUND, TOKEN_NOT_FOUND.
 *
 * Before C_Login the bridge checks, on the token and certificate it would log in to:
 * - `forDocuments`: the SHA-256 of every document this session may sign; each must have been
 *   inspected (`document-inspect`) on this connection for this origin, and its VKN/TCKN must equal
 *   the certificate's (VKN_MISMATCH, BAD_INPUT `reason: 'not-inspected'` otherwise). Without it the
 *   session signs no document (GİB web-service sessions).
 * - the PIN counter: a token whose flags say count-low or final-try gets no PIN unless `lastTry` is
 *   true (the user ticked "son deneme" in the consent window): PIN_REQUIRED with
 *   `details.reason = 'last-try-not-confirmed'` and the flags; a locked token: PIN_LOCKED.
 * - wrong PINs are rate-limited per token (growing delays, reset on success).
 * - `timestamp: true` with no TSA configured: TSA_NOT_CONFIGURED (no PIN is presented to the token).
 */
import * as z from '../zod.ts';
import { CertificateSummary } from '../common.ts';
import { LIMITS, TIMEOUTS } from '../config.ts';
import { Sha256Hex } from './document-inspect.ts';
import { defineAction } from '../actions/define.ts';

export const sessionOpen = defineAction({
  name: 'session-open',
  params: () =>
    z
      .object({
        certificateId: z.string().regex(/^[0-9a-f]{1,128}$/i),
        tokenLabel: z.string().min(1).max(64),
        pin: z.enum(['frame', 'pinpad']),
        /** SHA-256 (hex) of the documents the user approved for this session (inspected before) */
        forDocuments: z.array(Sha256Hex).min(1).max(LIMITS.maxDocuments).optional(),
        /** the user explicitly chose to use a last / low-count PIN try */
        lastTry: z.boolean().optional(),
        /** the session will sign with a zaman damgası: without a configured TSA the bridge refuses TSA_NOT_CONFIGURED before C_Login */
        timestamp: z.boolean().optional(),
      })
      .strict(),
  result: () => z.object({ sessionId: z.string().regex(/^[0-9a-f]{32}$/), certificate: CertificateSummary }),
  timeoutMs: TIMEOUTS.pinpadLoginMs,
  since: '1.0.0',
});
