/**
 * Attack suite, class `web-origins` (issue 10, "the ones that already hold"): what a web page, a
 * DNS-rebinding attacker or another machine on the network can do against the bridge's port.
 * The bridge runs in-process on its own config folder (no token is touched); every request goes to
 * 127.0.0.1 (or, for the listener check, to this machine's own addresses), each loop is bounded.
 *
 *  - WebSocket upgrades whose Origin is not our extension → 403 before the socket exists;
 *  - Host values other than `127.0.0.1:<port>` / `localhost:<port>` (DNS rebinding) → 421;
 *  - the HTTPS side sends no CORS header to anyone and refuses preflights from web origins;
 *  - the listener is bound to 127.0.0.1 only: the machine's other addresses refuse the connection;
 *  - TLS 1.3 only (issue 10 item 12): a TLS 1.2 or older client gets no handshake, the suite is AEAD.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { PassThrough } from 'node:stream';
import { CHROME_EXTENSION_ID, CHROME_EXTENSION_ORIGIN } from '../../packages/protocol/src/index.ts';
import { startBridgeServer, createLog, type BridgeServer } from '../../packages/bridge/src/server/index.ts';
import { tempStore } from '../token/helpers.ts';
import { tryOpen } from '../bridge/ws-client.ts';
import { attack } from './kit.ts';

let dir: string;
let server: BridgeServer;
let caPem: string;
let logText = '';
const refusedEvents: Array<{ reason?: string }> = [];

/** Answer of one HTTPS request: status, headers, body. */
interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTPS request to the bridge on 127.0.0.1 (any method, any headers), trusting its local CA. */
function request(method: string, urlPath: string, headers: Record<string, string>): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: '127.0.0.1', port: server.port, method, path: urlPath, ca: caPem, servername: 'localhost', headers, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Sends a raw HTTP/1.1 request over TLS (for requests `https`/`ws` will not produce, such as no
 * Host header at all) and returns the status code of the answer (0 when the bridge closed first).
 */
function rawTls(text: string): Promise<number> {
  return new Promise((resolve) => {
    const s = tls.connect({ host: '127.0.0.1', port: server.port, ca: caPem, servername: 'localhost' }, () => s.write(text));
    let got = '';
    const done = (): void => {
      s.destroy();
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(got);
      resolve(m ? Number(m[1]) : 0);
    };
    s.setEncoding('utf8');
    s.on('data', (c: string) => {
      got += c;
      if (got.includes('\r\n')) done();
    });
    s.on('error', done);
    s.on('end', done);
    s.setTimeout(10_000, done);
  });
}

/** CORS headers a browser would need to let a page read an answer or pass a preflight. */
const CORS_HEADERS = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-allow-private-network',
];
const corsFree = (a: HttpAnswer): boolean => CORS_HEADERS.every((h) => a.headers[h] === undefined);

beforeAll(async () => {
  dir = tempStore('sec-web-origins');
  const out = new PassThrough();
  out.on('data', (c: Buffer) => {
    logText += c.toString('utf8');
  });
  server = await startBridgeServer({ port: 0, configDir: path.join(dir, 'config'), tsa: null, log: createLog(out, out) });
  server.events.on('connection-refused', (e: { reason?: string }) => refusedEvents.push(e));
  caPem = server.tls.caPem;
});

afterAll(async () => {
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('web origins', () => {
  it("the extension's own Origin with the right Host opens a socket (the control case)", async () => {
    const r = await tryOpen(server.port, caPem, { Origin: CHROME_EXTENSION_ORIGIN, Host: `127.0.0.1:${server.port}` });
    expect(r.ok).toBe(true);
    if (r.ok) r.ws.close();
  });

  it('WebSocket upgrades from web pages, files, other extensions, malformed or missing Origins → 403 before any socket', async () => {
    const p = server.port;
    const origins: Array<string | undefined> = [
      'https://evil.example',
      'http://evil.example',
      'http://127.0.0.1:8080',
      `http://127.0.0.1:${p}`,
      `https://127.0.0.1:${p}`,
      `https://localhost:${p}`,
      'http://localhost',
      'null',
      'file://',
      'file:///home/user/evil.html',
      'data:',
      '',
      `chrome-extension://${'a'.repeat(32)}`,
      `chrome-extension://${CHROME_EXTENSION_ID.slice(0, 31)}q`,
      `chrome-extension://${CHROME_EXTENSION_ID}/`,
      `chrome-extension://${CHROME_EXTENSION_ID}/src/consent/index.html`,
      `chrome-extension://${CHROME_EXTENSION_ID.toUpperCase()}`,
      `CHROME-EXTENSION://${CHROME_EXTENSION_ID}`,
      `chrome-extension://${CHROME_EXTENSION_ID}.evil.example`,
      `chrome-extension://${CHROME_EXTENSION_ID}:443`,
      `https://${CHROME_EXTENSION_ID}`,
      `${CHROME_EXTENSION_ORIGIN}, https://evil.example`,
      `https://evil.example ${CHROME_EXTENSION_ORIGIN}`,
      'moz-extension://',
      'moz-extension://not-a-uuid',
      'moz-extension://0f1e2d3c-4b5a-4697-8877-66554433221',
      'moz-extension://0F1E2D3C-4B5A-4697-8877-665544332211',
      'moz-extension://0f1e2d3c-4b5a-4697-8877-665544332211/',
      'moz-extension://0f1e2d3c-4b5a-4697-8877-665544332211.evil.example',
      'moz-extension://0f1e2d3c4b5a469788776655443322110000',
      'safari-web-extension://0f1e2d3c-4b5a-4697-8877-665544332211',
      undefined,
    ];
    const statuses: Array<number | undefined> = [];
    const before = refusedEvents.length;
    const r = await attack(
      'web-origins',
      'WebSocket upgrade with a foreign, malformed or missing Origin',
      origins.map((origin) => async () => {
        const headers: Record<string, string> = { Host: `127.0.0.1:${p}` };
        if (origin !== undefined) headers.Origin = origin;
        const o = await tryOpen(p, caPem, headers);
        if (o.ok) {
          o.ws.close();
          statuses.push(101);
          return false;
        }
        statuses.push(o.status);
        return true;
      }),
    );
    expect(r.served).toBe(0);
    expect(
      statuses.every((s) => s === 403),
      JSON.stringify(statuses),
    ).toBe(true);
    expect(refusedEvents.slice(before).map((e) => e.reason)).toEqual(origins.map(() => 'origin'));
  });

  it('DNS-rebinding Host values (hostile names, other loopback spellings, no port, wrong port, case tricks) → 421', async () => {
    const p = server.port;
    const hosts = [
      `evil.example:${p}`,
      'evil.example',
      `127.0.0.1.nip.io:${p}`,
      `127-0-0-1.nip.io:${p}`,
      `localhost.evil.example:${p}`,
      `LOCALHOST.EVIL.EXAMPLE:${p}`,
      `127.0.0.1.NIP.IO:${p}`,
      `EVIL.EXAMPLE:${p}`,
      `[::1]:${p}`,
      `[::ffff:127.0.0.1]:${p}`,
      '127.0.0.1',
      'localhost',
      `127.0.0.1:${p + 1}`,
      `localhost:${p === 1 ? 2 : p - 1}`,
      `127.0.0.1:0${p}`,
      `127.0.0.1:${p}.evil.example`,
      `127.0.0.1:${p}@evil.example`,
      `evil.example@127.0.0.1:${p}`,
      `localhost.:${p}`,
      `127.1:${p}`,
      `2130706433:${p}`,
      `0x7f.0.0.1:${p}`,
      `0.0.0.0:${p}`,
      `127.0.0.2:${p}`,
      ...(os.hostname().toLowerCase() === 'localhost' ? [] : [`${os.hostname()}:${p}`]),
      `127.0.0.1:${p}:${p}`,
    ]; // (an empty Host cannot be sent with Node's client, which fills in its own: see the raw request below)
    const statuses: Array<number | undefined> = [];
    const before = refusedEvents.length;
    const r = await attack(
      'web-origins',
      'DNS-rebinding Host header on the WebSocket upgrade',
      hosts.map((host) => async () => {
        const o = await tryOpen(p, caPem, { Origin: CHROME_EXTENSION_ORIGIN, Host: host });
        if (o.ok) {
          o.ws.close();
          statuses.push(101);
          return false;
        }
        statuses.push(o.status);
        return true;
      }),
    );
    expect(r.served, JSON.stringify(hosts.map((h, i) => [h, statuses[i]]))).toBe(0);
    expect(
      statuses.every((s) => s === 421),
      JSON.stringify(statuses),
    ).toBe(true);
    expect(refusedEvents.slice(before).every((e) => e.reason === 'host')).toBe(true);
    // case does not matter for the loopback names themselves (they name this machine, not an attacker's)
    const upper = await tryOpen(p, caPem, { Origin: CHROME_EXTENSION_ORIGIN, Host: `LOCALHOST:${p}` });
    expect(upper.ok).toBe(true);
    if (upper.ok) upper.ws.close();
  });

  it('the same Host values over HTTPS → 421, and a request with no Host header at all', async () => {
    const p = server.port;
    const hosts = [
      `evil.example:${p}`,
      `127.0.0.1.nip.io:${p}`,
      `[::1]:${p}`,
      '127.0.0.1',
      `127.0.0.1:${p + 1}`,
      `LOCALHOST.EVIL.EXAMPLE:${p}`,
      `localhost.:${p}`,
    ];
    const statuses: number[] = [];
    const r = await attack('web-origins', 'DNS-rebinding Host header on HTTPS', [
      ...hosts.map((host) => async () => {
        const a = await request('GET', '/status', { Host: host });
        statuses.push(a.status);
        return a.status === 421 && !a.body.includes('edefter-bridge');
      }),
      async () => {
        const s = await rawTls('GET /status HTTP/1.0\r\nConnection: close\r\n\r\n');
        statuses.push(s);
        return s === 421 || s === 400;
      },
      async () => {
        const s = await rawTls(
          `GET / HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${Buffer.alloc(16, 1).toString('base64')}\r\nOrigin: ${CHROME_EXTENSION_ORIGIN}\r\n\r\n`,
        );
        statuses.push(s);
        return s === 421 || s === 400;
      },
    ]);
    expect(r.served, JSON.stringify(statuses)).toBe(0);
  });

  it('HTTPS sends no CORS header: web Origins get 403, preflights (including Private Network Access) are refused', async () => {
    const p = server.port;
    const host = `127.0.0.1:${p}`;
    const answers: HttpAnswer[] = [];
    const webOrigins = ['https://evil.example', 'http://127.0.0.1:8080', 'null', `https://127.0.0.1:${p}`];
    const r = await attack('web-origins', 'cross-origin read or preflight of the HTTPS endpoint', [
      ...webOrigins.map((origin) => async () => {
        const a = await request('GET', '/status', { Host: host, Origin: origin });
        answers.push(a);
        return a.status === 403 && corsFree(a) && !a.body.includes('edefter-bridge');
      }),
      ...webOrigins.map((origin) => async () => {
        const a = await request('OPTIONS', '/status', {
          Host: host,
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type',
          'Access-Control-Request-Private-Network': 'true',
        });
        answers.push(a);
        return a.status >= 400 && corsFree(a);
      }),
      async () => {
        const a = await request('POST', '/status', { Host: host, Origin: 'https://evil.example', 'Content-Type': 'text/plain' });
        answers.push(a);
        return a.status === 403 && corsFree(a);
      },
    ]);
    expect(r.served, JSON.stringify(answers.map((a) => [a.status, a.headers]))).toBe(0);
    // no Origin (a person typing the URL): answers, still without any CORS header, and cannot be framed
    const plain = await request('GET', '/', { Host: host });
    expect(plain.status).toBe(200);
    expect(corsFree(plain)).toBe(true);
    expect(plain.headers['x-frame-options']).toBe('DENY');
    expect(String(plain.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(String(plain.headers['content-security-policy'])).toContain("default-src 'none'");
  });

  it("listens on 127.0.0.1 only: the machine's other addresses (and ::1, 127.0.0.2) refuse the connection", async () => {
    const addrs = new Set<string>(['127.0.0.2', '::1']);
    for (const list of Object.values(os.networkInterfaces())) {
      for (const a of list ?? []) if (!a.internal && a.family === 'IPv4') addrs.add(a.address);
    }
    const targets = [...addrs].slice(0, 10);
    const outcomes: string[] = [];
    const r = await attack(
      'web-origins',
      'connect to the bridge port on a non-loopback or other address',
      targets.map(
        (host) => () =>
          new Promise<boolean>((resolve) => {
            const s = net.connect({ host, port: server.port });
            const finish = (what: string, refused: boolean): void => {
              outcomes.push(`${host}: ${what}`);
              s.destroy();
              resolve(refused);
            };
            s.setTimeout(3_000, () => finish('timeout', true));
            s.once('connect', () => finish('connected', false));
            s.once('error', (e: NodeJS.ErrnoException) => finish(e.code ?? 'error', true));
          }),
      ),
    );
    expect(r.served, outcomes.join(', ')).toBe(0);
    // the control: the loopback listener itself answers
    const ok = await request('GET', '/status', { Host: `127.0.0.1:${server.port}` });
    expect(ok.status).toBe(200);
  });

  it('TLS: a client limited to TLS 1.2 (CBC-SHA1 or any other suite) gets no handshake; TLS 1.3 uses an AEAD suite', async () => {
    const handshake = (o: tls.ConnectionOptions): Promise<{ ok: boolean; version?: string | null; cipher?: string; error?: string }> =>
      new Promise((resolve) => {
        const sock = tls.connect({ host: '127.0.0.1', port: server.port, ca: caPem, servername: 'localhost', ...o }, () => {
          const r = { ok: true, version: sock.getProtocol(), cipher: sock.getCipher().name };
          sock.destroy();
          resolve(r);
        });
        sock.setTimeout(5_000, () => {
          sock.destroy();
          resolve({ ok: false, error: 'timeout' });
        });
        sock.once('error', (e: Error) => resolve({ ok: false, error: e.message.slice(0, 80) }));
      });
    const outcomes: unknown[] = [];
    const r = await attack(
      'web-origins',
      'TLS 1.2 handshake (CBC-SHA1 and other TLS 1.2 suites)',
      [
        { maxVersion: 'TLSv1.2' as const, ciphers: 'AES128-SHA:AES256-SHA:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES128-SHA' },
        { maxVersion: 'TLSv1.2' as const },
        { minVersion: 'TLSv1' as const, maxVersion: 'TLSv1.1' as const, ciphers: 'DEFAULT:@SECLEVEL=0' },
      ].map((o) => async () => {
        const h = await handshake(o);
        outcomes.push(h);
        return !h.ok;
      }),
    );
    expect(r.served, JSON.stringify(outcomes)).toBe(0);
    const good = await handshake({});
    expect(good).toMatchObject({ ok: true, version: 'TLSv1.3' });
    expect(good.cipher).toMatch(/GCM|CHACHA20_POLY1305/);
  });

  it('every refusal is logged with its reason, and nothing was paired or stored', () => {
    expect(logText).toMatch(/WebSocket reddedildi.*reason=origin/);
    expect(logText).toMatch(/WebSocket reddedildi.*reason=host/);
    expect(logText).toMatch(/Host başlığı reddedildi/);
    expect(logText).toMatch(/Origin reddedildi/);
    const pairings = path.join(dir, 'config', 'pairings.json');
    if (fs.existsSync(pairings)) {
      const stored = JSON.parse(fs.readFileSync(pairings, 'utf8')) as { installs?: Record<string, unknown> };
      expect(Object.keys(stored.installs ?? {})).toEqual([]);
    }
  });
});
