/**
 * `backup-send` (Yedekleme › Gönder): forwarded to the bridge for an allowed site. Nothing is signed
 * and the token is not used, so there is no consent window: the bridge checks the six files
 * (çapraz doğrulama) and sends them to the integrator the user configured in the options page.
 */
import { BACKUP_TIMEOUT_MS, bridgeBackupSend, type ParamsOf, type ResultOf, type backupSend } from '@edefter/protocol';
import type { ActionHandler } from './context.ts';
import { requireAllowedOrigin } from './origin-guard.ts';

/** Handler of the `backup-send` page action. */
export const backupSendAction: ActionHandler<ParamsOf<typeof backupSend>, ResultOf<typeof backupSend>> = async (ctx, params) => {
  requireAllowedOrigin(ctx);
  await ctx.bridge.ready();
  return await ctx.bridge.call(bridgeBackupSend, params, { origin: ctx.origin, timeoutMs: BACKUP_TIMEOUT_MS });
};
