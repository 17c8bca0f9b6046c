/**
 * Bridge `gib-prepare`: checks the signed files of a month (names, signatures present, defter ↔
 * berat SignatureValue binding), keeps them, and lists the packages that `gib-send` would upload
 * — what the consent window shows. Needs no token.
 */
import * as z from '../zod.ts';
import { TIMEOUTS } from '../config.ts';
import { defineAction } from '../actions/define.ts';
import { DocumentToSend, GibPackageInfo, Period, Vkn } from '../actions/gib-common.ts';
import { LIMITS } from '../config.ts';

export const gibPrepare = defineAction({
  name: 'gib-prepare',
  params: () => z.object({ documents: z.array(DocumentToSend).min(1).max(LIMITS.maxDocuments) }).strict(),
  result: () =>
    z.object({
      prepareId: z.string().regex(/^[0-9a-f]{32}$/),
      vkn: Vkn,
      period: Period,
      /** GİB web service the bridge will use, and which environment it is */
      endpoint: z.string(),
      environment: z.enum(['test', 'production', 'custom']),
      packages: z.array(GibPackageInfo),
    }),
  timeoutMs: TIMEOUTS.bridgeSignMs,
  since: '1.0.0',
});
