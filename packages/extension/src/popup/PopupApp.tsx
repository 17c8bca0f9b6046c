/**
 * Popup: is the bridge there (and what to do if not), pairing, tokens and certificates,
 * pending requests, allowed sites (add / remove), port and language.
 * Pairing: "Eşleştir" pairs through the native-messaging host; when the browser has no host
 * (or it failed) the popup asks for the code `edefter pair` printed in the user's own session.
 * The popup never shows a code that came from the bridge.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { t, type Lang, type TextKey } from '../shared/i18n.ts';
import { ask, errorText } from '../shared/messaging.ts';
import { formatDate } from '../shared/format.ts';
import type { PopupState } from '../shared/ui-messages.ts';
import { PendingJob } from './PendingJob.tsx';

const STATE_TEXT: Record<PopupState['bridge']['state'], TextKey> = {
  connected: 'bridgeConnected',
  disconnected: 'bridgeDisconnected',
  connecting: 'bridgeConnecting',
  'not-paired': 'bridgeNotPaired',
  pairing: 'bridgePairing',
  'version-mismatch': 'bridgeVersionMismatch',
};

/** The popup. */
export function PopupApp() {
  const [st, setSt] = useState<PopupState>();
  const [lang, setLang] = useState<Lang>('tr');
  const [error, setError] = useState<string>();
  const [site, setSite] = useState('');
  const [port, setPort] = useState('');
  const [busy, setBusy] = useState(false);
  const [code, setCode] = useState('');
  const [manual, setManual] = useState(false);

  const refresh = useCallback(
    async (reconnect = false) => {
      try {
        const s = await ask<PopupState>({ kind: reconnect ? 'ui-reconnect' : 'ui-get-state' });
        setSt(s);
        setLang(s.language);
        setPort(String(s.bridge.port));
      } catch (e) {
        setError(errorText(e, lang));
      }
    },
    [lang],
  );

  // The page's language follows the UI language: with lang="tr" the uppercase headings would turn
  // "bridge" into "BRİDGE" in English mode (Turkish dotted İ).
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  useEffect(() => {
    void refresh();
    const iv = setInterval(() => void refresh(), 2_000);
    return () => clearInterval(iv);
  }, []);

  const run = useCallback(
    async (fn: () => Promise<unknown>) => {
      setBusy(true);
      setError(undefined);
      try {
        await fn();
      } catch (e) {
        setError(errorText(e, lang));
      }
      setBusy(false);
      await refresh();
    },
    [lang, refresh],
  );

  if (!st)
    return (
      <main>
        <p>{t(lang, 'loading')}</p>
        {error && <p class="error">{error}</p>}
      </main>
    );
  const b = st.bridge;
  return (
    <div data-testid="popup">
      <header class="bar">
        <h1>{t(lang, 'appName')}</h1>
        <span class="note" style="color:#dfe9f5">
          v{st.extensionVersion}
        </span>
      </header>
      <main>
        <h2>{t(lang, 'bridge')}</h2>
        <div class="row">
          <span class={`badge ${b.state === 'connected' ? 'on' : 'off'}`} data-testid="bridge-state" data-state={b.state}>
            {t(lang, STATE_TEXT[b.state])}
          </span>
          {b.version && <span class="note">v{b.version}</span>}
          {b.state === 'connected' && <span class="note">{b.tsaConfigured ? t(lang, 'tsaOn') : t(lang, 'tsaOff')}</span>}
        </div>
        {b.testMode && <p class="warn">{t(lang, 'testMode')}</p>}
        {b.state === 'version-mismatch' && b.requiresUpdate && (
          <p class="error">{t(lang, 'updateThe', { c: b.requiresUpdate === 'bridge' ? 'edefter bridge' : t(lang, 'appName') })}</p>
        )}
        {b.state === 'disconnected' && (
          <div>
            <p class="note" data-testid="bridge-help">
              {t(lang, 'bridgeHelp')}
            </p>
            {b.error && <p class="error">{lang === 'tr' ? b.error.tr : b.error.en}</p>}
            <button type="button" data-testid="retry" disabled={busy} onClick={() => void run(() => refresh(true))}>
              {t(lang, 'retry')}
            </button>
          </div>
        )}
        {(b.state === 'not-paired' || b.state === 'pairing') && (
          <div data-testid="pairing" data-native={st.nativePairing.state}>
            <button
              type="button"
              class="primary"
              data-testid="pair"
              disabled={busy || b.state === 'pairing'}
              onClick={() => void run(() => ask({ kind: 'ui-pair' }))}
            >
              {t(lang, 'pair')}
            </button>
            {st.nativePairing.state === 'failed' && st.nativePairing.error && (
              <p class="error" data-testid="pair-native-error">
                {lang === 'tr' ? st.nativePairing.error.tr : st.nativePairing.error.en}
              </p>
            )}
            {manual || st.nativePairing.state === 'missing' || st.nativePairing.state === 'failed' ? (
              <div data-testid="pair-manual">
                <p class="note" data-testid="pair-manual-help">
                  {t(lang, 'pairManualHelp')}
                </p>
                <form
                  class="row"
                  onSubmit={(e) => {
                    e.preventDefault();
                    void run(async () => {
                      await ask({ kind: 'ui-pair-code', code });
                      setCode('');
                      setManual(false);
                    });
                  }}
                >
                  <input
                    type="text"
                    data-testid="pair-code-input"
                    aria-label={t(lang, 'pairCodePlaceholder')}
                    class="mono"
                    autocomplete="off"
                    spellcheck={false}
                    maxLength={12}
                    placeholder={t(lang, 'pairCodePlaceholder')}
                    value={code}
                    onInput={(e) => setCode((e.target as HTMLInputElement).value)}
                    style="flex:1"
                  />
                  <button type="submit" data-testid="pair-code-submit" disabled={busy || b.state === 'pairing'}>
                    {t(lang, 'pairWithCode')}
                  </button>
                </form>
              </div>
            ) : (
              <p>
                <button type="button" data-testid="pair-by-code" onClick={() => setManual(true)}>
                  {t(lang, 'pairByCode')}
                </button>
              </p>
            )}
          </div>
        )}

        <h2>{t(lang, 'tokens')}</h2>
        {st.tokens.length === 0 ? (
          <p class="note">{t(lang, 'noTokens')}</p>
        ) : (
          <ul class="plain" data-testid="tokens">
            {st.tokens.map((tk) =>
              tk.certificates.map((c) => (
                <li>
                  <span>
                    <b>{c.commonName ?? c.subject}</b>
                    <br />
                    <span class="note">
                      {tk.label} · {c.keyType.toUpperCase()} · VKN {c.vkn ?? c.tckn ?? '—'} · {t(lang, 'expires')}: {formatDate(c.notAfter, lang)}
                    </span>
                  </span>
                </li>
              )),
            )}
          </ul>
        )}

        <h2>{t(lang, 'pending')}</h2>
        {st.pending.length === 0 ? (
          <p class="note">{t(lang, 'noPending')}</p>
        ) : (
          <ul class="plain" data-testid="pending">
            {st.pending.map((p) => (
              <PendingJob p={p} lang={lang} />
            ))}
          </ul>
        )}

        <h2>{t(lang, 'allowedSites')}</h2>
        {st.allowedOrigins.length === 0 ? (
          <p class="note">{t(lang, 'noAllowedSites')}</p>
        ) : (
          <ul class="plain" data-testid="allowed-sites">
            {st.allowedOrigins.map((o) => (
              <li>
                <span class="mono">{o}</span>
                <button
                  type="button"
                  data-testid={`remove-site-${o}`}
                  aria-label={`${t(lang, 'remove')}: ${o}`}
                  disabled={busy}
                  onClick={() => void run(() => ask({ kind: 'ui-allowlist-remove', origin: o }))}
                >
                  {t(lang, 'remove')}
                </button>
              </li>
            ))}
          </ul>
        )}
        {st.activeTabOrigin && !st.allowedOrigins.includes(st.activeTabOrigin) && (
          <p>
            <button
              type="button"
              data-testid="add-this-site"
              disabled={busy}
              onClick={() => void run(() => ask({ kind: 'ui-allowlist-add', origin: st.activeTabOrigin! }))}
            >
              {t(lang, 'addThisSite', { o: st.activeTabOrigin })}
            </button>
          </p>
        )}
        <form
          class="row"
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              await ask({ kind: 'ui-allowlist-add', origin: site.trim().replace(/\/$/, '') });
              setSite('');
            });
          }}
        >
          <input
            type="text"
            data-testid="site-input"
            aria-label={t(lang, 'allowedSites')}
            placeholder={t(lang, 'sitePlaceholder')}
            value={site}
            onInput={(e) => setSite((e.target as HTMLInputElement).value)}
            style="flex:1"
          />
          <button type="submit" data-testid="site-add" disabled={busy}>
            {t(lang, 'addSite')}
          </button>
        </form>

        <h2>
          {t(lang, 'port')} / {t(lang, 'language')}
        </h2>
        <form
          class="row"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => ask({ kind: 'ui-set-port', port: Number(port) }));
          }}
        >
          <input
            type="number"
            data-testid="port-input"
            aria-label={t(lang, 'port')}
            min={1024}
            max={65535}
            value={port}
            onInput={(e) => setPort((e.target as HTMLInputElement).value)}
            style="width:110px"
          />
          <button type="submit" data-testid="port-save" disabled={busy}>
            {t(lang, 'save')}
          </button>
          <select
            data-testid="language"
            aria-label={t(lang, 'language')}
            value={lang}
            onChange={(e) => {
              const l = (e.target as HTMLSelectElement).value as Lang;
              setLang(l);
              void run(() => ask({ kind: 'ui-set-language', language: l }));
            }}
          >
            <option value="tr">Türkçe</option>
            <option value="en">English</option>
          </select>
        </form>
        {st.paired && b.state === 'connected' && (
          <p>
            <button
              type="button"
              class="danger"
              data-testid="forget-pairing"
              disabled={busy}
              onClick={() => void run(() => ask({ kind: 'ui-forget-pairing' }))}
            >
              {t(lang, 'forgetPairing')}
            </button>
          </p>
        )}
        {error && (
          <p class="error" data-testid="popup-error">
            {error}
          </p>
        )}
      </main>
    </div>
  );
}
