/**
 * The PKCS#11 operations on the calling thread (token/client.ts tokensOnThisThread, what `edefter sign` uses): the
 * same tokens, signatures and mapped errors as through the worker, a fresh C_Initialize after shutdownTokenWorker,
 * and no worker thread at all (workers/spawn.ts is replaced by one that fails). Isolated SoftHSM2 store.
 */
import { verify, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isEdefterError } from '../../packages/protocol/src/errors.ts';
import { listTokens, openSigner, shutdownTokenWorker, tokensOnThisThread } from '../../packages/bridge/src/token/index.ts';
import { isolatedTokens, tempStore } from './helpers.ts';

vi.mock('../../packages/bridge/src/workers/spawn.ts', () => ({
  spawnWorker: () => {
    throw new Error('a worker thread was started');
  },
}));

const PIN = '31415926';
const WRONG = '27182818';
let dir: string;

beforeAll(async () => {
  dir = tempStore('in-thread');
  await isolatedTokens(dir, [{ label: 'TEST MUHUR THREAD', pin: PIN, soPin: '11235813' }]);
  tokensOnThisThread();
});

afterAll(async () => {
  await shutdownTokenWorker();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('PKCS#11 on this thread', () => {
  it('lists the token and signs with its RSA and EC keys; the signatures verify with the certificates', async () => {
    const tokens = await listTokens();
    const token = tokens.find((t) => t.label === 'TEST MUHUR THREAD');
    expect(token, JSON.stringify(tokens)).toBeDefined();
    for (const certId of ['rsa', 'ec']) {
      const signer = await openSigner({ token, certId, pin: Buffer.from(PIN) });
      try {
        const data = Buffer.from(`SignedInfo ${certId}`);
        const sig = await signer.sign(data);
        const key = new X509Certificate(signer.certificate).publicKey;
        const ok = certId === 'rsa' ? verify('sha256', data, key, sig) : verify('sha384', data, { key, dsaEncoding: 'ieee-p1363' }, sig);
        expect(ok).toBe(true);
      } finally {
        await signer.close();
      }
    }
  });

  it('a wrong PIN is PIN_INCORRECT, as from the worker; the right one still works', async () => {
    const wrong = await openSigner({ tokenLabel: 'TEST MUHUR THREAD', certId: 'rsa', pin: Buffer.from(WRONG) }).catch((e: unknown) => e);
    expect(isEdefterError(wrong)).toBe(true);
    expect((wrong as { code: string }).code).toBe('PIN_INCORRECT');
    expect(JSON.stringify(wrong)).not.toContain(WRONG);
    const signer = await openSigner({ tokenLabel: 'TEST MUHUR THREAD', certId: 'rsa', pin: Buffer.from(PIN) });
    await signer.close();
  });

  it('after shutdownTokenWorker (C_Finalize) the next call initializes the module again', async () => {
    const signer = await openSigner({ tokenLabel: 'TEST MUHUR THREAD', certId: 'ec', pin: Buffer.from(PIN) });
    await shutdownTokenWorker();
    await expect(signer.sign(Buffer.from('x'))).rejects.toMatchObject({ code: expect.any(String) });
    await signer.close(); // a signer of the finalized session: nothing to close
    const again = await openSigner({ tokenLabel: 'TEST MUHUR THREAD', certId: 'ec', pin: Buffer.from(PIN) });
    try {
      expect((await again.sign(Buffer.from('y'))).length).toBe(96);
    } finally {
      await again.close();
    }
  });
});
