/**
 * The bridge server against real clients (Node `ws` and https), a real isolated SoftHSM2 demo
 * token and the real XAdES signer: Host and Origin rules, pairing, per-install secret, the
 * bridge's copy of the allowed sites, sessions bound to an origin, the PIN as a binary frame,
 * version handshake, and no PIN in any log line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { spawnSync } from 'node:child_process';
import { CHROME_EXTENSION_ORIGIN, GECKO_EXTENSION_ID, newRequestId } from '../../packages/protocol/src/index.ts';
import { startBridgeServer, createLog, type BridgeServer } from '../../packages/bridge/src/server/index.ts';
import { localRequest } from '../../packages/bridge/src/server/local-channel/client.ts';
import { connectPaired } from './pair-kit.ts';
import { shutdownTokenWorker } from '../../packages/bridge/src/token/index.ts';
import { isolatedTokens, tempStore, captureOutput } from '../token/helpers.ts';
import { TestClient, tryOpen } from './ws-client.ts';

const PIN = '123456';
const PORTAL = 'https://portal.example.com.tr';
const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const sample = fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'sample-yevmiye.xml'));

let dir: string;
let server: BridgeServer;
let logText = '';
let caPem: string;
const cap = captureOutput();
const chromeHeaders = (port: number) => ({ Origin: CHROME_EXTENSION_ORIGIN, Host: `127.0.0.1:${port}` });

function get(port: number, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get({ host: '127.0.0.1', port, path: '/status', ca: caPem, servername: 'localhost', headers }, (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

async function connect(): Promise<TestClient> {
  const r = await tryOpen(server.port, caPem, chromeHeaders(server.port));
  if (!r.ok) throw new Error(`open failed ${JSON.stringify(r)}`);
  return new TestClient(r.ws);
}

/**
 * Pairs a new install the way the native host does (local channel `pair`, caller = the pinned
 * Chrome origin); returns its id, secret and a client authenticated over WSS.
 */
async function pairNew(): Promise<{ installId: string; secret: string; client: TestClient }> {
  const installId = newRequestId();
  const r = await localRequest(
    { t: 'pair', installId, browser: 'chrome', extensionOrigin: CHROME_EXTENSION_ORIGIN, caller: `${CHROME_EXTENSION_ORIGIN}/` },
    server.socketPath,
  );
  const secret = r.secret as string;
  expect(Buffer.from(secret, 'base64')).toHaveLength(32);
  const client = await connectPaired(server, caPem, installId, secret);
  return { installId, secret, client };
}

beforeAll(async () => {
  dir = tempStore('bridge-server');
  process.env.EDEFTER_DATA_DIR = path.join(dir, 'data');
  await isolatedTokens(path.join(dir, 'token'), [{}]);
  const out = new PassThrough();
  out.on('data', (c: Buffer) => {
    logText += c.toString('utf8');
  });
  process.env.EDEFTER_DATA_DIR = path.join(dir, 'data');
  server = await startBridgeServer({ port: 0, configDir: path.join(dir, 'config'), tsa: null, log: createLog(out, out) });
  caPem = server.tls.caPem;
});

afterAll(async () => {
  await server?.close();
  await shutdownTokenWorker().catch(() => undefined);
  cap.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('local TLS', () => {
  it('serves a leaf for 127.0.0.1 and localhost from a name-constrained local CA', () => {
    const ca = path.join(dir, 'config', 'tls', 'ca.pem');
    const text = spawnSync('openssl', ['x509', '-in', ca, '-noout', '-text'], { encoding: 'utf8' }).stdout;
    expect(text).toMatch(/Name Constraints: critical/);
    expect(text).toMatch(/DNS:localhost/);
    expect(text).toMatch(/IP:127\.0\.0\.1\/255\.255\.255\.255/);
    const v = spawnSync('openssl', ['verify', '-CAfile', ca, path.join(dir, 'config', 'tls', 'server.pem')], { encoding: 'utf8' });
    expect(v.stdout).toMatch(/OK/);
    expect(fs.statSync(path.join(dir, 'config', 'tls', 'ca-key.pem')).mode & 0o077).toBe(0);
  });
});

describe('Host and Origin rules', () => {
  it('HTTPS: right Host answers without any CORS header; wrong Host or a web Origin is refused', async () => {
    const ok = await get(server.port, { Host: `localhost:${server.port}` });
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBeUndefined();
    expect((await get(server.port, { Host: `evil.example:${server.port}` })).status).toBe(421);
    expect((await get(server.port, { Host: `127.0.0.1:${server.port + 1}` })).status).toBe(421);
    expect((await get(server.port, { Host: `127.0.0.1:${server.port}`, Origin: 'https://evil.example' })).status).toBe(403);
  });

  it('WebSocket: web origins, no origin, other extensions and a wrong Host are refused before the socket exists', async () => {
    const p = server.port;
    expect(await tryOpen(p, caPem, { Origin: 'https://evil.example', Host: `127.0.0.1:${p}` })).toMatchObject({ ok: false, status: 403 });
    expect(await tryOpen(p, caPem, { Origin: 'http://127.0.0.1:8080', Host: `127.0.0.1:${p}` })).toMatchObject({ ok: false, status: 403 });
    expect(await tryOpen(p, caPem, { Host: `127.0.0.1:${p}` })).toMatchObject({ ok: false, status: 403 });
    expect(await tryOpen(p, caPem, { Origin: `chrome-extension://${'a'.repeat(32)}`, Host: `127.0.0.1:${p}` })).toMatchObject({ ok: false, status: 403 });
    expect(await tryOpen(p, caPem, { Origin: CHROME_EXTENSION_ORIGIN, Host: `rebind.evil.example:${p}` })).toMatchObject({ ok: false, status: 421 });
    const good = await tryOpen(p, caPem, chromeHeaders(p));
    expect(good.ok).toBe(true);
    if (good.ok) good.ws.close();
    expect(logText).toMatch(/WebSocket reddedildi.*reason=origin.*origin=https:\/\/evil\.example/);
    expect(logText).toMatch(/reason=host/);
  });
});

describe('pairing and authentication', () => {
  it('an unpaired extension cannot run anything', async () => {
    const c = await connect();
    const installId = newRequestId();
    expect((await c.hello(installId)).paired).toBe(false);
    const r = await c.request('token-list', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_PAIRED' } });
    c.close();
  });

  it('a wrong manual code is rejected without any code in the reply; the right one pairs once', async () => {
    const { code } = (await localRequest({ t: 'pair-code' }, server.socketPath)) as unknown as { code: string };
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    const c = await connect();
    const installId = newRequestId();
    await c.hello(installId);
    const wrong = code.startsWith('A') ? `B${code.slice(1)}` : `A${code.slice(1)}`;
    const bad = await c.send({ t: 'pair-code', installId, code: wrong });
    expect(bad).toMatchObject({ ok: false, error: { code: 'PAIRING_REJECTED' } });
    expect(JSON.stringify(bad)).not.toContain(code);
    const good = await c.send({ t: 'pair-code', installId, code });
    expect(good).toMatchObject({ ok: true });
    const secret = (good.result as { secret: string }).secret;
    c.close();
    const again = await connect();
    const other = newRequestId();
    await again.hello(other);
    expect(await again.send({ t: 'pair-code', installId: other, code })).toMatchObject({ ok: false, error: { code: 'PAIRING_REJECTED' } });
    again.close();
    (await connectPaired(server, caPem, installId, secret)).close();
  });

  it('pairing gives a per-install secret; a reconnect authenticates with HMAC; a bad MAC is refused', async () => {
    const { installId, secret, client } = await pairNew();
    client.close();
    const c2 = await connect();
    const h = await c2.hello(installId);
    expect(h).toMatchObject({ paired: true });
    expect(await c2.auth(installId, secret, h.challenge as string)).toMatchObject({ ok: true });
    expect(await c2.request('status', {})).toMatchObject({ ok: true, result: { testMode: false, tsaConfigured: false } });
    c2.close();
    const c3 = await connect();
    const h3 = await c3.hello(installId);
    expect(await c3.auth(installId, Buffer.alloc(32, 9).toString('base64'), h3.challenge as string)).toMatchObject({
      ok: false,
      error: { code: 'NOT_PAIRED' },
    });
    expect(await c3.closed).toBe(4003);
    const stored = JSON.parse(fs.readFileSync(path.join(dir, 'config', 'pairings.json'), 'utf8')) as { installs: Record<string, { extensionOrigin: string }> };
    expect(stored.installs[installId].extensionOrigin).toBe(CHROME_EXTENSION_ORIGIN);
    expect(fs.statSync(path.join(dir, 'config', 'pairings.json')).mode & 0o077).toBe(0);
  });

  it('an older bridge protocol tells which side to update', async () => {
    const c = await connect();
    const r = await c.hello(newRequestId(), '2.0.0');
    expect(r).toMatchObject({ ok: false, error: { code: 'VERSION_MISMATCH', details: { requiresUpdate: 'bridge' } } });
    await c.closed;
  });

  it('a Firefox install pairs through the local channel only when the browser named our gecko id', async () => {
    const origin = 'moz-extension://0f1e2d3c-4b5a-4697-8877-665544332211';
    const installId = newRequestId();
    await expect(
      localRequest({ t: 'pair', installId, browser: 'firefox', extensionOrigin: origin, caller: 'other@addon' }, server.socketPath),
    ).rejects.toMatchObject({ code: 'PAIRING_REJECTED' });
    const r = await localRequest({ t: 'pair', installId, browser: 'firefox', extensionOrigin: origin, caller: GECKO_EXTENSION_ID }, server.socketPath);
    const open = await tryOpen(server.port, caPem, { Origin: origin, Host: `127.0.0.1:${server.port}` });
    expect(open.ok).toBe(true);
    if (!open.ok) return;
    const c = new TestClient(open.ws);
    const h = await c.hello(installId, undefined, 'firefox');
    expect(await c.auth(installId, r.secret as string, h.challenge as string)).toMatchObject({ ok: true });
    c.close();
  });
});

describe('origins, sessions and signing', () => {
  let c: TestClient;
  let installId: string;
  beforeAll(async () => {
    const p = await pairNew();
    c = p.client;
    installId = p.installId;
  });
  afterAll(() => c?.close());

  it("refuses a site that is not on the bridge's copy of the allowed sites", async () => {
    expect(await c.request('token-list', {}, PORTAL)).toMatchObject({ ok: false, error: { code: 'ORIGIN_NOT_ALLOWED' } });
    expect(await c.request('allowlist-set', { origins: [PORTAL] })).toMatchObject({ ok: true, result: { count: 1 } });
    expect(await c.request('allowlist-set', { origins: ['http://evil.example'] })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const stored = JSON.parse(fs.readFileSync(path.join(dir, 'config', 'pairings.json'), 'utf8')) as { installs: Record<string, { allowedOrigins: string[] }> };
    expect(stored.installs[installId].allowedOrigins).toEqual([PORTAL]);
  });

  it('lists the demo token with its certificates', async () => {
    const r = await c.request('token-list', {}, PORTAL);
    expect(r.ok).toBe(true);
    const tokens = (r.result as { tokens: Array<{ label: string; pinPad: boolean; certificates: Array<{ vkn?: string; keyType: string }> }> }).tokens;
    expect(tokens[0]).toMatchObject({ label: 'DEMO MALI MUHUR', pinPad: false });
    expect(tokens[0].certificates.map((x) => x.keyType).sort()).toEqual(['ec', 'rsa']);
    expect(tokens[0].certificates[0].vkn).toBe('6090408038');
    // the consent window names the reader and the issuer in plain words
    const t0 = (r.result as { tokens: Array<{ reader?: string; certificates: Array<{ issuerCommonName?: string; issuer?: string }> }> }).tokens[0];
    expect(t0.reader).toMatch(/\S/);
    expect(t0.certificates[0].issuerCommonName).toMatch(/\S/);
    expect(t0.certificates[0].issuer).toContain(`CN=${t0.certificates[0].issuerCommonName}`);
  });

  it('a session asked with a zaman damgası while no TSA is configured is refused before C_Login (a wrong PIN is not even tried)', async () => {
    const r = await c.request('session-open', { certificateId: '01', tokenLabel: 'DEMO MALI MUHUR', pin: 'frame', timestamp: true }, PORTAL, '000000');
    expect(r).toMatchObject({ ok: false, error: { code: 'TSA_NOT_CONFIGURED' } });
    const tokens = ((await c.request('token-list', {}, PORTAL)).result as { tokens: Array<{ userPinCountLow: boolean }> }).tokens;
    expect(tokens[0].userPinCountLow).toBe(false);
  });

  it('a wrong PIN reports the PIN-counter flags; the right PIN opens a session bound to its origin', async () => {
    const bad = await c.request('session-open', { certificateId: '01', tokenLabel: 'DEMO MALI MUHUR', pin: 'frame' }, PORTAL, '000000');
    expect(bad).toMatchObject({ ok: false, error: { code: 'PIN_INCORRECT', details: { userPinLocked: false } } });
    const missing = await c.request('session-open', { certificateId: '01', tokenLabel: 'DEMO MALI MUHUR', pin: 'frame' }, PORTAL);
    expect(missing).toMatchObject({ ok: false, error: { code: 'PIN_REQUIRED' } });
    const Y = '6090408038-202610-Y-000000.xml';
    const inspected = await c.request('document-inspect', { name: Y, kind: 'yevmiye', bytes: sample.toString('base64') }, PORTAL);
    expect(inspected).toMatchObject({ ok: true, result: { type: 'Y', vkn: '6090408038', title: 'DEMO TİCARET A.Ş.' } });
    const approvedSha256 = (inspected.result as { sha256: string }).sha256;
    // the wrong PIN left the token at count-low: no PIN is presented without the user's "son deneme"
    const guarded = await c.request(
      'session-open',
      { certificateId: '01', tokenLabel: 'DEMO MALI MUHUR', pin: 'frame', forDocuments: [approvedSha256] },
      PORTAL,
      PIN,
    );
    expect(guarded).toMatchObject({ ok: false, error: { code: 'PIN_REQUIRED', details: { reason: 'last-try-not-confirmed', userPinCountLow: true } } });
    const ok = await c.request(
      'session-open',
      { certificateId: '01', tokenLabel: 'DEMO MALI MUHUR', pin: 'frame', forDocuments: [approvedSha256], lastTry: true },
      PORTAL,
      PIN,
    );
    expect(ok.ok, JSON.stringify(ok)).toBe(true);
    const sessionId = (ok.result as { sessionId: string }).sessionId;
    await c.request('allowlist-set', { origins: [PORTAL, 'https://other.example'] });
    const foreign = await c.request(
      'session-sign',
      { sessionId, name: 'a.xml', kind: 'yevmiye', bytes: sample.toString('base64'), timestamp: false, approvedSha256 },
      'https://other.example',
    );
    expect(foreign).toMatchObject({ ok: false, error: { code: 'SESSION_NOT_FOUND' } });
    const noTsa = await c.request(
      'session-sign',
      { sessionId, name: Y, kind: 'yevmiye', bytes: sample.toString('base64'), timestamp: true, approvedSha256 },
      PORTAL,
    );
    expect(noTsa).toMatchObject({ ok: false, error: { code: 'TSA_NOT_CONFIGURED' } });
    const signed = await c.request(
      'session-sign',
      { sessionId, name: Y, kind: 'yevmiye', bytes: sample.toString('base64'), timestamp: false, approvedSha256 },
      PORTAL,
      undefined,
      60_000,
    );
    expect(signed).toMatchObject({ ok: true, result: { timestamped: false, certificateId: '01' } });
    const xml = Buffer.from((signed.result as { bytes: string }).bytes, 'base64');
    expect(xml.toString('utf8')).toMatch(/<ds:Signature[\s>][\s\S]*<\/ds:Signature>\s*<\/edefter:defter>\s*$/);
    const f = path.join(dir, 'signed.xml');
    fs.writeFileSync(f, xml);
    const v = spawnSync(
      'xmlsec1',
      ['--verify', '--enabled-key-data', 'x509', '--trusted-pem', path.join(repoRoot, 'var', 'demo-pki', 'ca.pem'), '--id-attr:Id', 'SignedProperties', f],
      { encoding: 'utf8' },
    );
    expect(v.status, v.stderr).toBe(0);
    expect(await c.request('session-close', { sessionId }, PORTAL)).toMatchObject({ ok: true, result: { closed: true } });
    expect(
      await c.request(
        'session-sign',
        { sessionId, name: 'a.xml', kind: 'yevmiye', bytes: sample.toString('base64'), timestamp: false, approvedSha256 },
        PORTAL,
      ),
    ).toMatchObject({ ok: false, error: { code: 'SESSION_NOT_FOUND' } });
  });

  it('never writes the PIN to any log or console', () => {
    expect(logText.length).toBeGreaterThan(200);
    expect(logText).not.toContain(PIN);
    expect(cap.text()).not.toContain(PIN);
  });
});
