/**
 * Bridge `audit-consent`: the extension reports a consent window it showed and how it was
 * answered, so the bridge's audit log (`consent-shown`, `consent-answer`) holds every consent with
 * what it covered — document names and SHA-256, GİB package ids, or the settings that change.
 * It carries the page's origin when the window was for a page (checked against the allowed sites
 * like any request); none for the extension's own settings windows. Never a PIN or password.
 */
import * as z from '../zod.ts';
import { lazySchema } from '../lazy-schema.ts';
import { TIMEOUTS } from '../config.ts';
import { defineAction } from '../actions/define.ts';

const Hex64 = lazySchema(() => z.string().regex(/^[0-9a-f]{64}$/));

export const auditConsent = defineAction({
  name: 'audit-consent',
  params: () =>
    z
      .object({
        event: z.enum(['shown', 'answer']),
        /** the window's consent id (32 hex), links "shown" to its "answer" */
        consentId: z.string().regex(/^[0-9a-f]{32}$/),
        /** what the window asked for */
        action: z.enum(['sign', 'gib-send', 'gib-download', 'settings', 'month-run']),
        /** for `answer`: approve (this one), approve-all (this and the rest listed), refuse, closed (window closed), timeout, error */
        answer: z.enum(['approve', 'approve-all', 'refuse', 'closed', 'timeout', 'error']).optional(),
        /** documents the window (or the answer) covers */
        documents: z
          .array(z.object({ name: z.string().max(255), sha256: Hex64 }))
          .max(1000)
          .optional(),
        /** GİB package ids the window lists */
        packages: z.array(z.string().max(100)).max(200).optional(),
        /** settings windows: what changes (field names; values never include a password) */
        settings: z
          .object({
            area: z.enum(['backup', 'gib', 'tsa']),
            vkn: z
              .string()
              .regex(/^\d{10,11}$/)
              .optional(),
            changed: z.array(z.string().max(40)).max(20),
          })
          .strict()
          .optional(),
      })
      .strict()
      .refine((p) => (p.event === 'answer') === (p.answer !== undefined), 'answer goes with event "answer" only'),
  result: () => z.object({ seq: z.number().int() }),
  timeoutMs: TIMEOUTS.shortRequestMs,
  since: '1.0.0',
});
