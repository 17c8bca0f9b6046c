/**
 * Hop 2: content script ⇄ service worker, over `runtime.sendMessage` (JSON only: bytes travel
 * as base64). The service worker derives the page's origin from the message sender
 * (`sender.origin`, else the sender URL), never from the message.
 */
import * as z from '../zod.ts';
import { lazySchema } from '../lazy-schema.ts';
import { RequestId, SerializedErrorSchema } from '../common.ts';
import { progressFields } from './progress-shape.ts';

/** content script → service worker: a page request to run */
export const RuntimePageRequest = lazySchema(() =>
  z.object({
    kind: z.literal('page-request'),
    id: RequestId,
    action: z.string().min(1).max(64),
    params: z.unknown(),
    library: z.object({ version: z.string(), protocol: z.string() }),
  }),
);
export type RuntimePageRequest = z.infer<typeof RuntimePageRequest>;

/** service worker → content script: the outcome (the sendMessage reply) */
export const RuntimeReply = lazySchema(() =>
  z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), result: z.unknown() }), z.object({ ok: z.literal(false), error: SerializedErrorSchema })]),
);
export type RuntimeReply = z.infer<typeof RuntimeReply>;

/**
 * service worker → content script of the requesting tab (`tabs.sendMessage`): progress of the
 * page request `id`; the content script posts it to the page as a PageProgress.
 */
export const RuntimeProgress = lazySchema(() =>
  z.object({
    kind: z.literal('page-progress'),
    ...progressFields(),
  }),
);
export type RuntimeProgress = z.infer<typeof RuntimeProgress>;
