/**
 * The consent window for one document: who asks, what exactly will be signed (the facts the
 * bridge read from the very bytes it will sign, with their SHA-256), with which certificate, the
 * PIN pad (or the reader's keypad), the "Zaman damgası ekle" box, and approve one / approve all
 * listed / refuse. The decision names the SHA-256 values it approves.
 *
 * Keyboard (issue 10 item 8): no window-level Enter handler. Enter acts only through the focused
 * control: in the PIN entry it approves, on a button it is that button's own click (Onayla
 * approves, Reddet refuses). Escape refuses. Like a browser's permission prompt, the window
 * ignores digits, Enter and Space, and approval clicks, for {@link INPUT_GUARD_MS} after it
 * opens or regains focus (`focus`, `visibilitychange`), so keystrokes meant for a page cannot
 * land in it; `data-armed` on the root tells when it accepts input.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { DOCUMENT_KIND_LABELS, ErrorCode, isBerat, type SerializedError, type TokenSummary } from '@edefter/protocol';
import browser from '../shared/browser.ts';
import { t, type Lang } from '../shared/i18n.ts';
import { ask, errorText } from '../shared/messaging.ts';
import { getSettings } from '../shared/settings.ts';
import type { ConsentOutcome, ConsentView } from '../shared/ui-messages.ts';
import type { DocumentSummary } from '../shared/document-summary.ts';
import { PinPad } from './PinPad.tsx';
import { DocumentFacts } from './DocumentFacts.tsx';
import { CertificateFacts } from './CertificateFacts.tsx';
import { approveWhy } from './approve-why.ts';
import { GibPackages, gibTitle } from './GibPackages.tsx';
import { SettingsChange } from './SettingsChange.tsx';
import { MonthRun, monthTitle } from './MonthRun.tsx';

/** How long the window ignores digits, Enter and approval after it opens or regains focus (ms). */
const INPUT_GUARD_MS = 700;

/** Props of {@link ConsentApp}. */
export interface ConsentAppProps {
  consentId: string;
}

/** The consent window. */
export function ConsentApp({ consentId }: ConsentAppProps) {
  const [lang, setLang] = useState<Lang>('tr');
  const [view, setView] = useState<ConsentView>();
  const [loadError, setLoadError] = useState<string>();
  const [certId, setCertId] = useState<string>();
  const [timestamp, setTimestamp] = useState(false);
  const [finalTryOk, setFinalTryOk] = useState(false);
  const [error, setError] = useState<SerializedError>();
  const [busy, setBusy] = useState(false);
  const [pinLength, setPinLength] = useState(0);
  const [tokenFlags, setTokenFlags] = useState<Record<string, TokenSummary>>({});
  /** PIN as char codes; zeroed after every submit and on unload */
  const pin = useRef<number[]>([]);
  /** the window accepts digits, Enter and approval (false for INPUT_GUARD_MS after open / focus) */
  const [armed, setArmed] = useState(false);
  const armedRef = useRef(false);
  const pinEntry = useRef<HTMLDivElement>(null);
  const submitRef = useRef<((action: 'approve-one' | 'approve-all' | 'refuse') => Promise<void>) | undefined>(undefined);

  // Input guard and Escape: one capture-phase listener that only SUPPRESSES keys during the guard
  // (it never turns a key into an action), plus Escape = refuse.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const disarm = (): void => {
      armedRef.current = false;
      setArmed(false);
      clearTimeout(timer);
      timer = setTimeout(() => {
        armedRef.current = true;
        setArmed(true);
      }, INPUT_GUARD_MS);
    };
    const onFocus = (ev: FocusEvent): void => {
      if (ev.target === window) disarm();
    };
    const onVisibility = (): void => {
      if (document.visibilityState === 'visible') disarm();
    };
    const guarded = (ev: KeyboardEvent): boolean => /^[0-9]$/.test(ev.key) || ev.key === 'Enter' || ev.key === ' ' || ev.key === 'Spacebar';
    const onKey = (ev: KeyboardEvent): void => {
      if (ev.key === 'Escape') {
        ev.preventDefault();
        ev.stopPropagation();
        if (!ev.repeat) void submitRef.current?.('refuse');
        return;
      }
      if (!armedRef.current && guarded(ev)) {
        ev.preventDefault();
        ev.stopPropagation();
      }
    };
    const onKeyUp = (ev: KeyboardEvent): void => {
      if (!armedRef.current && guarded(ev)) {
        ev.preventDefault();
        ev.stopPropagation();
      }
    };
    disarm();
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('keyup', onKeyUp, true);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('keyup', onKeyUp, true);
    };
  }, []);

  const wipePin = useCallback(() => {
    pin.current.fill(0);
    pin.current.length = 0;
    setPinLength(0);
  }, []);

  useEffect(() => {
    void getSettings().then((s) => setLang(s.language));
    ask<ConsentView>({ kind: 'consent-get', consentId })
      .then((v) => {
        setView(v);
        setCertId(v.certificateId);
        setTimestamp(v.timestamp);
        document.title = `${v.month ? monthTitle('tr') : v.gib ? gibTitle(v.gib, 'tr') : t('tr', 'consentTitle')} — ${v.origin}`;
      })
      .catch((e) => setLoadError(errorText(e, 'tr')));
    const hb = setInterval(() => {
      void ask({ kind: 'consent-heartbeat', consentId }).catch(() => undefined);
    }, 10_000);
    window.addEventListener('beforeunload', wipePin);
    return () => {
      clearInterval(hb);
      window.removeEventListener('beforeunload', wipePin);
    };
  }, [consentId, wipePin]);

  const cert = view?.tokens.flatMap((tk) => tk.certificates.map((c) => ({ c, tk }))).find((x) => x.c.id === certId);
  const token = cert ? { ...cert.tk, ...(tokenFlags[cert.tk.label] ?? {}) } : undefined;
  const needsPinField = Boolean(view && !view.sessionOpen && token && !token.pinPad);

  const submit = useCallback(
    async (action: 'approve-one' | 'approve-all' | 'refuse') => {
      if (!view || busy) return;
      if (action !== 'refuse' && (!cert || !token || !armedRef.current)) return;
      // no PIN leaves the window for a timestamped signature the bridge cannot timestamp
      if (action !== 'refuse' && view.showTimestamp && timestamp && !view.tsaConfigured) return;
      setBusy(true);
      setError(undefined);
      const pinCopy = action !== 'refuse' && needsPinField ? pin.current.slice() : undefined;
      wipePin();
      try {
        const out = await browser_sendDecision({
          kind: 'consent-decision',
          consentId,
          action,
          certificateId: cert?.c.id,
          tokenLabel: cert?.tk.label,
          ...(pinCopy ? { pin: pinCopy } : {}),
          timestamp,
          confirmFinalTry: finalTryOk,
          ...(action === 'refuse' || view.gib
            ? {}
            : {
                approvedSha256: (action === 'approve-all' || view.month ? view.documents.slice(view.index) : [view.documents[view.index]]).map((d) => d.sha256),
              }),
        });
        pinCopy?.fill(0);
        if (out.ok) {
          window.close();
          return;
        }
        if (out.token) setTokenFlags((f) => ({ ...f, [out.token!.label]: out.token! }));
        setError(out.error);
        setTimeout(() => pinEntry.current?.focus(), 0);
      } catch (e) {
        setError({ code: ErrorCode.Internal, tr: errorText(e, 'tr'), en: errorText(e, 'en') });
      } finally {
        pinCopy?.fill(0);
        setBusy(false);
      }
    },
    [view, busy, cert, token, needsPinField, timestamp, finalTryOk, consentId, wipePin],
  );
  submitRef.current = submit;

  // the PIN entry has the focus when the window opens (digits typed within the guard are dropped)
  useEffect(() => {
    if (needsPinField) pinEntry.current?.focus();
  }, [needsPinField, Boolean(view)]);

  const onDigit = useCallback((c: number) => {
    if (pin.current.length < 32) {
      pin.current.push(c);
      setPinLength(pin.current.length);
    }
  }, []);
  const onBackspace = useCallback(() => {
    if (pin.current.length) {
      pin.current[pin.current.length - 1] = 0;
      pin.current.pop();
      setPinLength(pin.current.length);
    }
  }, []);
  const onEnter = useCallback(() => {
    void submit('approve-one');
  }, [submit]);

  if (loadError)
    return (
      <main>
        <p class="error" role="alert" data-testid="consent-load-error">
          {loadError}
        </p>
      </main>
    );
  if (!view)
    return (
      <main>
        <p>{t(lang, 'loading')}</p>
      </main>
    );
  if (view.settings) return <SettingsChange consentId={consentId} view={view} lang={lang} />;
  const doc: DocumentSummary | undefined = view.documents[view.index];
  const remaining = view.documents.length - view.index;
  const locked = Boolean(token?.userPinLocked);
  const finalTry = Boolean(token?.userPinFinalTry);
  const countLow = Boolean(token?.userPinCountLow);
  /** the bridge presents no PIN to a low-count / final-try token without the user's "son deneme" */
  const lastTryNeeded = !view.sessionOpen && (finalTry || countLow);
  const docVkn = view.gib?.vkn ?? doc?.vkn;
  const certVkn = cert ? (cert.c.vkn ?? cert.c.tckn) : undefined;
  const vknMismatch = Boolean(cert && docVkn && certVkn !== docVkn);
  /** a zaman damgası is asked for and the bridge has no TSA: refused here, before any PIN */
  const tsaMissing = Boolean(view.showTimestamp && timestamp && !view.tsaConfigured);
  const why = approveWhy({
    armed,
    busy,
    hasCert: Boolean(cert),
    locked,
    vknMismatch,
    tsaMissing,
    lastTryNeeded,
    lastTryConfirmed: finalTryOk,
    needsPin: needsPinField,
    pinLength,
  });
  const canApprove = why.ok;
  const selectable = view.tokens.flatMap((tk) => tk.certificates).length > 1 && !view.sessionOpen;
  const openTsaSettings = (): void => {
    void browser.tabs.create({ url: browser.runtime.getURL('src/options/index.html#tsa') });
  };
  const stampsBerat = view.documents.slice(view.index).some((d) => isBerat(d.declaredKind));

  const pinSide = (
    <>
      {(!token?.pinPad || lastTryNeeded || locked) && (
        <p class={locked || finalTry ? 'bad' : countLow ? 'warn-text' : 'note'} data-testid="pin-tries" role={locked || finalTry ? 'alert' : undefined}>
          {locked ? t(lang, 'pinLocked') : finalTry ? t(lang, 'pinFinalTry') : countLow ? t(lang, 'pinCountLow') : t(lang, 'pinTriesOk')}
        </p>
      )}
      {lastTryNeeded && !locked && (
        <label class="row check">
          <input type="checkbox" data-testid="confirm-final-try" checked={finalTryOk} onChange={(e) => setFinalTryOk((e.target as HTMLInputElement).checked)} />
          {t(lang, finalTry ? 'confirmFinalTry' : 'confirmCountLow')}
        </label>
      )}
    </>
  );

  return (
    <div class="consent" data-testid="consent" data-consent-id={consentId} data-armed={armed ? 'true' : 'false'}>
      <header class="bar">
        <h1>{view.month ? monthTitle(lang) : view.gib ? gibTitle(view.gib, lang) : t(lang, 'consentTitle')}</h1>
        {!view.gib && !view.month && <span data-testid="doc-index">{t(lang, 'docOf', { i: view.index + 1, n: view.documents.length })}</span>}
      </header>
      <main>
        <div class="site-line">
          <span class="label">{t(lang, 'requestingSite')}</span>
          <span class="site" data-testid="consent-origin">
            {view.origin}
          </span>
        </div>
        <p class="note tight">{t(lang, 'siteWarning')}</p>

        <section class="part" aria-label={view.gib || view.month ? t(lang, 'facts') : t(lang, 'documentKind')}>
          {view.month ? (
            <MonthRun m={view.month} documents={view.documents} timestamp={timestamp} lang={lang} />
          ) : view.gib ? (
            <GibPackages g={view.gib} lang={lang} />
          ) : (
            <DocumentFacts d={doc!} lang={lang}>
              {view.documents.length > 1 && (
                <details class="more" data-testid="doc-list-box">
                  <summary>
                    {t(lang, 'documentsInRequest')} ({view.documents.length})
                  </summary>
                  <ul class="plain" data-testid="doc-list">
                    {view.documents.map((d, i) => (
                      <li class={i === view.index ? 'current' : ''}>
                        <span class="mono">{d.name}</span>
                        <span>{DOCUMENT_KIND_LABELS[d.declaredKind][lang]}</span>
                        <span class="mono note" title={d.sha256}>
                          {d.sha256.slice(0, 12)}…
                        </span>
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </DocumentFacts>
          )}
        </section>

        <section class="part" aria-label={t(lang, 'certificate')}>
          {!selectable && <h2>{t(lang, 'certificate')}</h2>}
          <CertificateFacts lang={lang} tokens={view.tokens} cert={cert} selectable={selectable} onSelect={setCertId} />
          {vknMismatch ? (
            <p class="error" role="alert" data-testid="vkn-mismatch">
              {t(lang, 'vknMismatchBlocked', { c: certVkn ?? '—', d: docVkn ?? '' })}
            </p>
          ) : null}
        </section>

        <section class="part" aria-label={t(lang, 'pin')}>
          {view.showTimestamp && (
            <div class="stamp">
              <label class="row check">
                <input type="checkbox" data-testid="timestamp-box" checked={timestamp} onChange={(e) => setTimestamp((e.target as HTMLInputElement).checked)} />
                <span>
                  {t(lang, 'addTimestamp')}
                  {stampsBerat ? <span class="note"> ({t(lang, 'timestampBeratsNote')})</span> : null}
                </span>
              </label>
              {tsaMissing && (
                <div class="warn" role="alert" data-testid="tsa-missing">
                  <span>{t(lang, 'tsaMissingBeforePin')}</span>{' '}
                  <span class="row inline">
                    <button type="button" data-testid="tsa-untick" onClick={() => setTimestamp(false)}>
                      {t(lang, 'untickTimestamp')}
                    </button>
                    <button type="button" data-testid="tsa-settings" onClick={openTsaSettings}>
                      {t(lang, 'openTsaSettings')}
                    </button>
                  </span>
                </div>
              )}
            </div>
          )}
          {view.sessionOpen ? (
            <p class="ok" data-testid="pin-entered">
              {t(lang, 'pinEnteredForRequest')}
            </p>
          ) : token?.pinPad ? (
            <div>
              <p class="warn" data-testid="pinpad-reader">
                {t(lang, 'pinpadReader')}
              </p>
              {pinSide}
            </div>
          ) : (
            <PinPad
              lang={lang}
              length={pinLength}
              disabled={busy || locked || tsaMissing}
              onDigit={onDigit}
              onBackspace={onBackspace}
              onClear={wipePin}
              onEnter={onEnter}
              entryRef={pinEntry}
            >
              {pinSide}
            </PinPad>
          )}
        </section>

        <div aria-live="assertive">
          {error && (
            <p class="error" role="alert" data-testid="consent-error" data-code={error.code}>
              {lang === 'tr' ? error.tr : error.en}
            </p>
          )}
        </div>
      </main>
      <footer class="actions">
        <p id="approve-why" class={why.ok ? 'why ok' : 'why'} data-testid="approve-why" data-reason={why.reason} aria-live="polite">
          {busy ? t(lang, 'working') : t(lang, why.reason)}
        </p>
        <button type="button" class="danger" data-testid="refuse" disabled={busy} onClick={() => void submit('refuse')}>
          {t(lang, 'refuse')}
        </button>
        {remaining > 1 && !view.month && (
          <button type="button" data-testid="approve-all" aria-describedby="approve-why" disabled={!canApprove} onClick={() => void submit('approve-all')}>
            {t(lang, 'approveAll', { n: remaining })}
          </button>
        )}
        <button
          type="button"
          class="primary"
          data-testid="approve"
          aria-describedby="approve-why"
          disabled={!canApprove}
          onClick={() => void submit('approve-one')}
        >
          {t(lang, 'approve')}
        </button>
      </footer>
    </div>
  );
}

/** Sends the decision; the reply is the raw {@link ConsentOutcome} (errors stay in the window). */
function browser_sendDecision(msg: Parameters<typeof ask>[0]): Promise<ConsentOutcome> {
  return browser.runtime.sendMessage(msg) as Promise<ConsentOutcome>;
}
