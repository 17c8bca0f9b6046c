/**
 * Attack suite, class `files-and-leaks` (issue 10 item 12, TLS): the bridge offers TLS 1.3 only
 * (every TLS 1.3 suite is an AEAD). A client limited to TLS 1.2 — with the old CBC-SHA suites,
 * or even with AEAD suites — gets no handshake; TLS 1.0/1.1 neither; a TLS 1.3 client connects
 * and is offered an AEAD suite. Bridge in-process, traffic to 127.0.0.1 only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { PassThrough } from 'node:stream';
import { startBridgeServer, createLog, type BridgeServer } from '../../packages/bridge/src/server/index.ts';
import { tempStore } from '../token/helpers.ts';
import { attack } from './kit.ts';

let dir: string;
let server: BridgeServer;

beforeAll(async () => {
  dir = tempStore('sec-tls');
  process.env.EDEFTER_DATA_DIR = path.join(dir, 'data');
  server = await startBridgeServer({ port: 0, configDir: path.join(dir, 'config'), tsa: null, log: createLog(new PassThrough(), new PassThrough()) });
});

afterAll(async () => {
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** One handshake. @returns the negotiated protocol and cipher, or the error text */
function handshake(opts: tls.ConnectionOptions): Promise<{ ok: true; protocol: string; cipher: string } | { ok: false; error: string }> {
  return new Promise((resolve) => {
    const s = tls.connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: server.tls.caPem, ...opts });
    const timer = setTimeout(() => {
      s.destroy();
      resolve({ ok: false, error: 'timeout' });
    }, 10_000);
    s.once('secureConnect', () => {
      clearTimeout(timer);
      const r = { ok: true as const, protocol: s.getProtocol() ?? '', cipher: s.getCipher().name };
      s.end();
      resolve(r);
    });
    s.once('error', (e) => {
      clearTimeout(timer);
      resolve({ ok: false, error: String(e) });
    });
  });
}

const CBC_SHA = 'ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:AES128-SHA:AES256-SHA:DES-CBC3-SHA';

describe('TLS', () => {
  it('refuses TLS 1.2 (CBC-SHA and AEAD suites alike) and older; TLS 1.3 works with an AEAD suite', async () => {
    const refused = (o: tls.ConnectionOptions) => async (): Promise<boolean> => !(await handshake(o)).ok;
    const r = await attack('files-and-leaks', 'TLS 1.2 and older handshakes (CBC-SHA1 suites offered)', [
      refused({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: CBC_SHA }),
      refused({
        minVersion: 'TLSv1.2',
        maxVersion: 'TLSv1.2',
        ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305',
      }),
      refused({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: `${CBC_SHA}:@SECLEVEL=0` }),
    ]);
    expect(r.served).toBe(0);
    const ok = await handshake({ minVersion: 'TLSv1.3' });
    expect(ok).toMatchObject({ ok: true, protocol: 'TLSv1.3' });
    if (ok.ok) expect(ok.cipher).toMatch(/^TLS_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)$/);
  });
});
