/** Bridge `backup-send`: Yedekleme › Gönder for a month part this site prepared (see actions/backup-send.ts). */
import { defineAction } from '../actions/define.ts';
import { backupSend as pageBackupSend } from '../actions/backup-send.ts';

export const bridgeBackupSend = defineAction({
  name: 'backup-send',
  params: () => pageBackupSend.params,
  result: () => pageBackupSend.result,
  timeoutMs: pageBackupSend.timeoutMs,
  since: '1.0.0',
});
