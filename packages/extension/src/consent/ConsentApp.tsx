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
import { DOCUMENT_KIND_LABELS, ErrorCode, type SerializedError, type TokenSummary } from '@edefter/protocol';
import browser from '../shared/browser.ts';
import { t, type Lang } from '../shared/i18n.ts';
import { ask, errorText } from '../shared/messaging.ts';
import { getSettings } from '../shared/settings.ts';
import { daysUntil, formatBytes, formatDate, groupHex } from '../shared/format.ts';
import type { ConsentOutcome, ConsentView } from '../shared/ui-messages.ts';
import { formatAmount, type DocumentSummary } from '../shared/document-summary.ts';
import { PinPad } from './PinPad.tsx';
import { GibPackages, gibTitle } from './GibPackages.tsx';
import { SettingsChange } from './SettingsChange.tsx';
import { MonthRun, monthTitle } from './MonthRun.tsx';

function DocumentFacts({ d, lang }: { d: DocumentSummary; lang: Lang }) {
  const kind = DOCUMENT_KIND_LABELS[d.declaredKind][lang];
  const period = d.periodStart || d.periodEnd ? `${formatDate(d.periodStart, lang)} – ${formatDate(d.periodEnd, lang)}` : t(lang, 'unknown');
  return (
    <table class="facts" data-testid="document-facts">
      <tbody>
        <tr><th>{t(lang, 'documentKind')}</th><td data-testid="doc-kind"><b>{kind}</b></td></tr>
        <tr><th>{t(lang, 'fileName')}</th><td class="mono" data-testid="doc-name">{d.name}</td></tr>
        <tr><th>{t(lang, 'vkn')}</th><td data-testid="doc-vkn">{d.vkn ?? t(lang, 'unknown')}</td></tr>
        <tr><th>{t(lang, 'title')}</th><td data-testid="doc-title">{d.title ?? t(lang, 'unknown')}</td></tr>
        <tr><th>{t(lang, 'period')}</th><td data-testid="doc-period">{period}</td></tr>
        <tr><th>{t(lang, 'part')}</th><td data-testid="doc-part">{d.part ?? t(lang, 'unknown')}{d.branch ? ` / şube ${d.branch}` : ''}</td></tr>
        {d.uniqueId && <tr><th>{t(lang, 'controlNumber')}</th><td class="mono" data-testid="doc-unique-id">{d.uniqueId}</td></tr>}
        <tr><th>{t(lang, 'documentType')}</th><td data-testid="doc-type">{d.type}</td></tr>
        <tr><th>{t(lang, 'entries')}</th><td data-testid="doc-entries">{d.entries.toLocaleString(lang === 'tr' ? 'tr-TR' : 'en-US')}</td></tr>
        <tr><th>{t(lang, 'lines')}</th><td data-testid="doc-lines">{d.lines.toLocaleString(lang === 'tr' ? 'tr-TR' : 'en-US')}</td></tr>
        {formatAmount(d.totalDebit, lang) && <tr><th>{t(lang, 'totalDebit')}</th><td data-testid="doc-total-debit">{formatAmount(d.totalDebit, lang)}</td></tr>}
        {formatAmount(d.totalCredit, lang) && <tr><th>{t(lang, 'totalCredit')}</th><td data-testid="doc-total-credit">{formatAmount(d.totalCredit, lang)}</td></tr>}
        <tr><th>{t(lang, 'size')}</th><td data-testid="doc-size">{formatBytes(d.size, lang)} ({d.size.toLocaleString(lang === 'tr' ? 'tr-TR' : 'en-US')} B)</td></tr>
        <tr><th>{t(lang, 'sha256')}</th><td class="mono" data-testid="doc-sha256">{groupHex(d.sha256)}</td></tr>
      </tbody>
    </table>
  );
}

/** How long the window ignores digits, Enter and approval after it opens or regains focus (ms). */
export const INPUT_GUARD_MS = 700;

/** Props of {@link ConsentApp}. */
export interface ConsentAppProps { consentId: string }

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
      timer = setTimeout(() => { armedRef.current = true; setArmed(true); }, INPUT_GUARD_MS);
    };
    const onFocus = (ev: FocusEvent): void => { if (ev.target === window) disarm(); };
    const onVisibility = (): void => { if (document.visibilityState === 'visible') disarm(); };
    const guarded = (ev: KeyboardEvent): boolean => /^[0-9]$/.test(ev.key) || ev.key === 'Enter' || ev.key === ' ' || ev.key === 'Spacebar';
    const onKey = (ev: KeyboardEvent): void => {
      if (ev.key === 'Escape') { ev.preventDefault(); ev.stopPropagation(); if (!ev.repeat) void submitRef.current?.('refuse'); return; }
      if (!armedRef.current && guarded(ev)) { ev.preventDefault(); ev.stopPropagation(); }
    };
    const onKeyUp = (ev: KeyboardEvent): void => {
      if (!armedRef.current && guarded(ev)) { ev.preventDefault(); ev.stopPropagation(); }
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

  const wipePin = useCallback(() => { pin.current.fill(0); pin.current.length = 0; setPinLength(0); }, []);

  useEffect(() => {
    void getSettings().then((s) => setLang(s.language));
    ask<ConsentView>({ kind: 'consent-get', consentId }).then((v) => {
      setView(v);
      setCertId(v.certificateId);
      setTimestamp(v.timestamp);
      document.title = `${v.month ? monthTitle('tr') : v.gib ? gibTitle(v.gib, 'tr') : t('tr', 'consentTitle')} — ${v.origin}`;
    }).catch((e) => setLoadError(errorText(e, 'tr')));
    const hb = setInterval(() => { void ask({ kind: 'consent-heartbeat', consentId }).catch(() => undefined); }, 10_000);
    window.addEventListener('beforeunload', wipePin);
    return () => { clearInterval(hb); window.removeEventListener('beforeunload', wipePin); };
  }, [consentId, wipePin]);

  const cert = view?.tokens.flatMap((tk) => tk.certificates.map((c) => ({ c, tk }))).find((x) => x.c.id === certId);
  const token = cert ? { ...cert.tk, ...(tokenFlags[cert.tk.label] ?? {}) } : undefined;
  const needsPinField = Boolean(view && !view.sessionOpen && token && !token.pinPad);

  const submit = useCallback(async (action: 'approve-one' | 'approve-all' | 'refuse') => {
    if (!view || busy) return;
    if (action !== 'refuse' && (!cert || !token || !armedRef.current)) return;
    setBusy(true);
    setError(undefined);
    const pinCopy = action !== 'refuse' && needsPinField ? pin.current.slice() : undefined;
    wipePin();
    try {
      const out = (await browser_sendDecision({
        kind: 'consent-decision', consentId, action,
        certificateId: cert?.c.id, tokenLabel: cert?.tk.label,
        ...(pinCopy ? { pin: pinCopy } : {}),
        timestamp, confirmFinalTry: finalTryOk,
        ...(action === 'refuse' || view.gib ? {} : { approvedSha256: (action === 'approve-all' || view.month ? view.documents.slice(view.index) : [view.documents[view.index]]).map((d) => d.sha256) }),
      }));
      pinCopy?.fill(0);
      if (out.ok) { window.close(); return; }
      if (out.token) setTokenFlags((f) => ({ ...f, [out.token!.label]: out.token! }));
      setError(out.error);
      setTimeout(() => pinEntry.current?.focus(), 0);
    } catch (e) {
      setError({ code: ErrorCode.Internal, tr: errorText(e, 'tr'), en: errorText(e, 'en') });
    } finally {
      pinCopy?.fill(0);
      setBusy(false);
    }
  }, [view, busy, cert, token, needsPinField, timestamp, finalTryOk, consentId, wipePin]);
  submitRef.current = submit;

  // the PIN entry has the focus when the window opens (digits typed within the guard are dropped)
  useEffect(() => { if (needsPinField) pinEntry.current?.focus(); }, [needsPinField, Boolean(view)]);

  const onDigit = useCallback((c: number) => { if (pin.current.length < 32) { pin.current.push(c); setPinLength(pin.current.length); } }, []);
  const onBackspace = useCallback(() => { if (pin.current.length) { pin.current[pin.current.length - 1] = 0; pin.current.pop(); setPinLength(pin.current.length); } }, []);
  const onEnter = useCallback(() => { void submit('approve-one'); }, [submit]);

  if (loadError) return <main><p class="error" data-testid="consent-load-error">{loadError}</p></main>;
  if (!view) return <main><p>{t(lang, 'loading')}</p></main>;
  if (view.settings) return <SettingsChange consentId={consentId} view={view} lang={lang} />;
  const doc: DocumentSummary | undefined = view.documents[view.index];
  const remaining = view.documents.length - view.index;
  const expDays = cert ? daysUntil(cert.c.notAfter) : 0;
  const locked = Boolean(token?.userPinLocked);
  const finalTry = Boolean(token?.userPinFinalTry);
  const countLow = Boolean(token?.userPinCountLow);
  /** the bridge presents no PIN to a low-count / final-try token without the user's "son deneme" */
  const lastTryNeeded = !view.sessionOpen && (finalTry || countLow);
  const docVkn = view.gib?.vkn ?? doc?.vkn;
  const certVkn = cert ? cert.c.vkn ?? cert.c.tckn : undefined;
  const vknMismatch = Boolean(cert && docVkn && certVkn !== docVkn);
  const canApprove = armed && !busy && Boolean(cert) && !locked && !vknMismatch && (!lastTryNeeded || finalTryOk) && (!needsPinField || pinLength >= 4);

  return (
    <div data-testid="consent" data-consent-id={consentId} data-armed={armed ? 'true' : 'false'}>
      <header class="bar"><h1>{view.month ? monthTitle(lang) : view.gib ? gibTitle(view.gib, lang) : t(lang, 'consentTitle')}</h1>{!view.gib && !view.month && <span data-testid="doc-index">{t(lang, 'docOf', { i: view.index + 1, n: view.documents.length })}</span>}</header>
      <main>
        <h2>{t(lang, 'requestingSite')}</h2>
        <div class="site" data-testid="consent-origin">{view.origin}</div>
        <p class="note">{t(lang, 'siteWarning')}</p>

        {view.month ? <MonthRun m={view.month} documents={view.documents} timestamp={timestamp} lang={lang} /> : view.gib ? <GibPackages g={view.gib} lang={lang} /> : <>
          <h2>{t(lang, 'documentKind')}</h2>
          <DocumentFacts d={doc!} lang={lang} />
        </>}

        <h2>{t(lang, 'certificate')}</h2>
        {view.tokens.flatMap((tk) => tk.certificates).length > 1 && !view.sessionOpen ? (
          <select data-testid="cert-select" value={certId} onChange={(e) => setCertId((e.target as HTMLSelectElement).value)}>
            {view.tokens.flatMap((tk) => tk.certificates.map((c) => <option value={c.id}>{`${c.commonName ?? c.subject} (${c.keyType.toUpperCase()}, ${tk.label})`}</option>))}
          </select>
        ) : null}
        {cert && (
          <table class="facts" data-testid="cert-facts">
            <tbody>
              <tr><th>{t(lang, 'subject')}</th><td data-testid="cert-subject">{cert.c.subject}</td></tr>
              <tr><th>{t(lang, 'vkn')}</th><td data-testid="cert-vkn">{cert.c.vkn ?? cert.c.tckn ?? t(lang, 'unknown')}</td></tr>
              <tr><th>{t(lang, 'expires')}</th><td data-testid="cert-expiry">{formatDate(cert.c.notAfter, lang)} {expDays < 0 ? <b class="error">{t(lang, 'expired')}</b> : expDays < 30 ? <span class="warn">{t(lang, 'expiresSoon', { d: expDays })}</span> : null}</td></tr>
              <tr><th>{t(lang, 'token')}</th><td>{cert.tk.label}</td></tr>
            </tbody>
          </table>
        )}
        {vknMismatch
          ? <p class="error" data-testid="vkn-mismatch">{t(lang, 'vknMismatchBlocked', { c: certVkn ?? '—', d: docVkn ?? '' })}</p> : null}

        <h2>{t(lang, 'pin')}</h2>
        {view.sessionOpen ? <p class="ok" data-testid="pin-entered">{t(lang, 'pinEnteredForRequest')}</p>
          : (
            <div>
              {token?.pinPad && <p class="warn" data-testid="pinpad-reader">{t(lang, 'pinpadReader')}</p>}
              {(!token?.pinPad || lastTryNeeded || locked) && (
                <p class={locked || finalTry ? 'error' : countLow ? 'warn' : 'note'} data-testid="pin-tries">
                  {locked ? t(lang, 'pinLocked') : finalTry ? t(lang, 'pinFinalTry') : countLow ? t(lang, 'pinCountLow') : t(lang, 'pinTriesOk')}
                </p>
              )}
              {lastTryNeeded && !locked && (
                <label class="row"><input type="checkbox" data-testid="confirm-final-try" checked={finalTryOk} onChange={(e) => setFinalTryOk((e.target as HTMLInputElement).checked)} />{t(lang, finalTry ? 'confirmFinalTry' : 'confirmCountLow')}</label>
              )}
              {!token?.pinPad && <PinPad lang={lang} length={pinLength} disabled={busy || locked} onDigit={onDigit} onBackspace={onBackspace} onClear={wipePin} onEnter={onEnter} entryRef={pinEntry} />}
            </div>
          )}

        {view.showTimestamp && (
          <div>
            <h2>{t(lang, 'addTimestamp')}</h2>
            <label class="row"><input type="checkbox" data-testid="timestamp-box" checked={timestamp} onChange={(e) => setTimestamp((e.target as HTMLInputElement).checked)} />
              {t(lang, 'addTimestamp')} <span class="note">({t(lang, 'timestampBeratsNote')})</span></label>
            {timestamp && !view.tsaConfigured && <p class="warn" data-testid="tsa-missing">{t(lang, 'tsaNotConfigured')}</p>}
          </div>
        )}

        {!view.gib && <>
          <h2>{t(lang, 'documentsInRequest')} ({view.documents.length})</h2>
          <ul class="plain" data-testid="doc-list">
            {view.documents.map((d, i) => (
              <li class={i === view.index ? 'current' : ''}><span class="mono">{d.name}</span><span>{DOCUMENT_KIND_LABELS[d.declaredKind][lang]}</span><span class="mono note" title={d.sha256}>{d.sha256.slice(0, 12)}…</span></li>
            ))}
          </ul>
        </>}
        {error && <p class="error" data-testid="consent-error" data-code={error.code}>{lang === 'tr' ? error.tr : error.en}</p>}
        {busy && <p class="note">{t(lang, 'working')}</p>}
      </main>
      <footer class="actions">
        <button type="button" class="danger" data-testid="refuse" disabled={busy} onClick={() => void submit('refuse')}>{t(lang, 'refuse')}</button>
        {remaining > 1 && !view.month && <button type="button" data-testid="approve-all" disabled={!canApprove} onClick={() => void submit('approve-all')}>{t(lang, 'approveAll', { n: remaining })}</button>}
        <button type="button" class="primary" data-testid="approve" disabled={!canApprove} onClick={() => void submit('approve-one')}>{t(lang, 'approve')}</button>
      </footer>
    </div>
  );
}

/** Sends the decision; the reply is the raw {@link ConsentOutcome} (errors stay in the window). */
function browser_sendDecision(msg: Parameters<typeof ask>[0]): Promise<ConsentOutcome> {
  return browser.runtime.sendMessage(msg) as Promise<ConsentOutcome>;
}
