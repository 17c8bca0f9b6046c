/** Bridge `session-close`: log out and forget the session. Idempotent. */
import * as z from '../zod.ts';
import { TIMEOUTS } from '../config.ts';
import { defineAction } from '../actions/define.ts';

export const sessionClose = defineAction({
  name: 'session-close',
  params: () => z.object({ sessionId: z.string().regex(/^[0-9a-f]{32}$/) }).strict(),
  result: () => z.object({ closed: z.boolean() }),
  timeoutMs: TIMEOUTS.shortRequestMs,
  since: '1.0.0',
});
