/** Small parts of the GİB module: the package rule, zips, names, retry policy, error codes, clock sources. */
import { describe, it, expect, afterAll } from 'vitest';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { packageContents, packageName, KEBIR_NOT_UPLOADED_FROM, buildPackage } from '../../packages/bridge/src/gib/packages.ts';
import { parseGibName, gibFileName } from '../../packages/domain/src/index.ts';
import { withRetry, backoffDelay } from '../../packages/bridge/src/net/retry.ts';
import { TRANSIENT_GIB_CODES, gibCodeError, isTransient, httpError, networkError } from '../../packages/bridge/src/gib/errors.ts';
import { checkClock, measureHttpDateSkew, measureNtpSkew } from '../../packages/bridge/src/gib/clock.ts';
import { encodePkiPath, decodePkiPath } from '../../packages/bridge/src/gib/pkipath.ts';
import { faultError, parseSafeXml } from '../../packages/bridge/src/gib/soap.ts';
import { makeSignedMonth } from './month-fixture.ts';
import { softwareSigner } from './helpers.ts';

const closers: (() => void)[] = [];
afterAll(() => closers.forEach((c) => c()));

describe('packages', () => {
  it('one rule: K is not uploaded from the January 2025 period on', () => {
    expect(KEBIR_NOT_UPLOADED_FROM).toBe('202501');
    expect(packageContents('YB', '202412')).toEqual(['Y', 'YB']);
    expect(packageContents('KB', '202412')).toEqual(['K', 'KB']);
    expect(packageContents('KB', '202501')).toEqual(['KB']);
    expect(packageContents('KB', '202612')).toEqual(['KB']);
    expect(packageContents('DR', '202501')).toEqual(['DR']);
    expect(packageName({ vkn: '6090408038', period: '202501', part: '000001', branch: '0001', kind: 'YB' })).toBe('6090408038-202501-YB-000001-0001');
  });

  it('names: parse and format, GIB- prefix, şube 0000 refused', () => {
    expect(parseGibName('GIB-6090408038-202501-YB-000000.xml')).toMatchObject({ approved: true, type: 'YB', period: '202501' });
    expect(parseGibName('6090408038-202501-Y-000000-0000.xml')).toBeNull();
    expect(parseGibName('6090408038-202513-Y-000000.xml')).toBeNull();
    expect(gibFileName({ vkn: '6090408038', period: '202501', type: 'KB', part: '000000', approved: true })).toBe('GIB-6090408038-202501-KB-000000.xml');
  });

  it('zips are deterministic and refuse a broken berat binding or an unsigned file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pk-'));
    const m = await makeSignedMonth({ root: path.join(dir, 'out'), year: 2025, month: 2, signer: await softwareSigner(), allowGap: true, withDr: false });
    const ref = { vkn: '6090408038', period: '202502', part: '000000', kind: 'YB' as const };
    const a = await buildPackage(ref, m.folder, path.join(dir, 'a'));
    const b = await buildPackage(ref, m.folder, path.join(dir, 'b'));
    expect(a.sha256).toBe(b.sha256);
    expect(a.entries).toEqual(['6090408038-202502-Y-000000.xml', '6090408038-202502-YB-000000.xml']);
    // the defter changed after its berat was built (re-signed): the binding breaks
    const y = path.join(m.folder, '6090408038-202502-Y-000000.xml');
    const txt = fs.readFileSync(y, 'utf8');
    fs.writeFileSync(
      y,
      txt.replace(/(<ds:SignatureValue[^>]*>)([A-Za-z0-9+/])/, (_m, p: string, c: string) => p + (c === 'A' ? 'B' : 'A')),
    );
    await expect(buildPackage(ref, m.folder, path.join(dir, 'c'))).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
    fs.writeFileSync(y, txt.replace(/<ds:Signature[\s>][\s\S]*<\/ds:Signature>/, ''));
    await expect(buildPackage(ref, m.folder, path.join(dir, 'c'))).rejects.toThrow(/imzalı değil/);
  });
});

describe('errors and retry', () => {
  it('only 110, 112, 113, 203, 206, 303 (and HTTP 5xx, network, timeouts) are transient', () => {
    expect([...TRANSIENT_GIB_CODES].sort()).toEqual([110, 112, 113, 203, 206, 303]);
    for (const c of [101, 102, 103, 104, 105, 106, 107, 108, 109, 111, 114, 204, 205, 304, 305]) expect(isTransient(gibCodeError(c, 'x'))).toBe(false);
    expect(isTransient(httpError(503, 'x'))).toBe(true);
    expect(isTransient(httpError(400, 'x'))).toBe(false);
    expect(isTransient(networkError('x', new Error('reset'), false))).toBe(true);
    expect(gibCodeError(108, 'sendDocumentFile').tr).toBe('GİB 108: Geçersiz paket adı.');
  });

  it('backoff grows exponentially with full jitter and stops on a permanent error', async () => {
    expect(backoffDelay(1, { baseMs: 100, random: () => 0.999 })).toBe(99);
    expect(backoffDelay(4, { baseMs: 100, random: () => 0.999 })).toBe(799);
    expect(backoffDelay(20, { baseMs: 100, maxMs: 1000, random: () => 0.999 })).toBe(999);
    const waits: number[] = [];
    let n = 0;
    await expect(
      withRetry(
        async () => {
          n++;
          throw httpError(502, 'x');
        },
        {
          attempts: 3,
          baseMs: 10,
          sleep: async (ms) => {
            waits.push(ms);
          },
        },
      ),
    ).rejects.toMatchObject({ code: 'GIB_UNAVAILABLE' });
    expect(n).toBe(3);
    expect(waits).toHaveLength(2);
    n = 0;
    await expect(
      withRetry(
        async () => {
          n++;
          throw gibCodeError(109, 'x');
        },
        { attempts: 3, sleep: async () => undefined },
      ),
    ).rejects.toMatchObject({ code: 'GIB_UNAUTHORIZED' });
    expect(n).toBe(1);
  });

  it('SOAP faults: GİB code from the Detail or the Reason; WS-Security subcodes; DOCTYPE refused', () => {
    const f = (xml: string) => parseSafeXml(xml, 't').documentElement!;
    const NS = 'xmlns:env="http://www.w3.org/2003/05/soap-envelope"';
    expect(
      faultError(
        f(`<env:Fault ${NS}><env:Reason><env:Text>x</env:Text></env:Reason><env:Detail><a><hataKodu>113</hataKodu></a></env:Detail></env:Fault>`),
        500,
        'op',
      ).details,
    ).toMatchObject({ gibCode: 113, transient: true });
    expect(faultError(f(`<env:Fault ${NS}><env:Reason><env:Text>204 - yok</env:Text></env:Reason></env:Fault>`), 500, 'op').code).toBe('GIB_NOT_READY');
    expect(
      faultError(
        f(
          `<env:Fault ${NS}><env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>wsse:MessageExpired</env:Value></env:Subcode></env:Code><env:Reason><env:Text>late</env:Text></env:Reason></env:Fault>`,
        ),
        500,
        'op',
      ).code,
    ).toBe('CLOCK_SKEW');
    expect(() => parseSafeXml('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', 't')).toThrow(/DOCTYPE/);
  });

  it('PkiPath: signer last, round trip', () => {
    const a = Buffer.from('3003020101', 'hex');
    const b = Buffer.from('3003020102', 'hex');
    const p = encodePkiPath(a, [b]);
    expect(decodePkiPath(p).map((x) => x.toString('hex'))).toEqual([b.toString('hex'), a.toString('hex')]);
  });
});

describe('clock check', () => {
  it('HTTP Date: measures the skew of a server whose clock runs 45 s ahead and refuses', async () => {
    const srv = http.createServer((_q, r) => {
      r.writeHead(200, { Date: new Date(Date.now() + 45_000).toUTCString() });
      r.end();
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    closers.push(() => srv.close());
    const url = `http://127.0.0.1:${(srv.address() as { port: number }).port}/`;
    const m = await measureHttpDateSkew(url);
    expect(m.skewMs).toBeGreaterThan(-46_500);
    expect(m.skewMs).toBeLessThan(-43_500);
    await expect(checkClock({ kind: 'http-date' }, url)).rejects.toMatchObject({ code: 'CLOCK_SKEW' });
    expect((await checkClock({ kind: 'http-date' }, url, { maxSkewMs: 60_000 }))?.ok).toBe(true);
    expect(await checkClock({ kind: 'off' }, url)).toBeNull();
  });

  it('NTP (ntp-time): a local NTP server 40 s behind is measured and refused', async () => {
    const require = createRequire(new URL('../../packages/bridge/package.json', import.meta.url));
    const { Server } = require('ntp-time') as {
      Server: new () => {
        handle(f: (m: Record<string, number>, r: (m: unknown) => void) => void): void;
        listen(p: number, cb: () => void): void;
        server?: { close(): void };
      };
    };
    const server = new Server();
    server.handle((message, response) => {
      const now = Date.now() / 1000 - 40;
      message.originateTimestamp = message.transmitTimestamp;
      message.receiveTimestamp = now;
      message.transmitTimestamp = now;
      message.mode = 4;
      message.stratum = 2;
      response(message);
    });
    const port = 20000 + Math.floor(Math.random() * 20000);
    await new Promise<void>((r) => server.listen(port, () => r()));
    closers.push(() => (server as unknown as { socket?: { close(): void } }).socket?.close());
    const m = await measureNtpSkew('127.0.0.1', port, 2000);
    expect(m.skewMs).toBeGreaterThan(39_000);
    expect(m.skewMs).toBeLessThan(41_000);
    await expect(checkClock({ kind: 'ntp', host: '127.0.0.1', port }, '')).rejects.toThrow(/40 saniye ileri/);
  });

  it('an unreachable time source is a clear, transient error', async () => {
    await expect(checkClock({ kind: 'http-date' }, 'http://127.0.0.1:9/', { timeoutMs: 1000 })).rejects.toMatchObject({ code: 'GIB_UNAVAILABLE' });
  });
});
