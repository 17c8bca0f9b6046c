/**
 * Bridge actions by wire name: the protocol definition (schemas) beside the handler. Adding
 * one: a file here, a definition in packages/protocol/src/bridge-actions/, one line below.
 */
import type { BridgeActionDefs, HandlerMap } from '@edefter/protocol';
import { allowlistSetHandler } from './allowlist-set.ts';
import type { BridgeActionContext } from './context.ts';
import { sessionCloseHandler } from './session-close.ts';
import { sessionOpenHandler } from './session-open.ts';
import { sessionSignHandler } from './session-sign.ts';
import { statusHandler } from './status.ts';
import { tokenListHandler } from './token-list.ts';
import { gibPrepareHandler } from './gib-prepare.ts';
import { gibSendHandler } from './gib-send.ts';
import { gibCancelHandler } from './gib-cancel.ts';
import { gibStatusHandler } from './gib-status.ts';
import { gibDownloadHandler } from './gib-download.ts';
import { backupSendHandler } from './backup-send.ts';
import { backupStatusHandler } from './backup-status.ts';
import { backupSettingsHandler } from './backup-settings.ts';
import { gibSettingsHandler } from './gib-settings.ts';
import { tsaSettingsHandler } from './tsa-settings.ts';
import { auditConsentHandler } from './audit-consent.ts';
import { documentInspectHandler } from './document-inspect.ts';
import { monthRunCancelHandler, monthRunHandler, monthRunPlanHandler } from './month-run.ts';

/**
 * Handlers of every bridge action, typed by their definitions: each takes its action's parsed
 * params and returns what its result schema reads (a missing or mistyped handler does not compile).
 */
export const BRIDGE_HANDLERS: HandlerMap<BridgeActionDefs, BridgeActionContext> = Object.freeze({
  status: statusHandler,
  'allowlist-set': allowlistSetHandler,
  'token-list': tokenListHandler,
  'document-inspect': documentInspectHandler,
  'session-open': sessionOpenHandler,
  'session-sign': sessionSignHandler,
  'session-close': sessionCloseHandler,
  'gib-prepare': gibPrepareHandler,
  'gib-send': gibSendHandler,
  'gib-cancel': gibCancelHandler,
  'gib-status': gibStatusHandler,
  'gib-download': gibDownloadHandler,
  'backup-send': backupSendHandler,
  'backup-status': backupStatusHandler,
  'backup-settings': backupSettingsHandler,
  'gib-settings': gibSettingsHandler,
  'tsa-settings': tsaSettingsHandler,
  'audit-consent': auditConsentHandler,
  'month-run-plan': monthRunPlanHandler,
  'month-run': monthRunHandler,
  'month-run-cancel': monthRunCancelHandler,
});

export type { BridgeActionContext, ServerContext } from './context.ts';
