/**
 * Token layer on a real SoftHSM2 token (isolated store in a temp folder, built with
 * createDemoToken): listing, RSA and ECDSA signing verified with node:crypto against the
 * certificate, wrong PIN, token / key not found, PIN buffer wiping, PIN never in any output,
 * and `edefter token list` run as a separate CLI process (worker under tsx).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash, verify, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { listCertificates, listTokens, openSigner, shutdownTokenWorker } from '../../packages/bridge/src/token/index.ts';
import { isEdefterError } from '../../packages/protocol/src/errors.ts';
import type { DemoToken } from '../../packages/dev/src/pki/demo-token.ts';
import { captureOutput, errorText, isolatedTokens, repoRoot, softhsmModule, tempStore } from './helpers.ts';

const PIN = '48151623';
const WRONG = '97531864';
let dir: string;
let main: DemoToken;
let module: string;
let out: ReturnType<typeof captureOutput>;

beforeAll(async () => {
  dir = tempStore('token');
  [main] = await isolatedTokens(dir, [
    { label: 'TEST MUHUR A', pin: PIN, soPin: '87654321' },
    { label: 'TEST MUHUR NOKEY', pin: PIN, soPin: '87654321', keys: ['ec'] },
  ]);
  module = softhsmModule();
  // Remove the private key of the second token from outside (pkcs11-tool, a separate process),
  // before this process initializes SoftHSM2: a certificate without its key.
  const r = spawnSync(
    'pkcs11-tool',
    ['--module', module, '--token-label', 'TEST MUHUR NOKEY', '--login', '--pin', PIN, '--delete-object', '--type', 'privkey', '--id', '02'],
    { env: process.env, encoding: 'utf8' },
  );
  expect(r.status, r.stderr).toBe(0);
  out = captureOutput();
});

afterAll(async () => {
  out?.stop();
  await shutdownTokenWorker();
  fs.rmSync(dir, { recursive: true, force: true });
});

function pin(p = PIN): Buffer {
  return Buffer.from(p, 'utf8');
}

async function rejects(p: Promise<unknown>): Promise<import('../../packages/protocol/src/errors.ts').EdefterError> {
  try {
    await p;
  } catch (e) {
    expect(isEdefterError(e)).toBe(true);
    expect(errorText(e)).not.toContain(PIN);
    expect(errorText(e)).not.toContain(WRONG);
    return e as import('../../packages/protocol/src/errors.ts').EdefterError;
  }
  throw new Error('expected a rejection');
}

describe('listing', () => {
  it('lists the tokens with flags', async () => {
    const tokens = await listTokens({ module });
    const a = tokens.find((t) => t.label === 'TEST MUHUR A')!;
    expect(a).toBeDefined();
    expect(a.serial).toBe(main.serial);
    expect(a.pinPad).toBe(false);
    expect(a.userPinLocked).toBe(false);
    expect(a.slotId).toMatch(/^\d+$/);
    expect(tokens.map((t) => t.label).sort()).toEqual(['TEST MUHUR A', 'TEST MUHUR NOKEY']);
  });

  it('lists the certificates with subject, VKN, validity and key type (CA certificates left out)', async () => {
    const certs = await listCertificates({ module, tokenLabel: 'TEST MUHUR A' });
    expect(certs.map((c) => [c.id, c.keyType, c.keyBits])).toEqual([
      ['01', 'rsa', 2048],
      ['02', 'ec', 384],
    ]);
    for (const c of certs) {
      expect(c.vkn).toBe('6090408038');
      expect(c.tckn).toBeUndefined();
      expect(c.organization).toBe('DEMO TİCARET A.Ş.');
      expect(c.commonName).toBe('DEMO TİCARET A.Ş.');
      expect(c.subject).toBe('CN=DEMO TİCARET A.Ş.,serialNumber=6090408038,O=DEMO TİCARET A.Ş.,C=TR');
      expect(c.tokenLabel).toBe('TEST MUHUR A');
      expect(Date.parse(c.notBefore)).toBeLessThan(Date.now());
      expect(Date.parse(c.notAfter)).toBeGreaterThan(Date.now());
      const x = new X509Certificate(Buffer.from(c.der, 'base64'));
      expect(x.checkIssued(new X509Certificate(fs.readFileSync(main.caPem)))).toBe(true);
    }
    const pem = main.certificates.find((c) => c.keyType === 'rsa')!.pem;
    expect(new X509Certificate(pem).raw.toString('base64')).toBe(certs[0].der);
  });

  it('lists every token when no label is given', async () => {
    const certs = await listCertificates({ module });
    expect(new Set(certs.map((c) => c.tokenLabel))).toEqual(new Set(['TEST MUHUR A', 'TEST MUHUR NOKEY']));
  });
});

describe('signing', () => {
  it('signs RSA PKCS#1 v1.5 SHA-256; verifies with node:crypto against the certificate', async () => {
    const p = pin();
    const signer = await openSigner({ module, tokenLabel: 'TEST MUHUR A', certId: '01', pin: p });
    expect(p.every((b) => b === 0)).toBe(true); // caller's PIN buffer wiped
    try {
      expect(signer.keyType).toBe('rsa');
      expect(signer.info.id).toBe('01');
      expect(signer.chain?.length).toBe(1);
      expect(signer.chain![0].equals(new X509Certificate(fs.readFileSync(main.caPem)).raw)).toBe(true);
      const data = Buffer.from('<ds:SignedInfo>örnek</ds:SignedInfo>');
      const sig = await signer.sign(data);
      expect(sig.length).toBe(256);
      const cert = new X509Certificate(signer.certificate);
      expect(verify('sha256', data, cert.publicKey, sig)).toBe(true);
      expect(verify('sha256', Buffer.from('other'), cert.publicKey, sig)).toBe(false);
      // PKCS#1 v1.5 is deterministic: same input, same signature
      expect((await signer.sign(data)).equals(sig)).toBe(true);
    } finally {
      await signer.close();
    }
  });

  it('signs ECDSA P-384 SHA-384 as fixed-length r||s (96 bytes); verifies as IEEE P1363', async () => {
    const signer = await openSigner({ module, tokenLabel: 'TEST MUHUR A', certId: 'ec', pin: pin() });
    try {
      expect(signer.keyType).toBe('ec');
      expect(signer.info.id).toBe('02');
      const cert = new X509Certificate(signer.certificate);
      for (let i = 0; i < 20; i++) {
        const data = createHash('sha256').update(String(i)).digest();
        const sig = await signer.sign(data);
        expect(sig.length).toBe(96);
        expect(verify('sha384', data, { key: cert.publicKey, dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
      }
    } finally {
      await signer.close();
    }
  });

  it('uses one worker for concurrent signers and keeps them apart', async () => {
    const [a, b] = await Promise.all([
      openSigner({ module, tokenLabel: 'TEST MUHUR A', certId: '01', pin: pin() }),
      openSigner({ module, tokenLabel: 'TEST MUHUR A', certId: '02', pin: pin() }),
    ]);
    try {
      const data = Buffer.from('paralel');
      const [sa, sb] = await Promise.all([a.sign(data), b.sign(data), a.sign(data), b.sign(data)]);
      expect(sa.length).toBe(256);
      expect(sb.length).toBe(96);
      await a.close();
      // closing one session must not log the other out
      expect((await b.sign(data)).length).toBe(96);
    } finally {
      await a.close();
      await b.close();
    }
    await expect(a.sign(Buffer.from('x'))).rejects.toMatchObject({ code: 'TOKEN_ERROR' });
  });

  it('a second signer on a logged-in token must prove the PIN itself', async () => {
    const a = await openSigner({ module, tokenLabel: 'TEST MUHUR A', certId: '01', pin: pin() });
    try {
      const e = await rejects(openSigner({ module, tokenLabel: 'TEST MUHUR A', certId: '02', pin: pin(WRONG) }));
      expect(e.code).toBe('PIN_INCORRECT');
      // the failed login logged the token out for this process: the first signer must log in again
      const e2 = await rejects(a.sign(Buffer.from('x')));
      expect(e2.code).toBe('PIN_REQUIRED');
    } finally {
      await a.close();
    }
    const b = await openSigner({ module, tokenLabel: 'TEST MUHUR A', certId: '02', pin: pin() });
    expect((await b.sign(Buffer.from('y'))).length).toBe(96);
    await b.close();
  });

  it('after a worker restart an old signer reports TOKEN_REMOVED and new ones work', async () => {
    const old = await openSigner({ module, tokenLabel: 'TEST MUHUR A', certId: '02', pin: pin() });
    await shutdownTokenWorker();
    const e = await rejects(old.sign(Buffer.from('x')));
    expect(e.code).toBe('TOKEN_REMOVED');
    await old.close(); // no-op, must not touch the new worker's sessions
    const s = await openSigner({ module, tokenLabel: 'TEST MUHUR A', certId: '02', pin: pin() });
    expect((await s.sign(Buffer.from('y'))).length).toBe(96);
    await s.close();
  });

  it('picks the token and a valid RSA certificate by default when the choice is unambiguous', async () => {
    const s = await openSigner({ module, tokenLabel: 'TEST MUHUR A', pin: pin() });
    expect(s.info.keyType).toBe('rsa');
    await s.close();
    process.env.EDEFTER_TOKEN_LABEL = 'TEST MUHUR A';
    process.env.EDEFTER_CERT_ID = '02';
    try {
      const s2 = await openSigner({ module, pin: pin() });
      expect(s2.info.id).toBe('02');
      await s2.close();
    } finally {
      delete process.env.EDEFTER_TOKEN_LABEL;
      delete process.env.EDEFTER_CERT_ID;
    }
  });
});

describe('errors', () => {
  it('wrong PIN: PIN_INCORRECT with the counter flags; the buffer is wiped; a good PIN still works', async () => {
    const w = pin(WRONG);
    const e = await rejects(openSigner({ module, tokenLabel: 'TEST MUHUR A', certId: '01', pin: w }));
    expect(w.every((b) => b === 0)).toBe(true);
    expect(e.code).toBe('PIN_INCORRECT');
    expect(e.tr).toMatch(/PIN hatalı/);
    expect(e.en).toMatch(/Incorrect PIN/);
    // SoftHSM2 reports CKF_USER_PIN_COUNT_LOW after a failure but no exact count and never locks
    expect(e.details).toMatchObject({ pinCountLow: true, pinFinalTry: false, pinLocked: false, tokenLabel: 'TEST MUHUR A' });
    expect((await listTokens({ module })).find((t) => t.label === 'TEST MUHUR A')!.userPinCountLow).toBe(true);
    const s = await openSigner({ module, tokenLabel: 'TEST MUHUR A', certId: '01', pin: pin() });
    await s.close();
    expect((await listTokens({ module })).find((t) => t.label === 'TEST MUHUR A')!.userPinCountLow).toBe(false);
  });

  it('token not found', async () => {
    const e = await rejects(openSigner({ module, tokenLabel: 'YOK BOYLE KART', pin: pin() }));
    expect(e.code).toBe('TOKEN_NOT_FOUND');
    expect(e.details?.present).toEqual(expect.arrayContaining(['TEST MUHUR A']));
    const e2 = await rejects(listCertificates({ module, tokenLabel: 'YOK BOYLE KART' }));
    expect(e2.code).toBe('TOKEN_NOT_FOUND');
  });

  it('several tokens and no label: asks to choose', async () => {
    const e = await rejects(openSigner({ module, pin: pin() }));
    expect(e.code).toBe('BAD_INPUT');
  });

  it('key not found: unknown certificate id', async () => {
    const e = await rejects(openSigner({ module, tokenLabel: 'TEST MUHUR A', certId: 'ee', pin: pin() }));
    expect(e.code).toBe('KEY_NOT_FOUND');
  });

  it('key not found: certificate present, private key missing', async () => {
    const p = pin();
    const e = await rejects(openSigner({ module, tokenLabel: 'TEST MUHUR NOKEY', certId: '02', pin: p }));
    expect(e.code).toBe('KEY_NOT_FOUND');
    expect(p.every((b) => b === 0)).toBe(true);
  });

  it('no PIN on a token without PIN pad: PIN_REQUIRED', async () => {
    const e = await rejects(openSigner({ module, tokenLabel: 'TEST MUHUR A', certId: '01', pin: null }));
    expect(e.code).toBe('PIN_REQUIRED');
  });

  it('missing module: PKCS11_MODULE_NOT_FOUND', async () => {
    const e = await rejects(listTokens({ module: '/nonexistent/libnothing.so' }));
    expect(e.code).toBe('PKCS11_MODULE_NOT_FOUND');
  });
});

describe('edefter token list (CLI process)', () => {
  function cli(args: string[]) {
    return spawnSync(process.execPath, [path.join(repoRoot, 'packages/bridge/bin/edefter.mjs'), 'token', 'list', ...args], {
      env: { ...process.env, EDEFTER_PKCS11_MODULE: module },
      encoding: 'utf8',
      timeout: 30_000,
    });
  }

  it('prints tokens and certificates in Turkish and English and exits', () => {
    const r = cli([]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Kart / Token: TEST MUHUR A');
    expect(r.stdout).toContain('PIN tuş takımı / PIN pad:    hayır / no');
    expect(r.stdout).toMatch(/VKN:\s+6090408038/);
    expect(r.stdout).toMatch(/Anahtar \/ Key:\s+RSA 2048/);
    expect(r.stdout).toMatch(/Anahtar \/ Key:\s+ECDSA 384/);
    expect(r.stdout).toContain('geçerli / valid');
  });

  it('--json gives the contract shapes', () => {
    const r = cli(['--json']);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { tokens: Array<{ label: string }>; certificates: Array<{ vkn: string; keyType: string }> };
    expect(j.tokens.map((t) => t.label)).toContain('TEST MUHUR A');
    expect(j.certificates.filter((c) => c.vkn === '6090408038').length).toBe(3);
  });

  it('a missing module is a clear bilingual error with exit code 1', () => {
    const r = cli(['--module', '/nonexistent/libnothing.so']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/HATA: .*PKCS#11/);
    expect(r.stderr).toMatch(/ERROR: .*PKCS#11/);
  });
});

describe('PIN hygiene', () => {
  it('no PIN reached stdout, stderr or the console during this file', () => {
    const text = out.text();
    expect(text).not.toContain(PIN);
    expect(text).not.toContain(WRONG);
  });
});
