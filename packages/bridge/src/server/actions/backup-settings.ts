/**
 * Bridge `backup-settings`: the extension reads or changes a company's Yedekleme settings
 * (backup/settings.ts). The password is stored in the credential store, never returned.
 *
 * A change is never made on behalf of a web page: the action is declared `origin: none` (the
 * connection refuses it with an origin), and the extension sends a change only after the user
 * approved it in the extension's own consent window (docs/security.md). Every change is written to
 * the audit log (`settings`: what changed, old → new, never the password).
 */
import type { ParamsOf, ResultOf, backupSettings } from '@edefter/protocol';
import { getCompanyBackupSettings, setCompanyBackupSettings } from '../../backup/settings.ts';
import { auditBackupSettings } from '../../backup/settings-audit.ts';
import type { BridgeHandler } from './context.ts';

export const backupSettingsHandler: BridgeHandler<ParamsOf<typeof backupSettings>, ResultOf<typeof backupSettings>> = async (ctx, params) => {
  if (!params.set) return { settings: await getCompanyBackupSettings(params.vkn) };
  const before = await getCompanyBackupSettings(params.vkn);
  const { settings, warning } = await setCompanyBackupSettings(params.vkn, params.set);
  auditBackupSettings(before, settings, Boolean(params.set.password), 'extension', (e) => ctx.server.log.error('Denetim kaydı yazılamadı / audit log write failed', { error: String(e) }));
  ctx.server.log.info('Yedekleme ayarları değişti / backup settings changed', { vkn: params.vkn, enabled: settings.enabled, autoBackup: settings.autoBackup });
  return { settings, ...(warning ? { warning } : {}) };
};
