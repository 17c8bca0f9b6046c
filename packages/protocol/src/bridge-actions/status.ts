/** Bridge `status`: versions and capabilities (TSA configured). Needs no web origin. */
import * as z from '../zod.ts';
import { TIMEOUTS } from '../config.ts';
import { defineAction } from '../actions/define.ts';

export const bridgeStatus = defineAction({
  name: 'status',
  params: () => z.object({}).strict(),
  result: () =>
    z.object({
      version: z.string(),
      protocol: z.string(),
      tsaConfigured: z.boolean(),
      /** started with EDEFTER_BRIDGE_TEST_MODE=1 (demo token only; never in production) */
      testMode: z.boolean(),
    }),
  timeoutMs: TIMEOUTS.shortRequestMs,
  since: '1.0.0',
});
