/**
 * TLS server certificate for the integrator simulator, issued from the TEST demo CA
 * (packages/dev/src/pki/demo-pki.ts): subjectAltName 127.0.0.1 + localhost, EKU serverAuth, RSA-2048.
 * Clients trust it by adding `var/demo-pki/ca.pem` (`IntegratorConfig.ca`).
 */
import { ensureDemoCa, issueWithNewKey } from '@edefter/dev/pki/demo-pki.ts';

/** Key + certificate (PEM) for `startIntegratorSimulator({ tls })`, and the CA PEM clients must trust. */
export async function demoIntegratorTls(): Promise<{ key: string; cert: string; caPem: string }> {
  const ca = await ensureDemoCa();
  const leaf = await issueWithNewKey({
    keyType: 'rsa',
    subject: 'CN=edefter-bridge TEST entegratör simülatörü, O=edefter-bridge TEST',
    subjectAltNames: { dns: ['localhost'], ip: ['127.0.0.1'] },
    keyUsage: ['digitalSignature', 'keyEncipherment'],
    extendedKeyUsage: ['serverAuth'],
    validityDays: 30,
    issuer: ca,
  });
  return { key: leaf.privateKeyPem, cert: leaf.pem, caPem: ca.pem };
}
