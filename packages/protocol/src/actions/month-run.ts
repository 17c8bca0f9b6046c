/**
 * `month-run` ("Ayı tamamla", issue 12 §2): one consent window and one PIN for a whole month.
 * The page hands over the month's unsigned Y and K parts (and optionally its unsigned Defter
 * Raporu); the user approves, in the extension's window, every listed document with its SHA-256,
 * the berats that will be built from them, the GİB packages and the backup target. The bridge then
 * signs Y/K, builds and signs YB/KB, signs the DR, checks every package in full, sends exactly the
 * listed packages to GİB, waits for and downloads the approved berats and (when asked) sends the
 * backup. It stops at the first error; a later month-run of the same documents resumes after the
 * last completed step. `month-run-cancel` stops a running one before its next step.
 */
import * as z from '../zod.ts';
import { lazySchema } from '../lazy-schema.ts';
import { DocumentKind } from '../common.ts';
import { TIMEOUTS } from '../config.ts';
import { defineAction } from './define.ts';
import { BackupState } from './backup-common.ts';
import { GIB_TIMEOUT_MS, GibDownloadOutcome, GibSendOutcome, LedgerRowState, Period, Vkn } from './gib-common.ts';
import { DocumentToSign, SignedDocument } from './sign-documents.ts';

/** Steps of a month run, in order. */
export const MonthRunStep = lazySchema(() => z.enum(['sign', 'berat', 'dr', 'check', 'gib-send', 'gib-wait', 'gib-download', 'backup']));
export type MonthRunStep = z.infer<typeof MonthRunStep>;

/** Options of a month run. */
export const MonthRunOptions = lazySchema(() =>
  z
    .object({
      /** XAdES-T (zaman damgası) on the defters and berats; the user confirms it in the window */
      timestamp: z.boolean().optional(),
      /** send the backup to the integrator after the approved berats (default: the bridge's backup setting) */
      backup: z.boolean().optional(),
      /** CKA_ID hex of the certificate; default: the one whose VKN matches */
      certificateId: z
        .string()
        .regex(/^[0-9a-f]{0,128}$/i)
        .optional(),
    })
    .strict(),
);

/** How one step ended. */
export const MonthRunStepOutcome = lazySchema(() =>
  z.object({
    step: MonthRunStep,
    /** done now / done by an earlier run (resumed after it) / not asked for */
    status: z.enum(['done', 'resumed', 'skipped']),
    message: z.string().optional(),
  }),
);

/** Result of a month run (page and bridge legs). */
export const MonthRunResult = lazySchema(() =>
  z.object({
    vkn: Vkn,
    period: Period,
    steps: z.array(MonthRunStepOutcome),
    /** the signed files of the month (Y, K, YB, KB, DR), bytes base64 */
    signed: z.array(SignedDocument),
    sent: z.array(GibSendOutcome),
    packages: z.array(GibDownloadOutcome),
    rows: z.array(LedgerRowState),
    backup: BackupState.optional(),
  }),
);
export type MonthRunResult = z.infer<typeof MonthRunResult>;

export const monthRun = defineAction({
  name: 'month-run',
  params: () =>
    z
      .object({
        vkn: Vkn,
        period: Period,
        /** the month's unsigned Y and K parts, optionally its unsigned DR */
        documents: z
          .array(DocumentToSign.extend({ kind: DocumentKind }))
          .min(2)
          .max(41),
        options: MonthRunOptions.default({}),
      })
      .strict(),
  result: () => MonthRunResult,
  timeoutMs: TIMEOUTS.userInteractionMs + GIB_TIMEOUT_MS,
  since: '1.0.0',
});

/** `month-run-cancel`: stop this site's running month run of `vkn`/`period` before its next step. */
export const monthRunCancel = defineAction({
  name: 'month-run-cancel',
  params: () => z.object({ vkn: Vkn, period: Period }).strict(),
  result: () => z.object({ cancelled: z.boolean() }),
  timeoutMs: TIMEOUTS.shortRequestMs,
  since: '1.0.0',
});
