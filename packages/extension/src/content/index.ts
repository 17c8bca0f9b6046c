/**
 * Content script: a relay between the page (window.postMessage) and the service worker
 * (runtime.sendMessage). It acks each page request at once, forwards it, and posts the reply
 * back to the page's own origin. It adds nothing the page could forge: the service worker
 * takes the origin from the browser's sender information.
 * Built as a standalone IIFE so it is ready at document_start. It uses only the zod-free part
 * of the protocol (it runs in every https page); the service worker validates the full schemas.
 * The ack names only the protocol version (the page library needs it to refuse an incompatible
 * extension) and leaves the extension's version empty: any page gets the ack before the service
 * worker has checked its origin, and a site that is not allowed learns nothing but "not allowed".
 */
import {
  PAGE_CHANNEL,
  PROTOCOL_VERSION,
  looksLikePageRequest,
  looksLikeProgress,
  pickProgress,
  serializeError,
  failTransport,
  type Progress,
  type SerializedError,
} from '@edefter/protocol/light';
import browser from '../shared/browser.ts';

type ToPage =
  | { channel: typeof PAGE_CHANNEL; direction: 'to-page'; type: 'ack'; id: string; extension: { version: string; protocol: string } }
  | { channel: typeof PAGE_CHANNEL; direction: 'to-page'; type: 'response'; id: string; ok: true; result: unknown }
  | { channel: typeof PAGE_CHANNEL; direction: 'to-page'; type: 'response'; id: string; ok: false; error: SerializedError }
  | ({ channel: typeof PAGE_CHANNEL; direction: 'to-page'; type: 'progress'; id: string } & Progress);

/** Request ids this frame relayed and still waits for (progress reports are posted only for them). */
const open = new Set<string>();

// progress of a running request, from the service worker (never from a page: runtime messages
// reach a content script only from its own extension)
browser.runtime.onMessage.addListener((raw: unknown, sender: { id?: string }) => {
  const m = raw as { kind?: unknown; id?: unknown } | null;
  if (sender.id !== browser.runtime.id || m?.kind !== 'page-progress' || typeof m.id !== 'string' || !open.has(m.id) || !looksLikeProgress(m)) return undefined;
  post({ channel: PAGE_CHANNEL, direction: 'to-page', type: 'progress', id: m.id, ...pickProgress(m) });
  return undefined;
});

function post(msg: ToPage): void {
  window.postMessage(msg, window.location.origin === 'null' ? '*' : window.location.origin);
}

window.addEventListener('message', (ev: MessageEvent) => {
  if (ev.source !== window || (ev.data as { channel?: unknown } | null)?.channel !== PAGE_CHANNEL) return;
  if ((ev.data as { direction?: unknown }).direction !== 'to-extension') return;
  if (!looksLikePageRequest(ev.data)) return;
  const req = ev.data;
  post({ channel: PAGE_CHANNEL, direction: 'to-page', type: 'ack', id: req.id, extension: { version: '', protocol: PROTOCOL_VERSION } });
  open.add(req.id);
  browser.runtime
    .sendMessage({ kind: 'page-request', id: req.id, action: req.action, params: req.params, library: req.library })
    .then((raw: unknown) => {
      const reply = raw as { ok?: unknown; result?: unknown; error?: SerializedError } | undefined;
      if (!reply || typeof reply.ok !== 'boolean' || (!reply.ok && !reply.error)) throw failTransport('transport.malformedMessage', { hop: 'service-worker' });
      post(
        reply.ok
          ? { channel: PAGE_CHANNEL, direction: 'to-page', type: 'response', id: req.id, ok: true, result: reply.result }
          : { channel: PAGE_CHANNEL, direction: 'to-page', type: 'response', id: req.id, ok: false, error: reply.error! },
      );
    })
    .finally(() => open.delete(req.id))
    .catch((e: unknown) => {
      const err = /Extension context invalidated|Could not establish connection/.test(String(e))
        ? failTransport('transport.extensionNotFound', { reason: 'context-invalidated' }).toJSON()
        : serializeError(e);
      post({ channel: PAGE_CHANNEL, direction: 'to-page', type: 'response', id: req.id, ok: false, error: err });
    });
});
