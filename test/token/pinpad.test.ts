/**
 * PIN-pad reader, simulated by the PKCS#11 proxy test/pinpad/pinpad_shim.c over SoftHSM2
 * (isolated store): login without a PIN while the main event loop keeps ticking, cancel on the
 * keypad, PIN counters reported by the "card" (retries left, final try, locked) and a card pulled
 * out mid-session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verify, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
// @ts-expect-error plain ESM helper without types
import { buildPinpadShim } from '../pinpad/build.mjs';
import { listTokens, openSigner, shutdownTokenWorker } from '../../packages/bridge/src/token/index.ts';
import type { EdefterError } from '../../packages/protocol/src/errors.ts';
import { captureOutput, errorText, isolatedTokens, tempStore } from './helpers.ts';

const PIN = '26433832';
const WRONG = '79502884';
let dir: string;
let module: string;
let removedFlag: string;
let out: ReturnType<typeof captureOutput>;

const ENV_KEYS = ['PINPAD_DELAY_MS', 'PINPAD_PIN', 'PINPAD_CANCEL', 'PINPAD_RETRIES', 'PINPAD_FLAG', 'PINPAD_REMOVED_FILE'];

beforeAll(async () => {
  module = (buildPinpadShim as (o?: { quiet?: boolean }) => string)({ quiet: true });
  dir = tempStore('pinpad');
  await isolatedTokens(dir, [
    { label: 'PINPAD KART', pin: PIN, soPin: '11223344' },
    { label: 'SAYAC KART', pin: PIN, soPin: '11223344', keys: ['ec'] },
    { label: 'KILIT KART', pin: PIN, soPin: '11223344', keys: ['ec'] },
  ]);
  removedFlag = path.join(dir, 'card-removed');
  process.env.PINPAD_PIN = PIN;
  process.env.PINPAD_DELAY_MS = '600';
  out = captureOutput();
});

afterAll(async () => {
  out?.stop();
  await shutdownTokenWorker();
  for (const k of ENV_KEYS) delete process.env[k];
  fs.rmSync(dir, { recursive: true, force: true });
});

async function rejects(p: Promise<unknown>): Promise<EdefterError> {
  try {
    await p;
  } catch (e) {
    expect(errorText(e)).not.toContain(PIN);
    expect(errorText(e)).not.toContain(WRONG);
    return e as EdefterError;
  }
  throw new Error('expected a rejection');
}

describe('PIN pad', () => {
  it('reports CKF_PROTECTED_AUTHENTICATION_PATH as pinPad', async () => {
    const tokens = await listTokens({ module });
    expect(tokens.find((t) => t.label === 'PINPAD KART')?.pinPad).toBe(true);
  });

  it('logs in on the keypad without a PIN; the event loop keeps running meanwhile', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const t0 = Date.now();
    let signer;
    try {
      signer = await openSigner({ module, tokenLabel: 'PINPAD KART', certId: '02', pin: null });
    } finally {
      clearInterval(timer);
    }
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(550);
    // ~60 ticks if the loop is free; a blocked loop would give 0–1
    expect(ticks).toBeGreaterThanOrEqual(20);
    try {
      const data = Buffer.from('tuş takımıyla imza');
      const sig = await signer.sign(data);
      expect(sig.length).toBe(96);
      const key = new X509Certificate(signer.certificate).publicKey;
      expect(verify('sha384', data, { key, dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
    } finally {
      await signer.close();
    }
  });

  it('RSA through the PIN pad as well', async () => {
    const signer = await openSigner({ module, tokenLabel: 'PINPAD KART', certId: '01', pin: null });
    try {
      const data = Buffer.from('rsa');
      expect(verify('sha256', data, new X509Certificate(signer.certificate).publicKey, await signer.sign(data))).toBe(true);
    } finally {
      await signer.close();
    }
  });

  it('cancel on the keypad gives PINPAD_CANCELLED', async () => {
    process.env.PINPAD_CANCEL = '1';
    process.env.PINPAD_DELAY_MS = '100';
    try {
      const e = await rejects(openSigner({ module, tokenLabel: 'PINPAD KART', certId: '01', pin: null }));
      expect(e.code).toBe('PINPAD_CANCELLED');
      expect(e.tr).toMatch(/iptal/);
      expect(e.en).toMatch(/cancelled/);
    } finally {
      delete process.env.PINPAD_CANCEL;
      process.env.PINPAD_DELAY_MS = '600';
    }
  });

  it('a PIN typed on the computer still works on a PIN-pad reader', async () => {
    const s = await openSigner({ module, tokenLabel: 'PINPAD KART', certId: '02', pin: Buffer.from(PIN) });
    expect((await s.sign(Buffer.from('x'))).length).toBe(96);
    await s.close();
  });
});

describe('PIN counters reported by the card (PINPAD_RETRIES=3)', () => {
  beforeAll(() => {
    process.env.PINPAD_RETRIES = '3';
  });
  afterAll(() => {
    delete process.env.PINPAD_RETRIES;
  });

  const open = (label: string, p: string) => openSigner({ module, tokenLabel: label, certId: '02', pin: Buffer.from(p) });
  const flags = async (label: string) => (await listTokens({ module })).find((t) => t.label === label)!;

  it('first wrong PIN: PIN_INCORRECT, count low; a correct PIN resets the counter', async () => {
    const e = await rejects(open('SAYAC KART', WRONG));
    expect(e.code).toBe('PIN_INCORRECT');
    expect(e.details).toMatchObject({ pinCountLow: true, pinFinalTry: false });
    expect(e.details?.retriesLeft).toBeUndefined();
    expect((await flags('SAYAC KART')).userPinCountLow).toBe(true);
    const s = await open('SAYAC KART', PIN);
    await s.close();
    const f = await flags('SAYAC KART');
    expect([f.userPinCountLow, f.userPinFinalTry, f.userPinLocked]).toEqual([false, false, false]);
  });

  it('counts down to the final try, then locks: PIN_LOCKED, also for the right PIN', async () => {
    const e1 = await rejects(open('KILIT KART', WRONG));
    expect(e1.code).toBe('PIN_INCORRECT');
    const e2 = await rejects(open('KILIT KART', WRONG));
    expect(e2.code).toBe('PIN_INCORRECT');
    expect(e2.details).toMatchObject({ retriesLeft: 1, pinFinalTry: true });
    expect(e2.tr).toMatch(/Son deneme/);
    expect(e2.en).toMatch(/One try left/);
    expect((await flags('KILIT KART')).userPinFinalTry).toBe(true);
    const e3 = await rejects(open('KILIT KART', WRONG));
    expect(e3.code).toBe('PIN_LOCKED');
    expect(e3.details).toMatchObject({ retriesLeft: 0 });
    expect((await flags('KILIT KART')).userPinLocked).toBe(true);
    const e4 = await rejects(open('KILIT KART', PIN));
    expect(e4.code).toBe('PIN_LOCKED');
    // the other cards are not affected
    const s = await open('SAYAC KART', PIN);
    await s.close();
  });
});

describe('card removed', () => {
  afterAll(() => {
    delete process.env.PINPAD_REMOVED_FILE;
    fs.rmSync(removedFlag, { force: true });
  });

  it('signing after the card is pulled gives TOKEN_REMOVED; opening again gives TOKEN_NOT_FOUND', async () => {
    const s = await openSigner({ module, tokenLabel: 'PINPAD KART', certId: '01', pin: Buffer.from(PIN) });
    expect((await s.sign(Buffer.from('a'))).length).toBe(256);
    process.env.PINPAD_REMOVED_FILE = removedFlag;
    fs.writeFileSync(removedFlag, '');
    const e = await rejects(s.sign(Buffer.from('b')));
    expect(e.code).toBe('TOKEN_REMOVED');
    await s.close();
    const e2 = await rejects(openSigner({ module, tokenLabel: 'PINPAD KART', pin: Buffer.from(PIN) }));
    expect(e2.code).toBe('TOKEN_NOT_FOUND');
    fs.rmSync(removedFlag);
    const s2 = await openSigner({ module, tokenLabel: 'PINPAD KART', certId: '01', pin: Buffer.from(PIN) });
    expect((await s2.sign(Buffer.from('c'))).length).toBe(256);
    await s2.close();
  });
});

describe('middleware quirks', () => {
  afterAll(() => {
    delete process.env.PINPAD_NO_SHA256_RSA;
    delete process.env.PINPAD_ECDSA_DER;
  });

  it('no CKM_SHA256_RSA_PKCS: falls back to CKM_RSA_PKCS over a SHA-256 DigestInfo (same signature)', async () => {
    const data = Buffer.from('DigestInfo yolu');
    const a = await openSigner({ module, tokenLabel: 'PINPAD KART', certId: '01', pin: Buffer.from(PIN) });
    const viaSha256Mech = await a.sign(data);
    await a.close();
    process.env.PINPAD_NO_SHA256_RSA = '1';
    const b = await openSigner({ module, tokenLabel: 'PINPAD KART', certId: '01', pin: Buffer.from(PIN) });
    try {
      const viaRawRsa = await b.sign(data);
      // PKCS#1 v1.5 is deterministic: both paths must give the very same bytes
      expect(viaRawRsa.equals(viaSha256Mech)).toBe(true);
      expect(verify('sha256', data, new X509Certificate(b.certificate).publicKey, viaRawRsa)).toBe(true);
    } finally {
      await b.close();
    }
  });

  it('a token that returns DER ECDSA signatures still yields 96-byte r||s', async () => {
    process.env.PINPAD_ECDSA_DER = '1';
    const s = await openSigner({ module, tokenLabel: 'PINPAD KART', certId: '02', pin: Buffer.from(PIN) });
    try {
      const key = new X509Certificate(s.certificate).publicKey;
      for (let i = 0; i < 30; i++) {
        const data = Buffer.from(`der ${i}`);
        const sig = await s.sign(data);
        expect(sig.length).toBe(96);
        expect(verify('sha384', data, { key, dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
      }
    } finally {
      await s.close();
    }
  });
});

describe('PIN hygiene', () => {
  it('no PIN reached stdout, stderr or the console during this file', () => {
    expect(out.text()).not.toContain(PIN);
    expect(out.text()).not.toContain(WRONG);
  });
});
