/** `list-certificates`: certificates on the connected tokens (allowed sites only, no prompt). */
import { TIMEOUTS, tokenList, type ResultOf, type listCertificates } from '@edefter/protocol';
import type { ActionHandler } from './context.ts';
import { requireAllowedOrigin } from './origin-guard.ts';

/** Handler of the `list-certificates` page action. */
export const listCertificatesAction: ActionHandler<Record<string, never>, ResultOf<typeof listCertificates>> = async (ctx) => {
  requireAllowedOrigin(ctx);
  const res = await ctx.bridge.call(tokenList, {}, { origin: ctx.origin, timeoutMs: TIMEOUTS.shortRequestMs });
  return { certificates: res.tokens.flatMap((t) => t.certificates) };
};
