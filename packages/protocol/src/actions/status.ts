/** `status`: is the extension there, is the bridge reachable and paired, may this site sign. */
import * as z from '../zod.ts';
import { lazySchema } from '../lazy-schema.ts';
import { TIMEOUTS } from '../config.ts';
import { defineAction } from './define.ts';

/** State of the extension's link to the bridge, as the page sees it. */
export const BridgeLinkState = lazySchema(() => z.enum(['connected', 'disconnected', 'not-paired', 'pairing', 'version-mismatch']));
export type BridgeLinkState = z.infer<typeof BridgeLinkState>;

export const status = defineAction({
  name: 'status',
  params: () => z.object({}).strict(),
  result: () =>
    z.object({
      extension: z.object({ version: z.string(), protocol: z.string() }),
      bridge: z.object({
        state: BridgeLinkState,
        version: z.string().optional(),
        protocol: z.string().optional(),
        /** a TSA is configured, so `timestamp: true` can be honoured */
        tsaConfigured: z.boolean().optional(),
      }),
      /** the requesting origin is on the user's allowed sites list */
      originAllowed: z.boolean(),
      /** which component must be updated for the three to work together, if any */
      requiresUpdate: z.enum(['library', 'extension', 'bridge']).optional(),
    }),
  timeoutMs: TIMEOUTS.shortRequestMs,
  since: '1.0.0',
});
