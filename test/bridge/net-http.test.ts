/**
 * The one HTTP client (net/http.ts) and the one retry policy (net/retry.ts) used by GİB SOAP, the TSA and the
 * integrator backup client: answers of any status, failure kinds (timeout, network, too large), the upload
 * held back by Expect: 100-continue, backoff with full jitter and at least the server's Retry-After.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpFailure, httpRequest } from '../../packages/bridge/src/net/http.ts';
import { backoffDelay, isRetriable, parseRetryAfter, withRetry } from '../../packages/bridge/src/net/retry.ts';

let server: http.Server;
let base: string;
let uploaded = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2000);
    if (req.url === '/big') return void res.end(Buffer.alloc(4096));
    if (req.url === '/refuse') {
      res.writeHead(413).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      uploaded += Buffer.concat(chunks).length;
      res.writeHead(req.url === '/busy' ? 503 : 200, { 'retry-after': '2' }).end(`got ${Buffer.concat(chunks).length}`);
    });
  });
  server.on('checkContinue', (req, res) => {
    if (req.url === '/refuse') res.writeHead(413).end();
    else {
      res.writeContinue();
      server.emit('request', req, res);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('net/http.ts', () => {
  it('returns answers of any status, with the body streamed and progress reported', async () => {
    const seen: number[] = [];
    const res = await httpRequest({
      method: 'POST',
      url: `${base}/echo`,
      body: () =>
        (async function* () {
          yield Buffer.from('abc');
          yield Buffer.from('de');
        })(),
      contentLength: 5,
      onProgress: (s) => seen.push(s),
      timeoutMs: 5000,
    });
    expect([res.status, res.body.toString()]).toEqual([200, 'got 5']);
    expect(seen.at(-1)).toBe(5);
    const busy = await httpRequest({ method: 'POST', url: `${base}/busy`, body: Buffer.from('x'), timeoutMs: 5000 });
    expect(busy.status).toBe(503);
    expect(parseRetryAfter(busy.headers['retry-after'])).toBe(2000);
  });

  it('failures say their kind and whether another attempt may help', async () => {
    const slow = await httpRequest({ method: 'GET', url: `${base}/slow`, timeoutMs: 100 }).catch((e: unknown) => e);
    expect(slow).toBeInstanceOf(HttpFailure);
    expect(slow).toMatchObject({ kind: 'timeout', retriable: true });
    const big = await httpRequest({ method: 'GET', url: `${base}/big`, maxResponseBytes: 1024 }).catch((e: unknown) => e);
    expect(big).toMatchObject({ kind: 'too-large', retriable: false });
    const closed = await httpRequest({ method: 'GET', url: 'http://127.0.0.1:1/' }).catch((e: unknown) => e);
    expect(closed).toMatchObject({ kind: 'network', retriable: true, extra: { code: 'ECONNREFUSED' } });
  });

  it('Expect: 100-continue — a refusing server answers before any byte of the body is sent', async () => {
    const before = uploaded;
    let opened = 0;
    const res = await httpRequest({
      method: 'POST',
      url: `${base}/refuse`,
      expectContinue: true,
      contentLength: 3,
      timeoutMs: 5000,
      body: () => {
        opened++;
        return (async function* () {
          yield Buffer.from('abc');
        })();
      },
    });
    expect(res.status).toBe(413);
    expect(opened).toBe(0);
    expect(uploaded).toBe(before);
  });
});

describe('net/retry.ts', () => {
  it('full jitter under an exponential ceiling; the wait is at least Retry-After', async () => {
    expect(backoffDelay(3, { baseMs: 100, random: () => 0.5 })).toBe(200);
    const waits: number[] = [];
    let n = 0;
    const r = await withRetry(
      async () => {
        if (++n < 3) throw new HttpFailure('status', 'HTTP 429', { status: 429, retryAfterMs: 1500 });
        return 'ok';
      },
      {
        baseMs: 10,
        sleep: async (ms) => {
          waits.push(ms);
        },
      },
    );
    expect([r, n, waits]).toEqual(['ok', 3, [1500, 1500]]);
  });

  it('only retriable failures are retried', async () => {
    let n = 0;
    await expect(
      withRetry(
        async () => {
          n++;
          throw new HttpFailure('tls', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
        },
        { sleep: async () => undefined },
      ),
    ).rejects.toMatchObject({ kind: 'tls' });
    expect(n).toBe(1);
    expect(isRetriable({ details: { transient: true } })).toBe(true);
    expect(isRetriable(new Error('x'))).toBe(false);
  });
});
