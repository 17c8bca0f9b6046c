/**
 * The zod fields of one progress report (see ../progress.ts for their meaning), shared by the
 * progress message of each hop: bridge `event` (bridge.ts), service worker → content script
 * (runtime.ts) and extension → page (page.ts). Kept apart from progress.ts, which the zod-free
 * content-script build (light.ts) imports.
 */
import * as z from '../zod.ts';
import { RequestId } from '../common.ts';

/**
 * `id` of the running request, then phase (1–32 chars), done/total (≥ 0), unit and an optional label (≤ 300 chars).
 * A function, so that the fields are built with the message that spreads them (on its first use, see ../lazy-schema.ts).
 */
export function progressFields() {
  return {
    id: RequestId,
    phase: z.string().min(1).max(32),
    done: z.number().nonnegative(),
    total: z.number().nonnegative(),
    unit: z.enum(['bytes', 'items']),
    label: z.string().max(300).optional(),
  };
}
