/**
 * Bridge `backup-settings`: the extension's options page reads or changes a company's Yedekleme
 * settings (backup/settings.ts). The password is stored in the credential store, never returned.
 */
import type { ParamsOf, ResultOf, backupSettings } from '@edefter/protocol';
import { getCompanyBackupSettings, setCompanyBackupSettings } from '../../backup/settings.ts';
import type { BridgeHandler } from './context.ts';

export const backupSettingsHandler: BridgeHandler<ParamsOf<typeof backupSettings>, ResultOf<typeof backupSettings>> = async (ctx, params) => {
  if (!params.set) return { settings: await getCompanyBackupSettings(params.vkn) };
  const { settings, warning } = await setCompanyBackupSettings(params.vkn, params.set);
  ctx.server.log.info('Yedekleme ayarları değişti / backup settings changed', { vkn: params.vkn, enabled: settings.enabled, autoBackup: settings.autoBackup });
  return { settings, ...(warning ? { warning } : {}) };
};
