/** Bridge `session-close`: log out. Idempotent. */
import type { ParamsOf, ResultOf, sessionClose } from '@edefter/protocol';
import type { BridgeHandler } from './context.ts';

export const sessionCloseHandler: BridgeHandler<ParamsOf<typeof sessionClose>, ResultOf<typeof sessionClose>> = async (ctx, params) => {
  const closed = await ctx.sessions.close(params.sessionId, ctx.origin);
  if (closed) ctx.server.log.info('Oturum kapandı / session closed', { origin: ctx.origin });
  return { closed };
};
