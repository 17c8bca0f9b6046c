/**
 * Bridge `backup-send` (Yedekleme › Gönder): çapraz doğrulama of the six files of this site's month
 * part, then the upload to the company's integrator (backup/service.ts). No token, no PIN.
 */
import type { ParamsOf, ResultOf, bridgeBackupSend } from '@edefter/protocol';
import { sendBackup } from '../../backup/service.ts';
import { BackupStore } from '../../backup/store.ts';
import { backupContext } from '../../flows/backup.ts';
import { WorkflowStore } from '../../workflow/store.ts';
import type { BridgeHandler } from './context.ts';
import { backupState, siteParts } from './backup-shared.ts';

export const backupSendHandler: BridgeHandler<ParamsOf<typeof bridgeBackupSend>, ResultOf<typeof bridgeBackupSend>> = async (ctx, params) => {
  const wf = WorkflowStore.open();
  try {
    const [p] = siteParts(wf, ctx.origin!, params.vkn, params.period, params.part ?? '000000');
    const backups = new BackupStore(wf);
    ctx.progress({ phase: 'backup', done: 0, total: 0, unit: 'bytes', label: 'Çapraz doğrulama ve yedek paketi hazırlanıyor' });
    const r = await sendBackup(backupContext(backups, { origin: ctx.origin! }), p.ref, {
      monthDir: p.folder,
      onProgress: (done, total) => ctx.progress({ phase: 'backup', done, total, unit: 'bytes', label: 'Yedek entegratöre yükleniyor' }),
    });
    ctx.server.log.info('Yedek gönderildi / backup sent', { origin: ctx.origin, vkn: p.ref.vkn, period: p.ref.period, part: p.ref.part, status: r.row.status });
    return { backup: await backupState(backups, p) };
  } finally {
    wf.close();
  }
};
