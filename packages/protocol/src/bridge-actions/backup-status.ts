/** Bridge `backup-status`: Durum Sorgula / Yedekleme Durumu for this site's month (see actions/backup-status.ts). */
import { defineAction } from '../actions/define.ts';
import { backupStatus as pageBackupStatus } from '../actions/backup-status.ts';

export const bridgeBackupStatus = defineAction({
  name: 'backup-status',
  params: () => pageBackupStatus.params,
  result: () => pageBackupStatus.result,
  timeoutMs: pageBackupStatus.timeoutMs,
  since: '1.0.0',
});
