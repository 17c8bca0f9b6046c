/**
 * The page side of hop 1: post a request on the page's window, wait for the content script's
 * ack (else EXTENSION_NOT_FOUND) and then for the response (else TIMEOUT). Every wait has a
 * timeout and always removes its listener.
 */
import { TIMEOUTS } from '../config.ts';
import { EdefterError } from '../errors.ts';
import { failTransport } from '../catalog/light.ts';
import { newRequestId } from '../bytes.ts';
import { PAGE_CHANNEL, ToPageMessage, type PageRequest } from '../hops/page.ts';
import { compareProtocol, PROTOCOL_VERSION } from '../version.ts';
import type { Progress } from '../progress.ts';

/** Version of this page library (follows @edefter/protocol). */
export const LIBRARY_VERSION = '0.1.0';

/** Options of {@link postRequest}. */
export interface TransportOptions {
  /** window to talk on (default: `window`) */
  target?: Window;
  /** ack timeout (ms) */
  ackTimeoutMs?: number;
}

/** Per-call options of every client method. */
export interface CallOptions {
  /**
   * Called for each progress report of this request (phase, done/total bytes or items, a Turkish
   * label), between the extension's ack and the result. Exceptions thrown here are ignored.
   */
  onProgress?: (p: Progress) => void;
}

/**
 * Sends one request to the extension and resolves with its `result` (unvalidated).
 * @param action page action wire name
 * @param params action parameters (already JSON-safe)
 * @param timeoutMs how long to wait for the response after the ack (ms)
 * @param call per-call options (`onProgress`)
 * @throws EdefterError EXTENSION_NOT_FOUND (no ack), TIMEOUT, VERSION_MISMATCH, INSECURE_CONTEXT, or the extension's error
 */
export function postRequest(action: string, params: unknown, timeoutMs: number, opts: TransportOptions = {}, call: CallOptions = {}): Promise<unknown> {
  const win = opts.target ?? window;
  if (!win.isSecureContext) return Promise.reject(failTransport('transport.insecureContext'));
  const id = newRequestId();
  const request: PageRequest = {
    channel: PAGE_CHANNEL,
    direction: 'to-extension',
    type: 'request',
    id,
    action,
    params,
    library: { version: LIBRARY_VERSION, protocol: PROTOCOL_VERSION },
  };
  return new Promise((resolve, reject) => {
    let timer = setTimeout(() => finish(failTransport('transport.extensionNotFound')), opts.ackTimeoutMs ?? TIMEOUTS.extensionAckMs);
    const onMessage = (ev: MessageEvent): void => {
      if (ev.source !== win || (ev.data as { channel?: unknown })?.channel !== PAGE_CHANNEL) return;
      const parsed = ToPageMessage.safeParse(ev.data);
      if (!parsed.success || parsed.data.id !== id) return;
      const msg = parsed.data;
      if (msg.type === 'ack') {
        const cmp = compareProtocol(PROTOCOL_VERSION, msg.extension.protocol);
        if (!cmp.compatible) {
          finish(
            failTransport('transport.versionMismatch', {
              requiresUpdate: cmp.update === 'local' ? 'library' : 'extension',
              library: PROTOCOL_VERSION,
              extension: msg.extension.protocol,
            }),
          );
          return;
        }
        clearTimeout(timer);
        timer = setTimeout(() => finish(failTransport('transport.timeout', { action, timeoutMs })), timeoutMs);
        return;
      }
      if (msg.type === 'progress') {
        const { phase, done, total, unit, label } = msg;
        try {
          call.onProgress?.({ phase, done, total, unit, ...(label !== undefined ? { label } : {}) });
        } catch {
          /* the page's callback */
        }
        return;
      }
      if (msg.ok) finish(undefined, msg.result);
      else finish(EdefterError.fromJSON(msg.error as never));
    };
    function finish(err?: EdefterError, result?: unknown): void {
      clearTimeout(timer);
      win.removeEventListener('message', onMessage);
      if (err) reject(err);
      else resolve(result);
    }
    win.addEventListener('message', onMessage);
    const targetOrigin = win.location.origin === 'null' ? '*' : win.location.origin;
    win.postMessage(request, targetOrigin);
  });
}
