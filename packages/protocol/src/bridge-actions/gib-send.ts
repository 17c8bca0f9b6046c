/**
 * Bridge `gib-send`: uploads exactly the packages of a `gib-prepare` with the open session's mali
 * mühür. `packages` is what the consent window showed and the user approved (ids, file names,
 * SHA-256); the bridge refuses unless it equals the prepared list, hashes every file again before
 * anything goes out, and sends nothing else.
 */
import * as z from '../zod.ts';
import { defineAction } from '../actions/define.ts';
import { sendToGib } from '../actions/send-to-gib.ts';
import { ApprovedGibPackage, GIB_TIMEOUT_MS } from '../actions/gib-common.ts';

export const gibSend = defineAction({
  name: 'gib-send',
  params: () =>
    z
      .object({
        sessionId: z.string().regex(/^[0-9a-f]{32}$/),
        prepareId: z.string().regex(/^[0-9a-f]{32}$/),
        packages: z.array(ApprovedGibPackage).min(1).max(1000),
      })
      .strict(),
  result: () => sendToGib.result,
  timeoutMs: GIB_TIMEOUT_MS,
  since: '1.0.0',
});
