/**
 * Bridge `gib-settings`: the extension reads or changes the GİB endpoint (gib/settings-change.ts).
 * Declared `origin: none` (never on behalf of a web page); the extension sends a change only after
 * the user approved it in its own consent window. Every change is an audit `settings` record.
 */
import type { ParamsOf, ResultOf, gibSettings } from '@edefter/protocol';
import { tryAppendAudit } from '../../audit/log.ts';
import { gibSettingsFacts, gibSettingsView, setGibSettings } from '../../gib/settings-change.ts';
import type { BridgeHandler } from './context.ts';

export const gibSettingsHandler: BridgeHandler<ParamsOf<typeof gibSettings>, ResultOf<typeof gibSettings>> = async (ctx, params) => {
  if (!params.set) return { settings: await gibSettingsView() };
  const { before, after } = await setGibSettings(params.set);
  tryAppendAudit('settings', gibSettingsFacts(before, after, 'extension'), (e) =>
    ctx.server.log.error('Denetim kaydı yazılamadı / audit log write failed', { error: String(e) }),
  );
  ctx.server.log.info('GİB ayarları değişti / GİB settings changed', { environment: after.environment, endpoint: after.endpoint });
  return {
    settings: after,
    ...(after.overriddenByEnvironment
      ? {
          warning: {
            tr: 'Kaydedildi; ancak köprü GİB adresini ortam değişkeniyle (EDEFTER_SETTINGS › gib) alarak başlatıldığı için o adres kullanılmaya devam edecek.',
            en: 'Saved; but the bridge was started with the GİB address in its environment (EDEFTER_SETTINGS › gib), so that address stays in use.',
          },
        }
      : {}),
  };
};
