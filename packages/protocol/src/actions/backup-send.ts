/**
 * `backup-send` (Yedekleme › Gönder): the bridge checks the month part's six files (Y, K, YB, KB and
 * the GİB-approved YB, KB) with çapraz doğrulama, zips them with a manifest and sends them to the
 * integrator configured for the company; the answer is "Paket İşleme Alındı". Only months this site
 * prepared on this machine. May be repeated: the integrator keeps the latest.
 */
import * as z from '../zod.ts';
import { defineAction } from './define.ts';
import { BACKUP_TIMEOUT_MS, BackupState, PartNo } from './backup-common.ts';
import { Period, Vkn } from './gib-common.ts';

export const backupSend = defineAction({
  name: 'backup-send',
  params: () => z.object({ vkn: Vkn, period: Period, part: PartNo.optional() }).strict(),
  result: () => z.object({ backup: BackupState }),
  timeoutMs: BACKUP_TIMEOUT_MS,
  since: '1.0.0',
});
