/**
 * The simulated GİB seal ("GİB TEST Mali Mühür"): a TEST certificate issued by the project's demo
 * CA (packages/dev/src/pki/demo-pki.ts) with a software key kept in the simulator's state folder. Created once,
 * then reused, so approved berats from earlier runs keep verifying.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { issueWithNewKey, writeFileAtomic } from '@edefter/dev/pki/demo-pki.ts';
import type { Seal } from './countersign.ts';

/** Subject of the TEST seal (GİB's own VKN in GİB-TK's example is Gelir İdaresi Başkanlığı's). */
export const GIB_TEST_SEAL_SUBJECT = 'CN=GİB TEST Mali Mühür, OU=TEST AMAÇLIDIR, O=Gelir İdaresi Başkanlığı TEST, C=TR';

/** The seal plus its PEM (for trust lists in tests and the demo). */
export interface LoadedSeal extends Seal {
  certPem: string;
}

/** Loads the seal from `<dir>/seal.pem` + `seal.key`, creating them from the demo CA on first use. */
export async function ensureSeal(dir: string): Promise<LoadedSeal> {
  const certFile = path.join(dir, 'seal.pem');
  const keyFile = path.join(dir, 'seal.key');
  if (!fs.existsSync(certFile) || !fs.existsSync(keyFile)) {
    const c = await issueWithNewKey({
      keyType: 'rsa',
      subject: GIB_TEST_SEAL_SUBJECT,
      keyUsage: ['digitalSignature', 'nonRepudiation'],
      validityDays: 3650,
    });
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileAtomic(keyFile, c.privateKeyPem, 0o600);
    writeFileAtomic(certFile, c.pem, 0o644);
  }
  const certPem = fs.readFileSync(certFile, 'utf8');
  const cert = new X509Certificate(certPem);
  const privateKey = createPrivateKey(fs.readFileSync(keyFile));
  return { certDer: Buffer.from(cert.raw), certPem, privateKey, keyType: privateKey.asymmetricKeyType === 'ec' ? 'ec' : 'rsa' };
}
