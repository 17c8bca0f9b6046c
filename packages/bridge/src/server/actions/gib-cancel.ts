/**
 * Bridge `gib-cancel`: the user refused or closed the GİB consent window: the prepared send is
 * forgotten and its staging folder (the page's files) deleted. Only the site that prepared it can
 * cancel it; for any other id the answer is `cancelled: false` and nothing changes.
 */
import type { ParamsOf, ResultOf, gibCancel } from '@edefter/protocol';
import type { BridgeHandler } from './context.ts';
import { PREPARED, dropPrepared, sweepPrepared } from './gib-shared.ts';

export const gibCancelHandler: BridgeHandler<ParamsOf<typeof gibCancel>, ResultOf<typeof gibCancel>> = async (ctx, params) => {
  sweepPrepared();
  const prep = PREPARED.get(params.prepareId);
  if (!prep || prep.origin !== ctx.origin) return { cancelled: false };
  dropPrepared(params.prepareId);
  ctx.server.log.info('GİB gönderimi iptal edildi, hazırlanan dosyalar silindi / GİB send cancelled, staged files deleted', {
    origin: ctx.origin,
    vkn: prep.vkn,
    period: prep.period,
  });
  return { cancelled: true };
};
