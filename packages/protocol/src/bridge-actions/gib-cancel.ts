/**
 * Bridge `gib-cancel`: the user refused or closed the GİB consent window (or the send could not
 * go on): the bridge forgets the `gib-prepare` and deletes its staged files. Answers
 * `cancelled: false` when there is no such prepared send for this site (already sent, expired,
 * or another site's). Needs no token.
 */
import * as z from '../zod.ts';
import { TIMEOUTS } from '../config.ts';
import { defineAction } from '../actions/define.ts';

export const gibCancel = defineAction({
  name: 'gib-cancel',
  params: () => z.object({ prepareId: z.string().regex(/^[0-9a-f]{32}$/) }).strict(),
  result: () => z.object({ cancelled: z.boolean() }),
  timeoutMs: TIMEOUTS.shortRequestMs,
  since: '1.0.0',
});
