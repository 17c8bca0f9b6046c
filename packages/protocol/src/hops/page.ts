/**
 * Hop 1: page ⇄ content script, over `window.postMessage` on the page's own window.
 *
 * The page library posts a {@link PageRequest}; the content script answers at once with a
 * {@link PageAck} (so the page knows the extension is there, within TIMEOUTS.extensionAckMs)
 * and later with one {@link PageResponse}. Both directions carry `channel` and `direction` so
 * that each side ignores its own messages and anything else on the window.
 * Messages never carry the origin: the extension takes it from the browser (sender.origin).
 */
import * as z from '../zod.ts';
import { lazySchema } from '../lazy-schema.ts';
import { RequestId, SerializedErrorSchema } from '../common.ts';
import { PAGE_CHANNEL } from './page-channel.ts';
import { progressFields } from './progress-shape.ts';

export { PAGE_CHANNEL, looksLikePageRequest, type PageRequestShape } from './page-channel.ts';

/** page → extension */
export const PageRequest = lazySchema(() =>
  z.object({
    channel: z.literal(PAGE_CHANNEL),
    direction: z.literal('to-extension'),
    type: z.literal('request'),
    id: RequestId,
    action: z.string().min(1).max(64),
    params: z.unknown(),
    /** the page library's versions */
    library: z.object({ version: z.string(), protocol: z.string() }),
  }),
);
export type PageRequest = z.infer<typeof PageRequest>;

/** extension → page: "I have your request" */
export const PageAck = lazySchema(() =>
  z.object({
    channel: z.literal(PAGE_CHANNEL),
    direction: z.literal('to-page'),
    type: z.literal('ack'),
    id: RequestId,
    extension: z.object({ version: z.string(), protocol: z.string() }),
  }),
);
export type PageAck = z.infer<typeof PageAck>;

/** extension → page: the outcome */
export const PageResponse = lazySchema(() =>
  z.discriminatedUnion('ok', [
    z.object({
      channel: z.literal(PAGE_CHANNEL),
      direction: z.literal('to-page'),
      type: z.literal('response'),
      id: RequestId,
      ok: z.literal(true),
      result: z.unknown(),
    }),
    z.object({
      channel: z.literal(PAGE_CHANNEL),
      direction: z.literal('to-page'),
      type: z.literal('response'),
      id: RequestId,
      ok: z.literal(false),
      error: SerializedErrorSchema,
    }),
  ]),
);
export type PageResponse = z.infer<typeof PageResponse>;

/** extension → page: progress of the request `id` (any number, between ack and response; see progress.ts) */
export const PageProgress = lazySchema(() =>
  z.object({
    channel: z.literal(PAGE_CHANNEL),
    direction: z.literal('to-page'),
    type: z.literal('progress'),
    ...progressFields(),
  }),
);
export type PageProgress = z.infer<typeof PageProgress>;

/** Anything the extension posts to the page. */
export const ToPageMessage = lazySchema(() => z.union([PageAck, PageResponse, PageProgress]));
export type ToPageMessage = z.infer<typeof ToPageMessage>;
