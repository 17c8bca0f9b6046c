/**
 * Bridge `backup-status` (Yedekleme › Durum Sorgula; Yedekleme Durumu column): with `query`
 * (default) asks the integrator about each sent part of this site's month, then returns the states.
 */
import type { ParamsOf, ResultOf, bridgeBackupStatus } from '@edefter/protocol';
import { canQueryBackupStatus } from '@edefter/domain';
import { queryBackupStatus } from '../../backup/service.ts';
import { BackupStore } from '../../backup/store.ts';
import { WorkflowStore } from '../../workflow/store.ts';
import type { BridgeHandler } from './context.ts';
import { backupState, siteParts } from './backup-shared.ts';

export const backupStatusHandler: BridgeHandler<ParamsOf<typeof bridgeBackupStatus>, ResultOf<typeof bridgeBackupStatus>> = async (ctx, params) => {
  const wf = WorkflowStore.open();
  try {
    const parts = siteParts(wf, ctx.origin!, params.vkn, params.period, params.part);
    const backups = new BackupStore(wf);
    if (params.query !== false) {
      for (const [i, p] of parts.entries()) {
        const row = backups.get(p.ref);
        if (row && (canQueryBackupStatus(row.status) || row.sending)) {
          const after = await queryBackupStatus({ store: backups, actor: { origin: ctx.origin! } }, p.ref);
          ctx.progress({
            phase: 'backup-status',
            done: i + 1,
            total: parts.length,
            unit: 'items',
            label: `Yedekleme durumu: ${after.statusText ?? after.status}`,
          });
        }
      }
    }
    return { backups: await Promise.all(parts.map((p) => backupState(backups, p))) };
  } finally {
    wf.close();
  }
};
