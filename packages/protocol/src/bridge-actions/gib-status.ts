/**
 * Bridge `gib-status`: the month's GİB packages as the bridge recorded them (no call to GİB, no
 * token) — what the Onaylı Beratı İndir consent window lists.
 */
import * as z from '../zod.ts';
import { TIMEOUTS } from '../config.ts';
import { defineAction } from '../actions/define.ts';
import { GibPackageInfo, Period, Vkn } from '../actions/gib-common.ts';

export const gibStatus = defineAction({
  name: 'gib-status',
  params: () => z.object({ vkn: Vkn, period: Period }).strict(),
  result: () =>
    z.object({
      endpoint: z.string(),
      environment: z.enum(['test', 'production', 'custom']),
      packages: z.array(GibPackageInfo),
    }),
  timeoutMs: TIMEOUTS.shortRequestMs,
  since: '1.0.0',
});
