/**
 * Bridge actions of "Ayı tamamla" (issue 12 §2; flows/month-run.ts does the work):
 * `month-run-plan` lists for the consent window what will be built, sent and backed up and which
 * steps will run; `month-run` runs the month in the session the user opened with one PIN;
 * `month-run-cancel` stops the site's running month before its next step.
 */
import { fail, type ParamsOf, type ResultOf, type bridgeMonthRun, type bridgeMonthRunCancel, type monthRunPlan } from '@edefter/protocol';
import { PACKAGE_STATE_LABELS } from '@edefter/domain';
import { getCompanyBackupSettings } from '../../backup/settings.ts';
import { loadGibSettings } from '../../gib/settings.ts';
import { WorkflowStore } from '../../workflow/store.ts';
import { getPackage } from '../../workflow/package-store.ts';
import { beratNameOf, cancelMonthRun, gibStepsDone, plannedPackages, runMonthFlow } from '../../flows/month-run.ts';
import { monthRunFolder, readMonthState } from '../../flows/month-state.ts';
import type { BridgeHandler } from './context.ts';
import { notInspected } from './signable.ts';

const ORDER = ['sign', 'berat', 'dr', 'check', 'gib-send', 'gib-wait', 'gib-download', 'backup'] as const;

export const monthRunPlanHandler: BridgeHandler<ParamsOf<typeof monthRunPlan>, ResultOf<typeof monthRunPlan>> = async (ctx, params) => {
  const origin = ctx.origin!;
  for (const d of params.documents) {
    const doc = ctx.sessions.inspected.get(origin, d.sha256);
    if (!doc) throw notInspected(d.sha256);
    if (doc.facts.name !== d.name || doc.facts.kind !== d.kind) {
      throw fail('server.notTheInspectedDocument', { reason: 'name-or-kind-mismatch', name: d.name });
    }
  }
  const planned = plannedPackages(params.vkn, params.period, params.documents);
  const store = WorkflowStore.open();
  try {
    const state = readMonthState(monthRunFolder(origin, params.vkn, params.period));
    const sameDocs =
      state &&
      Object.keys(state.sources).length === params.documents.length &&
      params.documents.every((d) => state.sources[d.name] === d.sha256) &&
      (params.timestamp === undefined || state.timestamp === params.timestamp);
    const done = new Set([
      ...(sameDocs ? state.done : []),
      ...gibStepsDone(
        store,
        planned.map((x) => x.paketId),
      ),
    ]);
    const company = await getCompanyBackupSettings(params.vkn);
    const backupOn = params.backup ?? company.enabled;
    const hasDr = planned.some((x) => x.kind === 'DR');
    const gib = await loadGibSettings();
    return {
      vkn: params.vkn,
      period: params.period,
      berats: params.documents
        .filter((d) => d.kind === 'yevmiye' || d.kind === 'kebir')
        .map((d) => ({ name: beratNameOf(d.name), kind: d.kind === 'yevmiye' ? ('yevmiye-berati' as const) : ('kebir-berati' as const), from: d.name })),
      packages: planned.map((x) => {
        const row = getPackage(store, x.paketId);
        return { ...x, ...(row ? { state: row.state, stateTr: PACKAGE_STATE_LABELS[row.state].tr } : {}) };
      }),
      endpoint: gib.endpoint ?? '',
      environment: gib.environment,
      backup: { enabled: company.enabled, ...(company.url ? { url: company.url } : {}) },
      steps: ORDER.map((step) => {
        if ((step === 'dr' && !hasDr) || (step === 'backup' && !backupOn)) return { step, run: false, reason: 'off' as const };
        return done.has(step) ? { step, run: false, reason: 'resumed' as const } : { step, run: true };
      }),
    };
  } finally {
    store.close();
  }
};

/**
 * Runs the month. The session is checked here first (SESSION_NOT_FOUND for an unknown, expired or
 * another origin's session): runMonthFlow marks the month as running before it looks the session
 * up, and a throw there would leave the month BUSY until the bridge restarts.
 */
export const monthRunHandler: BridgeHandler<ParamsOf<typeof bridgeMonthRun>, ResultOf<typeof bridgeMonthRun>> = async (ctx, params) => {
  ctx.sessions.maySign(params.sessionId, ctx.origin!, '');
  return runMonthFlow(ctx, { ...params, documents: params.documents.map((d) => ({ ...d, bytes: Buffer.from(d.bytes, 'base64') })) });
};

export const monthRunCancelHandler: BridgeHandler<ParamsOf<typeof bridgeMonthRunCancel>, ResultOf<typeof bridgeMonthRunCancel>> = async (ctx, params) => {
  const cancelled = cancelMonthRun(ctx.origin!, params.vkn, params.period);
  ctx.server.log.info('Ayı tamamla iptal istendi / month run cancel asked', { origin: ctx.origin, vkn: params.vkn, period: params.period, running: cancelled });
  return { cancelled };
};
