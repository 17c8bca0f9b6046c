/**
 * Bridge legs of "Ayı tamamla" (see actions/month-run.ts):
 * - `month-run-plan` (no token): what the consent window lists besides the inspected documents —
 *   the berats and packages that will be built, the GİB endpoint, the backup target, and which
 *   steps will run (steps an earlier run of the same documents completed are not run again);
 * - `month-run` (after consent, in the session opened with `forDocuments` = the Y/K/DR digests):
 *   runs the month; the bridge signs only the approved digests and what it derives from them, and
 *   sends only the approved packages; progress events (hops/bridge.ts) report each step;
 * - `month-run-cancel`: stops the site's running month run before its next step.
 */
import * as z from '../zod.ts';
import { lazySchema } from '../lazy-schema.ts';
import { defineAction } from '../actions/define.ts';
import { GIB_TIMEOUT_MS, PaketId, Period, Vkn, PackageKindCode, PackageStateCode } from '../actions/gib-common.ts';
import { MonthRunResult, MonthRunStep, monthRunCancel } from '../actions/month-run.ts';
import { DocumentName } from '../actions/sign-documents.ts';
import { TIMEOUTS } from '../config.ts';
import { Base64, DocumentKind } from '../common.ts';

const Sha256 = lazySchema(() => z.string().regex(/^[0-9a-f]{64}$/));

/** One planned step and whether it will run. */
export const MonthRunPlanStep = lazySchema(() =>
  z.object({
    step: MonthRunStep,
    run: z.boolean(),
    /** why a step does not run: done earlier (`resumed`) or not asked for (`off`) */
    reason: z.enum(['resumed', 'off']).optional(),
  }),
);

export const monthRunPlan = defineAction({
  name: 'month-run-plan',
  params: () =>
    z
      .object({
        vkn: Vkn,
        period: Period,
        /** SHA-256 of the inspected unsigned documents (Y, K, optionally DR) */
        documents: z
          .array(z.object({ name: DocumentName, kind: DocumentKind, sha256: Sha256 }).strict())
          .min(2)
          .max(41),
        backup: z.boolean().optional(),
        timestamp: z.boolean().optional(),
      })
      .strict(),
  result: () =>
    z.object({
      vkn: Vkn,
      period: Period,
      /** berats the bridge will build from the signed defters: name and the defter it binds */
      berats: z.array(z.object({ name: z.string(), kind: DocumentKind.extract(['yevmiye-berati', 'kebir-berati']), from: z.string() })),
      /** GİB packages that will be sent (exactly these), with their state at GİB when known */
      packages: z.array(
        z.object({
          paketId: PaketId,
          kind: PackageKindCode.exclude(['EB']),
          files: z.array(z.string()),
          state: PackageStateCode.optional(),
          stateTr: z.string().optional(),
        }),
      ),
      endpoint: z.string(),
      environment: z.enum(['test', 'production', 'custom']),
      /** the integrator that receives the backup (when the backup step runs) */
      backup: z.object({ enabled: z.boolean(), url: z.string().optional() }),
      steps: z.array(MonthRunPlanStep),
    }),
  timeoutMs: TIMEOUTS.shortRequestMs,
  since: '1.0.0',
});

export const bridgeMonthRun = defineAction({
  name: 'month-run',
  params: () =>
    z
      .object({
        sessionId: z.string().regex(/^[0-9a-f]{32}$/),
        vkn: Vkn,
        period: Period,
        /** the documents the window listed, each with the digest the user approved */
        documents: z
          .array(z.object({ name: DocumentName, kind: DocumentKind, bytes: Base64, approvedSha256: Sha256 }).strict())
          .min(2)
          .max(41),
        /** the package ids the window listed; the bridge sends exactly these */
        packages: z.array(PaketId).min(1).max(41),
        timestamp: z.boolean(),
        backup: z.boolean(),
      })
      .strict(),
  result: () => MonthRunResult,
  timeoutMs: GIB_TIMEOUT_MS,
  since: '1.0.0',
});

export const bridgeMonthRunCancel = defineAction({
  name: 'month-run-cancel',
  params: () => monthRunCancel.params,
  result: () => monthRunCancel.result,
  timeoutMs: TIMEOUTS.shortRequestMs,
  since: '1.0.0',
});
