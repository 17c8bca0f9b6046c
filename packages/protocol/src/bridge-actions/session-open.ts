/**
 * Bridge `session-open`: log in to the token for one page request. With `pin: 'frame'` the PIN
 * follows at once as a binary WebSocket frame (see {@link encodePinFrame}), so it is never a
 * JSON string; with `pin: 'pinpad'` the token's reader asks for it (CKF_PROTECTED_AUTHENTICATION_PATH).
 * The session (and the token login) ends with `session-close`, when the connection drops, or
 * after TIMEOUTS.sessionIdleMs of idleness. Errors: PIN_INCORRECT / PIN_LOCKED (details carry
 * the token's PIN flags), PINPAD_CANCELLED, PINPAD_TIMEOUT, KEY_NOT_FOUND, TOKEN_NOT_FOUND.
 */
import { z } from 'zod';
import { CertificateSummary } from '../common.ts';
import { TIMEOUTS } from '../config.ts';
import { defineAction } from '../actions/define.ts';

export const sessionOpen = defineAction({
  name: 'session-open',
  params: z.object({
    certificateId: z.string().regex(/^[0-9a-f]{1,128}$/i),
    tokenLabel: z.string().min(1).max(64),
    pin: z.enum(['frame', 'pinpad']),
  }).strict(),
  result: z.object({ sessionId: z.string().regex(/^[0-9a-f]{32}$/), certificate: CertificateSummary }),
  timeoutMs: TIMEOUTS.pinpadLoginMs,
  since: '1.0.0',
});
