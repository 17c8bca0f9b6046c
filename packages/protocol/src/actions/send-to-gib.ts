/**
 * `send-to-gib` (GİB'e Gönder): the page hands over the signed files of a month (Y + YB, K + KB,
 * DR); the bridge packages them (Y+YB; KB alone from the 2025 periods; DR after the berats),
 * the user approves the package list in the extension's own window and enters the PIN, and the
 * bridge uploads each package to the GİB web service, signing every SOAP message with the mali
 * mühür. Sending is a legal act: never without that consent. Packages GİB already has are not
 * uploaded again.
 */
import * as z from '../zod.ts';
import { LIMITS } from '../config.ts';
import { defineAction } from './define.ts';
import { DocumentToSend, GIB_TIMEOUT_MS, GibSendOutcome, LedgerRowState, Period, Vkn } from './gib-common.ts';

export const sendToGib = defineAction({
  name: 'send-to-gib',
  params: () =>
    z
      .object({
        documents: z.array(DocumentToSend).min(1).max(LIMITS.maxDocuments),
        /** CKA_ID hex of the certificate that signs the SOAP messages; default: chosen in the consent window */
        certificateId: z
          .string()
          .regex(/^[0-9a-f]{0,128}$/i)
          .optional(),
      })
      .strict(),
  result: () =>
    z.object({
      vkn: Vkn,
      period: Period,
      endpoint: z.string(),
      packages: z.array(GibSendOutcome),
      rows: z.array(LedgerRowState),
    }),
  timeoutMs: GIB_TIMEOUT_MS,
  since: '1.0.0',
});
