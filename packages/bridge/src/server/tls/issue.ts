/**
 * Issuing the bridge's local TLS certificates (server/tls/local-ca.ts decides when): the root CA and the server
 * certificate, built with @peculiar/x509 over Node's WebCrypto. A module of its own, imported only when a certificate
 * is made: the X.509/ASN.1 libraries are megabytes of heap a bridge that reuses its certificates never needs.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { randomBytes, webcrypto } from 'node:crypto';
import os from 'node:os';
import { EC_P256 } from './ec-p256.ts';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const DAY = 86_400_000;

/** PEM text of a DER structure under `label` (64-column base64). */
function pem(label: string, der: ArrayBuffer | Buffer): string {
  const b64 = Buffer.from(der as ArrayBuffer)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** A random positive 16-byte certificate serial number (hex, first byte 0x01–0x7f). */
function randomSerial(): string {
  const b = randomBytes(16);
  b[0] &= 0x7f;
  b[0] |= 0x01;
  return b.toString('hex');
}

/**
 * A new local root CA: ECDSA P-256 key pair, self-signed certificate valid from an hour ago for `validityDays`,
 * basicConstraints CA:TRUE pathlen:0, keyCertSign|cRLSign, and the critical name constraints `nameConstraintsDer`.
 * @returns the certificate PEM and the PKCS#8 PEM of its private key
 */
export async function createCa(now: Date, validityDays: number, nameConstraintsDer: Buffer): Promise<{ certPem: string; keyPem: string }> {
  const keys = (await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify'])) as CryptoKeyPair;
  const host =
    os
      .hostname()
      .replace(/[^\w.-]/g, '')
      .slice(0, 40) || 'localhost';
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: [{ O: ['edefter-bridge'] }, { CN: [`edefter-bridge yerel köprü CA (${host})`] }],
    notBefore: new Date(now.getTime() - 3_600_000),
    notAfter: new Date(now.getTime() + validityDays * DAY),
    signingAlgorithm: EC_P256,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      new x509.Extension('2.5.29.30', true, new Uint8Array(nameConstraintsDer)),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certPem: cert.toString('pem') + '\n', keyPem: pem('PRIVATE KEY', pkcs8) };
}

/**
 * A new server certificate from the CA (`caPem`, `caKey`): ECDSA P-256 key pair, CN and SAN IP:127.0.0.1 and
 * DNS:localhost, EKU serverAuth, valid from an hour ago for `validityDays` but never past the CA's notAfter.
 * @returns the certificate PEM (leaf only) and the PKCS#8 PEM of its private key
 */
export async function issueLeaf(caPem: string, caKey: CryptoKey, now: Date, validityDays: number): Promise<{ certPem: string; keyPem: string }> {
  const ca = new x509.X509Certificate(caPem);
  const keys = (await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify'])) as CryptoKeyPair;
  const notAfter = new Date(Math.min(now.getTime() + validityDays * DAY, ca.notAfter.getTime()));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: [{ CN: ['127.0.0.1'] }],
    issuer: ca.subjectName.toJSON(),
    notBefore: new Date(now.getTime() - 3_600_000),
    notAfter,
    signingAlgorithm: EC_P256,
    publicKey: keys.publicKey,
    signingKey: caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension(
        [
          { type: 'ip', value: '127.0.0.1' },
          { type: 'dns', value: 'localhost' },
        ],
        false,
      ),
      await x509.AuthorityKeyIdentifierExtension.create(ca, false),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certPem: cert.toString('pem') + '\n', keyPem: pem('PRIVATE KEY', pkcs8) };
}
