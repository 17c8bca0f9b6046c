/**
 * Registry of bridge actions (service worker → bridge). `origin` says whether a request acts
 * for a web page: `required` = it must carry the page's origin (as the extension saw it);
 * `optional` = it may (the extension's own popup asks without one); `none` = it must not.
 * Whenever an origin is present the bridge checks it against its copy of the allowed sites.
 */
import { allowlistSet } from './allowlist-set.ts';
import { sessionClose } from './session-close.ts';
import { sessionOpen } from './session-open.ts';
import { sessionSign } from './session-sign.ts';
import { bridgeStatus } from './status.ts';
import { tokenList } from './token-list.ts';
import { gibPrepare } from './gib-prepare.ts';
import { gibSend } from './gib-send.ts';
import { gibCancel } from './gib-cancel.ts';
import { gibStatus } from './gib-status.ts';
import { gibDownload } from './gib-download.ts';
import { bridgeBackupSend } from './backup-send.ts';
import { bridgeBackupStatus } from './backup-status.ts';
import { backupSettings } from './backup-settings.ts';
import { gibSettings } from './gib-settings.ts';
import { tsaSettings } from './tsa-settings.ts';
import { auditConsent } from './audit-consent.ts';
import { documentInspect } from './document-inspect.ts';
import { bridgeMonthRun, bridgeMonthRunCancel, monthRunPlan } from './month-run.ts';

export { allowlistSet } from './allowlist-set.ts';
export { sessionClose } from './session-close.ts';
export { sessionOpen } from './session-open.ts';
export { sessionSign } from './session-sign.ts';
export { bridgeStatus } from './status.ts';
export { tokenList, TokenWithCertificates } from './token-list.ts';
export { gibPrepare } from './gib-prepare.ts';
export { gibSend } from './gib-send.ts';
export { gibCancel } from './gib-cancel.ts';
export { gibStatus } from './gib-status.ts';
export { gibDownload } from './gib-download.ts';
export { bridgeBackupSend } from './backup-send.ts';
export { bridgeBackupStatus } from './backup-status.ts';
export { backupSettings } from './backup-settings.ts';
export { gibSettings, GibSettingsView, GibEnvironment } from './gib-settings.ts';
export { tsaSettings, TsaSettingsView, TsaMode } from './tsa-settings.ts';
export { TrustAnchorView, TrustPem, MAX_TRUST_PEM_CHARS } from './settings-common.ts';
export { auditConsent } from './audit-consent.ts';
export { bridgeMonthRun, bridgeMonthRunCancel, monthRunPlan, MonthRunPlanStep } from './month-run.ts';
export { documentInspect, DocumentFacts, GibDocumentType, KIND_OF_TYPE, Sha256Hex } from './document-inspect.ts';

/** Every bridge action by wire name, with whether it acts for a web origin. */
export const BRIDGE_ACTIONS = Object.freeze({
  [bridgeStatus.name]: { def: bridgeStatus, origin: 'none' },
  [allowlistSet.name]: { def: allowlistSet, origin: 'none' },
  [tokenList.name]: { def: tokenList, origin: 'optional' },
  [documentInspect.name]: { def: documentInspect, origin: 'required' },
  [sessionOpen.name]: { def: sessionOpen, origin: 'required' },
  [sessionSign.name]: { def: sessionSign, origin: 'required' },
  [sessionClose.name]: { def: sessionClose, origin: 'required' },
  [gibPrepare.name]: { def: gibPrepare, origin: 'required' },
  [gibSend.name]: { def: gibSend, origin: 'required' },
  [gibCancel.name]: { def: gibCancel, origin: 'required' },
  [gibStatus.name]: { def: gibStatus, origin: 'required' },
  [gibDownload.name]: { def: gibDownload, origin: 'required' },
  [bridgeBackupSend.name]: { def: bridgeBackupSend, origin: 'required' },
  [bridgeBackupStatus.name]: { def: bridgeBackupStatus, origin: 'required' },
  [backupSettings.name]: { def: backupSettings, origin: 'none' },
  [gibSettings.name]: { def: gibSettings, origin: 'none' },
  [tsaSettings.name]: { def: tsaSettings, origin: 'none' },
  [auditConsent.name]: { def: auditConsent, origin: 'optional' },
  [monthRunPlan.name]: { def: monthRunPlan, origin: 'required' },
  [bridgeMonthRun.name]: { def: bridgeMonthRun, origin: 'required' },
  [bridgeMonthRunCancel.name]: { def: bridgeMonthRunCancel, origin: 'required' },
} as const satisfies Record<string, { def: unknown; origin: 'required' | 'optional' | 'none' }>);

/** Wire names of bridge actions. */
export type BridgeActionName = keyof typeof BRIDGE_ACTIONS;

/** Bridge action definitions by wire name (for the bridge's typed {@link HandlerMap}). */
export type BridgeActionDefs = { [K in BridgeActionName]: (typeof BRIDGE_ACTIONS)[K]['def'] };

/** True when `name` is a bridge action this protocol version knows. */
export function isBridgeAction(name: string): name is BridgeActionName {
  return Object.hasOwn(BRIDGE_ACTIONS, name);
}
