/** Bridge `allowlist-set`: store the paired extension's allowed sites (the bridge's own copy). */
import type { ParamsOf, ResultOf, allowlistSet } from '@edefter/protocol';
import type { BridgeHandler } from './context.ts';

export const allowlistSetHandler: BridgeHandler<ParamsOf<typeof allowlistSet>, ResultOf<typeof allowlistSet>> = async (ctx, params) => {
  const origins = [...new Set(params.origins)];
  await ctx.server.store.update(ctx.installId, { allowedOrigins: origins });
  ctx.server.log.info('İzinli siteler güncellendi / allowed sites updated', { install: ctx.installId.slice(0, 8), count: origins.length, origins: origins.join(',') });
  return { count: origins.length };
};
