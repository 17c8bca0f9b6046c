/**
 * Page actions the service worker runs, by wire name: the protocol's definition (schemas,
 * timeout) next to the handler. Adding an action: a file here + one line below.
 */
import type { HandlerMap, PageActionDefs } from '@edefter/protocol';
import type { ActionContext } from './context.ts';
import { listCertificatesAction } from './list-certificates.ts';
import { signDocumentsAction } from './sign-documents.ts';
import { statusAction } from './status.ts';
import { sendToGibAction } from './send-to-gib.ts';
import { downloadApprovedBeratsAction } from './download-approved-berats.ts';
import { backupSendAction } from './backup-send.ts';
import { backupStatusAction } from './backup-status.ts';
import { monthRunAction, monthRunCancelAction } from './month-run.ts';

/**
 * Handlers by page action name, typed by the protocol's definitions (PAGE_ACTIONS): each takes its
 * action's parsed params and returns what the page's result schema reads. A missing or mistyped
 * handler does not compile.
 */
export const HANDLERS: HandlerMap<PageActionDefs, ActionContext> = Object.freeze({
  status: statusAction,
  'list-certificates': listCertificatesAction,
  'sign-documents': signDocumentsAction,
  'send-to-gib': sendToGibAction,
  'download-approved-berats': downloadApprovedBeratsAction,
  'backup-send': backupSendAction,
  'backup-status': backupStatusAction,
  'month-run': monthRunAction,
  'month-run-cancel': monthRunCancelAction,
});
