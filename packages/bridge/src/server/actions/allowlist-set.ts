/**
 * Bridge `allowlist-set`: store the paired extension's allowed sites (the bridge's own copy).
 * Every change is written to the audit log with the sites added and removed.
 */
import type { ParamsOf, ResultOf, allowlistSet } from '@edefter/protocol';
import { tryAppendAudit } from '../../audit/index.ts';
import type { BridgeHandler } from './context.ts';

export const allowlistSetHandler: BridgeHandler<ParamsOf<typeof allowlistSet>, ResultOf<typeof allowlistSet>> = async (ctx, params) => {
  const origins = [...new Set(params.origins)];
  const before = (await ctx.server.store.get(ctx.installId))?.allowedOrigins ?? [];
  await ctx.server.store.update(ctx.installId, { allowedOrigins: origins });
  const added = origins.filter((o) => !before.includes(o));
  const removed = before.filter((o) => !origins.includes(o));
  ctx.server.log.info('İzinli siteler güncellendi / allowed sites updated', {
    install: ctx.installId.slice(0, 8),
    count: origins.length,
    origins: origins.join(','),
  });
  if (added.length || removed.length) {
    tryAppendAudit('allowlist', { installId: ctx.installId, added, removed, count: origins.length }, (e) =>
      ctx.server.log.error('Denetim kaydı yazılamadı / audit write failed', { message: String(e) }),
    );
  }
  return { count: origins.length };
};
