/**
 * `backup-status` (Yedekleme › Durum Sorgula, and the Yedekleme Durumu column): the backup state of
 * the month's parts; with `query` (default true) the bridge first asks the integrator about every
 * part that was sent (status ≠ Entegratöre Gönderilmedi).
 */
import * as z from '../zod.ts';
import { defineAction } from './define.ts';
import { BACKUP_TIMEOUT_MS, BackupState, PartNo } from './backup-common.ts';
import { Period, Vkn } from './gib-common.ts';

export const backupStatus = defineAction({
  name: 'backup-status',
  params: () => z.object({ vkn: Vkn, period: Period, part: PartNo.optional(), query: z.boolean().optional() }).strict(),
  result: () => z.object({ backups: z.array(BackupState) }),
  timeoutMs: BACKUP_TIMEOUT_MS,
  since: '1.0.0',
});
