/**
 * `send-to-gib` (GİB'e Gönder): sending to GİB is a legal act, so it gets its own consent window.
 *
 * 1. refuse at once when the site is not allowed or the request is too large;
 * 2. `gib-prepare` on the bridge: the files are staged privately and verified in full (no
 *    DOCTYPE, our rules, XAdES signature and references, berat binding) and the packages listed
 *    with each file's SHA-256 — nothing is sent yet;
 * 3. one consent window listing every package (name, files with size and SHA-256, GİB endpoint
 *    and environment, whether GİB already has it), the certificate and the PIN pad;
 * 4. the approval logs in (session-open), `gib-send` uploads exactly the approved packages (ids,
 *    file names and SHA-256 sent back; the bridge refuses any difference) with WS-Security signed
 *    by that session, and the session is closed at the end, whatever happens;
 * 5. a refusal, a closed window, a failed login or a failed send sends `gib-cancel`: the bridge
 *    deletes the files it staged for this send.
 */
import {
  GIB_TIMEOUT_MS,
  LIMITS,
  TIMEOUTS,
  gibCancel,
  gibPrepare,
  gibSend,
  sessionClose,
  tokenList,
  fail,
  type ParamsOf,
  type ResultOf,
  type sendToGib,
} from '@edefter/protocol';
import { clearPending, setPending } from '../services/pending.ts';
import type { ActionHandler } from './context.ts';
import { requireAllowedOrigin } from './origin-guard.ts';
import { openGibSession } from './gib-session.ts';
import type { Session } from './sign-documents.ts';

type Params = ParamsOf<typeof sendToGib>;
type Result = ResultOf<typeof sendToGib>;

let running = false;

/** Handler of the `send-to-gib` page action. */
export const sendToGibAction: ActionHandler<Params, Result> = async (ctx, params) => {
  requireAllowedOrigin(ctx);
  if (running) throw fail('transport.busy');
  const total = params.documents.reduce((n, d) => n + Math.floor((d.bytes.length * 3) / 4), 0);
  if (total > LIMITS.maxRequestBytes) throw fail('transport.tooLarge', { bytes: total, maxRequestBytes: LIMITS.maxRequestBytes });
  running = true;
  let session: Session | undefined;
  const pending = (state: 'waiting-user' | 'working'): void =>
    setPending({ id: ctx.id, origin: ctx.origin, action: 'send-to-gib', documents: params.documents.length, startedAt: Date.now(), state });
  try {
    await ctx.bridge.ready();
    pending('working');
    const prep = await ctx.bridge.call(gibPrepare, { documents: params.documents }, { origin: ctx.origin, timeoutMs: gibPrepare.timeoutMs });
    try {
      const { tokens } = await ctx.bridge.call(tokenList, {}, { origin: ctx.origin, timeoutMs: TIMEOUTS.shortRequestMs });
      session = await openGibSession(
        ctx,
        tokens,
        params.certificateId,
        { operation: 'send', vkn: prep.vkn, period: prep.period, endpoint: prep.endpoint, environment: prep.environment, packages: prep.packages },
        () => pending('waiting-user'),
      );
      pending('working');
      // exactly what the window showed: the bridge refuses unless it equals the prepared list
      const approved = prep.packages.map((p) => ({ paketId: p.paketId, entries: p.entries.map((e) => ({ name: e.name, sha256: e.sha256 })) }));
      return await ctx.bridge.call(
        gibSend,
        { sessionId: session.id, prepareId: prep.prepareId, packages: approved },
        { origin: ctx.origin, timeoutMs: GIB_TIMEOUT_MS },
      );
    } catch (e) {
      // refused, window closed, no session, or the send failed: the staged files are deleted on
      // the bridge (after a send that ran, the bridge has already deleted them: a no-op)
      await ctx.bridge.call(gibCancel, { prepareId: prep.prepareId }, { origin: ctx.origin, timeoutMs: TIMEOUTS.shortRequestMs }).catch(() => undefined);
      throw e;
    }
  } finally {
    running = false;
    clearPending(ctx.id);
    if (session)
      await ctx.bridge.call(sessionClose, { sessionId: session.id }, { origin: ctx.origin, timeoutMs: TIMEOUTS.shortRequestMs }).catch(() => undefined);
  }
};
