/** Shared helpers of the GİB tests: software RawSigners from TEST certificates of the demo CA. */
import { sign as cryptoSign, type KeyObject } from 'node:crypto';
import { issueWithNewKey, maliMuhurSubject } from '../../packages/dev/src/pki/demo-pki.ts';
import type { RawSigner } from '../../packages/bridge/src/xades/signer.ts';

/** A software mali mühür for tests that do not exercise the token (the token tests use SoftHSM). */
export async function softwareSigner(
  opts: { keyType?: 'rsa' | 'ec'; vkn?: string; title?: string; notAfter?: Date; notBefore?: Date } = {},
): Promise<RawSigner & { pem: string; keyPem: string; privateKey: KeyObject }> {
  const keyType = opts.keyType ?? 'rsa';
  const c = await issueWithNewKey({
    keyType,
    subject: maliMuhurSubject(opts.vkn ?? '6090408038', opts.title ?? 'DEMO TİCARET A.Ş.'),
    keyUsage: ['digitalSignature', 'nonRepudiation'],
    notAfter: opts.notAfter,
    notBefore: opts.notBefore,
  });
  return {
    certificate: c.der,
    chain: [],
    keyType,
    pem: c.pem,
    keyPem: c.privateKeyPem,
    privateKey: c.privateKey,
    async sign(data: Buffer) {
      return keyType === 'rsa' ? cryptoSign('sha256', data, c.privateKey) : cryptoSign('sha384', data, { key: c.privateKey, dsaEncoding: 'ieee-p1363' });
    },
  };
}
