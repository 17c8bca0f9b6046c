/** Bridge `token-list`: tokens with their PIN flags and signing certificates. */
import type { ResultOf, tokenList } from '@edefter/protocol';
import { listCertificates, listTokens } from '../../token/index.ts';
import { toCertificateSummary, toTokenSummary } from './cert-summary.ts';
import type { BridgeHandler } from './context.ts';

export const tokenListHandler: BridgeHandler<unknown, ResultOf<typeof tokenList>> = async (ctx) => {
  const opts = ctx.server.module ? { module: ctx.server.module } : {};
  const tokens = await listTokens(opts);
  const certs = await listCertificates(opts);
  return {
    tokens: tokens.map((t) => ({
      ...toTokenSummary(t),
      certificates: certs.filter((c) => c.tokenLabel === t.label && c.tokenSerial === t.serial).map(toCertificateSummary),
    })),
  };
};
