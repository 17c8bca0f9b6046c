/**
 * Registry of page actions (page → content script → service worker). To add one: write
 * `actions/<name>.ts` with {@link defineAction}, add it here, add a handler file in
 * `packages/extension/src/background/actions/` and a method in `page/client.ts`.
 */
import { listCertificates } from './list-certificates.ts';
import { signDocuments } from './sign-documents.ts';
import { status } from './status.ts';
import { sendToGib } from './send-to-gib.ts';
import { downloadApprovedBerats } from './download-approved-berats.ts';
import { backupSend } from './backup-send.ts';
import { backupStatus } from './backup-status.ts';
import { monthRun, monthRunCancel } from './month-run.ts';

export {
  defineAction,
  parseActionParams,
  parseActionResult,
  runActionHandler,
  type ActionDef,
  type HandlerMap,
  type HandlerParamsOf,
  type HandlerResultOf,
  type ParamsOf,
  type ParsedParams,
  type ResultOf,
} from './define.ts';
export { status, BridgeLinkState } from './status.ts';
export { listCertificates } from './list-certificates.ts';
export { signDocuments, DocumentToSign, SignedDocument, SignOptions, DocumentName } from './sign-documents.ts';
export { sendToGib } from './send-to-gib.ts';
export { downloadApprovedBerats } from './download-approved-berats.ts';
export * from './gib-common.ts';
export { backupSend } from './backup-send.ts';
export { backupStatus } from './backup-status.ts';
export * from './backup-common.ts';
export { monthRun, monthRunCancel, MonthRunStep, MonthRunOptions, MonthRunResult, MonthRunStepOutcome } from './month-run.ts';

/** Every page action by wire name. */
export const PAGE_ACTIONS = Object.freeze({
  [status.name]: status,
  [listCertificates.name]: listCertificates,
  [signDocuments.name]: signDocuments,
  [sendToGib.name]: sendToGib,
  [downloadApprovedBerats.name]: downloadApprovedBerats,
  [backupSend.name]: backupSend,
  [backupStatus.name]: backupStatus,
  [monthRun.name]: monthRun,
  [monthRunCancel.name]: monthRunCancel,
});

/** Wire names of page actions. */
export type PageActionName = keyof typeof PAGE_ACTIONS;

/** Page action definitions by wire name (the registry's type, for {@link HandlerMap}). */
export type PageActionDefs = typeof PAGE_ACTIONS;

/** True when `name` is a page action this protocol version knows. */
export function isPageAction(name: string): name is PageActionName {
  return Object.hasOwn(PAGE_ACTIONS, name);
}
