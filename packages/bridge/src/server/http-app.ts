/**
 * The HTTPS side: a tiny express app whose only job is to let a person (or a test) see that
 * the bridge runs and that its certificate is trusted. Every request must pass the Host check;
 * a request with an Origin must come from our extension. No CORS headers at all (a web page
 * cannot read any answer), no caching, a CSP that allows nothing.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
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

/** Builds the express app. */
export function createHttpApp(opts: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('trust proxy', false);

  app.use((req: Request, res: Response, next: NextFunction) => {
    res.set({
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      'X-Frame-Options': 'DENY',
    });
    if (!isAllowedHost(req.headers.host, opts.port())) {
      opts.log.warn('Host başlığı reddedildi / Host header refused', { host: req.headers.host ?? '', path: req.path });
      res.status(421).json({ error: fail('transport.hostNotAllowed').toJSON() });
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
      opts.log.warn('Web sayfası isteği kesildi / web page request dropped', { origin: origin ?? '(none)', site, path: req.path });
      req.socket.destroy();
      return;
    }
    if (origin !== undefined && !ours) {
      opts.log.warn('Origin reddedildi / Origin refused', { origin, path: req.path });
      res.status(403).json({ error: fail('transport.clientNotAllowed').toJSON() });
      return;
    }
    next();
  });

  app.get('/', (_req, res) => {
    res.type('html').send(`<!doctype html><html lang="tr"><meta charset="utf-8"><title>edefter-bridge</title>
<body style="font:15px system-ui;margin:2em"><h1>e-Defter köprüsü çalışıyor</h1>
<p>Bu sayfayı uyarısız görüyorsanız köprünün sertifikasına tarayıcınız güveniyor. İmza istekleri yalnızca e-Defter İmza eklentisi üzerinden gelir.</p>
<p lang="en">The e-Defter bridge is running. If this page opened without a warning, your browser trusts the bridge's certificate.</p>
<p>v${opts.version} · protocol ${PROTOCOL_VERSION}</p></body></html>`);
  });

  app.get('/status', (_req, res) => {
    res.json({ name: 'edefter-bridge', version: opts.version, protocol: PROTOCOL_VERSION });
  });

  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  return app;
}
