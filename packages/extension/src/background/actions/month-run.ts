/**
 * `month-run` ("Ayı tamamla", issue 12 §2): the whole month with ONE consent window and ONE PIN.
 *
 * 1. refuse at once when the site is not allowed, a run is going on, or the request is too large;
 * 2. the bridge inspects every document (`document-inspect`, as for sign-documents) and plans the
 *    month (`month-run-plan`: berats to build, GİB packages, endpoint, backup target, steps that run
 *    or were done by an earlier run);
 * 3. one consent window (consent/MonthRun.tsx) lists all that with each document's SHA-256, the
 *    certificate, the zaman damgası box and the PIN pad; the approval names every digest and opens
 *    a session whose `forDocuments` are exactly those digests;
 * 4. `month-run` on the bridge runs the month in that session and reports progress (relayed to the
 *    page and the popup); the session is closed at the end, whatever happens.
 * `month-run-cancel` (page) and the popup's "İptal" ask the bridge to stop before the next step.
 */
import {
  GIB_TIMEOUT_MS,
  LIMITS,
  TIMEOUTS,
  bridgeMonthRun,
  bridgeMonthRunCancel,
  documentInspect,
  monthRunPlan,
  sessionClose,
  tokenList,
  fail,
  type ParamsOf,
  type ResultOf,
  type monthRun,
  type monthRunCancel,
} from '@edefter/protocol';
import { toSummary, type DocumentSummary } from '../../shared/document-summary.ts';
import type { BridgeConnection } from '../services/bridge-connection.ts';
import { askConsent } from '../services/consent.ts';
import { clearPending, setPending } from '../services/pending.ts';
import type { ActionHandler } from './context.ts';
import { autoApproval } from '../test-hooks.ts';
import { requireAllowedOrigin } from './origin-guard.ts';
import { openSession, preselect, type Session } from './sign-documents.ts';

type Params = ParamsOf<typeof monthRun>;
type Result = ResultOf<typeof monthRun>;

/** Month runs in flight by page request id (for the popup's "İptal"). */
const RUNNING = new Map<string, { origin: string; vkn: string; period: string }>();

/** Handler of the `month-run` page action. */
export const monthRunAction: ActionHandler<Params, Result> = async (ctx, params) => {
  requireAllowedOrigin(ctx);
  if ([...RUNNING.values()].some((r) => r.origin === ctx.origin && r.vkn === params.vkn && r.period === params.period)) throw fail('transport.busy');
  const options = params.options ?? {};
  const total = params.documents.reduce((n, d) => n + Math.floor((d.bytes.length * 3) / 4), 0);
  if (total > LIMITS.maxRequestBytes) throw fail('transport.tooLarge', { bytes: total, maxRequestBytes: LIMITS.maxRequestBytes });
  RUNNING.set(ctx.id, { origin: ctx.origin, vkn: params.vkn, period: params.period });
  const month = { vkn: params.vkn, period: params.period };
  const pending = (state: 'waiting-user' | 'working'): void =>
    setPending({ id: ctx.id, origin: ctx.origin, action: 'month-run', documents: params.documents.length, startedAt: Date.now(), state, month });
  let session: Session | undefined;
  try {
    await ctx.bridge.ready();
    pending('working');
    const summaries: DocumentSummary[] = [];
    for (const [i, d] of params.documents.entries()) {
      ctx.progress({ phase: 'inspect', done: i, total: params.documents.length, unit: 'items', label: `${d.name} inceleniyor` });
      const facts = await ctx.bridge.call(
        documentInspect,
        { name: d.name, kind: d.kind, bytes: d.bytes },
        { origin: ctx.origin, timeoutMs: TIMEOUTS.bridgeSignMs },
      );
      if (facts.name !== d.name || facts.kind !== d.kind || facts.signed) throw fail('transport.internal', { reason: 'inspect-reply', name: d.name });
      summaries.push(toSummary(facts, d.kind));
    }
    const digests = summaries.map((s) => s.sha256);
    const plan = await ctx.bridge.call(
      monthRunPlan,
      {
        vkn: params.vkn,
        period: params.period,
        documents: summaries.map((s) => ({ name: s.name, kind: s.declaredKind, sha256: s.sha256 })),
        ...(options.backup !== undefined ? { backup: options.backup } : {}),
        ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
      },
      { origin: ctx.origin, timeoutMs: monthRunPlan.timeoutMs },
    );
    const { tokens } = await ctx.bridge.call(tokenList, {}, { origin: ctx.origin, timeoutMs: TIMEOUTS.shortRequestMs });
    const preferred = preselect(tokens, options.certificateId, params.vkn);
    const auto = autoApproval(ctx);
    let timestamp = options.timestamp ?? ctx.settings.timestampBerat;
    if (auto) {
      session = await openSession(ctx, tokens, { certificateId: preferred, tokenLabel: undefined, pin: [...auto.pin], confirmFinalTry: false }, digests);
    } else {
      pending('waiting-user');
      const decision = await askConsent(
        {
          origin: ctx.origin,
          index: 0,
          documents: summaries,
          certificateId: preferred,
          sessionOpen: false,
          tokens: tokens.map((t) => ({ ...t, certificates: t.certificates.map((c) => ({ ...c, der: '' })) })),
          timestamp,
          showTimestamp: true,
          tsaConfigured: ctx.bridge.hello?.tsaConfigured ?? false,
          ...(options.timestamp !== undefined ? { pageAskedTimestamp: options.timestamp } : {}),
          month: {
            vkn: plan.vkn,
            period: plan.period,
            berats: plan.berats,
            packages: plan.packages,
            endpoint: plan.endpoint,
            environment: plan.environment,
            backup: plan.backup,
            steps: plan.steps,
          },
        },
        async (d) => {
          // the window names every digest it showed; they must be exactly the month's documents
          if (!d.approvedSha256 || d.approvedSha256.length !== digests.length || digests.some((x) => !d.approvedSha256!.includes(x))) {
            d.pin?.fill(0);
            throw fail('extension.approvedMonthDigestsMismatch', { reason: 'approved-digest-mismatch' });
          }
          if (!session) session = await openSession(ctx, tokens, d, digests);
        },
      );
      timestamp = decision.timestamp;
    }
    if (!session) throw fail('transport.internal', { reason: 'no-session' });
    pending('working');
    const backupStep = plan.steps.find((s) => s.step === 'backup');
    return await ctx.bridge.call(
      bridgeMonthRun,
      {
        sessionId: session.id,
        vkn: params.vkn,
        period: params.period,
        documents: params.documents.map((d, i) => ({ name: d.name, kind: d.kind, bytes: d.bytes, approvedSha256: digests[i] })),
        packages: plan.packages.map((p) => p.paketId),
        timestamp,
        backup: Boolean(backupStep && (backupStep.run || backupStep.reason === 'resumed')),
      },
      { origin: ctx.origin, timeoutMs: GIB_TIMEOUT_MS, onProgress: ctx.progress },
    );
  } finally {
    RUNNING.delete(ctx.id);
    clearPending(ctx.id);
    if (session)
      await ctx.bridge.call(sessionClose, { sessionId: session.id }, { origin: ctx.origin, timeoutMs: TIMEOUTS.shortRequestMs }).catch(() => undefined);
  }
};

/** Handler of the `month-run-cancel` page action: the site's own running month only. */
export const monthRunCancelAction: ActionHandler<ParamsOf<typeof monthRunCancel>, ResultOf<typeof monthRunCancel>> = async (ctx, params) => {
  requireAllowedOrigin(ctx);
  await ctx.bridge.ready();
  return cancelOnBridge(ctx.bridge, ctx.origin, params.vkn, params.period);
};

/**
 * The popup's "İptal" on a running month (`ui-month-run-cancel`).
 * @returns whether the bridge found the run
 */
export async function cancelMonthRunFromPopup(bridge: BridgeConnection, requestId: string): Promise<{ cancelled: boolean }> {
  const r = RUNNING.get(requestId);
  if (!r) return { cancelled: false };
  return cancelOnBridge(bridge, r.origin, r.vkn, r.period);
}

async function cancelOnBridge(bridge: BridgeConnection, origin: string, vkn: string, period: string): Promise<{ cancelled: boolean }> {
  const res = await bridge.call(bridgeMonthRunCancel, { vkn, period }, { origin, timeoutMs: TIMEOUTS.shortRequestMs });
  return { cancelled: res.cancelled };
}
