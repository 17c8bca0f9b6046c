/**
 * A tiny WebSocket client for the bridge tests, speaking the extension's side of hop 3 with
 * any Origin/Host header (so tests can also play a web page or a DNS-rebinding attacker).
 * `ws` lives in packages/bridge; it is loaded from there (the root has no direct dependency).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { createHmac } from 'node:crypto';
import { AUTH_LABEL, PROTOCOL_VERSION, encodePinFrame, newRequestId } from '../../packages/protocol/src/index.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const require = createRequire(path.join(repoRoot, 'packages', 'bridge', 'package.json'));
/** The part of a `ws` WebSocket these tests use (the root has no @types/ws). */
export interface WsLike {
  on(ev: 'message', fn: (data: Buffer, isBinary: boolean) => void): void;
  once(ev: 'open', fn: () => void): void;
  once(ev: 'close', fn: (code: number) => void): void;
  once(ev: 'error', fn: (e: Error) => void): void;
  once(ev: 'unexpected-response', fn: (req: unknown, res: { statusCode?: number; resume(): void }) => void): void;
  send(data: string | Uint8Array): void;
  close(): void;
  terminate(): void;
}
type WsCtor = new (url: string, opts: Record<string, unknown>) => WsLike;
/** The `ws` WebSocket class. */
export const WebSocket = require('ws') as WsCtor;

/** Outcome of trying to open a socket. */
export type OpenResult = { ok: true; ws: WsLike } | { ok: false; status?: number; error?: string };

/**
 * Opens wss://127.0.0.1:<port>/ with the given headers, trusting `caPem`.
 * @param query optional query string without `?` (the upgrade token, see @edefter/protocol upgradeQuery)
 */
export function tryOpen(port: number, caPem: string, headers: Record<string, string>, query?: string): Promise<OpenResult> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`wss://127.0.0.1:${port}/${query ? `?${query}` : ''}`, { ca: caPem, headers, perMessageDeflate: false });
    ws.once('open', () => resolve({ ok: true, ws }));
    ws.once('unexpected-response', (_req: unknown, res: { statusCode?: number; resume(): void }) => {
      resolve({ ok: false, status: res.statusCode });
      res.resume();
      ws.terminate();
    });
    ws.once('error', (e: Error) => resolve({ ok: false, error: String(e) }));
  });
}

/** A connected client with request/reply helpers. */
export class TestClient {
  private replies = new Map<string, (m: Record<string, unknown>) => void>();
  readonly closed: Promise<number>;
  constructor(readonly ws: WsLike) {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) return;
      const m = JSON.parse(String(data)) as Record<string, unknown>;
      // acks, and progress events of a running request (they carry its id), are not its reply
      if (m.t === 'ack' || m.t === 'event') return;
      const r = this.replies.get(m.id as string);
      if (r) {
        this.replies.delete(m.id as string);
        r(m);
      }
    });
    this.closed = new Promise((resolve) => ws.once('close', (code: number) => resolve(code)));
  }

  /** Sends a message (fresh id) and waits for its reply or hello. */
  send(msg: Record<string, unknown>, pin?: string, timeoutMs = 10_000): Promise<Record<string, unknown>> {
    const id = newRequestId();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply to ${String(msg.t)} ${String(msg.action ?? '')}`)), timeoutMs);
      this.replies.set(id, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      this.ws.send(JSON.stringify({ ...msg, id }));
      if (pin !== undefined) this.ws.send(encodePinFrame(id, new TextEncoder().encode(pin)));
    });
  }

  hello(installId: string, protocol = PROTOCOL_VERSION, browser: 'chrome' | 'firefox' = 'chrome'): Promise<Record<string, unknown>> {
    return this.send({ t: 'hello', protocol, extension: { version: '0.1.0', browser }, installId });
  }

  auth(installId: string, secretB64: string, challenge: string): Promise<Record<string, unknown>> {
    const mac = createHmac('sha256', Buffer.from(secretB64, 'base64')).update(`${AUTH_LABEL}|${challenge}|${installId}`).digest('base64');
    return this.send({ t: 'auth', installId, mac });
  }

  request(action: string, params: unknown, origin?: string, pin?: string, timeoutMs?: number): Promise<Record<string, unknown>> {
    return this.send({ t: 'request', action, params, ...(origin ? { origin } : {}) }, pin, timeoutMs);
  }

  close(): void {
    this.ws.close();
  }
}
