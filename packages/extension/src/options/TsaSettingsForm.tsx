/**
 * Options page › Zaman damgası: Kamu SM (customer number and password; the password goes to the
 * bridge's credential store and is never shown again) or a plain RFC 3161 server (URL), and the
 * trusted root (PEM pasted or picked). Kaydet opens the extension's consent window (old → new, the
 * password only as "yeni şifre girildi"); the bridge (`tsa-settings`) changes only after approval.
 */
import { useEffect, useState } from 'preact/hooks';
import type { TsaSettingsView } from '@edefter/protocol';
import { ask, errorText } from '../shared/messaging.ts';
import { PemField } from './PemField.tsx';

type Lang = 'tr' | 'en';
type Mode = TsaSettingsView['mode'];
const TEXT = {
  title: { tr: 'Zaman damgası', en: 'Timestamp (zaman damgası)' },
  mode: { tr: 'Tür', en: 'Kind' },
  none: { tr: 'Kullanma', en: 'None' },
  kamusm: { tr: 'Kamu SM (müşteri no + şifre)', en: 'Kamu SM (customer number + password)' },
  rfc3161: { tr: 'RFC 3161 sunucusu', en: 'RFC 3161 server' },
  url: { tr: 'Sunucu adresi', en: 'Server address' },
  customer: { tr: 'Müşteri numarası', en: 'Customer number' },
  password: { tr: 'Şifre', en: 'Password' },
  passwordStored: { tr: 'kayıtlı — değiştirmek için yazın', en: 'stored — type to change' },
  trust: { tr: 'Güvenilen kök sertifika', en: 'Trusted root certificate' },
  save: { tr: 'Zaman damgası ayarını kaydet', en: 'Save timestamp setting' },
  saved: { tr: 'Kaydedildi.', en: 'Saved.' },
  waiting: { tr: 'Değişikliği açılan onay penceresinde onaylayın.', en: 'Approve the change in the consent window that opened.' },
} satisfies Record<string, Record<Lang, string>>;

/** The zaman damgası section. */
export function TsaSettingsForm({ lang }: { lang: Lang }) {
  const t = (k: keyof typeof TEXT): string => TEXT[k][lang];
  const [view, setView] = useState<TsaSettingsView>();
  const [mode, setMode] = useState<Mode>('none');
  const [url, setUrl] = useState('');
  const [customerId, setCustomerId] = useState('');
  const [password, setPassword] = useState('');
  const [trustPem, setTrustPem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ text: string; kind: 'ok' | 'error' | 'warn' }>();
  const show = (v: TsaSettingsView): void => {
    setView(v);
    setMode(v.mode);
    setUrl(v.url ?? '');
    setCustomerId(v.customerId ?? '');
    setPassword('');
    setTrustPem(undefined);
  };
  useEffect(() => {
    void ask<{ settings: TsaSettingsView }>({ kind: 'ui-tsa-settings-get' })
      .then((r) => show(r.settings))
      .catch((e) => setNote({ text: errorText(e, lang), kind: 'error' }));
  }, []);
  const save = async (): Promise<void> => {
    setBusy(true);
    setNote(undefined);
    try {
      const r = await ask<{ settings: TsaSettingsView; warning?: { tr: string; en: string } }>({
        kind: 'ui-tsa-settings-set',
        mode,
        url,
        ...(mode === 'kamusm' ? { customerId } : {}),
        ...(password ? { password } : {}),
        ...(trustPem !== undefined ? { trustPem } : {}),
      });
      show(r.settings);
      setNote(r.warning ? { text: r.warning[lang], kind: 'warn' } : { text: t('saved'), kind: 'ok' });
    } catch (e) {
      setNote({ text: errorText(e, lang), kind: 'error' });
    }
    setBusy(false);
  };
  // the consent window's "Zaman damgası ayarları" opens options#tsa: bring this section into view once it has rendered
  useEffect(() => {
    if (view && location.hash === '#tsa') document.getElementById('tsa')?.scrollIntoView();
  }, [Boolean(view)]);
  return (
    <section id="tsa" data-testid="opt-tsa">
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
              {t('mode')}{' '}
              <select data-testid="opt-tsa-mode" value={mode} onChange={(e) => setMode(e.currentTarget.value as Mode)}>
                <option value="none">{t('none')}</option>
                <option value="kamusm">{t('kamusm')}</option>
                <option value="rfc3161">{t('rfc3161')}</option>
              </select>
            </label>
          </p>
          {mode !== 'none' && (
            <>
              <p>
                <label>
                  {t('url')}{' '}
                  <input
                    type="url"
                    size={48}
                    data-testid="opt-tsa-url"
                    value={url}
                    placeholder={mode === 'kamusm' ? 'http://zd.kamusm.gov.tr' : 'https://'}
                    onInput={(e) => setUrl(e.currentTarget.value)}
                  />
                </label>
              </p>
              {mode === 'kamusm' && (
                <>
                  <p>
                    <label>
                      {t('customer')}{' '}
                      <input
                        data-testid="opt-tsa-customer"
                        inputMode="numeric"
                        maxLength={18}
                        value={customerId}
                        onInput={(e) => setCustomerId(e.currentTarget.value)}
                      />
                    </label>
                  </p>
                  <p>
                    <label>
                      {t('password')}{' '}
                      <input
                        type="password"
                        size={32}
                        data-testid="opt-tsa-password"
                        autoComplete="new-password"
                        value={password}
                        placeholder={view.hasPassword ? t('passwordStored') : ''}
                        onInput={(e) => setPassword(e.currentTarget.value)}
                      />
                    </label>
                  </p>
                </>
              )}
              <PemField label={t('trust')} testid="opt-tsa-trust" lang={lang} current={view.trust} value={trustPem} onChange={setTrustPem} />
            </>
          )}
          <button type="submit" data-testid="opt-tsa-save" disabled={busy}>
            {t('save')}
          </button>
        </form>
      )}
      {busy && <p class="note">{t('waiting')}</p>}
      {note && (
        <p
          class={note.kind === 'error' ? 'error' : note.kind === 'warn' ? 'warn' : 'note'}
          role={note.kind === 'error' ? 'alert' : 'status'}
          data-testid="opt-tsa-note"
          data-kind={note.kind}
        >
          {note.text}
        </p>
      )}
    </section>
  );
}
