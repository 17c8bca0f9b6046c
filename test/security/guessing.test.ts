/**
 * Attack suite, class `guessing` (issue 10 item 3, pairing part): the manual pairing code.
 * A client on the TCP port guesses codes (`pair-code` right after `hello`, as the extension sends
 * a typed code) while a code from `edefter pair` is live:
 *  - none of 300 wrong codes pairs;
 *  - wrong tries against the live code are answered ever more slowly (250 ms, doubling);
 *  - after 5 wrong tries the code is dead: the right code no longer pairs;
 *  - the whole run takes tens of seconds, not the 2.6 s seen before (figures printed).
 * Bridge in-process on its own config folder; all traffic to 127.0.0.1; loops bounded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { CHROME_EXTENSION_ORIGIN, PAIR_CODE_ALPHABET, newRequestId } from '../../packages/protocol/src/index.ts';
import type { BridgeServer } from '../../packages/bridge/src/server/index.ts';
import { localRequest } from '../../packages/bridge/src/server/local-channel/client.ts';
import { TestClient, tryOpen } from '../bridge/ws-client.ts';
import { attack } from './kit.ts';
import { startTestBridge, stopTestBridge } from './bridge-kit.ts';

let dir: string;
let server: BridgeServer;
let caPem: string;

beforeAll(async () => {
  ({ dir, server, caPem } = await startTestBridge('sec-guessing'));
});

afterAll(() => stopTestBridge(server, dir));

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A random well-formed code other than `not`. */
function guess(not: string): string {
  for (;;) {
    const g = Array.from(randomBytes(8), (b) => PAIR_CODE_ALPHABET[b & 31]).join('');
    if (g !== not) return g;
  }
}

/** Opens an unpaired socket (retrying briefly while the unauthenticated pool is full) and says hello. */
async function openUnpaired(): Promise<{ c: TestClient; installId: string }> {
  for (let i = 0; i < 50; i++) {
    const r = await tryOpen(server.port, caPem, { Origin: CHROME_EXTENSION_ORIGIN, Host: `127.0.0.1:${server.port}` });
    if (r.ok) {
      const c = new TestClient(r.ws);
      const installId = newRequestId();
      await c.hello(installId);
      return { c, installId };
    }
    await sleep(100);
  }
  throw new Error('could not open an unauthenticated socket');
}

/** One guess on a fresh socket. @returns refused, and how long the answer took (ms) */
async function oneGuess(code: string): Promise<{ refused: boolean; ms: number }> {
  const { c, installId } = await openUnpaired();
  const t0 = performance.now();
  const r = await c.send({ t: 'pair-code', installId, code }, undefined, 15_000);
  const ms = performance.now() - t0;
  c.close();
  await c.closed;
  return { refused: r.ok === false && !JSON.stringify(r).includes('secret'), ms };
}

describe('manual pairing code guessing', () => {
  it('300 wrong codes do not pass and take growing time; after 5 wrong tries the right code is dead', async () => {
    const { code } = (await localRequest({ t: 'pair-code' }, server.socketPath)) as unknown as { code: string };
    const t0 = performance.now();
    const firstFive: number[] = [];
    const tries: Array<() => Promise<boolean>> = [];
    // the first five, one after another: the answers slow down
    for (let i = 0; i < 5; i++)
      tries.push(async () => {
        const g = await oneGuess(guess(code));
        firstFive.push(g.ms);
        return g.refused;
      });
    // the other 295 from four sockets at once (the unauthenticated pool's budget), several per socket;
    // each is one entry of the record, resolved when the pool of workers has answered it
    const rest: boolean[] = [];
    let pool: Promise<void> | undefined;
    const runPool = (): Promise<void> => {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < 295) {
          const { c, installId } = await openUnpaired();
          for (let k = 0; k < 10 && next < 295; k++) {
            const i = next++;
            const r = await c.send({ t: 'pair-code', installId, code: guess(code) }, undefined, 15_000).catch(() => ({ ok: false }));
            rest[i] = r.ok === false && !JSON.stringify(r).includes('secret');
          }
          c.close();
          await c.closed;
        }
      };
      return Promise.all([worker(), worker(), worker(), worker()]).then(() => undefined);
    };
    for (let i = 0; i < 295; i++)
      tries.push(async () => {
        pool ??= runPool();
        await pool;
        return rest[i] === true;
      });
    const r = await attack('guessing', '300 wrong manual pairing codes over the TCP port', tries);
    const totalMs = performance.now() - t0;
    expect(r.attempts).toBe(300);
    expect(r.served).toBe(0);
    // growing: each of the first five waits at least the schedule (250, 500, 1000, 2000, 4000 ms)
    [250, 500, 1000, 2000, 4000].forEach((min, i) => expect(firstFive[i], `try ${i + 1}`).toBeGreaterThanOrEqual(min * 0.9));
    for (let i = 1; i < 5; i++) expect(firstFive[i]).toBeGreaterThan(firstFive[i - 1]);
    expect(totalMs).toBeGreaterThan(25_000);
    console.log(
      `guessing: first five wrong codes answered after ${firstFive.map((x) => Math.round(x)).join(', ')} ms; 300 wrong codes took ${(totalMs / 1000).toFixed(1)} s`,
    );

    const dead = await attack('guessing', 'the right code after 5 wrong tries', [async () => (await oneGuess(code)).refused]);
    expect(dead.served).toBe(0);
    // a fresh `edefter pair` code works again for the user
    const fresh = (await localRequest({ t: 'pair-code' }, server.socketPath)) as unknown as { code: string };
    const ok = await openUnpaired();
    expect(await ok.c.send({ t: 'pair-code', installId: ok.installId, code: fresh.code })).toMatchObject({ ok: true });
    ok.c.close();
  }, 180_000);
});
