/**
 * `sign-documents`: the signing flow of one page request.
 *
 * 1. refuse at once (no prompt) when the site is not allowed or a file is too large or empty; then
 *    the bridge inspects every document (`document-inspect`: a real XML parse of the very bytes,
 *    GİB e-Defter documents only, no DTD) and refuses non-XML, DOCTYPE, non-GİB, already signed
 *    files and a declared kind that contradicts the content — all before any window opens;
 * 2. for each document: a consent window (unless the user approved all listed) showing the
 *    site, the bridge's facts of the document and its SHA-256, the certificate, the PIN pad;
 * 3. the first approval logs in (session-open with `forDocuments` = the request's digests, so the
 *    bridge checks every document's VKN against the certificate before C_Login; PIN as a binary
 *    frame, or the reader's PIN pad; `lastTry` only when the user ticked "son deneme"; a zaman
 *    damgası with no TSA configured is refused TSA_NOT_CONFIGURED before the PIN is sent, and
 *    session-open carries `timestamp` so the bridge refuses it before C_Login too);
 *    a wrong PIN keeps the window open with the new PIN-counter state;
 * 4. each approved document is signed on the bridge (session-sign with `approvedSha256` = the
 *    digest the window showed) and the session is closed (logout) at the end, whatever happens.
 */
import {
  LIMITS,
  TIMEOUTS,
  base64ToBytes,
  documentInspect,
  isBerat,
  sessionClose,
  sessionOpen,
  sessionSign,
  tokenList,
  fail,
  type EdefterError,
  type ParamsOf,
  type ResultOf,
  type SignedDocument,
  type TokenWithCertificates,
  type signDocuments,
} from '@edefter/protocol';
import { toSummary, type DocumentSummary } from '../../shared/document-summary.ts';
import { setSettings } from '../../shared/settings.ts';
import type { ConsentDecision } from '../../shared/ui-messages.ts';
import { askConsent } from '../services/consent.ts';
import { clearPending, setPending } from '../services/pending.ts';
import type { ActionContext, ActionHandler } from './context.ts';
import { autoApproval } from '../test-hooks.ts';
import { requireAllowedOrigin } from './origin-guard.ts';

type Params = ParamsOf<typeof signDocuments>;
type Result = ResultOf<typeof signDocuments>;

let running = false;

/** Phase durations (ms) of the last requests, newest last: for diagnostics and bench/roundtrip.ts. */
export const recentTimings: Array<Record<string, number>> = [];

/** Refuses empty and too large files before anything else (no bridge call, no prompt). */
function checkSizes(params: Params): void {
  let total = 0;
  for (const d of params.documents) {
    const b = base64ToBytes(d.bytes);
    total += b.length;
    if (b.length > LIMITS.maxDocumentBytes || total > LIMITS.maxRequestBytes) {
      throw fail('transport.tooLarge', { name: d.name, bytes: b.length, maxDocumentBytes: LIMITS.maxDocumentBytes, maxRequestBytes: LIMITS.maxRequestBytes });
    }
    if (b.length === 0) throw fail('documents.emptyFile', { name: d.name });
  }
}

/**
 * Has the bridge inspect every document (one at a time: each reply is checked against its schema)
 * and returns what the consent windows show. The bridge's refusal (NOT_XML, DOCTYPE_FORBIDDEN,
 * BAD_INPUT not-edefter / kind-mismatch, ALREADY_SIGNED) ends the request before any window.
 */
async function inspect(ctx: ActionContext, params: Params): Promise<DocumentSummary[]> {
  const out: DocumentSummary[] = [];
  for (const d of params.documents) {
    const facts = await ctx.bridge.call(
      documentInspect,
      { name: d.name, kind: d.kind, bytes: d.bytes },
      { origin: ctx.origin, timeoutMs: TIMEOUTS.bridgeSignMs },
    );
    if (facts.name !== d.name || facts.kind !== d.kind || facts.signed) throw fail('transport.internal', { reason: 'inspect-reply', name: d.name });
    out.push(toSummary(facts, d.kind));
  }
  return out;
}

/** Picks the pre-selected certificate: the page's choice, else one whose VKN matches the first document, else the first. */
export function preselect(tokens: TokenWithCertificates[], wanted: string | undefined, vkn: string | undefined): string {
  const certs = tokens.flatMap((t) => t.certificates);
  if (certs.length === 0) throw fail('transport.noCertificate');
  if (wanted) {
    if (!certs.some((c) => c.id === wanted)) throw fail('transport.noCertificate', { certificateId: wanted });
    return wanted;
  }
  return (certs.find((c) => (c.vkn ?? c.tckn) !== undefined && (c.vkn ?? c.tckn) === vkn) ?? certs[0]).id;
}

/** An open signing session on the bridge. */
export interface Session {
  id: string;
  certificateId: string;
}

/**
 * Logs in on the bridge. The PIN (char codes) is copied into a Uint8Array, the source array is
 * zeroed, and the copy is wiped once the binary frame is sent. `d.confirmFinalTry` (the "son
 * deneme" box) becomes `lastTry`: without it the bridge presents no PIN to a token whose counter
 * is low or at its final try.
 * @param forDocuments SHA-256 of the documents the session may sign (absent for GİB web-service sessions)
 * @param opts.timestamp the session will sign with a zaman damgası: the bridge refuses TSA_NOT_CONFIGURED before C_Login when it has no TSA
 * @throws EdefterError (with `token` = fresh PIN flags on PIN errors, for the window)
 */
export async function openSession(
  ctx: ActionContext,
  tokens: TokenWithCertificates[],
  d: Pick<ConsentDecision, 'certificateId' | 'tokenLabel' | 'pin' | 'confirmFinalTry'>,
  forDocuments?: string[],
  opts: { timestamp?: boolean } = {},
): Promise<Session> {
  const token =
    tokens.find((t) => t.label === d.tokenLabel && t.certificates.some((c) => c.id === d.certificateId)) ??
    tokens.find((t) => t.certificates.some((c) => c.id === d.certificateId));
  if (!token || !d.certificateId) throw fail('transport.noCertificate', { certificateId: d.certificateId });
  if (token.userPinLocked) throw fail('extension.pinBlocked', { token: token.label });
  let pin: Uint8Array | undefined;
  if ((token.userPinFinalTry || token.userPinCountLow) && !d.confirmFinalTry) {
    d.pin?.fill(0);
    throw fail('extension.lastTryNotConfirmed', { finalTry: token.userPinFinalTry, reason: 'last-try-not-confirmed' });
  }
  if (!token.pinPad) {
    if (!d.pin || d.pin.length < 4) throw fail('extension.pinTooShort');
    pin = Uint8Array.from(d.pin);
    d.pin.fill(0);
  }
  try {
    const res = await ctx.bridge.call(
      sessionOpen,
      {
        certificateId: d.certificateId,
        tokenLabel: token.label,
        pin: pin ? 'frame' : 'pinpad',
        ...(forDocuments?.length ? { forDocuments } : {}),
        ...(d.confirmFinalTry ? { lastTry: true } : {}),
        ...(opts.timestamp ? { timestamp: true } : {}),
      },
      { origin: ctx.origin, timeoutMs: TIMEOUTS.pinpadLoginMs, pin },
    );
    return { id: res.sessionId, certificateId: d.certificateId };
  } catch (e) {
    const err = e as EdefterError & { token?: unknown };
    const det = err.details ?? {};
    if (typeof det.userPinCountLow === 'boolean') {
      Object.assign(token, { userPinCountLow: det.userPinCountLow, userPinFinalTry: Boolean(det.userPinFinalTry), userPinLocked: Boolean(det.userPinLocked) });
      const { certificates: _c, ...summary } = token;
      err.token = summary;
    }
    throw err;
  } finally {
    pin?.fill(0);
  }
}

/** Handler of the `sign-documents` page action. */
export const signDocumentsAction: ActionHandler<Params, Result> = async (ctx, params) => {
  requireAllowedOrigin(ctx);
  if (running) throw fail('transport.busy');
  running = true;
  const options = params.options ?? {};
  let session: Session | undefined;
  const t: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    t[name] = (t[name] ?? 0) + (now - mark);
    mark = now;
  };
  try {
    checkSizes(params);
    await ctx.bridge.ready();
    const summaries = await inspect(ctx, params);
    lap('inspect');
    const digests = summaries.map((x) => x.sha256);
    /** digests the user approved in a window (or the test hook approved) */
    const approved = new Set<string>();
    const { tokens } = await ctx.bridge.call(tokenList, {}, { origin: ctx.origin, timeoutMs: TIMEOUTS.shortRequestMs });
    lap('tokenList');
    const preferred = preselect(tokens, options.certificateId, summaries[0].vkn);
    const tsaConfigured = ctx.bridge.hello?.tsaConfigured ?? false;
    const auto = autoApproval(ctx);
    const docs = params.documents;
    const results: SignedDocument[] = [];
    let approvedAll = false;
    let box = options.timestamp ?? ctx.settings.timestampBerat;
    setPending({ id: ctx.id, origin: ctx.origin, action: 'sign-documents', documents: docs.length, startedAt: Date.now(), state: 'working' });

    for (let i = 0; i < docs.length; i++) {
      const applies = (k: (typeof docs)[number]['kind']): boolean => isBerat(k) || options.timestamp === true;
      if (auto && !session) {
        lap('other');
        session = await openSession(ctx, tokens, { certificateId: preferred, tokenLabel: undefined, pin: [...auto.pin], confirmFinalTry: false }, digests);
        for (const x of digests) approved.add(x);
        lap('sessionOpen');
      } else if (!auto && !approvedAll) {
        setPending({ id: ctx.id, origin: ctx.origin, action: 'sign-documents', documents: docs.length, startedAt: Date.now(), state: 'waiting-user' });
        const tokensForView = tokens.map((t) => ({ ...t, certificates: t.certificates.map((c) => ({ ...c, der: '' })) }));
        const decision = await askConsent(
          {
            origin: ctx.origin,
            index: i,
            documents: summaries,
            tokens: tokensForView,
            certificateId: session?.certificateId ?? preferred,
            sessionOpen: Boolean(session),
            timestamp: box,
            showTimestamp: docs.slice(i).some((d) => applies(d.kind)),
            tsaConfigured,
            pageAskedTimestamp: options.timestamp,
          },
          async (d) => {
            // the window names the digests it showed; they must be exactly the ones it approves
            const want = d.action === 'approve-all' ? digests.slice(i) : [digests[i]];
            if (!d.approvedSha256 || want.some((x) => !d.approvedSha256!.includes(x)) || d.approvedSha256.some((x) => !want.includes(x))) {
              d.pin?.fill(0);
              throw fail('extension.approvedDigestMismatch', { reason: 'approved-digest-mismatch' });
            }
            // a zaman damgası with no TSA is refused before any PIN leaves the extension (the bridge checks again before C_Login)
            const stamps = d.timestamp && docs.slice(i).some((x) => applies(x.kind));
            if (stamps && !session && !tsaConfigured) {
              d.pin?.fill(0);
              throw fail('transport.tsaNotConfigured', { reason: 'before-pin' });
            }
            if (!session) session = await openSession(ctx, tokens, d, digests, { timestamp: stamps });
          },
        );
        for (const x of decision.approvedSha256 ?? []) approved.add(x);
        approvedAll = decision.action === 'approve-all';
        if (docs.slice(i).some((d) => applies(d.kind))) {
          box = decision.timestamp;
          if (docs.slice(i).some((d) => isBerat(d.kind))) await setSettings({ timestampBerat: box });
        }
      }
      if (!session) throw fail('transport.internal', { reason: 'no-session' });
      if (!approved.has(digests[i])) throw fail('transport.internal', { reason: 'not-approved', name: docs[i].name });
      setPending({ id: ctx.id, origin: ctx.origin, action: 'sign-documents', documents: docs.length, startedAt: Date.now(), state: 'signing' });
      lap('other');
      const signed = await ctx.bridge.call(
        sessionSign,
        {
          sessionId: session.id,
          name: docs[i].name,
          kind: docs[i].kind,
          bytes: docs[i].bytes,
          timestamp: applies(docs[i].kind) ? box : false,
          approvedSha256: digests[i],
        },
        { origin: ctx.origin, timeoutMs: TIMEOUTS.bridgeSignMs },
      );
      const { bridgeMs: _ms, ...doc } = signed;
      results.push(doc);
      lap('sign');
    }
    return { documents: results };
  } finally {
    running = false;
    clearPending(ctx.id);
    // logout without holding up the page: the bridge also closes idle sessions and those of a dropped link
    if (session)
      void ctx.bridge.call(sessionClose, { sessionId: session.id }, { origin: ctx.origin, timeoutMs: TIMEOUTS.shortRequestMs }).catch(() => undefined);
    lap('finish');
    recentTimings.push(t);
    if (recentTimings.length > 200) recentTimings.shift();
  }
};
