/** Bridge `gib-send`: uploads the packages of a `gib-prepare` with the open session's mali mühür. */
import { z } from 'zod';
import { defineAction } from '../actions/define.ts';
import { sendToGib } from '../actions/send-to-gib.ts';
import { GIB_TIMEOUT_MS } from '../actions/gib-common.ts';

export const gibSend = defineAction({
  name: 'gib-send',
  params: z.object({
    sessionId: z.string().regex(/^[0-9a-f]{32}$/),
    prepareId: z.string().regex(/^[0-9a-f]{32}$/),
  }).strict(),
  result: sendToGib.result,
  timeoutMs: GIB_TIMEOUT_MS,
  since: '1.0.0',
});
