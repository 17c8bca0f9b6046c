/**
 * A {@link RawSigner} over a Node `crypto` private key: for tests, benchmarks and TEST identities
 * that do not live on a token (the mali mühür itself always signs on the token).
 */
import { createPrivateKey, sign as cryptoSign, type KeyObject } from 'node:crypto';
import type { RawSigner } from './signer.ts';

/**
 * @param privateKey RSA (→ RSASSA-PKCS1-v1_5 SHA-256) or EC (→ ECDSA SHA-384, r||s) key, as KeyObject or PEM
 * @param certificate DER of the matching certificate
 * @param chain DER certificates above it, issuer first
 */
export function keySigner(privateKey: KeyObject | string, certificate: Buffer, chain: Buffer[] = []): RawSigner {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  const t = key.asymmetricKeyType;
  if (t !== 'rsa' && t !== 'ec') throw new Error(`unsupported key type ${t}`);
  return {
    certificate,
    chain,
    keyType: t,
    async sign(data: Buffer): Promise<Buffer> {
      return t === 'rsa' ? cryptoSign('sha256', data, key) : cryptoSign('sha384', data, { key, dsaEncoding: 'ieee-p1363' });
    },
  };
}
