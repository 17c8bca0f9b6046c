/**
 * Options page › GİB: the web-service endpoint — GİB test, GİB production, or a custom address (e.g.
 * the simulator `npm run portal` starts). Kaydet opens the extension's consent window (old → new);
 * the bridge (`gib-settings`) changes only after approval.
 */
import { useEffect, useState } from 'preact/hooks';
import type { GibSettingsView } from '@edefter/protocol';
import { ask, errorText } from '../shared/messaging.ts';

type Lang = 'tr' | 'en';
type Env = GibSettingsView['environment'];
const TEXT = {
  title: { tr: 'GİB bağlantısı', en: 'GİB connection' },
  env: { tr: 'Ortam', en: 'Environment' },
  test: { tr: 'GİB test', en: 'GİB test' },
  production: { tr: 'GİB canlı (üretim)', en: 'GİB production' },
  custom: { tr: 'Özel adres', en: 'Custom address' },
  endpoint: { tr: 'Özel GİB adresi', en: 'Custom GİB address' },
  effective: { tr: 'Kullanılan adres', en: 'Address in use' },
  save: { tr: 'GİB ayarını kaydet', en: 'Save GİB setting' },
  saved: { tr: 'Kaydedildi.', en: 'Saved.' },
  waiting: { tr: 'Değişikliği açılan onay penceresinde onaylayın.', en: 'Approve the change in the consent window that opened.' },
} satisfies Record<string, Record<Lang, string>>;

/** The GİB section. */
export function GibSettingsForm({ lang }: { lang: Lang }) {
  const t = (k: keyof typeof TEXT): string => TEXT[k][lang];
  const [view, setView] = useState<GibSettingsView>();
  const [env, setEnv] = useState<Env>('test');
  const [endpoint, setEndpoint] = useState('');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ text: string; kind: 'ok' | 'error' | 'warn' }>();
  const show = (v: GibSettingsView): void => {
    setView(v);
    setEnv(v.environment);
    setEndpoint(v.customEndpoint ?? '');
  };
  useEffect(() => {
    void ask<{ settings: GibSettingsView }>({ kind: 'ui-gib-settings-get' })
      .then((r) => show(r.settings))
      .catch((e) => setNote({ text: errorText(e, lang), kind: 'error' }));
  }, []);
  const save = async (): Promise<void> => {
    setBusy(true);
    setNote(undefined);
    try {
      const r = await ask<{ settings: GibSettingsView; warning?: { tr: string; en: string } }>({
        kind: 'ui-gib-settings-set',
        environment: env,
        ...(env === 'custom' || endpoint ? { endpoint } : {}),
      });
      show(r.settings);
      setNote(r.warning ? { text: r.warning[lang], kind: 'warn' } : { text: t('saved'), kind: 'ok' });
    } catch (e) {
      setNote({ text: errorText(e, lang), kind: 'error' });
    }
    setBusy(false);
  };
  return (
    <section data-testid="opt-gib">
      <h2>{t('title')}</h2>
      {view && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <p>
            <label>
              {t('env')}{' '}
              <select data-testid="opt-gib-env" value={env} onChange={(e) => setEnv(e.currentTarget.value as Env)}>
                <option value="test">{t('test')}</option>
                <option value="production">{t('production')}</option>
                <option value="custom">{t('custom')}</option>
              </select>
            </label>
          </p>
          <p>
            <label>
              {t('endpoint')}{' '}
              <input
                type="url"
                size={56}
                data-testid="opt-gib-endpoint"
                value={endpoint}
                placeholder="https://"
                disabled={env !== 'custom'}
                onInput={(e) => setEndpoint(e.currentTarget.value)}
              />
            </label>
          </p>
          <p class="note" data-testid="opt-gib-effective">
            {t('effective')}: {view.endpoint || '-'}
          </p>
          <button type="submit" data-testid="opt-gib-save" disabled={busy}>
            {t('save')}
          </button>
        </form>
      )}
      {busy && <p class="note">{t('waiting')}</p>}
      {note && (
        <p
          class={note.kind === 'error' ? 'error' : note.kind === 'warn' ? 'warn' : 'note'}
          role={note.kind === 'error' ? 'alert' : 'status'}
          data-testid="opt-gib-note"
          data-kind={note.kind}
        >
          {note.text}
        </p>
      )}
    </section>
  );
}
