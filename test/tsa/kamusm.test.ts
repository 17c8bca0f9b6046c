/**
 * Kamu SM mode (edefter-spec §5.2): the `identity` header checked field by field with OpenSSL
 * (`asn1parse`, `kdf PBKDF2`, `enc -aes-256-cbc`), then end to end against the Kamu SM-compatible
 * test TSA: timestamps spend kontör, credit queries, and the errors Kamu SM sends as HTTP 200 text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestTsa, type TestTsa } from '../../packages/simulators/src/tsa/index.ts';
import { parseIdentity } from '../../packages/simulators/src/tsa/kamusm-auth.ts';
import {
  buildIdentityHeader,
  checkTsaReady,
  createTimestamper,
  mapKamusmError,
  queryKamusmCredit,
  requestTimestamp,
  verifyTimestampToken,
} from '../../packages/bridge/src/tsa/index.ts';

let tsa: TestTsa;
let tmp: string;
const data = Buffer.from('kanonik SignatureValue baytları');

async function caught(p: Promise<unknown>): Promise<{ code: string; reason?: string; message: string; details?: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code: string; details?: { reason?: string }; message: string };
    return { code: err.code, reason: err.details?.reason, message: err.message, details: err.details };
  }
  throw new Error('expected a rejection');
}

function cfg(extra: Record<string, unknown> = {}) {
  return { url: tsa.url, mode: 'kamusm' as const, customerId: '123456', password: 'test-parola', trustedCerts: [tsa.caDer], timeoutMs: 5000, ...extra };
}

beforeAll(async () => {
  tsa = await startTestTsa({ kind: 'kamusm' });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'edefter-kamusm-'));
});
afterAll(async () => {
  await tsa?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('identity header (ESYAReqEx)', () => {
  it('matches OpenSSL PBKDF2-HMAC-SHA256 + AES-256-CBC and the DER layout', () => {
    const digest = createHash('sha256').update('abc').digest();
    const salt = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const iv = Buffer.from('f0e0d0c0b0a090807060504030201000', 'hex');
    const hex = buildIdentityHeader({ customerId: '1234567', password: 'şifre-Ğ', digest, salt, iv });
    expect(hex).toMatch(/^30[0-9a-f]+$/);

    const derFile = path.join(tmp, 'id.der');
    fs.writeFileSync(derFile, Buffer.from(hex, 'hex'));
    const dump = execFileSync('openssl', ['asn1parse', '-inform', 'DER', '-in', derFile], { encoding: 'utf8' });
    const lines = dump.trim().split('\n');
    expect(lines[0]).toMatch(/cons: SEQUENCE/);
    expect(lines[1]).toMatch(/prim: INTEGER\s+:12D687$/); // 1234567
    expect(lines[2]).toMatch(/prim: OCTET STRING\s+\[HEX DUMP\]:00112233445566778899AABBCCDDEEFF$/);
    expect(lines[3]).toMatch(/prim: INTEGER\s+:64$/); // 100
    expect(lines[4]).toMatch(/prim: OCTET STRING\s+\[HEX DUMP\]:F0E0D0C0B0A090807060504030201000$/);
    const enc = /\[HEX DUMP\]:([0-9A-F]+)$/.exec(lines[5])![1].toLowerCase();
    expect(lines).toHaveLength(6);

    const key = execFileSync(
      'openssl',
      [
        'kdf',
        '-keylen',
        '32',
        '-kdfopt',
        'digest:SHA256',
        '-kdfopt',
        `hexpass:${Buffer.from('şifre-Ğ', 'utf8').toString('hex')}`,
        '-kdfopt',
        `hexsalt:${salt.toString('hex')}`,
        '-kdfopt',
        'iter:100',
        'PBKDF2',
      ],
      { encoding: 'utf8' },
    )
      .trim()
      .replace(/:/g, '');
    const plainFile = path.join(tmp, 'plain.bin');
    fs.writeFileSync(plainFile, digest);
    const expected = execFileSync('openssl', ['enc', '-aes-256-cbc', '-K', key, '-iv', iv.toString('hex'), '-in', plainFile]);
    expect(enc).toBe(expected.toString('hex'));
    expect(expected).toHaveLength(48); // 32-byte digest + a full PKCS#7 padding block

    const parsed = parseIdentity(hex);
    expect(parsed).toMatchObject({ userid: '1234567', iterationCount: 100 });
  });

  it('draws fresh salt and IV per request', () => {
    const digest = Buffer.alloc(32, 7);
    const a = parseIdentity(buildIdentityHeader({ customerId: '1', password: 'p', digest }));
    const b = parseIdentity(buildIdentityHeader({ customerId: '1', password: 'p', digest }));
    expect(a.salt.equals(b.salt)).toBe(false);
    expect(a.iv.equals(a.salt)).toBe(false);
    expect(a.encrypted.equals(b.encrypted)).toBe(false);
  });

  it('refuses missing or malformed credentials before any request', () => {
    expect(() => createTimestamper(cfg({ customerId: undefined }))).toThrow(/müşteri numarası/);
    expect(() => createTimestamper(cfg({ customerId: '12a' }))).toThrow(/müşteri numarası/);
    expect(() => createTimestamper(cfg({ password: '' }))).toThrow(/parola/);
  });
});

describe('against the Kamu SM-compatible test TSA', () => {
  it('time-stamps, spends one kontör, and the token verifies', async () => {
    const before = (await queryKamusmCredit(cfg())).remaining;
    const token = await createTimestamper(cfg())(data);
    expect((await queryKamusmCredit(cfg())).remaining).toBe(before - 1);
    const v = await verifyTimestampToken(token, data, [tsa.caDer]);
    expect(v.ok).toBe(true);
    const ready = await checkTsaReady(cfg());
    expect(ready).toMatchObject({ mode: 'kamusm', credit: before - 1 });
  });

  it('maps a wrong password to a clear error and spends nothing', async () => {
    const before = tsa.customers['123456'].credit;
    const e = await caught(requestTimestamp(cfg({ password: 'Gizli-Yanlis-42' }), data));
    expect(e).toMatchObject({ code: 'TSA_AUTH_FAILED', reason: 'wrong-password' });
    expect(e.message).toMatch(/parolası yanlış/);
    expect(e.message).toMatch(/Wrong Kamu SM timestamp password/);
    expect(e.message).not.toContain('Gizli-Yanlis-42');
    expect(JSON.stringify(e.details)).not.toContain('Gizli-Yanlis-42');
    expect(tsa.customers['123456'].credit).toBe(before);
    expect(await caught(queryKamusmCredit(cfg({ password: 'Gizli-Yanlis-42' })))).toMatchObject({ reason: 'wrong-password' });
  });

  it('maps an unknown customer number', async () => {
    const e = await caught(requestTimestamp(cfg({ customerId: '999' }), data));
    expect(e).toMatchObject({ code: 'TSA_AUTH_FAILED', reason: 'unknown-user' });
    expect(e.details?.text).toBe('User 999 is not known');
    expect(await caught(queryKamusmCredit(cfg({ customerId: '999' })))).toMatchObject({ reason: 'unknown-user' });
  });

  it('maps an empty kontör balance', async () => {
    const c = cfg({ customerId: '777', password: 'bos' });
    expect((await queryKamusmCredit(c)).remaining).toBe(0);
    expect(await caught(requestTimestamp(c, data))).toMatchObject({ code: 'TSA_NO_CREDIT', reason: 'no-credit' });
    expect(await caught(checkTsaReady(c))).toMatchObject({ code: 'TSA_NO_CREDIT' });
  });

  it('still rejects a forged answer in Kamu SM mode', async () => {
    tsa.setFault('wrong-imprint');
    try {
      expect(await caught(requestTimestamp(cfg(), data))).toMatchObject({ reason: 'wrong-imprint' });
    } finally {
      tsa.setFault('none');
    }
  });
});

describe('Kamu SM error texts', () => {
  it('are mapped to user-facing messages', () => {
    expect(mapKamusmError('User 999 is not known', '999').details?.reason).toBe('unknown-user');
    expect(mapKamusmError('Account could not be authenticated', '1').details?.reason).toBe('wrong-password');
    expect(mapKamusmError('No credit left for user 1', '1').details?.reason).toBe('no-credit');
    const other = mapKamusmError('Service temporarily closed', '1');
    expect(other.code).toBe('TSA_ERROR');
    expect(other.tr).toContain('Service temporarily closed');
  });
});
