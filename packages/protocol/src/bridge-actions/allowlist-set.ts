/**
 * Bridge `allowlist-set`: the paired extension sends the user's allowed sites; the bridge keeps
 * its own copy (per paired install) and checks every request's origin against it too.
 */
import * as z from '../zod.ts';
import { WebOrigin } from '../common.ts';
import { TIMEOUTS } from '../config.ts';
import { defineAction } from '../actions/define.ts';

export const allowlistSet = defineAction({
  name: 'allowlist-set',
  params: () => z.object({ origins: z.array(WebOrigin).max(500) }).strict(),
  result: () => z.object({ count: z.number() }),
  timeoutMs: TIMEOUTS.shortRequestMs,
  since: '1.0.0',
});
