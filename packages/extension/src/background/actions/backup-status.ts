/** `backup-status` (Yedekleme › Durum Sorgula, Yedekleme Durumu column): forwarded to the bridge for an allowed site. */
import { BACKUP_TIMEOUT_MS, bridgeBackupStatus, type ParamsOf, type ResultOf, type backupStatus } from '@edefter/protocol';
import type { ActionHandler } from './context.ts';
import { requireAllowedOrigin } from './origin-guard.ts';

/** Handler of the `backup-status` page action. */
export const backupStatusAction: ActionHandler<ParamsOf<typeof backupStatus>, ResultOf<typeof backupStatus>> = async (ctx, params) => {
  requireAllowedOrigin(ctx);
  await ctx.bridge.ready();
  return await ctx.bridge.call(bridgeBackupStatus, params, { origin: ctx.origin, timeoutMs: BACKUP_TIMEOUT_MS });
};
