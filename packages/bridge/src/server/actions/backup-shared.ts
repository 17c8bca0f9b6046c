/**
 * What the Yedekleme bridge actions share (issue 7): the month parts a site prepared on this
 * machine (rows whose folder is under the site's own root, see gib-shared.ts) and the backup state
 * the page sees.
 */
import { fail, type BackupState } from '@edefter/protocol';
import { BACKUP_STATUS_LABELS, canQueryBackupStatus, type MonthPartKey } from '@edefter/domain';
import { approvedBeratsPresent } from '../../backup/service.ts';
import type { BackupStore } from '../../backup/store.ts';
import type { WorkflowStore } from '../../workflow/store.ts';
import { originRoot } from './gib-shared.ts';

/** A month part of this site with its folder. */
export interface SitePart {
  ref: MonthPartKey;
  folder: string;
}

/**
 * The month's parts (from the Y rows) whose folder belongs to `origin`, optionally only `part`.
 * @throws EdefterError BAD_INPUT when this site has no such month on this machine
 */
export function siteParts(store: WorkflowStore, origin: string, vkn: string, period: string, part?: string): SitePart[] {
  const root = originRoot(origin);
  const parts = store
    .listLedgers({ vkn, period, book: 'Y' })
    .filter((l) => l.folder && l.folder.startsWith(root) && (!part || l.part === part))
    .map((l) => ({ ref: { vkn, period, part: l.part, ...(l.branch ? { branch: l.branch } : {}) }, folder: l.folder! }));
  if (!parts.length) {
    throw fail('server.noSiteLedger', { vkn, period, ...(part ? { part } : {}) });
  }
  return parts;
}

/** The page's view of a month part's backup. */
export async function backupState(backups: BackupStore, p: SitePart): Promise<BackupState> {
  const row = backups.get(p.ref) ?? backups.ensure(p.ref);
  return {
    vkn: row.vkn,
    period: row.period,
    part: row.part,
    ...(row.branch ? { branch: row.branch } : {}),
    status: row.status,
    statusTr: BACKUP_STATUS_LABELS[row.status].tr,
    ...(row.message ? { message: row.message } : {}),
    sends: row.sends,
    ...(row.sentAt ? { sentAt: row.sentAt } : {}),
    ...(row.trigger ? { trigger: row.trigger } : {}),
    ...(row.error ? { error: row.error } : {}),
    canSend: await approvedBeratsPresent(p.folder, p.ref),
    canQuery: canQueryBackupStatus(row.status) || row.sending,
  };
}
