/**
 * `sign-documents`: the signing flow of one page request.
 *
 * 1. refuse at once (no prompt) when the site is not allowed, a file is too large, its content
 *    contradicts the declared kind, it has a DOCTYPE or is already signed;
 * 2. for each document: a consent window (unless the user approved all listed) showing the
 *    site, the document's header facts and SHA-256, the certificate, the PIN pad;
 * 3. the first approval logs in (session-open: PIN as a binary frame, or the reader's PIN pad);
 *    a wrong PIN keeps the window open with the new PIN-counter state;
 * 4. each approved document is signed on the bridge (session-sign) and the session is closed
 *    (logout) at the end, whatever happens.
 */
import {
  ErrorCode, LIMITS, TIMEOUTS, base64ToBytes, isBerat, protocolError, sessionOpen, sessionSign, tokenList,
  type EdefterError, type ParamsOf, type ResultOf, type SignedDocument, type TokenWithCertificates, type signDocuments,
} from '@edefter/protocol';
import { summarizeDocument, type DocumentSummary } from '../../shared/document-summary.ts';
import { setSettings } from '../../shared/settings.ts';
import type { ConsentDecision } from '../../shared/ui-messages.ts';
import { askConsent } from '../services/consent.ts';
import { clearPending, setPending } from '../services/pending.ts';
import type { ActionContext, ActionHandler } from './context.ts';
import { requireAllowedOrigin } from './origin-guard.ts';

type Params = ParamsOf<typeof signDocuments>;
type Result = ResultOf<typeof signDocuments>;

let running = false;

/** Phase durations (ms) of the last requests, newest last: for diagnostics and bench/roundtrip.ts. */
export const recentTimings: Array<Record<string, number>> = [];

/** Decodes and summarizes the documents; refuses bad ones before any prompt. */
async function inspect(params: Params): Promise<{ bytes: Uint8Array[]; summaries: DocumentSummary[] }> {
  const bytes = params.documents.map((d) => base64ToBytes(d.bytes));
  let total = 0;
  for (const [i, b] of bytes.entries()) {
    total += b.length;
    if (b.length > LIMITS.maxDocumentBytes || total > LIMITS.maxRequestBytes) {
      throw protocolError(ErrorCode.TooLarge, { name: params.documents[i].name, bytes: b.length, maxDocumentBytes: LIMITS.maxDocumentBytes, maxRequestBytes: LIMITS.maxRequestBytes });
    }
    if (b.length === 0) throw protocolError(ErrorCode.EmptyFile, { name: params.documents[i].name }, { tr: `Dosya boş: ${params.documents[i].name}`, en: `Empty file: ${params.documents[i].name}` });
  }
  const summaries = await Promise.all(params.documents.map((d, i) => summarizeDocument(d.name, d.kind, bytes[i])));
  for (const s of summaries) {
    if (s.hasDoctype) throw protocolError(ErrorCode.DoctypeForbidden, { name: s.name }, { tr: `DOCTYPE içeren dosya imzalanmaz: ${s.name}`, en: `Files with a DOCTYPE are refused: ${s.name}` });
    if (s.looksSigned) throw protocolError(ErrorCode.AlreadySigned, { name: s.name }, { tr: `Dosya zaten imzalı: ${s.name}`, en: `The file is already signed: ${s.name}` });
    if (s.detectedKind && s.detectedKind !== s.declaredKind) {
      throw protocolError(ErrorCode.BadInput, { name: s.name, declaredKind: s.declaredKind, detectedKind: s.detectedKind },
        { tr: `Sayfanın bildirdiği belge türü (${s.declaredKind}) dosyanın içeriğiyle (${s.detectedKind}) uyuşmuyor: ${s.name}`,
          en: `The declared document kind (${s.declaredKind}) does not match the file's content (${s.detectedKind}): ${s.name}` });
    }
  }
  return { bytes, summaries };
}

/** Picks the pre-selected certificate: the page's choice, else one whose VKN matches the first document, else the first. */
export function preselect(tokens: TokenWithCertificates[], wanted: string | undefined, vkn: string | undefined): string {
  const certs = tokens.flatMap((t) => t.certificates);
  if (certs.length === 0) throw protocolError(ErrorCode.NoCertificate);
  if (wanted) {
    if (!certs.some((c) => c.id === wanted)) throw protocolError(ErrorCode.NoCertificate, { certificateId: wanted });
    return wanted;
  }
  return (certs.find((c) => c.vkn && c.vkn === vkn) ?? certs[0]).id;
}

/** An open signing session on the bridge. */
export interface Session { id: string; certificateId: string }

/**
 * Logs in on the bridge. The PIN (char codes) is copied into a Uint8Array, the source array is
 * zeroed, and the copy is wiped once the binary frame is sent.
 * @throws EdefterError (with `token` = fresh PIN flags on PIN_INCORRECT, for the window)
 */
export async function openSession(ctx: ActionContext, tokens: TokenWithCertificates[], d: Pick<ConsentDecision, 'certificateId' | 'tokenLabel' | 'pin' | 'confirmFinalTry'>): Promise<Session> {
  const token = tokens.find((t) => t.label === d.tokenLabel && t.certificates.some((c) => c.id === d.certificateId))
    ?? tokens.find((t) => t.certificates.some((c) => c.id === d.certificateId));
  if (!token || !d.certificateId) throw protocolError(ErrorCode.NoCertificate, { certificateId: d.certificateId });
  if (token.userPinLocked) throw protocolError(ErrorCode.PinLocked, { token: token.label }, { tr: 'PIN blokeli: kartın PUK koduyla açılması gerekir.', en: 'The PIN is locked: unblock the card with its PUK.' });
  let pin: Uint8Array | undefined;
  if (!token.pinPad) {
    if (!d.pin || d.pin.length < 4) throw protocolError(ErrorCode.PinRequired, {}, { tr: 'PIN girin (en az 4 hane).', en: 'Enter the PIN (at least 4 digits).' });
    if (token.userPinFinalTry && !d.confirmFinalTry) {
      d.pin.fill(0);
      throw protocolError(ErrorCode.PinRequired, { finalTry: true }, { tr: 'Son PIN deneme hakkı: kullanmak için onay kutusunu işaretleyin.', en: 'Final PIN try: tick the box to use it.' });
    }
    pin = Uint8Array.from(d.pin);
    d.pin.fill(0);
  }
  try {
    const res = sessionOpen.result.parse(await ctx.bridge.request('session-open',
      { certificateId: d.certificateId, tokenLabel: token.label, pin: pin ? 'frame' : 'pinpad' },
      { origin: ctx.origin, timeoutMs: TIMEOUTS.pinpadLoginMs, pin }));
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
  if (running) throw protocolError(ErrorCode.Busy);
  running = true;
  const options = params.options ?? {};
  let session: Session | undefined;
  const t: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string): void => { const now = performance.now(); t[name] = (t[name] ?? 0) + (now - mark); mark = now; };
  try {
    const { summaries } = await inspect(params);
    lap('inspect');
    await ctx.bridge.ready();
    const { tokens } = tokenList.result.parse(await ctx.bridge.request('token-list', {}, { origin: ctx.origin, timeoutMs: TIMEOUTS.shortRequestMs }));
    lap('tokenList');
    const preferred = preselect(tokens, options.certificateId, summaries[0].vkn);
    const tsaConfigured = ctx.bridge.hello?.tsaConfigured ?? false;
    const auto = ctx.bridge.hello?.testMode ? ctx.settings.testHooks?.autoApprove : undefined;
    const docs = params.documents;
    const results: SignedDocument[] = [];
    let approvedAll = false;
    let box = options.timestamp ?? ctx.settings.timestampBerat;
    setPending({ id: ctx.id, origin: ctx.origin, action: 'sign-documents', documents: docs.length, startedAt: Date.now(), state: 'working' });

    for (let i = 0; i < docs.length; i++) {
      const applies = (k: typeof docs[number]['kind']): boolean => isBerat(k) || options.timestamp === true;
      if (auto && !session) {
        lap('other');
        session = await openSession(ctx, tokens, { certificateId: preferred, tokenLabel: undefined, pin: [...auto.pin], confirmFinalTry: false });
        lap('sessionOpen');
      } else if (!auto && !approvedAll) {
        setPending({ id: ctx.id, origin: ctx.origin, action: 'sign-documents', documents: docs.length, startedAt: Date.now(), state: 'waiting-user' });
        const tokensForView = tokens.map((t) => ({ ...t, certificates: t.certificates.map((c) => ({ ...c, der: '' })) }));
        const decision = await askConsent({
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
        }, async (d) => {
          if (!session) session = await openSession(ctx, tokens, d);
        });
        approvedAll = decision.action === 'approve-all';
        if (docs.slice(i).some((d) => applies(d.kind))) {
          box = decision.timestamp;
          if (docs.slice(i).some((d) => isBerat(d.kind))) await setSettings({ timestampBerat: box });
        }
      }
      if (!session) throw protocolError(ErrorCode.Internal, { reason: 'no-session' });
      setPending({ id: ctx.id, origin: ctx.origin, action: 'sign-documents', documents: docs.length, startedAt: Date.now(), state: 'signing' });
      lap('other');
      const signed = sessionSign.result.parse(await ctx.bridge.request('session-sign',
        { sessionId: session.id, name: docs[i].name, kind: docs[i].kind, bytes: docs[i].bytes, timestamp: applies(docs[i].kind) ? box : false },
        { origin: ctx.origin, timeoutMs: TIMEOUTS.bridgeSignMs }));
      const { bridgeMs: _ms, ...doc } = signed;
      results.push(doc);
      lap('sign');
    }
    return { documents: results };
  } finally {
    running = false;
    clearPending(ctx.id);
    // logout without holding up the page: the bridge also closes idle sessions and those of a dropped link
    if (session) void ctx.bridge.request('session-close', { sessionId: session.id }, { origin: ctx.origin, timeoutMs: TIMEOUTS.shortRequestMs }).catch(() => undefined);
    lap('finish');
    recentTimings.push(t);
    if (recentTimings.length > 200) recentTimings.shift();
  }
};
