/**
 * Consent windows: one extension window per document (never the page's DOM), opened with
 * `windows.create`. The window asks the service worker for its {@link ConsentView}, shows it,
 * and sends the user's decision back. The decision handler may fail (wrong PIN): the window then
 * shows the error and stays open for another try. Closing the window = refusal; no decision
 * within TIMEOUTS.consentWindowMs = TIMEOUT.
 */
import { ErrorCode, TIMEOUTS, newRequestId, serializeError, fail, type EdefterError } from '@edefter/protocol';
import browser from '../../shared/browser.ts';
import type { ConsentDecision, ConsentOutcome, ConsentView } from '../../shared/ui-messages.ts';
import { reportConsentAnswer, reportConsentShown } from './consent-audit.ts';

/** Decides what a decision leads to; throw an EdefterError to show it and keep the window. */
export type DecisionHandler = (d: ConsentDecision) => Promise<{ token?: ConsentOutcome['token'] } | void>;

interface OpenConsent {
  view: ConsentView;
  handle: DecisionHandler;
  resolve: (d: ConsentDecision) => void;
  reject: (e: EdefterError) => void;
  windowId?: number;
  timer: ReturnType<typeof setTimeout>;
  busy: boolean;
}

const open = new Map<string, OpenConsent>();

/** True while a consent window is open. */
export function hasOpenConsent(): boolean {
  return open.size > 0;
}

browser.windows.onRemoved.addListener((windowId: number) => {
  for (const [id, c] of open) {
    if (c.windowId === windowId) finish(id, fail('transport.userCancelled', { reason: 'window-closed' }));
  }
});

function finish(id: string, err?: EdefterError, decision?: ConsentDecision): void {
  const c = open.get(id);
  if (!c) return;
  open.delete(id);
  clearTimeout(c.timer);
  if (c.windowId !== undefined) void browser.windows.remove(c.windowId).catch(() => undefined);
  reportConsentAnswer(c.view, err ? undefined : decision, err?.code, (err?.details as { reason?: string } | undefined)?.reason);
  if (err) c.reject(err);
  else c.resolve(decision!);
}

/**
 * Opens a consent window and resolves with the accepted decision (approve-one / approve-all).
 * @param view what to show (its consentId is set here)
 * @param handle runs on approve; its EdefterError is shown in the window (retry possible)
 * @throws EdefterError USER_CANCELLED (refused or closed), TIMEOUT
 */
export async function askConsent(view: Omit<ConsentView, 'consentId'>, handle: DecisionHandler): Promise<ConsentDecision> {
  const consentId = newRequestId();
  const full: ConsentView = { ...view, consentId };
  const result = new Promise<ConsentDecision>((resolve, reject) => {
    const timer = setTimeout(
      () => finish(consentId, fail('transport.timeout', { reason: 'consent', timeoutMs: TIMEOUTS.consentWindowMs })),
      TIMEOUTS.consentWindowMs,
    );
    open.set(consentId, { view: full, handle, resolve, reject, timer, busy: false });
  });
  try {
    const win = await browser.windows.create({
      url: browser.runtime.getURL(`src/consent/index.html?id=${consentId}`),
      type: 'popup',
      width: 560,
      height: 760,
      focused: true,
    });
    const c = open.get(consentId);
    if (c) c.windowId = win.id;
    reportConsentShown(full);
  } catch (e) {
    finish(consentId, fail('transport.internal', { reason: 'window-create', message: String(e) }));
  }
  return result;
}

/** The view for a window (`consent-get`). */
export function getConsentView(consentId: string): ConsentView {
  const c = open.get(consentId);
  if (!c) throw fail('transport.sessionNotFound', { reason: 'consent-gone' });
  return c.view;
}

/** A window is still being looked at: keeps nothing but proves liveness (wakes the worker). */
export function heartbeat(consentId: string): boolean {
  return open.has(consentId);
}

/** Applies a decision from a window (`consent-decision`). */
export async function decide(d: ConsentDecision): Promise<ConsentOutcome> {
  const c = open.get(d.consentId);
  if (!c) return { ok: false, error: fail('transport.sessionNotFound', { reason: 'consent-gone' }).toJSON() };
  if (d.action === 'refuse') {
    finish(d.consentId, fail('transport.userCancelled', { reason: 'refused' }));
    return { ok: true };
  }
  if (c.busy) return { ok: false, error: fail('transport.busy').toJSON() };
  c.busy = true;
  try {
    await c.handle(d);
    finish(d.consentId, undefined, d);
    return { ok: true };
  } catch (e) {
    const token = (e as { token?: ConsentOutcome['token'] }).token;
    const err = serializeError(e);
    if (err.code === ErrorCode.PinLocked || err.code === ErrorCode.TokenRemoved) {
      finish(d.consentId, e as EdefterError);
      return { ok: false, error: err, ...(token ? { token } : {}) };
    }
    return { ok: false, error: err, ...(token ? { token } : {}) };
  } finally {
    c.busy = false;
  }
}
