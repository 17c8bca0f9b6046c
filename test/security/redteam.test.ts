/**
 * Red-team attacks on issue 10's result that the other files of test/security/ do not cover.
 *
 *  - revocation: a revoked install that stops reading its socket (so it never sees the close
 *    frame) keeps writing requests while the bridge waits for the close handshake; none of them
 *    may run (settings, allowed sites, status);
 *  - pairing: `pair-code` with no code issued, hello naming a known install from another extension
 *    origin, a moz-extension origin for a Chrome install, a replayed upgrade token, a pairing secret
 *    for an install id nobody paired;
 *  - dos: a huge local-channel line without a newline is cut at the cap; 1000 idle TCP sockets and
 *    20 slowloris TLS clients (headers one byte a second) neither keep the paired extension out
 *    nor stay open beyond ~10 s;
 *  - web-origins: a web page's no-cors fetch / <img> of the HTTPS port (Sec-Fetch-Site cross-site,
 *    same-site, same-origin; with or without an Origin) gets no answer at all — a 403 would resolve
 *    the page's opaque fetch and tell it the bridge runs here;
 *  - month-run: a run whose session is unknown (expired, another origin's) must not leave the month
 *    locked as "running" (BUSY until the bridge restarts); a session of origin X is worthless to
 *    origin Y (plan and run); documents inspected for X are unknown to Y.
 * Bridge in-process on its own folders; every loop is bounded and aims at 127.0.0.1 only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { CHROME_EXTENSION_ORIGIN, encodePinFrame, newRequestId, upgradeQuery } from '../../packages/protocol/src/index.ts';
import { startBridgeServer, createLog, type BridgeServer } from '../../packages/bridge/src/server/index.ts';
import { localRequest } from '../../packages/bridge/src/server/local-channel/client.ts';
import { gibSettingsView } from '../../packages/bridge/src/gib/settings-change.ts';
import { tempStore } from '../token/helpers.ts';
import { TestClient, tryOpen } from '../bridge/ws-client.ts';
import { pairedClient } from '../bridge/pair-kit.ts';
import { attack } from './kit.ts';
import { shutdownTokenWorker } from '../../packages/bridge/src/token/index.ts';
import { auditPaths } from '../../packages/bridge/src/audit/index.ts';
import { isolatedTokens } from '../token/helpers.ts';
import { PIN, PORTAL, TOKEN, buildGibDocs, codeOf, inspect, reasonOf, startSigningBridge, type Doc, type GibDocs, type SigningBridge } from './signing-kit.ts';
import { createHash } from 'node:crypto';
import tls from 'node:tls';
import https from 'node:https';
import { startGibSimulator, type GibSimulator } from '../../packages/simulators/src/gib/index.ts';

let dir: string;
let server: BridgeServer;
let caPem: string;
const saved = { config: process.env.EDEFTER_CONFIG_DIR, data: process.env.EDEFTER_DATA_DIR };

beforeAll(async () => {
  dir = tempStore('sec-redteam');
  process.env.EDEFTER_DATA_DIR = path.join(dir, 'data');
  process.env.EDEFTER_CONFIG_DIR = path.join(dir, 'config');
  server = await startBridgeServer({ port: 0, configDir: path.join(dir, 'config'), tsa: null, log: createLog(new PassThrough(), new PassThrough()) });
  caPem = server.tls.caPem;
});

afterAll(async () => {
  await server?.close();
  if (saved.config === undefined) delete process.env.EDEFTER_CONFIG_DIR;
  else process.env.EDEFTER_CONFIG_DIR = saved.config;
  if (saved.data === undefined) delete process.env.EDEFTER_DATA_DIR;
  else process.env.EDEFTER_DATA_DIR = saved.data;
  fs.rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('revocation holds against a client that ignores the close', () => {
  it('requests written after `pairing revoke` by a socket that never reads the close frame do not run', async () => {
    const evil = 'https://127.0.0.1:1/attacker-gib';
    const before = (await gibSettingsView()).endpoint;
    const tries: Array<() => Promise<boolean>> = [];
    for (const action of ['gib-settings', 'allowlist-set', 'tsa-settings'] as const) {
      tries.push(async () => {
        const p = await pairedClient(server, caPem, []);
        // the attacker stops reading: it never sees the bridge's close frame, so the bridge
        // waits for the close handshake (ws: up to 30 s) while the attacker keeps writing
        const sock = (p.client.ws as unknown as { _socket: net.Socket })._socket;
        sock.pause();
        const revoked = await localRequest({ t: 'pairing-revoke', installId: p.installId }, server.socketPath);
        expect(revoked).toMatchObject({ revoked: 1 });
        await sleep(100);
        const params =
          action === 'gib-settings'
            ? { set: { environment: 'custom', endpoint: evil } }
            : action === 'allowlist-set'
              ? { origins: ['https://evil.example'] }
              : { set: { mode: 'rfc3161', url: 'https://127.0.0.1:1/tsa' } };
        p.client.ws.send(JSON.stringify({ t: 'request', id: newRequestId(), action, params }));
        await sleep(400);
        p.client.ws.terminate();
        const rec = await server.pairings.get(p.installId);
        const gib = (await gibSettingsView()).endpoint;
        const cfg = fs.existsSync(path.join(dir, 'config', 'config.json')) ? fs.readFileSync(path.join(dir, 'config', 'config.json'), 'utf8') : '';
        return rec === undefined && gib === before && !cfg.includes('attacker-gib') && !cfg.includes('127.0.0.1:1/tsa');
      });
    }
    const r = await attack('revocation', 'revoked install keeps writing while the close handshake is pending', tries);
    expect(r.served).toBe(0);
  });
});

describe('pairing variants over the TCP socket', () => {
  async function open(origin = CHROME_EXTENSION_ORIGIN, query?: string): Promise<TestClient | undefined> {
    const r = await tryOpen(server.port, caPem, { Origin: origin, Host: `127.0.0.1:${server.port}` }, query);
    return r.ok ? new TestClient(r.ws) : undefined;
  }

  it('no code issued, a known install from another origin, a moz origin for a Chrome install, a replayed upgrade token', async () => {
    const victim = await pairedClient(server, caPem, ['https://portal.example']);
    const noSecret = (m: Record<string, unknown>): boolean => m.ok !== true && !JSON.stringify(m).includes('"secret"');
    const moz = 'moz-extension://0f1e2d3c-4b5a-4697-8877-665544332211';
    const r = await attack('pairing', 'TCP pairing variants (no code, foreign origin for a known install, replayed token)', [
      // pair-code while no code was ever issued by `edefter pair`
      async () => {
        const c = await open();
        if (!c) return true;
        try {
          const id = newRequestId();
          await c.hello(id);
          return noSecret(await c.send({ t: 'pair-code', installId: id, code: 'ABCDEFGH' }));
        } finally {
          c.close();
        }
      },
      // hello with the victim's install id from a moz-extension origin: not paired, no challenge,
      // and pair-code for it neither pairs nor replaces the victim's record
      async () => {
        const c = await open(moz);
        if (!c) return true;
        try {
          const h = await c.hello(victim.installId, undefined, 'firefox');
          const reply = await c.send({ t: 'pair-code', installId: victim.installId, code: 'ABCDEFGH' });
          const rec = await server.pairings.get(victim.installId);
          return h.paired === false && h.challenge === undefined && noSecret(reply) && rec?.extensionOrigin === CHROME_EXTENSION_ORIGIN;
        } finally {
          c.close();
        }
      },
      // hello claiming Firefox on the Chrome origin (browser mismatch)
      async () => {
        const c = await open();
        if (!c) return true;
        try {
          return (await c.hello(victim.installId, undefined, 'firefox')).ok === false;
        } finally {
          c.close();
        }
      },
      // an upgrade token used twice: the second socket lands in the unauthenticated pool and a
      // forged auth gets nothing
      async () => {
        const q = await upgradeQuery(new Uint8Array(Buffer.from(victim.secret, 'base64')), victim.installId);
        const first = await open(CHROME_EXTENSION_ORIGIN, q);
        first?.close();
        const before = server.poolSizes().unauth;
        const again = await open(CHROME_EXTENSION_ORIGIN, q);
        if (!again) return true;
        try {
          const inUnauth = server.poolSizes().unauth === before + 1;
          const h = await again.hello(victim.installId);
          const a = await again.send({ t: 'auth', installId: victim.installId, mac: randomBytes(32).toString('base64') });
          return inUnauth && noSecret(a) && a.ok === false && typeof h.challenge === 'string';
        } finally {
          again.close();
        }
      },
      // an upgrade token of the right install presented with the moz origin
      async () => {
        const q = await upgradeQuery(new Uint8Array(Buffer.from(victim.secret, 'base64')), victim.installId);
        const before = server.poolSizes().paired;
        const c = await open(moz, q);
        if (!c) return true;
        try {
          return server.poolSizes().paired === before;
        } finally {
          c.close();
        }
      },
    ]);
    expect(r.served).toBe(0);
    victim.client.close();
  });
});

describe('local channel limits', () => {
  it('a 4 MiB line without a newline is cut; the channel still answers afterwards', async () => {
    const r = await attack('dos', 'huge local-channel line', [
      () =>
        new Promise<boolean>((resolve) => {
          const s = net.createConnection(server.socketPath);
          let got = '';
          s.on('connect', () => {
            const chunk = Buffer.alloc(64 * 1024, 0x61);
            for (let i = 0; i < 64 && !s.destroyed; i++) s.write(chunk);
          });
          s.on('data', (d) => {
            got += String(d);
          });
          s.on('error', () => {
            /* cut */
          });
          s.on('close', () => resolve(!got.includes('"ok":true')));
          setTimeout(() => {
            s.destroy();
            resolve(false);
          }, 15_000).unref();
        }),
    ]);
    expect(r.served).toBe(0);
    expect(await localRequest({ t: 'pairing-list' }, server.socketPath)).toHaveProperty('installs');
  });
});

describe('slowloris and idle sockets', () => {
  it('1000 idle TCP sockets and 20 slow-header TLS clients: the extension is served, idle sockets closed within ~15 s, slow clients ~10 s after the handshake', async () => {
    const idle: net.Socket[] = [];
    const closedAt: number[] = [];
    const t0 = Date.now();
    for (let i = 0; i < 1000; i++) {
      const s = net.connect(server.port, '127.0.0.1');
      s.on('error', () => {
        /* reset */
      });
      s.on('close', () => closedAt.push(Date.now() - t0));
      idle.push(s);
    }
    const slow: tls.TLSSocket[] = [];
    /** how long each slow client lived after its TLS handshake (ms) */
    const slowLived: number[] = [];
    const timers: NodeJS.Timeout[] = [];
    for (let i = 0; i < 20; i++) {
      const s = tls.connect({ host: '127.0.0.1', port: server.port, ca: caPem, servername: 'localhost' });
      s.on('error', () => {
        /* reset */
      });
      let started = 0;
      s.on('close', () => {
        closedAt.push(Date.now() - t0);
        if (started) slowLived.push(Date.now() - started);
      });
      s.once('secureConnect', () => {
        started = Date.now();
        s.write(`GET /status HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nX-Slow: `);
        const t = setInterval(() => {
          if (!s.destroyed) s.write('a');
        }, 1_000);
        timers.push(t);
      });
      slow.push(s);
    }
    await sleep(500);
    let served = false;
    try {
      const p = await pairedClient(server, caPem, []);
      served = (await p.client.request('status', {})).ok === true;
      p.client.close();
    } catch {
      served = false;
    }
    await sleep(15_000);
    for (const t of timers) clearInterval(t);
    const stillOpen = [...idle, ...slow].filter((s) => !s.destroyed && s.readyState !== 'closed').length;
    for (const s of [...idle, ...slow]) s.destroy();
    const r = await attack('dos', '1000 idle TCP sockets + 20 slowloris TLS clients', [
      async () => served,
      async () => stillOpen === 0,
      // headers within 10 s (checked every second): no slow client lives beyond ~13 s (measured 12.1 s with 1000 idle sockets)
      async () => slowLived.length === 20 && Math.max(...slowLived) <= 13_000,
    ]);
    expect(
      r.served,
      `served=${served} stillOpen=${stillOpen} closed=${closedAt.length} last=${Math.max(...closedAt)}ms slowLived max=${Math.max(...slowLived)}ms`,
    ).toBe(0);
  }, 60_000);
});

describe('the HTTPS port does not answer web pages', () => {
  /** GET/POST with browser fetch-metadata headers; resolves the status, or 0 when the bridge cut the connection. */
  function fetchLike(method: string, headers: Record<string, string>): Promise<number> {
    return new Promise((resolve) => {
      const req = https.request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/status',
          method,
          ca: caPem,
          servername: 'localhost',
          headers: { Host: `127.0.0.1:${server.port}`, ...headers },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.setTimeout(5_000, () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve(0));
      req.end(method === 'POST' ? 'x' : undefined);
    });
  }

  it('a no-cors fetch, an <img>, a form POST from a page: the connection is cut without any answer', async () => {
    const page = (site: string, mode: string, dest: string, origin?: string) => ({
      'Sec-Fetch-Site': site,
      'Sec-Fetch-Mode': mode,
      'Sec-Fetch-Dest': dest,
      ...(origin ? { Origin: origin } : {}),
    });
    const r = await attack('web-origins', 'presence probe of the HTTPS port from a web page (no-cors fetch, img, form)', [
      async () => (await fetchLike('GET', page('cross-site', 'no-cors', 'empty'))) === 0,
      async () => (await fetchLike('GET', page('cross-site', 'no-cors', 'image'))) === 0,
      async () => (await fetchLike('GET', page('same-site', 'no-cors', 'script'))) === 0,
      async () => (await fetchLike('POST', page('cross-site', 'no-cors', 'empty', 'https://evil.example'))) === 0,
      async () => (await fetchLike('POST', page('cross-site', 'navigate', 'document', 'null'))) === 0,
      async () => (await fetchLike('GET', page('same-origin', 'cors', 'empty', 'http://127.0.0.1:8080'))) === 0,
    ]);
    expect(r.served).toBe(0);
    // a person typing the address still sees the page
    expect(await fetchLike('GET', page('none', 'navigate', 'document'))).toBe(200);
  });
});

describe('month-run: sessions, origins and the running lock', { timeout: 240_000 }, () => {
  const OTHER = 'https://other-allowed.example.com.tr';
  let mdir: string;
  let b: SigningBridge;
  let docs: GibDocs;
  let VKN: string;
  let PERIOD: string;
  const ENV = ['EDEFTER_DATA_DIR', 'EDEFTER_CONFIG_DIR', 'EDEFTER_SETTINGS'];
  let sim: GibSimulator;
  let oldMask = 0;
  const keep: Record<string, string | undefined> = {};
  const sha = (x: Buffer): string => createHash('sha256').update(x).digest('hex');
  const wire = (d: Doc) => ({ name: d.name, kind: d.kind, bytes: d.bytes.toString('base64'), approvedSha256: sha(d.bytes) });
  const paket = (d: Doc, t: string): string => d.name.replace(/\.xml$/, '').replace(/-(Y|K|DR)-/, `-${t}-`);
  const signs = (): number => {
    const file = auditPaths(path.join(mdir, 'data')).log;
    return fs.existsSync(file)
      ? fs
          .readFileSync(file, 'utf8')
          .split('\n')
          .filter((l) => l.includes('"type":"sign"')).length
      : 0;
  };
  const run = (sessionId: string, origin: string) =>
    b.client.request(
      'month-run',
      {
        sessionId,
        vkn: VKN,
        period: PERIOD,
        documents: [wire(docs.Y), wire(docs.K)],
        packages: [paket(docs.Y, 'YB'), paket(docs.K, 'KB')],
        timestamp: false,
        backup: false,
      },
      origin,
      undefined,
      60_000,
    );

  beforeAll(async () => {
    mdir = tempStore('sec-redteam-month');
    for (const k of ENV) keep[k] = process.env[k];
    process.env.EDEFTER_CONFIG_DIR = path.join(mdir, 'config');
    // a common umask: anything not written privately on purpose would come out 0644 / 0755
    oldMask = process.umask(0o022);
    sim = await startGibSimulator({ stateDir: path.join(mdir, 'sim'), delayMs: 50, validate: false });
    const gib = { environment: 'custom', endpoint: sim.url, trustList: [sim.trustPem], pollIntervalMs: 50, retryBaseMs: 10 };
    Object.assign(process.env, { EDEFTER_SETTINGS: JSON.stringify({ gib }) });
    await isolatedTokens(path.join(mdir, 'token'), [{}]);
    docs = await buildGibDocs();
    const m = /^(\d+)-(\d{6})-/.exec(docs.Y.name)!;
    VKN = m[1];
    PERIOD = m[2];
    b = await startSigningBridge(mdir);
    expect((await b.client.request('allowlist-set', { origins: [PORTAL, OTHER] })).ok).toBe(true);
    for (const d of [docs.Y, docs.K]) expect(codeOf(await inspect(b.client, d))).toBe('OK');
  }, 240_000);

  afterAll(async () => {
    await b?.close();
    await sim?.close();
    process.umask(oldMask);
    await shutdownTokenWorker().catch(() => undefined);
    for (const k of ENV)
      if (keep[k] === undefined) delete process.env[k];
      else process.env[k] = keep[k];
    fs.rmSync(mdir, { recursive: true, force: true });
  });

  it("an unknown session does not lock the month; another origin's session and inspections are worthless", async () => {
    const before = signs();
    const r = await attack('consent-binding', "month-run: unknown session, other origin's session, other origin's inspections", [
      // 1. unknown session: refused — and the month is not left "running" (a second try is not BUSY)
      async () => codeOf(await run('0'.repeat(32), PORTAL)) === 'SESSION_NOT_FOUND',
      async () => codeOf(await run('1'.repeat(32), PORTAL)) === 'SESSION_NOT_FOUND',
      // 2. a session the user opened on PORTAL for exactly these digests, used by OTHER
      async () => {
        const o = await b.client.request(
          'session-open',
          { certificateId: '01', tokenLabel: TOKEN, pin: 'frame', forDocuments: [sha(docs.Y.bytes), sha(docs.K.bytes)] },
          PORTAL,
          PIN,
          30_000,
        );
        if (o.ok !== true) return false;
        const sessionId = (o.result as { sessionId: string }).sessionId;
        try {
          const x = await run(sessionId, OTHER);
          return x.ok === false && codeOf(x) === 'SESSION_NOT_FOUND';
        } finally {
          await b.client.request('session-close', { sessionId }, PORTAL);
        }
      },
      // 3. OTHER plans with documents only PORTAL inspected
      async () => {
        const x = await b.client.request(
          'month-run-plan',
          { vkn: VKN, period: PERIOD, documents: [docs.Y, docs.K].map((d) => ({ name: d.name, kind: d.kind, sha256: sha(d.bytes) })) },
          OTHER,
        );
        return x.ok === false && reasonOf(x) === 'not-inspected';
      },
      // 4. the lock again, after all that: PORTAL with a fresh unknown session is still not BUSY
      async () => codeOf(await run('2'.repeat(32), PORTAL)) === 'SESSION_NOT_FOUND',
    ]);
    expect(r.served).toBe(0);
    expect(signs()).toBe(before);
  });

  it('after a whole month run (sign, berats, DR, GİB send and download) under umask 022, every file is 0600 and every folder 0700', async () => {
    for (const d of [docs.Y, docs.K, docs.DR]) expect(codeOf(await inspect(b.client, d))).toBe('OK');
    const all = [docs.Y, docs.K, docs.DR];
    const o = await b.client.request(
      'session-open',
      { certificateId: '01', tokenLabel: TOKEN, pin: 'frame', forDocuments: all.map((d) => sha(d.bytes)) },
      PORTAL,
      PIN,
      30_000,
    );
    expect(o.ok, JSON.stringify(o)).toBe(true);
    const sessionId = (o.result as { sessionId: string }).sessionId;
    const x = await b.client.request(
      'month-run',
      {
        sessionId,
        vkn: VKN,
        period: PERIOD,
        documents: all.map(wire),
        packages: [paket(docs.Y, 'YB'), paket(docs.K, 'KB'), paket(docs.DR, 'DR')],
        timestamp: false,
        backup: false,
      },
      PORTAL,
      undefined,
      200_000,
    );
    await b.client.request('session-close', { sessionId }, PORTAL);
    expect(x.ok, JSON.stringify(x.error)).toBe(true);
    const open: string[] = [];
    let files = 0;
    const walk = (p: string): void => {
      const st = fs.lstatSync(p);
      const mode = st.mode & 0o777;
      if (st.isDirectory()) {
        if (mode & 0o077) open.push(`${path.relative(mdir, p)}/ ${mode.toString(8)}`);
        for (const n of fs.readdirSync(p)) walk(path.join(p, n));
      } else if (st.isFile()) {
        files++;
        // certificates (the local CA's and the server's) are public on purpose; keys are not
        if (p.endsWith('.pem')) {
          const pem = fs.readFileSync(p, 'utf8');
          if (pem.startsWith('-----BEGIN CERTIFICATE-----') && !pem.includes('PRIVATE KEY')) return;
        }
        if (mode & 0o077) open.push(`${path.relative(mdir, p)} ${mode.toString(8)}`);
      }
    };
    for (const top of ['data', 'config']) {
      const root = path.join(mdir, top);
      for (const n of fs.readdirSync(root)) walk(path.join(root, n));
    }
    const auditText = fs.readFileSync(auditPaths(path.join(mdir, 'data')).log, 'utf8');
    const pinRe = new RegExp(`(^|[^0-9a-f])${PIN}([^0-9a-f]|$)`);
    const r = await attack('files-and-leaks', 'month run under umask 022: files/folders readable by others; PIN in audit or log', [
      async () => open.length === 0,
      async () => !pinRe.test(auditText) && !/"pin"\s*:/i.test(auditText),
      async () => !pinRe.test(b.log()),
    ]);
    expect(files).toBeGreaterThan(5);
    expect(r.served, open.join('\n')).toBe(0);
  });

  it('revoked while session-open waits for its PIN frame: the PIN sent afterwards opens nothing', async () => {
    const opened = (): number => (b.log().match(/Oturum açıldı/g) ?? []).length;
    const tries: Array<() => Promise<boolean>> = [];
    for (let i = 0; i < 2; i++) {
      tries.push(async () => {
        const p = await pairedClient(b.server, b.server.tls.caPem, [PORTAL]);
        expect(codeOf(await inspect(p.client, docs.Y))).toBe('OK');
        const before = opened();
        const id = newRequestId();
        p.client.ws.send(
          JSON.stringify({
            t: 'request',
            id,
            action: 'session-open',
            origin: PORTAL,
            params: { certificateId: '01', tokenLabel: TOKEN, pin: 'frame', forDocuments: [sha(docs.Y.bytes)] },
          }),
        );
        await sleep(150);
        (p.client.ws as unknown as { _socket: net.Socket })._socket.pause();
        await localRequest({ t: 'pairing-revoke', installId: p.installId }, b.server.socketPath);
        await sleep(50);
        p.client.ws.send(encodePinFrame(id, new TextEncoder().encode(PIN)));
        await sleep(1_000);
        p.client.ws.terminate();
        return opened() === before;
      });
    }
    const r = await attack('revocation', 'revoked while session-open waits: the PIN frame that follows', tries);
    expect(r.served).toBe(0);
  });
});
