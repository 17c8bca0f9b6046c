/** Bridge `gib-download`: Onaylı Beratı İndir with the open session's mali mühür. */
import * as z from '../zod.ts';
import { defineAction } from '../actions/define.ts';
import { downloadApprovedBerats } from '../actions/download-approved-berats.ts';
import { GIB_TIMEOUT_MS, Period, Vkn } from '../actions/gib-common.ts';

export const gibDownload = defineAction({
  name: 'gib-download',
  params: () =>
    z
      .object({
        sessionId: z.string().regex(/^[0-9a-f]{32}$/),
        vkn: Vkn,
        period: Period,
        wait: z.boolean().optional(),
      })
      .strict(),
  result: () => downloadApprovedBerats.result,
  timeoutMs: GIB_TIMEOUT_MS,
  since: '1.0.0',
});
