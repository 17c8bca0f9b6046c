/**
 * Attack suite, class `pairing` (issue 10 item 1): pairing completes only for a caller proven to
 * run as the bridge's OS user, never through the TCP socket alone.
 *
 *  - A client that only talks to the TCP port, with the pinned `chrome-extension://…` Origin,
 *    gets no code and no secret whatever it sends (old pair-begin/pair-confirm, guesses, auth,
 *    requests), while a manual code is live; no frame it receives contains the code.
 *  - The local channel refuses callers the browser did not vouch for (another Chrome id, a Firefox
 *    add-on id that is not ours, an origin that disagrees with the caller, garbage).
 *  - The native-messaging host end to end: `edefter native-host chrome-extension://<id>/` reads a
 *    framed request, returns the secret, and that secret authenticates over WSS.
 *  - Another OS user (a throwaway account, removed afterwards) cannot open the local channel
 *    (0700 folder, 0600 socket; parents 0755 so the refusal is ours) nor pair over TCP; with the
 *    folder and socket opened up on purpose, the peer-uid check still refuses it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { CHROME_EXTENSION_ID, CHROME_EXTENSION_ORIGIN, GECKO_EXTENSION_ID, newRequestId } from '../../packages/protocol/src/index.ts';
import type { BridgeServer } from '../../packages/bridge/src/server/index.ts';
import { localRequest } from '../../packages/bridge/src/server/local-channel/client.ts';
import { TestClient, tryOpen } from '../bridge/ws-client.ts';
import { connectPaired } from '../bridge/pair-kit.ts';
import { attack } from './kit.ts';
import { startTestBridge, stopTestBridge } from './bridge-kit.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const EDEFTER = path.join(repoRoot, 'packages', 'bridge', 'bin', 'edefter.mjs');
const wsPath = createRequire(path.join(repoRoot, 'packages', 'bridge', 'package.json')).resolve('ws');
const isRoot = process.getuid?.() === 0;

let dir: string;
let server: BridgeServer;
let caPem: string;

beforeAll(async () => {
  ({ dir, server, caPem } = await startTestBridge('sec-pairing', (d) => {
    fs.chmodSync(d, 0o755);
    fs.mkdirSync(path.join(d, 'config'), { mode: 0o755 });
  }));
});

afterAll(() => stopTestBridge(server, dir));

async function openUnpaired(): Promise<{ c: TestClient; frames: string[] }> {
  const r = await tryOpen(server.port, caPem, { Origin: CHROME_EXTENSION_ORIGIN, Host: `127.0.0.1:${server.port}` });
  if (!r.ok) throw new Error(`open failed ${JSON.stringify(r)}`);
  const frames: string[] = [];
  r.ws.on('message', (d: Buffer) => frames.push(String(d)));
  return { c: new TestClient(r.ws), frames };
}

describe('the TCP socket alone never pairs', () => {
  it('a TCP-only client with the pinned Origin gets no code and no secret, whatever it sends', async () => {
    const { code } = (await localRequest({ t: 'pair-code' }, server.socketPath)) as unknown as { code: string };
    const { c, frames } = await openUnpaired();
    const installId = newRequestId();
    const hello = await c.hello(installId);
    expect(hello.paired).toBe(false);
    // an unauthenticated socket learns the protocol version and nothing else about this bridge
    expect((hello.bridge as { version: string }).version).toBe('');
    expect(hello.tsaConfigured).toBe(false);
    expect(hello.testMode).toBe(false);
    const refusedReply = (m: Record<string, unknown>): boolean => m.ok === false && !JSON.stringify(m).includes('secret');
    const guess = (): string => Array.from(randomBytes(8), (b) => 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'[b & 31]).join('');
    const r = await attack('pairing', 'TCP-only client with the pinned chrome-extension Origin', [
      async () => refusedReply(await c.send({ t: 'pair-begin', installId, nonce: randomBytes(32).toString('base64') })),
      async () => refusedReply(await c.send({ t: 'pair-confirm', installId, code: '123456' })),
      async () => refusedReply(await c.send({ t: 'pair-code', installId, code: guess() })),
      async () => refusedReply(await c.send({ t: 'pair-code', installId, code: guess() })),
      async () =>
        refusedReply(
          await c.send({ t: 'pair', installId, browser: 'chrome', extensionOrigin: CHROME_EXTENSION_ORIGIN, caller: `${CHROME_EXTENSION_ORIGIN}/` }),
        ),
      async () => refusedReply(await c.send({ t: 'auth', installId, mac: randomBytes(32).toString('base64') })),
      async () => refusedReply(await c.request('token-list', {})),
      async () => refusedReply(await c.send({ t: 'unpair', installId })),
    ]);
    expect(r.served).toBe(0);
    c.close();
    const all = frames.join('\n');
    expect(all).not.toContain(code);
    expect(all).not.toMatch(/"secret"/);
    expect(await server.pairings.get(installId)).toBeUndefined();
    // the code was never learned; the user's own session still pairs with it
    const { c: legit } = await openUnpaired();
    const id2 = newRequestId();
    await legit.hello(id2);
    expect(await legit.send({ t: 'pair-code', installId: id2, code })).toMatchObject({ ok: true });
    legit.close();
  });
});

describe('the local channel checks who the browser says called', () => {
  it('refuses another Chrome id, a foreign Firefox add-on, a mismatched origin and garbage', async () => {
    const installId = newRequestId();
    const other = 'a'.repeat(32);
    const moz = 'moz-extension://0f1e2d3c-4b5a-4697-8877-665544332211';
    const refused = (req: Record<string, unknown>) => async (): Promise<boolean> => {
      try {
        await localRequest(req as never, server.socketPath);
        return false;
      } catch {
        return true;
      }
    };
    const garbage = (line: string) => (): Promise<boolean> =>
      new Promise((resolve) => {
        const s = net.createConnection(server.socketPath);
        let got = '';
        s.on('connect', () => s.write(line + '\n'));
        s.on('data', (d) => {
          got += String(d);
          if (got.includes('\n')) {
            s.destroy();
            resolve(/"ok":false/.test(got) && !got.includes('secret'));
          }
        });
        s.on('error', () => resolve(true));
        s.on('close', () => resolve(!got.includes('"ok":true')));
      });
    const r = await attack('pairing', 'local channel: caller the browser did not vouch for', [
      refused({ t: 'pair', installId, browser: 'chrome', extensionOrigin: `chrome-extension://${other}`, caller: `chrome-extension://${other}/` }),
      refused({ t: 'pair', installId, browser: 'chrome', extensionOrigin: CHROME_EXTENSION_ORIGIN, caller: `chrome-extension://${other}/` }),
      refused({ t: 'pair', installId, browser: 'chrome', extensionOrigin: `chrome-extension://${other}`, caller: `${CHROME_EXTENSION_ORIGIN}/` }),
      refused({ t: 'pair', installId, browser: 'firefox', extensionOrigin: moz, caller: 'evil@addons.example' }),
      refused({ t: 'pair', installId, browser: 'firefox', extensionOrigin: moz, caller: `chrome-extension://${CHROME_EXTENSION_ID}/` }),
      refused({ t: 'pair', installId, browser: 'firefox', extensionOrigin: CHROME_EXTENSION_ORIGIN, caller: GECKO_EXTENSION_ID }),
      refused({ t: 'pair', installId: 'x', browser: 'chrome', extensionOrigin: CHROME_EXTENSION_ORIGIN, caller: `${CHROME_EXTENSION_ORIGIN}/` }),
      garbage('{"t":"pair"'),
      garbage('\u0000\u0001\u0002'),
      garbage(JSON.stringify({ t: 'pair-begin' })),
    ]);
    expect(r.served).toBe(0);
    expect(await server.pairings.get(installId)).toBeUndefined();
  });
});

/** Runs the native host like the browser does; returns its one framed reply. */
function runNativeHost(args: string[], msg: unknown, env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [EDEFTER, 'native-host', ...args], { cwd: repoRoot, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = Buffer.alloc(0);
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out = Buffer.concat([out, d]);
    });
    child.stderr.on('data', (d: Buffer) => {
      err += String(d);
    });
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    const head = Buffer.alloc(4);
    head.writeUInt32LE(body.length, 0);
    child.stdin.end(Buffer.concat([head, body]));
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`native host timed out: ${err}`));
    }, 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (out.length < 4 || out.readUInt32LE(0) !== out.length - 4) {
        reject(new Error(`bad native frame (exit ${code}): ${out.toString('utf8')} ${err}`));
        return;
      }
      resolve(JSON.parse(out.subarray(4).toString('utf8')) as Record<string, unknown>);
    });
  });
}

describe('native-messaging host', () => {
  it('pairs end to end: framed request in, framed secret out, and the secret authenticates over WSS', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, EDEFTER_CONFIG_DIR: path.join(dir, 'config') };
    delete env.EDEFTER_SOCKET;
    const installId = newRequestId();
    const reply = await runNativeHost(
      [`${CHROME_EXTENSION_ORIGIN}/`],
      { t: 'pair', installId, browser: 'chrome', extensionOrigin: CHROME_EXTENSION_ORIGIN },
      env,
    );
    expect(reply.ok).toBe(true);
    const secret = reply.secret as string;
    expect(Buffer.from(secret, 'base64')).toHaveLength(32);
    const c = await connectPaired(server, caPem, installId, secret);
    expect(await c.request('status', {})).toMatchObject({ ok: true });
    c.close();
    // started for another extension (the browser passes that one's origin): refused
    const other = await runNativeHost(
      [`chrome-extension://${'b'.repeat(32)}/`],
      { t: 'pair', installId: newRequestId(), browser: 'chrome', extensionOrigin: `chrome-extension://${'b'.repeat(32)}` },
      env,
    );
    expect(other).toMatchObject({ ok: false, error: { code: 'PAIRING_REJECTED' } });
    expect(JSON.stringify(other)).not.toContain('secret');
  }, 60_000);
});

describe.skipIf(!isRoot)('another OS user', () => {
  const user = `edefter-atk-${randomBytes(3).toString('hex')}`;
  let script: string;

  beforeAll(() => {
    const r = spawnSync('useradd', ['-M', '-s', '/usr/sbin/nologin', user], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`useradd failed: ${r.stderr}`);
    script = path.join(dir, 'attacker.cjs');
    fs.writeFileSync(
      script,
      `
const [wsPath, sockPath, port, installId, mode] = process.argv.slice(2);
const net = require('node:net');
const out = { frames: [] };
function local() {
  return new Promise((resolve) => {
    const s = net.createConnection(sockPath);
    const t = setTimeout(() => { out.local = out.local || 'timeout'; s.destroy(); resolve(); }, 8000);
    s.on('connect', () => { out.localConnected = true; s.write(JSON.stringify(mode === 'pair'
      ? { t: 'pair', installId, browser: 'chrome', extensionOrigin: '${CHROME_EXTENSION_ORIGIN}', caller: '${CHROME_EXTENSION_ORIGIN}/' }
      : { t: 'pair-code' }) + '\\n'); });
    s.on('data', (d) => { out.local = 'reply:' + String(d).trim(); clearTimeout(t); s.destroy(); resolve(); });
    s.on('error', (e) => { out.local = 'error:' + e.code; clearTimeout(t); resolve(); });
  });
}
function tcp() {
  const WebSocket = require(wsPath);
  return new Promise((resolve) => {
    const ws = new WebSocket('wss://127.0.0.1:' + port + '/', { rejectUnauthorized: false, headers: { Origin: '${CHROME_EXTENSION_ORIGIN}', Host: '127.0.0.1:' + port } });
    const t = setTimeout(() => { ws.terminate(); resolve(); }, 8000);
    const send = (m) => ws.send(JSON.stringify({ id: require('node:crypto').randomBytes(16).toString('hex'), ...m }));
    ws.on('open', () => {
      send({ t: 'hello', protocol: '1.0.0', extension: { version: '0.1.0', browser: 'chrome' }, installId });
      send({ t: 'pair-begin', installId, nonce: Buffer.alloc(32, 1).toString('base64') });
      send({ t: 'pair-code', installId, code: 'ABCDEFGH' });
      send({ t: 'pair', installId, browser: 'chrome', extensionOrigin: '${CHROME_EXTENSION_ORIGIN}', caller: '${CHROME_EXTENSION_ORIGIN}/' });
    });
    ws.on('message', (d) => { out.frames.push(String(d)); if (out.frames.length >= 4) { clearTimeout(t); ws.close(); resolve(); } });
    ws.on('error', (e) => { out.tcpError = String(e); });
    ws.on('close', () => { clearTimeout(t); resolve(); });
  });
}
(async () => { await local(); if (mode !== 'pair') await tcp(); console.log(JSON.stringify(out)); })();
`,
      { mode: 0o644 },
    );
  });

  afterAll(() => {
    spawnSync('userdel', [user], { encoding: 'utf8' });
  });

  /** Runs the attacker script as the other user (asynchronously: the bridge runs in this process). */
  function runAs(installId: string, mode: 'code' | 'pair'): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const child = spawn('runuser', ['-u', user, '--', process.execPath, script, wsPath, server.socketPath, String(server.port), installId, mode], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => {
        out += String(d);
      });
      child.stderr.on('data', (d: Buffer) => {
        err += String(d);
      });
      const timer = setTimeout(() => child.kill(), 40_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (code !== 0) {
          reject(new Error(`attacker script failed (${code}): ${err}`));
          return;
        }
        resolve(JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>);
      });
    });
  }

  it('cannot open the local channel (0700 folder, 0600 socket) nor pair over TCP', async () => {
    // the parents are traversable by anyone, so the refusal comes from our folder and socket modes
    for (const p of [dir, path.join(dir, 'config')]) expect(fs.statSync(p).mode & 0o777).toBe(0o755);
    expect(fs.statSync(path.dirname(server.socketPath)).mode & 0o777).toBe(0o700);
    expect(fs.statSync(server.socketPath).mode & 0o777).toBe(0o600);
    const installId = newRequestId();
    let out: Record<string, unknown> = {};
    const r = await attack('pairing', 'another OS user: local channel and TCP pairing', [
      async () => {
        out = await runAs(installId, 'code');
        return out.local === 'error:EACCES' && !out.localConnected;
      },
      async () => {
        const frames = (out.frames as string[]).map((f) => JSON.parse(f) as Record<string, unknown>);
        return frames.length > 0 && frames.every((f) => (f.t === 'hello' ? f.paired === false : f.ok === false)) && !JSON.stringify(frames).includes('secret');
      },
      async () => (await server.pairings.get(installId)) === undefined,
    ]);
    expect(r.served, JSON.stringify(out)).toBe(0);
  }, 60_000);

  it('with the folder and socket opened up on purpose, the peer-uid check still refuses it', async () => {
    const folder = path.dirname(server.socketPath);
    const installId = newRequestId();
    fs.chmodSync(folder, 0o755);
    fs.chmodSync(server.socketPath, 0o666);
    let out: Record<string, unknown> = {};
    try {
      const r = await attack('pairing', 'another OS user past the file modes: peer uid check', [
        async () => {
          out = await runAs(installId, 'pair');
          return (
            out.localConnected === true &&
            typeof out.local === 'string' &&
            out.local.includes('"ok":false') &&
            out.local.includes('CLIENT_NOT_ALLOWED') &&
            !out.local.includes('secret')
          );
        },
      ]);
      expect(r.served, JSON.stringify(out)).toBe(0);
    } finally {
      fs.chmodSync(server.socketPath, 0o600);
      fs.chmodSync(folder, 0o700);
    }
    expect(await server.pairings.get(installId)).toBeUndefined();
  }, 60_000);
});
