/**
 * `download-approved-berats` (Onaylı Beratı İndir): asks GİB (getBatchStatus, receiveDocumentFile,
 * signed with the mali mühür after the user's consent and PIN) for the month's approved berats;
 * the bridge checks GİB's counter-signature, that it seals our berat, the berat's own signature and
 * the schema, stores `GIB-…xml`, and returns it. A tampered or foreign berat is refused.
 */
import * as z from '../zod.ts';
import { defineAction } from './define.ts';
import { GIB_TIMEOUT_MS, GibDownloadOutcome, LedgerRowState, Period, Vkn } from './gib-common.ts';

export const downloadApprovedBerats = defineAction({
  name: 'download-approved-berats',
  params: () =>
    z
      .object({
        vkn: Vkn,
        period: Period,
        /** keep polling until GİB has processed every package (default false: one pass) */
        wait: z.boolean().optional(),
        certificateId: z
          .string()
          .regex(/^[0-9a-f]{0,128}$/i)
          .optional(),
      })
      .strict(),
  result: () => z.object({ packages: z.array(GibDownloadOutcome), rows: z.array(LedgerRowState) }),
  timeoutMs: GIB_TIMEOUT_MS,
  since: '1.0.0',
});
