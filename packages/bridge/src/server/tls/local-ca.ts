/**
 * The bridge's local TLS: a per-install root CA created on first run in the user's config
 * folder, and a server certificate for `127.0.0.1` and `localhost` issued from it.
 *
 * - CA: ECDSA P-256, 5 years, `basicConstraints CA:TRUE pathlen:0`, keyCertSign|cRLSign, and a
 *   critical **nameConstraints** extension permitting only `DNS:localhost` and `IP:127.0.0.1/32`
 *   (RFC 5280 §4.2.1.10): even if the CA key were stolen, it could not mint a certificate a
 *   browser accepts for any other site. Its private key is written once, mode 0600, in the
 *   config folder and never leaves the machine (nothing ever sends it anywhere).
 * - Server: ECDSA P-256, 397 days (CA/Browser Forum limit is 398), SAN `IP:127.0.0.1,
 *   DNS:localhost`, EKU serverAuth. Renewed when fewer than {@link LEAF_RENEW_DAYS} remain,
 *   when the CA changed, or when the files are missing or broken.
 * - A CA close to its end ({@link CA_RENEW_DAYS}) is replaced; the caller is told (`caCreated`)
 *   so the user can run `edefter trust install` again.
 *
 * Files in `<dir>`: `ca.pem`, `ca-key.pem` (0600), `server.pem` (leaf + CA), `server-key.pem` (0600).
 * Existing certificates are checked with Node's X509Certificate; issue.ts (the X.509 libraries) is loaded only
 * when one must be made.
 * Sources: RFC 5280; CA/B Forum BR §6.3.2 (398 days); stack-notes §6 (Chromium trust via NSS).
 */
import { createHash, createPrivateKey, webcrypto, X509Certificate as NodeX509 } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../../fs/atomic-write.ts';
import { EC_P256 } from './ec-p256.ts';

/** Server certificate lifetime (days; must stay ≤ 398). */
const LEAF_VALIDITY_DAYS = 397;
/** Renew the server certificate when fewer days than this remain. */
const LEAF_RENEW_DAYS = 30;
/** CA lifetime (days). */
export const CA_VALIDITY_DAYS = 5 * 365;
/** Replace the CA when fewer days than this remain. */
const CA_RENEW_DAYS = 60;

const DAY = 86_400_000;

/** The TLS material the server needs, plus what changed. */
export interface LocalTls {
  /** PEM of the local root CA (what `edefter trust install` installs). */
  caPem: string;
  /** PEM chain of the server: leaf then CA. */
  certPem: string;
  /** PKCS#8 PEM of the server key. */
  keyPem: string;
  /** base64 SHA-256 of the leaf's SubjectPublicKeyInfo (Chromium `--ignore-certificate-errors-spki-list`). */
  spkiSha256: string;
  /** SHA-256 fingerprint of the CA certificate (hex, colon-separated). */
  caFingerprint: string;
  /** Paths of the files. */
  paths: { ca: string; caKey: string; cert: string; key: string };
  /** A new CA was made in this call (the user must trust it, again if one was trusted before). */
  caCreated: boolean;
  /** A new server certificate was issued in this call. */
  leafIssued: boolean;
  /** notAfter of the server certificate (ISO 8601). */
  leafNotAfter: string;
}

/** Options of {@link ensureLocalTls}. */
export interface EnsureLocalTlsOptions {
  /** Folder for the files (created 0700). */
  dir: string;
  /** Clock for tests. */
  now?: Date;
}

function writeAtomic(file: string, data: string, mode: number): void {
  writeFileAtomicSync(file, data, { mode, dirMode: 0o700 });
}

/**
 * DER of NameConstraints { permittedSubtrees [0] { dNSName "localhost", iPAddress 127.0.0.1/32 } }
 * (RFC 5280 §4.2.1.10; GeneralName dNSName = [2] IA5String, iPAddress = [7] address‖mask).
 */
export function loopbackNameConstraintsDer(): Buffer {
  const dns = Buffer.from('localhost', 'ascii');
  const sub1 = Buffer.concat([Buffer.from([0x30, dns.length + 2, 0x82, dns.length]), dns]);
  const ip = Buffer.from([127, 0, 0, 1, 255, 255, 255, 255]);
  const sub2 = Buffer.concat([Buffer.from([0x30, ip.length + 2, 0x87, ip.length]), ip]);
  const permitted = Buffer.concat([Buffer.from([0xa0, sub1.length + sub2.length]), sub1, sub2]);
  return Buffer.concat([Buffer.from([0x30, permitted.length]), permitted]);
}

async function importKey(pkcs8Pem: string): Promise<CryptoKey> {
  const der = Buffer.from(pkcs8Pem.replace(/-----[^-]+-----|\s+/g, ''), 'base64');
  return webcrypto.subtle.importKey('pkcs8', new Uint8Array(der), EC_P256, false, ['sign']) as Promise<CryptoKey>;
}

function readIf(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** base64 SHA-256 of a certificate's SubjectPublicKeyInfo. */
function spkiSha256(certPem: string): string {
  const spki = new NodeX509(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/**
 * Loads the local CA and server certificate from `opts.dir`, creating or renewing what is
 * missing, broken or close to expiry.
 * @returns PEMs, paths, SPKI hash and what was (re)created
 */
export async function ensureLocalTls(opts: EnsureLocalTlsOptions): Promise<LocalTls> {
  const now = opts.now ?? new Date();
  const paths = {
    ca: path.join(opts.dir, 'ca.pem'),
    caKey: path.join(opts.dir, 'ca-key.pem'),
    cert: path.join(opts.dir, 'server.pem'),
    key: path.join(opts.dir, 'server-key.pem'),
  };
  fs.mkdirSync(opts.dir, { recursive: true, mode: 0o700 });

  let caPem = readIf(paths.ca);
  let caKeyPem = readIf(paths.caKey);
  let caCert: NodeX509 | undefined;
  let caKey: CryptoKey | undefined;
  try {
    if (caPem && caKeyPem) {
      caCert = new NodeX509(caPem);
      caKey = await importKey(caKeyPem);
      if (new Date(caCert.validTo).getTime() - now.getTime() < CA_RENEW_DAYS * DAY) caCert = undefined;
    }
  } catch {
    caCert = undefined;
  }
  let caCreated = false;
  if (!caCert || !caKey) {
    const { createCa } = await import('./issue.ts');
    const made = await createCa(now, CA_VALIDITY_DAYS, loopbackNameConstraintsDer());
    writeAtomic(paths.caKey, made.keyPem, 0o600);
    writeAtomic(paths.ca, made.certPem, 0o644);
    caPem = made.certPem;
    caKeyPem = made.keyPem;
    caKey = await importKey(caKeyPem);
    caCreated = true;
  }

  let certPem = readIf(paths.cert);
  let keyPem = readIf(paths.key);
  let leafOk = false;
  if (!caCreated && certPem && keyPem) {
    try {
      const leaf = new NodeX509(certPem);
      const ca = new NodeX509(caPem!);
      leafOk =
        leaf.checkIssued(ca) &&
        leaf.verify(ca.publicKey) &&
        new Date(leaf.validTo).getTime() - now.getTime() > LEAF_RENEW_DAYS * DAY &&
        new Date(leaf.validFrom).getTime() <= now.getTime() + 3_600_000 &&
        leaf.checkIP('127.0.0.1') !== undefined &&
        leaf.checkHost('localhost') !== undefined &&
        leaf.checkPrivateKey(createPrivateKey(keyPem));
    } catch {
      leafOk = false;
    }
  }
  let leafIssued = false;
  if (!leafOk) {
    const { issueLeaf } = await import('./issue.ts');
    const made = await issueLeaf(caPem!, caKey, now, LEAF_VALIDITY_DAYS);
    certPem = made.certPem + caPem!;
    keyPem = made.keyPem;
    writeAtomic(paths.key, keyPem, 0o600);
    writeAtomic(paths.cert, certPem, 0o644);
    leafIssued = true;
  }
  const leaf = new NodeX509(certPem!);
  return {
    caPem: caPem!,
    certPem: certPem!,
    keyPem: keyPem!,
    spkiSha256: spkiSha256(certPem!),
    caFingerprint: new NodeX509(caPem!).fingerprint256,
    paths,
    caCreated,
    leafIssued,
    leafNotAfter: new Date(leaf.validTo).toISOString(),
  };
}
