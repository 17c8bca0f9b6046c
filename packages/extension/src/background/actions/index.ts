/**
 * Page actions the service worker runs, by wire name: the protocol's definition (schemas,
 * timeout) next to the handler. Adding an action: a file here + one line below.
 */
import { backupSend, backupStatus, downloadApprovedBerats, listCertificates, monthRun, monthRunCancel, sendToGib, signDocuments, status, type ActionDef } from '@edefter/protocol';
import type { ActionHandler } from './context.ts';
import { listCertificatesAction } from './list-certificates.ts';
import { signDocumentsAction } from './sign-documents.ts';
import { statusAction } from './status.ts';
import { sendToGibAction } from './send-to-gib.ts';
import { downloadApprovedBeratsAction } from './download-approved-berats.ts';
import { backupSendAction } from './backup-send.ts';
import { backupStatusAction } from './backup-status.ts';
import { monthRunAction, monthRunCancelAction } from './month-run.ts';

interface Entry { def: ActionDef; handler: ActionHandler<never, unknown> }

/** Handlers by action name. */
export const HANDLERS: Readonly<Record<string, Entry>> = Object.freeze({
  [status.name]: { def: status, handler: statusAction },
  [listCertificates.name]: { def: listCertificates, handler: listCertificatesAction },
  [signDocuments.name]: { def: signDocuments, handler: signDocumentsAction },
  [sendToGib.name]: { def: sendToGib, handler: sendToGibAction },
  [downloadApprovedBerats.name]: { def: downloadApprovedBerats, handler: downloadApprovedBeratsAction },
  [backupSend.name]: { def: backupSend, handler: backupSendAction },
  [backupStatus.name]: { def: backupStatus, handler: backupStatusAction },
  [monthRun.name]: { def: monthRun, handler: monthRunAction },
  [monthRunCancel.name]: { def: monthRunCancel, handler: monthRunCancelAction },
});
