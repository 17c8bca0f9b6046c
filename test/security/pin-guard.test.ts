/**
 * Attack suite, class `guessing` (issue 10 item 3, the PIN part): wrong PINs are rate-limited on
 * the bridge with growing delays per token (1 s, 2 s, 4 s, 8 s … after consecutive failures; a
 * second connection does not get around it), and the bridge never presents a PIN to a token whose
 * counter flags say count-low or final-try unless `session-open` carries `lastTry` (the consent
 * window's "son deneme" box); a locked token gets no PIN at all.
 *
 * The "card" is the PIN-pad simulator (test/pinpad/pinpad_shim.c over SoftHSM2) with the keypad
 * flag off and `PINPAD_RETRIES=3`, so it keeps a real PIN counter and reports its flags; that
 * counter only moves when C_Login really happens, which is how the tests prove no login took place.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
// @ts-expect-error plain ESM helper without types
import { buildPinpadShim } from '../pinpad/build.mjs';
import { shutdownTokenWorker } from '../../packages/bridge/src/token/index.ts';
import { isolatedTokens, repoRoot, tempStore } from '../token/helpers.ts';
import { pairedClient } from '../bridge/pair-kit.ts';
import { attack } from './kit.ts';
import { PORTAL, codeOf, inspect, reasonOf, startSigningBridge, type SigningBridge } from './signing-kit.ts';

const PIN = '26433832';
const WRONG = '79502884';
const sample = fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'sample-yevmiye.xml'));
const DOC = { name: '6090408038-202610-Y-000000.xml', kind: 'yevmiye', bytes: sample };
const DIGEST = createHash('sha256').update(sample).digest('hex');
const ENV_KEYS = ['PINPAD_FLAG', 'PINPAD_RETRIES', 'PINPAD_PIN'];

let dir: string;
let b: SigningBridge;

beforeAll(async () => {
  const module = (buildPinpadShim as (o?: { quiet?: boolean }) => string)({ quiet: true });
  dir = tempStore('pin-guard');
  await isolatedTokens(path.join(dir, 'token'), [
    { label: 'ZAMAN KART', pin: PIN, soPin: '11223344', keys: ['ec'] },
    { label: 'SAYAC KART', pin: PIN, soPin: '11223344', keys: ['ec'] },
    { label: 'KILIT KART', pin: PIN, soPin: '11223344', keys: ['ec'] },
  ]);
  process.env.PINPAD_FLAG = '0';
  b = await startSigningBridge(dir, { module });
  expect((await inspect(b.client, DOC)).ok).toBe(true);
}, 60_000);

afterAll(async () => {
  await b?.close();
  await shutdownTokenWorker().catch(() => undefined);
  for (const k of ENV_KEYS) delete process.env[k];
  fs.rmSync(dir, { recursive: true, force: true });
});

type Flags = { userPinCountLow: boolean; userPinFinalTry: boolean; userPinLocked: boolean };

async function flags(label: string): Promise<Flags> {
  const r = await b.client.request('token-list', {}, PORTAL);
  const t = (r.result as { tokens: Array<Flags & { label: string }> }).tokens.find((x) => x.label === label)!;
  return { userPinCountLow: t.userPinCountLow, userPinFinalTry: t.userPinFinalTry, userPinLocked: t.userPinLocked };
}

/** session-open on `label` (certificate 02, the EC key) with `pin`; resolves with the reply and how long it took (ms). */
async function login(label: string, pin: string, lastTry: boolean, client = b.client): Promise<{ r: Record<string, unknown>; ms: number }> {
  const t0 = Date.now();
  const r = await client.request(
    'session-open',
    { certificateId: '02', tokenLabel: label, pin: 'frame', ...(lastTry ? { lastTry: true } : {}) },
    PORTAL,
    pin,
    90_000,
  );
  if (r.ok) await client.request('session-close', { sessionId: (r.result as { sessionId: string }).sessionId }, PORTAL);
  return { r, ms: Date.now() - t0 };
}

describe('wrong PINs are rate-limited per token', () => {
  it('5 wrong PINs take growing time (1 s, 2 s, 4 s, 8 s), also from a second connection at once', async () => {
    const times: number[] = [];
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { r, ms } = await login('ZAMAN KART', WRONG, true);
      times.push(ms);
      codes.push(codeOf(r));
    }
    // attempts 4 and 5 at the same time, on two connections: the second still waits for its turn and its delay
    const other = await pairedClient(b.server, b.server.tls.caPem, [PORTAL]);
    const [a4, a5] = await Promise.all([login('ZAMAN KART', WRONG, true), login('ZAMAN KART', WRONG, true, other.client)]);
    other.client.close();
    const [first, second] = a4.ms <= a5.ms ? [a4, a5] : [a5, a4];
    times.push(first.ms, second.ms);
    codes.push(codeOf(a4.r), codeOf(a5.r));
    expect(codes).toEqual(Array(5).fill('PIN_INCORRECT'));
    // each attempt is held back at least by its delay (minus a little timer slack)
    const minimum = [0, 1000, 2000, 4000, 4000 + 8000];
    const r = await attack(
      'guessing',
      'wrong PINs in a row (growing delays)',
      minimum.slice(1).map((m, i) => async () => times[i + 1] >= m - 50),
    );
    expect(r.served, `times ${times.join(', ')} ms`).toBe(0);
    expect(times[0]).toBeLessThan(1000);
    console.log(`guessing: 5 wrong PINs, times per attempt ${times.join(' / ')} ms (the 5th ran concurrently with the 4th)`);
  }, 60_000);
});

describe('PIN counter flags: no PIN without the user\'s "son deneme"', () => {
  beforeAll(() => {
    process.env.PINPAD_RETRIES = '3';
  });

  it('count-low and final-try without lastTry are refused before C_Login; with lastTry the PIN is tried', async () => {
    const L = 'SAYAC KART';
    expect(await flags(L)).toEqual({ userPinCountLow: false, userPinFinalTry: false, userPinLocked: false });
    expect(codeOf((await login(L, WRONG, false)).r)).toBe('PIN_INCORRECT');
    expect(await flags(L)).toMatchObject({ userPinCountLow: true, userPinFinalTry: false });
    const seen: string[] = [];
    const refusedBeforeLogin =
      (want: Flags) =>
      async (pin: string): Promise<boolean> => {
        const { r } = await login(L, pin, false);
        const f = await flags(L);
        seen.push(`${codeOf(r)} ${reasonOf(r) ?? ''} ${JSON.stringify(f)}`);
        // refused with the reason, and the card's counter did not move (a login would have reset it
        // with the right PIN, or counted down with a wrong one)
        return codeOf(r) === 'PIN_REQUIRED' && reasonOf(r) === 'last-try-not-confirmed' && JSON.stringify(f) === JSON.stringify(want);
      };
    const countLow = { userPinCountLow: true, userPinFinalTry: false, userPinLocked: false };
    const r1 = await attack(
      'guessing',
      'PIN to a count-low token without lastTry',
      [PIN, WRONG].map((p) => () => refusedBeforeLogin(countLow)(p)),
    );
    expect(r1.served, seen.join('\n')).toBe(0);
    // the user ticks "son deneme": the (wrong) PIN is tried and the card reaches its final try
    expect(codeOf((await login(L, WRONG, true)).r)).toBe('PIN_INCORRECT');
    const finalTry = { userPinCountLow: true, userPinFinalTry: true, userPinLocked: false };
    expect(await flags(L)).toEqual(finalTry);
    const r2 = await attack(
      'guessing',
      'PIN to a final-try token without lastTry',
      [WRONG, PIN, WRONG].map((p) => () => refusedBeforeLogin(finalTry)(p)),
    );
    expect(r2.served, seen.join('\n')).toBe(0);
    // with "son deneme" the right PIN logs in and resets the counter
    const ok = await login(L, PIN, true);
    expect(ok.r.ok, JSON.stringify(ok.r.error)).toBe(true);
    expect(await flags(L)).toEqual({ userPinCountLow: false, userPinFinalTry: false, userPinLocked: false });
  }, 60_000);

  it('a locked token gets no PIN at all, even with lastTry', async () => {
    const L = 'KILIT KART';
    for (let i = 0; i < 3; i++) await login(L, WRONG, true);
    expect((await flags(L)).userPinLocked).toBe(true);
    const r = await attack(
      'guessing',
      'PIN to a locked token',
      [() => login(L, PIN, true), () => login(L, PIN, false)].map((run) => async () => {
        const { r: x } = await run();
        return codeOf(x) === 'PIN_LOCKED' && String((x.error as { en?: string }).en).includes('No PIN was sent');
      }),
    );
    expect(r.served).toBe(0);
  }, 60_000);

  it('a session for documents is also refused before login on a count-low token', async () => {
    const L = 'SAYAC KART';
    expect(codeOf((await login(L, WRONG, false)).r)).toBe('PIN_INCORRECT');
    const before = await flags(L);
    expect(before.userPinCountLow).toBe(true);
    const x = await b.client.request('session-open', { certificateId: '02', tokenLabel: L, pin: 'frame', forDocuments: [DIGEST] }, PORTAL, PIN, 30_000);
    // the document's VKN is the demo certificate's, so the refusal is the counter's
    expect([codeOf(x), reasonOf(x)]).toEqual(['PIN_REQUIRED', 'last-try-not-confirmed']);
    expect(await flags(L)).toEqual(before);
  }, 60_000);
});
