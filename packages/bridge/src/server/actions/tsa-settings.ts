/**
 * Bridge `tsa-settings`: the extension reads or changes the zaman damgası settings
 * (tsa/settings-change.ts). Declared `origin: none` (never on behalf of a web page); the extension
 * sends a change only after the user approved it in its own consent window. Every change is an
 * audit `settings` record (never the password).
 */
import type { ParamsOf, ResultOf, tsaSettings } from '@edefter/protocol';
import { tryAppendAudit } from '../../audit/log.ts';
import { setTsaSettings, tsaSettingsFacts, tsaSettingsView } from '../../tsa/settings-change.ts';
import type { BridgeHandler } from './context.ts';

export const tsaSettingsHandler: BridgeHandler<ParamsOf<typeof tsaSettings>, ResultOf<typeof tsaSettings>> = async (ctx, params) => {
  if (!params.set) return { settings: await tsaSettingsView() };
  const { before, after, warning } = await setTsaSettings(params.set);
  tryAppendAudit('settings', tsaSettingsFacts(before, after, Boolean(params.set.password), 'extension'), (e) =>
    ctx.server.log.error('Denetim kaydı yazılamadı / audit log write failed', { error: String(e) }),
  );
  ctx.server.log.info('Zaman damgası ayarları değişti / timestamp settings changed', { mode: after.mode, url: after.url });
  return { settings: after, ...(warning ? { warning } : {}) };
};
