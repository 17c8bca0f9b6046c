/**
 * The consent window for a settings change asked from the extension's own options page (issue 10
 * item 9): which settings (Yedekleme of one company), each changed field old → new, a password only
 * as "yeni şifre girildi" (never its value), and a warning when the stored integrator credentials
 * are dropped. Reddet / Onayla like every consent window: Enter activates only the focused button,
 * Escape refuses, and Onayla ignores clicks and keys for 700 ms after the window opens or regains
 * focus (keystrokes meant for another window cannot land here).
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { SerializedError } from '@edefter/protocol';
import browser from '../shared/browser.ts';
import type { Lang } from '../shared/i18n.ts';
import type { ConsentOutcome, ConsentView, SettingsConsentInfo } from '../shared/ui-messages.ts';

/** Time after opening / focusing during which Onayla does nothing (ms). */
const ARM_DELAY_MS = 700;

const TEXT = {
  tr: {
    title: 'Ayar değişikliği onayı',
    area: { backup: 'Yedekleme ayarları', gib: 'GİB ayarları', tsa: 'Zaman damgası ayarları' },
    who: 'Değişikliği isteyen',
    options: 'eklentinin kendi ayarlar sayfası',
    vkn: 'VKN/TCKN',
    field: 'Ayar',
    old: 'Şimdiki',
    new: 'Yeni',
    fields: {
      enabled: 'Dosyaları Entegratöre Yedekleyebilir',
      autoBackup: 'e-Defter Otomatik Yedeklensin',
      username: 'Kullanıcı adı',
      password: 'Şifre',
      url: 'Entegratör adresi',
      ca: 'Entegratörün CA sertifikası',
      environment: 'GİB ortamı',
      endpoint: 'Özel GİB adresi',
      mode: 'Zaman damgası türü',
      tsaUrl: 'Zaman damgası sunucusu',
      customerId: 'Kamu SM müşteri numarası',
      tsaPassword: 'Kamu SM şifresi',
      trust: 'Güvenilen kök sertifika',
    } as Record<string, string>,
    values: { test: 'GİB test', production: 'GİB canlı (üretim)', custom: 'Özel adres', kamusm: 'Kamu SM', rfc3161: 'RFC 3161', none: 'Yok' } as Record<
      string,
      string
    >,
    secretNew: 'yeni şifre girildi',
    none: '-',
    yes: 'Evet',
    no: 'Hayır',
    drops: 'Entegratör adresi değiştiği için kayıtlı kullanıcı adı ve şifre silinecek; yeni adres için yeniden girilmeleri gerekir.',
    note: 'Bu değişikliği siz istemediyseniz Reddet’e basın.',
    refuse: 'Reddet',
    approve: 'Onayla',
    working: 'Kaydediliyor…',
    wait: 'Pencere hazırlanıyor…',
    ready: 'Hazır: değişikliği kontrol edip onaylayın',
  },
  en: {
    title: 'Consent to a settings change',
    area: { backup: 'Backup settings', gib: 'GİB settings', tsa: 'Timestamp settings' },
    who: 'Requested by',
    options: "the extension's own options page",
    vkn: 'VKN/TCKN',
    field: 'Setting',
    old: 'Current',
    new: 'New',
    fields: {
      enabled: 'Files may be backed up to the integrator',
      autoBackup: 'Back up e-Defter automatically',
      username: 'User name',
      password: 'Password',
      url: 'Integrator address',
      ca: "Integrator's CA certificate",
      environment: 'GİB environment',
      endpoint: 'Custom GİB address',
      mode: 'Timestamp kind',
      tsaUrl: 'Timestamp server',
      customerId: 'Kamu SM customer number',
      tsaPassword: 'Kamu SM password',
      trust: 'Trusted root certificate',
    } as Record<string, string>,
    values: { test: 'GİB test', production: 'GİB production', custom: 'Custom address', kamusm: 'Kamu SM', rfc3161: 'RFC 3161', none: 'None' } as Record<
      string,
      string
    >,
    secretNew: 'new password typed',
    none: '-',
    yes: 'Yes',
    no: 'No',
    drops: 'Because the integrator address changes, the stored user name and password are deleted and must be entered again for the new address.',
    note: 'If you did not ask for this change, press Refuse.',
    refuse: 'Refuse',
    approve: 'Approve',
    working: 'Saving…',
    wait: 'The window is getting ready…',
    ready: 'Ready: check the change, then approve',
  },
} as const;

function shown(v: string | undefined, lang: Lang, field = ''): string {
  const x = TEXT[lang];
  if (v === undefined || v === '') return x.none;
  if (v === 'true') return x.yes;
  if (v === 'false') return x.no;
  return field === 'environment' || field === 'mode' ? (x.values[v] ?? v) : v;
}

/** The table of changes (also used on its own). */
function SettingsChangeFacts({ s, lang }: { s: SettingsConsentInfo; lang: Lang }) {
  const x = TEXT[lang];
  return (
    <div data-testid="settings-consent" data-area={s.area}>
      <table class="facts">
        <tbody>
          <tr>
            <th>{x.who}</th>
            <td data-testid="settings-who">{x.options}</td>
          </tr>
          {s.vkn && (
            <tr>
              <th>{x.vkn}</th>
              <td data-testid="settings-vkn">{s.vkn}</td>
            </tr>
          )}
        </tbody>
      </table>
      <h2>{x.area[s.area]}</h2>
      <table class="facts" data-testid="settings-changes">
        <thead>
          <tr>
            <th>{x.field}</th>
            <th>{x.old}</th>
            <th>{x.new}</th>
          </tr>
        </thead>
        <tbody>
          {s.changes.map((c) => (
            <tr data-testid={`settings-change-${c.field}`}>
              <th>{x.fields[c.field] ?? c.field}</th>
              <td class="mono">{c.secret ? x.none : shown(c.old, lang, c.field)}</td>
              <td class="mono">
                <b>{c.secret ? x.secretNew : shown(c.new, lang, c.field)}</b>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {s.dropsCredentials && (
        <p class="warn" data-testid="settings-drops-credentials">
          {x.drops}
        </p>
      )}
    </div>
  );
}

/** Props of {@link SettingsChange}. */
export interface SettingsChangeProps {
  consentId: string;
  view: ConsentView;
  lang: Lang;
}

/** The whole window for a settings change. */
export function SettingsChange({ consentId, view, lang }: SettingsChangeProps) {
  const x = TEXT[lang];
  const [armedAt, setArmedAt] = useState(() => Date.now() + ARM_DELAY_MS);
  const [armed, setArmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SerializedError>();

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  useEffect(() => {
    document.title = TEXT.tr.title;
    const rearm = (): void => {
      setArmed(false);
      setArmedAt(Date.now() + ARM_DELAY_MS);
    };
    window.addEventListener('focus', rearm);
    return () => window.removeEventListener('focus', rearm);
  }, []);
  useEffect(() => {
    const t = setTimeout(() => setArmed(true), Math.max(0, armedAt - Date.now()));
    return () => clearTimeout(t);
  }, [armedAt]);

  const submit = useCallback(
    async (action: 'approve-one' | 'refuse') => {
      if (busy) return;
      if (action !== 'refuse' && (!armed || Date.now() < armedAt)) return;
      setBusy(true);
      setError(undefined);
      try {
        const out = (await browser.runtime.sendMessage({ kind: 'consent-decision', consentId, action, timestamp: false })) as ConsentOutcome;
        if (out.ok) {
          window.close();
          return;
        }
        setError(out.error);
      } finally {
        setBusy(false);
      }
    },
    [busy, armed, armedAt, consentId],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        e.preventDefault();
        void submit('refuse');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [submit]);

  return (
    <div class="consent" data-testid="consent" data-consent-id={consentId} data-kind="settings" data-armed={armed ? 'true' : 'false'}>
      <header class="bar">
        <h1>{x.title}</h1>
      </header>
      <main>
        {view.settings && <SettingsChangeFacts s={view.settings} lang={lang} />}
        <p class="note">{x.note}</p>
        {error && (
          <p class="error" role="alert" data-testid="consent-error" data-code={error.code}>
            {lang === 'tr' ? error.tr : error.en}
          </p>
        )}
      </main>
      <footer class="actions">
        <p id="approve-why" class={armed && !busy ? 'why ok' : 'why'} data-testid="approve-why" aria-live="polite">
          {busy ? x.working : armed ? x.ready : x.wait}
        </p>
        <button type="button" class="danger" data-testid="refuse" disabled={busy} onClick={() => void submit('refuse')}>
          {x.refuse}
        </button>
        <button
          type="button"
          class="primary"
          data-testid="approve"
          aria-describedby="approve-why"
          disabled={busy || !armed}
          onClick={() => void submit('approve-one')}
        >
          {x.approve}
        </button>
      </footer>
    </div>
  );
}
