/**
 * TEST TSA certificate for the test TSAs: RSA-2048, issued by the project TEST root CA
 * (packages/dev/src/pki/demo-pki.ts, var/demo-pki/ca.pem) with keyUsage digitalSignature and the critical
 * extendedKeyUsage id-kp-timeStamping only (RFC 3161 §2.3).
 *
 * Kept in `var/test-tsa/` (tsa.pem, tsa.key 0600) and re-issued when the CA changed or the
 * certificate is about to expire. `issuer` / `dir` let a test make a TSA under another CA.
 */
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureDemoCa, issueWithNewKey, writeFileAtomic, type DemoCa } from '@edefter/dev/pki/demo-pki.ts';
import { repoRoot } from '@edefter/dev/pki/demo-identity.ts';

/** Files of a test TSA identity. */
export interface TestTsaIdentity {
  /** PEM of the TSA certificate. */
  certPath: string;
  /** PKCS#8 PEM of the TSA private key (0600). */
  keyPath: string;
  /** PEM of the issuing CA (the trust anchor to configure). */
  caPath: string;
  /** DER of the CA certificate. */
  caDer: Buffer;
  /** DER of the TSA certificate. */
  certDer: Buffer;
}

/** Subject of the test TSA certificate. */
export const TEST_TSA_SUBJECT = 'C=TR, O=edefter-bridge TEST, CN=edefter-bridge TEST Zaman Damgası - TEST AMAÇLIDIR';

/**
 * Returns the test TSA identity, issuing it when missing or stale.
 * @param opts.dir folder for tsa.pem / tsa.key (default var/test-tsa)
 * @param opts.issuer CA to issue from (default the project TEST root)
 * @param opts.subject subject DN (default {@link TEST_TSA_SUBJECT})
 * @param opts.extendedKeyUsage EKU names (default ['timeStamping']; tests pass others to get a bad TSA)
 */
export async function ensureTestTsaIdentity(
  opts: { dir?: string; issuer?: DemoCa; subject?: string; extendedKeyUsage?: string[] } = {},
): Promise<TestTsaIdentity> {
  const dir = opts.dir ?? path.join(repoRoot, 'var', 'test-tsa');
  const ca = opts.issuer ?? (await ensureDemoCa());
  const certPath = path.join(dir, 'tsa.pem');
  const keyPath = path.join(dir, 'tsa.key');
  const caPath = path.join(dir, 'ca.pem');
  if (fs.existsSync(certPath) && fs.existsSync(keyPath) && fs.existsSync(caPath)) {
    try {
      const cur = new X509Certificate(fs.readFileSync(certPath));
      const caCert = new X509Certificate(ca.der);
      const fresh = new Date(cur.validTo).getTime() - Date.now() > 7 * 24 * 3600_000;
      if (cur.checkIssued(caCert) && cur.verify(caCert.publicKey) && fresh && fs.readFileSync(caPath, 'utf8') === ca.pem) {
        return { certPath, keyPath, caPath, caDer: ca.der, certDer: Buffer.from(cur.raw) };
      }
    } catch {
      /* re-issue */
    }
  }
  const issued = await issueWithNewKey({
    keyType: 'rsa',
    subject: opts.subject ?? TEST_TSA_SUBJECT,
    keyUsage: ['digitalSignature'],
    extendedKeyUsage: opts.extendedKeyUsage ?? ['timeStamping'],
    issuer: ca,
    validityDays: 825,
  });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileAtomic(keyPath, issued.privateKeyPem, 0o600);
  writeFileAtomic(certPath, issued.pem);
  writeFileAtomic(caPath, ca.pem);
  return { certPath, keyPath, caPath, caDer: ca.der, certDer: issued.der };
}
