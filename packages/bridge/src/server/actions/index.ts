/**
 * Bridge actions by wire name: the protocol definition (schemas) beside the handler. Adding
 * one: a file here, a definition in packages/protocol/src/bridge-actions/, one line below.
 */
import type { BridgeActionDefs, HandlerMap } from '@edefter/protocol';
import type { BridgeActionContext } from './context.ts';
import { lazyHandler } from './lazy.ts';
import { statusHandler } from './status.ts';

/** month-run.ts, loaded once for its three handlers. */
const monthRun = (): Promise<typeof import('./month-run.ts')> => import('./month-run.ts');

/**
 * Handlers of every bridge action, typed by their definitions: each takes its action's parsed
 * params and returns what its result schema reads (a missing or mistyped handler does not compile).
 * All but `status` are loaded on first use (lazy.ts), so an idle bridge has not evaluated them.
 */
export const BRIDGE_HANDLERS: HandlerMap<BridgeActionDefs, BridgeActionContext> = Object.freeze({
  status: statusHandler,
  'allowlist-set': lazyHandler(() => import('./allowlist-set.ts').then((m) => m.allowlistSetHandler)),
  'token-list': lazyHandler(() => import('./token-list.ts').then((m) => m.tokenListHandler)),
  'document-inspect': lazyHandler(() => import('./document-inspect.ts').then((m) => m.documentInspectHandler)),
  'session-open': lazyHandler(() => import('./session-open.ts').then((m) => m.sessionOpenHandler)),
  'session-sign': lazyHandler(() => import('./session-sign.ts').then((m) => m.sessionSignHandler)),
  'session-close': lazyHandler(() => import('./session-close.ts').then((m) => m.sessionCloseHandler)),
  'gib-prepare': lazyHandler(() => import('./gib-prepare.ts').then((m) => m.gibPrepareHandler)),
  'gib-send': lazyHandler(() => import('./gib-send.ts').then((m) => m.gibSendHandler)),
  'gib-cancel': lazyHandler(() => import('./gib-cancel.ts').then((m) => m.gibCancelHandler)),
  'gib-status': lazyHandler(() => import('./gib-status.ts').then((m) => m.gibStatusHandler)),
  'gib-download': lazyHandler(() => import('./gib-download.ts').then((m) => m.gibDownloadHandler)),
  'backup-send': lazyHandler(() => import('./backup-send.ts').then((m) => m.backupSendHandler)),
  'backup-status': lazyHandler(() => import('./backup-status.ts').then((m) => m.backupStatusHandler)),
  'backup-settings': lazyHandler(() => import('./backup-settings.ts').then((m) => m.backupSettingsHandler)),
  'gib-settings': lazyHandler(() => import('./gib-settings.ts').then((m) => m.gibSettingsHandler)),
  'tsa-settings': lazyHandler(() => import('./tsa-settings.ts').then((m) => m.tsaSettingsHandler)),
  'audit-consent': lazyHandler(() => import('./audit-consent.ts').then((m) => m.auditConsentHandler)),
  'month-run-plan': lazyHandler(() => monthRun().then((m) => m.monthRunPlanHandler)),
  'month-run': lazyHandler(() => monthRun().then((m) => m.monthRunHandler)),
  'month-run-cancel': lazyHandler(() => monthRun().then((m) => m.monthRunCancelHandler)),
});

export type { BridgeActionContext, ServerContext } from './context.ts';
