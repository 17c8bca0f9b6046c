/** Bridge `status`: versions, TSA and test mode. */
import { PROTOCOL_VERSION, type ResultOf, type bridgeStatus } from '@edefter/protocol';
import { tsaConfigured } from '../timestamp.ts';
import type { BridgeHandler } from './context.ts';

export const statusHandler: BridgeHandler<unknown, ResultOf<typeof bridgeStatus>> = async (ctx) => ({
  version: ctx.server.version,
  protocol: PROTOCOL_VERSION,
  tsaConfigured: await tsaConfigured(ctx.server.tsa),
  testMode: ctx.server.testMode,
});
