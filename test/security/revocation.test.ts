/**
 * Attack suite, class `revocation` (issue 10 item 11): pairings can be listed and revoked, and a
 * revoked secret is worthless.
 *  - `edefter pairing list` (through the running bridge's local channel) shows the install, never
 *    a secret; `edefter pairing revoke <installId>` closes the install's live socket (4005) and its
 *    secret no longer authenticates, with or without the upgrade token;
 *  - `unpair` over WSS (what "Eşleştirmeyi unut" sends) removes the pairing and closes the socket;
 *  - pairing again afterwards works (native-host path and manual code);
 *  - with no bridge running, `edefter pairing revoke --all` edits pairings.json directly;
 *  - every pairing and revocation is in the audit log.
 * Bridge in-process on its own folders; the CLI runs as a child process in the same environment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { CHROME_EXTENSION_ORIGIN, newRequestId, upgradeQuery } from '../../packages/protocol/src/index.ts';
import type { BridgeServer } from '../../packages/bridge/src/server/index.ts';
import { localRequest } from '../../packages/bridge/src/server/local-channel/client.ts';
import { TestClient, tryOpen } from '../bridge/ws-client.ts';
import { connectPaired } from '../bridge/pair-kit.ts';
import { attack } from './kit.ts';
import { startTestBridge, stopTestBridge } from './bridge-kit.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const EDEFTER = path.join(repoRoot, 'packages', 'bridge', 'bin', 'edefter.mjs');

let dir: string;
let server: BridgeServer;
let caPem: string;

beforeAll(async () => {
  ({ dir, server, caPem } = await startTestBridge('sec-revocation'));
});

afterAll(() => stopTestBridge(server, dir));

/** Runs `edefter <args>` with this file's folders. */
function cli(args: string[], configDir = path.join(dir, 'config')): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, EDEFTER_CONFIG_DIR: configDir, EDEFTER_DATA_DIR: path.join(dir, 'data') };
    delete env.EDEFTER_SOCKET;
    const child = spawn(process.execPath, [EDEFTER, ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += String(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      out += String(d);
    });
    child.on('exit', (code) => resolve({ code: code ?? -1, out }));
  });
}

/** Pairs an install the native host's way. */
async function pairNative(installId = newRequestId()): Promise<{ installId: string; secret: string }> {
  const r = await localRequest(
    { t: 'pair', installId, browser: 'chrome', extensionOrigin: CHROME_EXTENSION_ORIGIN, caller: `${CHROME_EXTENSION_ORIGIN}/` },
    server.socketPath,
  );
  return { installId, secret: r.secret as string };
}

/** True when `secret` no longer gets an authenticated, served socket (with or without the token). */
async function secretRefused(installId: string, secret: string, withToken: boolean): Promise<boolean> {
  const query = withToken ? await upgradeQuery(new Uint8Array(Buffer.from(secret, 'base64')), installId) : undefined;
  const r = await tryOpen(server.port, caPem, { Origin: CHROME_EXTENSION_ORIGIN, Host: `127.0.0.1:${server.port}` }, query);
  if (!r.ok) return true;
  const c = new TestClient(r.ws);
  try {
    const hello = await c.hello(installId);
    if (hello.paired !== true || typeof hello.challenge !== 'string') return true;
    const auth = await c.auth(installId, secret, hello.challenge);
    if (auth.ok !== true) return true;
    return (await c.request('status', {})).ok !== true;
  } catch {
    return true;
  } finally {
    c.close();
  }
}

function auditTypes(): Array<{ type: string; installId?: string; by?: string }> {
  const f = path.join(dir, 'data', 'audit.log');
  return fs.existsSync(f)
    ? fs
        .readFileSync(f, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { type: string; installId?: string; by?: string })
    : [];
}

describe('revocation', () => {
  it('edefter pairing list shows the install; revoke closes its socket and the secret is dead', async () => {
    const { installId, secret } = await pairNative();
    const live = await connectPaired(server, caPem, installId, secret);
    const list = await cli(['pairing', 'list']);
    expect(list.code, list.out).toBe(0);
    expect(list.out).toContain(installId);
    expect(list.out).not.toContain(secret);
    const json = await cli(['pairing', 'list', '--json']);
    expect((JSON.parse(json.out) as Array<{ installId: string }>).map((x) => x.installId)).toContain(installId);
    const rev = await cli(['pairing', 'revoke', installId]);
    expect(rev.code, rev.out).toBe(0);
    expect(await live.closed).toBe(4005);
    const r = await attack('revocation', 'secret of an install revoked by edefter pairing revoke', [
      () => secretRefused(installId, secret, true),
      () => secretRefused(installId, secret, false),
    ]);
    expect(r.served).toBe(0);
    expect((await cli(['pairing', 'list'])).out).not.toContain(installId);
    expect(auditTypes().some((a) => a.type === 'pairing-revoke' && a.installId === installId && a.by === 'cli')).toBe(true);
  }, 60_000);

  it('unpair over WSS removes the pairing and closes; pairing again works (native host and manual code)', async () => {
    const { installId, secret } = await pairNative();
    const c = await connectPaired(server, caPem, installId, secret);
    expect(await c.send({ t: 'unpair', installId })).toMatchObject({ ok: true });
    expect(await c.closed).toBe(4005);
    expect(await server.pairings.get(installId)).toBeUndefined();
    const r = await attack('revocation', 'secret after unpair over WSS ("Eşleştirmeyi unut")', [
      () => secretRefused(installId, secret, true),
      () => secretRefused(installId, secret, false),
    ]);
    expect(r.served).toBe(0);
    // pairing again: native host path, same install id, a new secret
    const again = await pairNative(installId);
    expect(again.secret).not.toBe(secret);
    const c2 = await connectPaired(server, caPem, installId, again.secret);
    expect(await c2.request('status', {})).toMatchObject({ ok: true });
    expect(await c2.send({ t: 'unpair', installId })).toMatchObject({ ok: true });
    await c2.closed;
    // and through the manual code
    const { code } = (await localRequest({ t: 'pair-code' }, server.socketPath)) as unknown as { code: string };
    const o = await tryOpen(server.port, caPem, { Origin: CHROME_EXTENSION_ORIGIN, Host: `127.0.0.1:${server.port}` });
    if (!o.ok) throw new Error('open failed');
    const c3 = new TestClient(o.ws);
    expect((await c3.hello(installId)).paired).toBe(false);
    const paired = await c3.send({ t: 'pair-code', installId, code });
    expect(paired).toMatchObject({ ok: true });
    c3.close();
    const c4 = await connectPaired(server, caPem, installId, (paired.result as { secret: string }).secret);
    c4.close();
    const types = auditTypes()
      .filter((a) => a.installId === installId)
      .map((a) => `${a.type}${a.by ? `:${a.by}` : ''}`);
    expect(types).toEqual(['pairing', 'pairing-revoke:extension', 'pairing', 'pairing-revoke:extension', 'pairing']);
  }, 60_000);

  it('with no bridge running, revoke --all edits pairings.json directly', async () => {
    const cfg = path.join(dir, 'config-offline');
    fs.mkdirSync(cfg, { mode: 0o700 });
    const id = newRequestId();
    fs.writeFileSync(
      path.join(cfg, 'pairings.json'),
      JSON.stringify({
        version: 1,
        installs: {
          [id]: {
            secret: Buffer.alloc(32, 5).toString('base64'),
            extensionOrigin: CHROME_EXTENSION_ORIGIN,
            browser: 'chrome',
            pairedAt: new Date().toISOString(),
            allowedOrigins: [],
          },
        },
      }),
      { mode: 0o600 },
    );
    const list = await cli(['pairing', 'list'], cfg);
    expect(list.out).toContain(id);
    const rev = await cli(['pairing', 'revoke', '--all'], cfg);
    expect(rev.code, rev.out).toBe(0);
    const stored = JSON.parse(fs.readFileSync(path.join(cfg, 'pairings.json'), 'utf8')) as { installs: Record<string, unknown> };
    expect(Object.keys(stored.installs)).toEqual([]);
    expect(fs.statSync(path.join(cfg, 'pairings.json')).mode & 0o077).toBe(0);
    expect(auditTypes().some((a) => a.type === 'pairing-revoke' && a.installId === id)).toBe(true);
  }, 60_000);
});
