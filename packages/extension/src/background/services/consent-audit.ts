/**
 * Reports every consent window to the bridge's audit log (bridge action `audit-consent`): when it
 * is shown, and how it ended — approve (this document), approve-all (this and the rest listed),
 * refuse, closed, timeout, error — with what it covered: document names and SHA-256, GİB package
 * ids and their files, or the settings fields that change. Never a PIN or password.
 *
 * Reports are fire-and-forget: a bridge that cannot be reached does not hold the window up (the
 * bridge records the action itself — `sign`, `gib-send`, `settings`… — when it runs it).
 */
import { ErrorCode, TIMEOUTS, auditConsent, isAcceptableWebOrigin, type ParamsOf } from '@edefter/protocol';
import type { BridgeConnection } from './bridge-connection.ts';
import type { ConsentDecision, ConsentView } from '../../shared/ui-messages.ts';

/** Parameters of `audit-consent`. */
type ConsentAuditParams = ParamsOf<typeof auditConsent>;

/** Sends one report; `origin` is the page the window was for (absent for the extension's own windows). */
export type ConsentAuditSink = (params: ConsentAuditParams, origin: string | undefined) => Promise<unknown>;

let sink: ConsentAuditSink | undefined;

/** Sets where reports go (the service worker's bridge connection). */
export function setConsentAuditSink(s: ConsentAuditSink): void {
  sink = s;
}

function actionOf(v: ConsentView): ConsentAuditParams['action'] {
  if (v.settings) return 'settings';
  if (v.month) return 'month-run';
  if (v.gib) return v.gib.operation === 'send' ? 'gib-send' : 'gib-download';
  return 'sign';
}

/** What the window (or an answer covering `from`…end) is about. */
function subject(v: ConsentView, all: boolean): Pick<ConsentAuditParams, 'documents' | 'packages' | 'settings'> {
  if (v.settings)
    return {
      settings: { area: v.settings.area, ...(v.settings.vkn ? { vkn: v.settings.vkn } : {}), changed: v.settings.changes.map((c) => c.field).slice(0, 20) },
    };
  if (v.gib) {
    return {
      packages: v.gib.packages.map((p) => p.paketId).slice(0, 200),
      documents: v.gib.packages.flatMap((p) => p.entries.map((e) => ({ name: e.name.slice(0, 255), sha256: e.sha256 }))).slice(0, 1000),
    };
  }
  // "Ayı tamamla": one window for the whole month — all its documents and the packages it lists
  if (v.month)
    return {
      documents: v.documents.map((d) => ({ name: d.name.slice(0, 255), sha256: d.sha256 })).slice(0, 1000),
      packages: v.month.packages.map((p) => p.paketId).slice(0, 200),
    };
  const docs = all ? v.documents.slice(v.index) : v.documents.slice(v.index, v.index + 1);
  return {
    documents: docs
      .filter((d) => /^[0-9a-f]{64}$/.test(d.sha256))
      .map((d) => ({ name: d.name.slice(0, 255), sha256: d.sha256 }))
      .slice(0, 1000),
  };
}

function send(v: ConsentView, params: ConsentAuditParams): void {
  if (!sink) return;
  const origin = !v.settings && isAcceptableWebOrigin(v.origin) ? v.origin : undefined;
  void sink(params, origin).catch(() => undefined);
}

/** Reports that the window of `v` is shown. */
export function reportConsentShown(v: ConsentView): void {
  send(v, { event: 'shown', consentId: v.consentId, action: actionOf(v), ...subject(v, false) });
}

/**
 * Reports how the window of `v` ended.
 * @param decision the accepted decision (approve-one / approve-all), or undefined when it ended with `errorCode`
 * @param errorCode USER_CANCELLED (with `reason` refused / window-closed), TIMEOUT, or another code (error)
 */
export function reportConsentAnswer(v: ConsentView, decision: ConsentDecision | undefined, errorCode?: string, reason?: string): void {
  let answer: NonNullable<ConsentAuditParams['answer']>;
  if (decision) answer = decision.action === 'approve-all' ? 'approve-all' : decision.action === 'refuse' ? 'refuse' : 'approve';
  else if (errorCode === ErrorCode.UserCancelled) answer = reason === 'refused' ? 'refuse' : 'closed';
  else if (errorCode === ErrorCode.Timeout) answer = 'timeout';
  else answer = 'error';
  send(v, { event: 'answer', consentId: v.consentId, action: actionOf(v), answer, ...subject(v, answer === 'approve-all') });
}

/** The sink over a bridge connection: the typed `audit-consent` action. */
export function bridgeConsentAuditSink(bridge: Pick<BridgeConnection, 'call'>): ConsentAuditSink {
  return (params, origin) => bridge.call(auditConsent, params, { ...(origin ? { origin } : {}), timeoutMs: TIMEOUTS.shortRequestMs });
}
