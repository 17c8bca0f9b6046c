/**
 * The local channel's start-up checks and plumbing: the socket folder must be the bridge user's
 * own 0700 folder (a group/world-accessible folder, a symlink or another owner stops the start),
 * the socket is 0600, a second bridge on the same socket gets BUSY, a stale socket file is
 * replaced, the `ss` listing parser, and the peer check passing for our own process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { startBridgeServer, createLog, type BridgeServer } from '../../packages/bridge/src/server/index.ts';
import { ensureSocketFolder, localChannelPath } from '../../packages/bridge/src/server/local-channel/paths.ts';
import { parseSs } from '../../packages/bridge/src/server/local-channel/peer.ts';
import { localRequest } from '../../packages/bridge/src/server/local-channel/client.ts';
import { tempStore } from '../token/helpers.ts';

let dir: string;
const quiet = (): ReturnType<typeof createLog> => createLog(new PassThrough(), new PassThrough());

beforeAll(() => {
  dir = tempStore('local-channel');
  process.env.EDEFTER_DATA_DIR = path.join(dir, 'data');
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('socket folder checks', () => {
  it('creates the folder 0700; refuses group/world bits, a symlink and another owner', () => {
    const sock = path.join(dir, 'a', 'run', 'bridge.sock');
    ensureSocketFolder(sock);
    expect(fs.statSync(path.dirname(sock)).mode & 0o777).toBe(0o700);
    const open = path.join(dir, 'b', 'run');
    fs.mkdirSync(open, { recursive: true, mode: 0o755 });
    fs.chmodSync(open, 0o755);
    expect(() => ensureSocketFolder(path.join(open, 'bridge.sock'))).toThrow(/0700|chmod/);
    const real = path.join(dir, 'c-real');
    fs.mkdirSync(real, { mode: 0o700 });
    fs.mkdirSync(path.join(dir, 'c'));
    fs.symlinkSync(real, path.join(dir, 'c', 'run'));
    expect(() => ensureSocketFolder(path.join(dir, 'c', 'run', 'bridge.sock'))).toThrow(/not-a-folder/);
    if (process.getuid?.() === 0) {
      const other = path.join(dir, 'd', 'run');
      fs.mkdirSync(other, { recursive: true, mode: 0o700 });
      fs.chownSync(other, 65534, 65534);
      expect(() => ensureSocketFolder(path.join(other, 'bridge.sock'))).toThrow(/owner/);
    }
  });

  it('the path follows EDEFTER_SOCKET, else <configDir>/run/bridge.sock', () => {
    const saved = process.env.EDEFTER_SOCKET;
    try {
      delete process.env.EDEFTER_SOCKET;
      expect(localChannelPath('/x/cfg')).toBe('/x/cfg/run/bridge.sock');
      process.env.EDEFTER_SOCKET = '/y/s.sock';
      expect(localChannelPath('/x/cfg')).toBe('/y/s.sock');
    } finally {
      if (saved === undefined) delete process.env.EDEFTER_SOCKET;
      else process.env.EDEFTER_SOCKET = saved;
    }
  });
});

describe('the bridge and its local channel', () => {
  let server: BridgeServer;
  afterAll(async () => {
    await server?.close();
  });

  it('refuses to start on an unsafe folder; listens 0600; a second bridge gets BUSY; a stale socket is replaced', async () => {
    const cfg = path.join(dir, 'cfg');
    fs.mkdirSync(path.join(cfg, 'run'), { recursive: true });
    fs.chmodSync(path.join(cfg, 'run'), 0o777);
    await expect(startBridgeServer({ port: 0, configDir: cfg, tsa: null, log: quiet() })).rejects.toMatchObject({ code: 'CLIENT_NOT_ALLOWED' });
    fs.chmodSync(path.join(cfg, 'run'), 0o700);
    // a stale socket file left by a crashed bridge (nothing listens on it)
    fs.writeFileSync(path.join(cfg, 'run', 'bridge.sock'), '');
    server = await startBridgeServer({ port: 0, configDir: cfg, tsa: null, log: quiet() });
    expect(server.socketPath).toBe(path.join(cfg, 'run', 'bridge.sock'));
    expect(fs.statSync(server.socketPath).mode & 0o777).toBe(0o600);
    expect(await localRequest({ t: 'pairing-list' }, server.socketPath)).toMatchObject({ ok: true, installs: [] });
    await expect(startBridgeServer({ port: 0, configDir: cfg, tsa: null, log: quiet() })).rejects.toMatchObject({ code: 'BUSY' });
    // the running bridge still answers after the refused second start
    expect(await localRequest({ t: 'pairing-list' }, server.socketPath)).toMatchObject({ ok: true });
  });
});

describe('ss listing parser', () => {
  it('reads local inode, peer inode and holders', () => {
    const text = [
      'u_str ESTAB 0      0                * 12043 * 12044 users:(("node",pid=7810,fd=20))',
      'u_str ESTAB 0      0      /tmp/t.sock 12044 * 12043 users:(("node",pid=7810,fd=21),("node",pid=7811,fd=21))',
      'u_str LISTEN 0 511 /run/x.sock 99 * 0',
      'garbage',
    ].join('\n');
    expect(parseSs(text)).toEqual([
      { ino: 12043, peer: 12044, users: [{ pid: 7810, fd: 20 }] },
      {
        ino: 12044,
        peer: 12043,
        users: [
          { pid: 7810, fd: 21 },
          { pid: 7811, fd: 21 },
        ],
      },
      { ino: 99, peer: 0, users: [] },
    ]);
  });
});
