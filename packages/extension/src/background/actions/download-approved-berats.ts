/**
 * `download-approved-berats` (Onaylı Beratı İndir): every call to GİB is signed with the mali
 * mühür, so the user approves in the extension's window (the packages of the month, the GİB
 * endpoint) and enters the PIN; the bridge then polls GİB, checks and stores the approved berats
 * and returns them. The session is closed at the end, whatever happens.
 */
import {
  GIB_TIMEOUT_MS,
  TIMEOUTS,
  gibDownload,
  gibStatus,
  sessionClose,
  tokenList,
  fail,
  type ParamsOf,
  type ResultOf,
  type downloadApprovedBerats,
} from '@edefter/protocol';
import { clearPending, setPending } from '../services/pending.ts';
import type { ActionHandler } from './context.ts';
import { requireAllowedOrigin } from './origin-guard.ts';
import { openGibSession } from './gib-session.ts';
import type { Session } from './sign-documents.ts';

type Params = ParamsOf<typeof downloadApprovedBerats>;
type Result = ResultOf<typeof downloadApprovedBerats>;

let running = false;

/** Handler of the `download-approved-berats` page action. */
export const downloadApprovedBeratsAction: ActionHandler<Params, Result> = async (ctx, params) => {
  requireAllowedOrigin(ctx);
  if (running) throw fail('transport.busy');
  running = true;
  let session: Session | undefined;
  const pending = (state: 'waiting-user' | 'working'): void =>
    setPending({ id: ctx.id, origin: ctx.origin, action: 'download-approved-berats', documents: 0, startedAt: Date.now(), state });
  try {
    await ctx.bridge.ready();
    pending('working');
    const st = await ctx.bridge.call(gibStatus, { vkn: params.vkn, period: params.period }, { origin: ctx.origin, timeoutMs: TIMEOUTS.shortRequestMs });
    if (!st.packages.length) {
      throw fail('server.noPackageSentFromSite', { vkn: params.vkn, period: params.period });
    }
    const { tokens } = await ctx.bridge.call(tokenList, {}, { origin: ctx.origin, timeoutMs: TIMEOUTS.shortRequestMs });
    session = await openGibSession(
      ctx,
      tokens,
      params.certificateId,
      { operation: 'download', vkn: params.vkn, period: params.period, endpoint: st.endpoint, environment: st.environment, packages: st.packages },
      () => pending('waiting-user'),
    );
    pending('working');
    return await ctx.bridge.call(
      gibDownload,
      { sessionId: session.id, vkn: params.vkn, period: params.period, ...(params.wait !== undefined ? { wait: params.wait } : {}) },
      { origin: ctx.origin, timeoutMs: GIB_TIMEOUT_MS },
    );
  } finally {
    running = false;
    clearPending(ctx.id);
    if (session)
      await ctx.bridge.call(sessionClose, { sessionId: session.id }, { origin: ctx.origin, timeoutMs: TIMEOUTS.shortRequestMs }).catch(() => undefined);
  }
};
