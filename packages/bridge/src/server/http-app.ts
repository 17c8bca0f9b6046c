/**
 * The HTTPS side: a tiny request handler whose only job is to let a person (or a test) see that
 * the bridge runs and that its certificate is trusted. Every request must pass the Host check;
 * a request with an Origin must come from our extension. No CORS headers at all (a web page
 * cannot read any answer), no caching, a CSP that allows nothing.
 * Plain node:http, answering as the express app it replaced did (GET and HEAD of `/` and `/status`,
 * paths case-insensitive with an optional trailing slash, JSON and HTML with charset and length, 404
 * JSON for the rest): express and its dependencies were ~3 MiB of an idle bridge's heap (issue 15).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { PROTOCOL_VERSION, fail } from '@edefter/protocol';
import { classifyOrigin, isAllowedHost } from './guards.ts';
import type { BridgeLog } from './log.ts';

/** Options of {@link createHttpApp}. */
export interface HttpAppOptions {
  /** port actually listened on (for the Host check) — read lazily, it is known after listen */
  port: () => number;
  version: string;
  chromeIds: readonly string[];
  log: BridgeLog;
}

/** Headers of every answer. */
const SECURITY_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
} as const;

/** Sends `body` with status `status` and content type `type` (charset utf-8) and its byte length; HEAD gets no body (node:http). */
function send(res: ServerResponse, status: number, type: 'application/json' | 'text/html', body: string): void {
  res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8`, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** Sends `value` as JSON with status `status`. */
function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json', JSON.stringify(value));
}

/** The request's path without its query, lower case and without one trailing slash (`/STATUS/` → `/status`). */
function routeOf(req: IncomingMessage): { path: string; route: string } {
  const path = (req.url ?? '/').split('?')[0];
  const lower = path.toLowerCase();
  return { path, route: lower.length > 1 && lower.endsWith('/') ? lower.slice(0, -1) : lower };
}

/** Builds the request handler of the HTTPS server. */
export function createHttpApp(opts: HttpAppOptions): RequestListener {
  return (req, res) => {
    const { path, route } = routeOf(req);
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (!isAllowedHost(req.headers.host, opts.port())) {
      opts.log.warn('Host başlığı reddedildi / Host header refused', { host: req.headers.host ?? '', path });
      sendJson(res, 421, { error: fail('transport.hostNotAllowed').toJSON() });
      return;
    }
    const origin = req.headers.origin;
    const ours = origin !== undefined && Boolean(classifyOrigin(origin, opts.chromeIds));
    const site = req.headers['sec-fetch-site'];
    // A web page's request carries Sec-Fetch-Site (cross-site, same-site, same-origin): any answer,
    // even a 403, resolves the page's opaque `fetch(…, {mode:'no-cors'})` or an <img>'s load/error
    // differently from a closed port and tells the page that the bridge runs here. Cut the
    // connection without a byte, as if nothing listened. A person typing the address (`none`) and
    // clients without Sec-Fetch headers (curl, tests) still get the page.
    if (typeof site === 'string' && site !== 'none' && !ours) {
      opts.log.warn('Web sayfası isteği kesildi / web page request dropped', { origin: origin ?? '(none)', site, path });
      req.socket.destroy();
      return;
    }
    if (origin !== undefined && !ours) {
      opts.log.warn('Origin reddedildi / Origin refused', { origin, path });
      sendJson(res, 403, { error: fail('transport.clientNotAllowed').toJSON() });
      return;
    }
    const get = req.method === 'GET' || req.method === 'HEAD';
    if (get && route === '/') {
      send(
        res,
        200,
        'text/html',
        `<!doctype html><html lang="tr"><meta charset="utf-8"><title>edefter-bridge</title>
<body style="font:15px system-ui;margin:2em"><h1>e-Defter köprüsü çalışıyor</h1>
<p>Bu sayfayı uyarısız görüyorsanız köprünün sertifikasına tarayıcınız güveniyor. İmza istekleri yalnızca e-Defter İmza eklentisi üzerinden gelir.</p>
<p lang="en">The e-Defter bridge is running. If this page opened without a warning, your browser trusts the bridge's certificate.</p>
<p>v${opts.version} · protocol ${PROTOCOL_VERSION}</p></body></html>`,
      );
    } else if (get && route === '/status') {
      sendJson(res, 200, { name: 'edefter-bridge', version: opts.version, protocol: PROTOCOL_VERSION });
    } else {
      sendJson(res, 404, { error: 'not found' });
    }
  };
}
