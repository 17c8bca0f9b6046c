/**
 * Options page: the GİB endpoint (GibSettingsForm), the zaman damgası (TsaSettingsForm), and the
 * Yedekleme settings of a company, kept by the bridge (config.json + credential
 * store), as in the seed: "Dosyaları Entegratöre Yedekleyebilir" (then the integrator user name and
 * password are mandatory), "e-Defter Otomatik Yedeklensin" (Evet / Hayır, default Hayır) and the
 * integrator address, and the integrator's CA certificate (PEM pasted or picked). The password is sent once to the bridge and never shown again. Saving
 * opens the extension's consent window (old → new); the bridge is changed only after approval.
 */
import { useEffect, useState } from 'preact/hooks';
import type { BackupSettingsView, TrustAnchorView } from '@edefter/protocol';
import { ask, errorText } from '../shared/messaging.ts';
import { getSettings } from '../shared/settings.ts';
import { GibSettingsForm } from './GibSettingsForm.tsx';
import { PemField } from './PemField.tsx';
import { TsaSettingsForm } from './TsaSettingsForm.tsx';

type Lang = 'tr' | 'en';
const TEXT = {
  page: { tr: 'e-Defter İmza — Ayarlar', en: 'e-Defter İmza — Settings' },
  title: { tr: 'Yedekleme ayarları', en: 'Backup settings' },
  ca: {
    tr: 'Entegratörün CA sertifikası (kendi sertifika otoritesi olan entegratörler için)',
    en: "Integrator's CA certificate (for integrators with their own certificate authority)",
  },
  vkn: { tr: 'VKN / TCKN', en: 'Tax number (VKN / TCKN)' },
  load: { tr: 'Getir', en: 'Load' },
  enabled: { tr: 'Dosyaları Entegratöre Yedekleyebilir', en: 'Files may be backed up to the integrator' },
  username: { tr: 'Kullanıcı adı', en: 'User name' },
  password: { tr: 'Şifre', en: 'Password' },
  passwordStored: { tr: 'kayıtlı — değiştirmek için yazın', en: 'stored — type to change' },
  url: { tr: 'Entegratör adresi', en: 'Integrator address' },
  auto: { tr: 'e-Defter Otomatik Yedeklensin', en: 'Back up e-Defter automatically' },
  yes: { tr: 'Evet', en: 'Yes' },
  no: { tr: 'Hayır', en: 'No' },
  autoNote: {
    tr: 'Evet seçildiğinde onaylı beratlar indirilir indirilmez ayın dosyaları entegratöre gönderilir.',
    en: 'When Yes, the month’s files are sent to the integrator as soon as the approved berats are downloaded.',
  },
  save: { tr: 'Yedekleme ayarını kaydet', en: 'Save backup setting' },
  waiting: { tr: 'Değişikliği açılan onay penceresinde onaylayın.', en: 'Approve the change in the consent window that opened.' },
  saved: { tr: 'Kaydedildi.', en: 'Saved.' },
} satisfies Record<string, Record<Lang, string>>;

/** The options page. */
export function OptionsApp() {
  const [lang, setLang] = useState<Lang>('tr');
  useEffect(() => {
    void getSettings()
      .then((st) => setLang(st.language))
      .catch(() => undefined);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const t = (k: keyof typeof TEXT): string => TEXT[k][lang];
  const [vkn, setVkn] = useState('');
  const [view, setView] = useState<BackupSettingsView>();
  const [enabled, setEnabled] = useState(false);
  const [autoBackup, setAutoBackup] = useState(false);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [url, setUrl] = useState('');
  const [ca, setCa] = useState<TrustAnchorView[]>([]);
  const [caPem, setCaPem] = useState<string>();
  const [note, setNote] = useState<{ text: string; kind: 'ok' | 'error' | 'warn' }>();
  const [busy, setBusy] = useState(false);

  const show = (v: BackupSettingsView, anchors?: TrustAnchorView[]): void => {
    setCa(anchors ?? []);
    setCaPem(undefined);
    setView(v);
    setEnabled(v.enabled);
    setAutoBackup(v.autoBackup);
    setUsername(v.username ?? '');
    setUrl(v.url ?? '');
    setPassword('');
  };
  const run = async (fn: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setNote(undefined);
    try {
      await fn();
    } catch (e) {
      setNote({ text: errorText(e, lang), kind: 'error' });
    }
    setBusy(false);
  };
  const load = () =>
    run(async () => {
      const r = await ask<{ settings: BackupSettingsView; ca?: TrustAnchorView[] }>({ kind: 'ui-backup-settings-get', vkn: vkn.trim() });
      show(r.settings, r.ca);
    });
  const save = () =>
    run(async () => {
      const r = await ask<{ settings: BackupSettingsView; ca?: TrustAnchorView[]; warning?: { tr: string; en: string } }>({
        kind: 'ui-backup-settings-set',
        vkn: vkn.trim(),
        enabled,
        autoBackup,
        username,
        url,
        ...(password ? { password } : {}),
        ...(caPem !== undefined ? { caPem } : {}),
      });
      show(r.settings, r.ca);
      setNote(r.warning ? { text: r.warning[lang], kind: 'warn' } : { text: t('saved'), kind: 'ok' });
    });

  return (
    <div data-testid="options">
      <header class="bar">
        <h1>{t('page')}</h1>
      </header>
      <main>
        <GibSettingsForm lang={lang} />
        <TsaSettingsForm lang={lang} />
        <h2>{t('title')}</h2>
        <div class="row">
          <label>
            {t('vkn')} <input data-testid="opt-vkn" value={vkn} inputMode="numeric" maxLength={11} onInput={(e) => setVkn(e.currentTarget.value)} />
          </label>
          <button type="button" data-testid="opt-load" disabled={busy || !/^\d{10,11}$/.test(vkn.trim())} onClick={() => void load()}>
            {t('load')}
          </button>
        </div>
        {view && (
          <form
            data-testid="opt-form"
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <p>
              <label>
                <input type="checkbox" data-testid="opt-enabled" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} /> {t('enabled')}
              </label>
            </p>
            <p>
              <label>
                {t('username')}{' '}
                <input data-testid="opt-username" value={username} autoComplete="username" onInput={(e) => setUsername(e.currentTarget.value)} />
              </label>
            </p>
            <p>
              <label>
                {t('password')}{' '}
                <input
                  type="password"
                  data-testid="opt-password"
                  value={password}
                  autoComplete="new-password"
                  placeholder={view.hasPassword ? t('passwordStored') : ''}
                  onInput={(e) => setPassword(e.currentTarget.value)}
                />
              </label>
            </p>
            <p>
              <label>
                {t('url')}{' '}
                <input type="url" size={48} data-testid="opt-url" value={url} placeholder="https://" onInput={(e) => setUrl(e.currentTarget.value)} />
              </label>
            </p>
            <p>
              <label>
                {t('auto')}{' '}
                <select data-testid="opt-auto" value={autoBackup ? 'evet' : 'hayir'} onChange={(e) => setAutoBackup(e.currentTarget.value === 'evet')}>
                  <option value="hayir">{t('no')}</option>
                  <option value="evet">{t('yes')}</option>
                </select>
              </label>
            </p>
            <p class="note">{t('autoNote')}</p>
            <PemField label={t('ca')} testid="opt-ca" lang={lang} current={ca} value={caPem} onChange={setCaPem} />
            <button type="submit" data-testid="opt-save" disabled={busy}>
              {t('save')}
            </button>
          </form>
        )}
        {busy && view && (
          <p class="note" data-testid="opt-waiting">
            {t('waiting')}
          </p>
        )}
        {note && (
          <p
            class={note.kind === 'error' ? 'error' : note.kind === 'warn' ? 'warn' : 'note'}
            role={note.kind === 'error' ? 'alert' : 'status'}
            data-testid="opt-note"
            data-kind={note.kind}
          >
            {note.text}
          </p>
        )}
      </main>
    </div>
  );
}
