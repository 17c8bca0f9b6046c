/** Bridge `gib-status`: the month's packages as recorded for this site (no GİB call, no token). */
import type { ParamsOf, ResultOf, gibStatus } from '@edefter/protocol';
import { isAtGib } from '@edefter/domain';
import { loadGibSettings } from '../../gib/settings.ts';
import { WorkflowStore } from '../../workflow/store.ts';
import { listPackages } from '../../workflow/package-store.ts';
import type { BridgeHandler } from './context.ts';
import { originRoot, packageStateOf } from './gib-shared.ts';

export const gibStatusHandler: BridgeHandler<ParamsOf<typeof gibStatus>, ResultOf<typeof gibStatus>> = async (ctx, params) => {
  const store = WorkflowStore.open();
  try {
    const root = originRoot(ctx.origin!);
    const packages = listPackages(store, { vkn: params.vkn, period: params.period })
      .filter((p) => p.ledgerId !== undefined && (store.getLedgerById(p.ledgerId).folder ?? '').startsWith(root))
      .map((p) => ({
        paketId: p.name,
        kind: p.kind,
        entries: [],
        atGib: isAtGib(p.state),
        ...packageStateOf(p),
      }));
    const s = await loadGibSettings();
    return { endpoint: s.endpoint, environment: s.environment, packages };
  } finally {
    store.close();
  }
};
