/**
 * TEST PKI of the demo and the tests: one self-signed root CA clearly marked TEST
 * (`CN=edefter-bridge TEST Kök SM - TEST AMAÇLIDIR`) and helpers that issue end-entity
 * certificates from it — the demo mali mühür certificates (for key pairs generated inside
 * SoftHSM2), the test TSA (EKU timeStamping), a simulated GİB seal, TLS leafs, and the expired
 * or other-VKN certificates the tests need.
 *
 * Files (test CA only — never a real trust anchor): `var/demo-pki/ca.pem` (root certificate,
 * trust anchor for xmlsec1 and the verifiers) and `var/demo-pki/ca.key` (its PKCS#8 private key).
 * Certificates follow RFC 5280; X.509 encoding by @peculiar/x509 on Node's WebCrypto.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto, createPublicKey, generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { demoPkiDir } from './demo-identity.ts';
import { writeFileAtomicSync } from '@edefter/bridge/fs/atomic-write.ts';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/** Subject of the TEST root CA (Turkish "Kök SM" = root certificate service provider). */
export const DEMO_CA_SUBJECT: x509.JsonNameParams = [
  { C: [{ printableString: 'TR' }] },
  { O: ['edefter-bridge TEST'] },
  { OU: ['TEST AMAÇLIDIR - GERÇEK İMZA İÇİN KULLANILAMAZ / FOR TESTING ONLY'] },
  { CN: ['edefter-bridge TEST Kök SM - TEST AMAÇLIDIR'] },
];

const RSA_SHA256: RsaHashedImportParams = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };

/** The loaded TEST root CA. */
export interface DemoCa {
  /** Parsed root certificate. */
  cert: x509.X509Certificate;
  /** DER of the root certificate. */
  der: Buffer;
  /** PEM of the root certificate (what `ca.pem` holds). */
  pem: string;
  /** WebCrypto signing key of the CA (RSA-3072, RSASSA-PKCS1-v1_5 SHA-256). */
  privateKey: CryptoKey;
  /** Paths of `ca.pem` and `ca.key`. */
  certPath: string;
  keyPath: string;
}

/** Key usage bit names (RFC 5280 §4.2.1.3). */
export type KeyUsageName = keyof typeof x509.KeyUsageFlags;

/** Options of {@link issueCertificate}. */
export interface IssueOptions {
  /** Subject DN: RFC 4514-like string (`CN=a, O=b`) or @peculiar/x509 JSON name (to choose string types). */
  subject: string | x509.JsonNameParams;
  /** Public key of the subject: Node KeyObject, WebCrypto CryptoKey, SPKI DER Buffer, or SPKI PEM. */
  publicKey: KeyObject | CryptoKey | Buffer | string;
  /** Serial number in hex (default: 8 random bytes, positive; see randomSerial). */
  serialNumber?: string;
  /** Validity start (default: now − 1 hour, to tolerate clock skew). */
  notBefore?: Date;
  /** Validity end (default: notBefore + validityDays). */
  notAfter?: Date;
  /** Validity in days when notAfter is not given (default 730). */
  validityDays?: number;
  /** keyUsage bits (default `['digitalSignature']`; CA default `['keyCertSign','cRLSign']`). */
  keyUsage?: KeyUsageName[];
  /** keyUsage criticality (default true). */
  keyUsageCritical?: boolean;
  /** extendedKeyUsage: names of x509.ExtendedKeyUsage (`serverAuth`, `timeStamping`, ...) or OIDs. */
  extendedKeyUsage?: string[];
  /** extendedKeyUsage criticality (default: true when it is timeStamping only — RFC 3161 §2.3 — else false). */
  extendedKeyUsageCritical?: boolean;
  /** Issue a CA certificate (basicConstraints CA:TRUE, critical). */
  isCa?: boolean;
  /** basicConstraints pathLenConstraint for a CA. */
  pathLength?: number;
  /** subjectAltName entries. */
  subjectAltNames?: { dns?: string[]; ip?: string[]; email?: string[]; url?: string[] };
  /** Extra extensions appended as given. */
  extensions?: x509.Extension[];
  /** Issuing CA (default: the project TEST root, created on first use). */
  issuer?: DemoCa;
}

/** A certificate issued by {@link issueCertificate}. */
export interface IssuedCertificate {
  /** Parsed certificate. */
  cert: x509.X509Certificate;
  /** DER bytes. */
  der: Buffer;
  /** PEM text. */
  pem: string;
  /** DER of the subject Name (PKCS#11 CKA_SUBJECT). */
  subjectDer: Buffer;
  /** DER of the issuer Name (PKCS#11 CKA_ISSUER). */
  issuerDer: Buffer;
  /** DER of the serial number INTEGER (PKCS#11 CKA_SERIAL_NUMBER). */
  serialDer: Buffer;
}

/** Writes `data` to `file` atomically (temp file in the same folder, fsync, rename). */
export function writeFileAtomic(file: string, data: string | Buffer, mode = 0o644): void {
  writeFileAtomicSync(file, data, { mode });
}

/** Encodes a positive hex serial number as a DER INTEGER (what CKA_SERIAL_NUMBER holds). */
export function serialToDer(hex: string): Buffer {
  let v = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  while (v.length > 1 && v[0] === 0 && (v[1] & 0x80) === 0) v = v.subarray(1);
  if (v[0] & 0x80) v = Buffer.concat([Buffer.from([0]), v]);
  return Buffer.concat([Buffer.from([0x02]), derLength(v.length), v]);
}

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const b: number[] = [];
  for (let x = n; x > 0; x >>= 8) b.unshift(x & 0xff);
  return Buffer.from([0x80 | b.length, ...b]);
}

/**
 * A positive random serial of 8 bytes (at most 19 decimal digits). XMLDSig's X509SerialNumber
 * is an xs:integer, and libxml2 (xmllint, our XSD layer) rejects integers past ~24 digits, so
 * 16-byte serials (38–39 digits) made signed demo files fail GİB's edefter.xsd in xmllint.
 */
function randomSerial(): string {
  const b = randomBytes(8);
  b[0] &= 0x7f;
  if (b[0] === 0) b[0] = 0x01;
  return b.toString('hex');
}

/** Loads the CA from `dir` (default `var/demo-pki`); returns null when `ca.pem`/`ca.key` are missing. */
export async function loadDemoCa(dir = demoPkiDir()): Promise<DemoCa | null> {
  const certPath = path.join(dir, 'ca.pem');
  const keyPath = path.join(dir, 'ca.key');
  if (!fs.existsSync(certPath) || !fs.existsSync(keyPath)) return null;
  const pem = fs.readFileSync(certPath, 'utf8');
  const cert = new x509.X509Certificate(pem);
  const keyDer = x509.PemConverter.decodeFirst(fs.readFileSync(keyPath, 'utf8'));
  const privateKey = await webcrypto.subtle.importKey('pkcs8', keyDer, RSA_SHA256, false, ['sign']);
  return { cert, der: Buffer.from(cert.rawData), pem, privateKey: privateKey as CryptoKey, certPath, keyPath };
}

/**
 * Returns the project TEST root CA, creating it under `dir` on first use (RSA-3072,
 * SHA-256, 20 years, basicConstraints CA:TRUE critical, keyUsage keyCertSign+cRLSign critical).
 * Safe when several processes race: files are written atomically and the first writer wins.
 * @param opts.recreate make a new CA even if one exists (invalidates every certificate issued before)
 */
export async function ensureDemoCa(opts: { dir?: string; recreate?: boolean } = {}): Promise<DemoCa> {
  const dir = opts.dir ?? demoPkiDir();
  if (!opts.recreate) {
    const ca = await loadDemoCa(dir);
    if (ca) return ca;
  }
  fs.mkdirSync(dir, { recursive: true });
  // One creator at a time (several test processes may start on a fresh checkout together).
  const lock = path.join(dir, 'ca.lock');
  for (let waited = 0; ; waited += 100) {
    try {
      fs.closeSync(fs.openSync(lock, 'wx'));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 60_000) fs.rmSync(lock, { force: true }); // stale lock of a crashed creator
      if (waited > 90_000) throw new Error(`timed out waiting for ${lock}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    if (!opts.recreate) {
      const ca = await loadDemoCa(dir); // made by the process that held the lock before us
      if (ca) return ca;
    }
    const keys = (await webcrypto.subtle.generateKey({ ...RSA_SHA256, modulusLength: 3072, publicExponent: new Uint8Array([1, 0, 1]) }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const notBefore = new Date(Date.now() - 24 * 3600_000);
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: randomSerial(),
      name: new x509.Name(DEMO_CA_SUBJECT),
      notBefore,
      notAfter: new Date(notBefore.getTime() + 20 * 365 * 24 * 3600_000),
      keys,
      signingAlgorithm: RSA_SHA256,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
    writeFileAtomic(path.join(dir, 'ca.key'), x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'), 0o600);
    writeFileAtomic(path.join(dir, 'ca.pem'), cert.toString('pem') + '\n');
    const ca = await loadDemoCa(dir);
    if (!ca) throw new Error(`demo CA could not be written to ${dir}`);
    return ca;
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** Copies a Buffer into a standalone ArrayBuffer (what WebCrypto / @peculiar/x509 accept). */
function toArrayBuffer(b: Buffer): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

async function toPublicKey(k: IssueOptions['publicKey']): Promise<CryptoKey | ArrayBuffer> {
  if (k instanceof KeyObject) return toArrayBuffer(k.export({ type: 'spki', format: 'der' }));
  if (typeof k === 'string') return toArrayBuffer(createPublicKey(k).export({ type: 'spki', format: 'der' }));
  if (Buffer.isBuffer(k)) return toArrayBuffer(k);
  return k;
}

function resolveEku(name: string): string {
  return (x509.ExtendedKeyUsage as Record<string, string>)[name] ?? name;
}

/**
 * Issues a certificate for `publicKey` from the TEST CA (or `opts.issuer`), signed RSA-SHA256.
 * Adds subjectKeyIdentifier and authorityKeyIdentifier; other extensions per {@link IssueOptions}.
 * @returns DER/PEM plus the DER pieces PKCS#11 wants (CKA_SUBJECT, CKA_ISSUER, CKA_SERIAL_NUMBER)
 */
export async function issueCertificate(opts: IssueOptions): Promise<IssuedCertificate> {
  const ca = opts.issuer ?? (await ensureDemoCa());
  const publicKey = await toPublicKey(opts.publicKey);
  const notBefore = opts.notBefore ?? new Date(Date.now() - 3600_000);
  const notAfter = opts.notAfter ?? new Date(notBefore.getTime() + (opts.validityDays ?? 730) * 24 * 3600_000);
  const extensions: x509.Extension[] = [];
  extensions.push(new x509.BasicConstraintsExtension(!!opts.isCa, opts.isCa ? opts.pathLength : undefined, true));
  const ku = opts.keyUsage ?? (opts.isCa ? ['keyCertSign', 'cRLSign'] : ['digitalSignature']);
  const kuBits = ku.reduce((a, n) => a | x509.KeyUsageFlags[n], 0);
  extensions.push(new x509.KeyUsagesExtension(kuBits, opts.keyUsageCritical ?? true));
  if (opts.extendedKeyUsage?.length) {
    const ekus = opts.extendedKeyUsage.map(resolveEku);
    const critical = opts.extendedKeyUsageCritical ?? (ekus.length === 1 && ekus[0] === x509.ExtendedKeyUsage.timeStamping);
    extensions.push(new x509.ExtendedKeyUsageExtension(ekus, critical));
  }
  const san = opts.subjectAltNames;
  if (san) {
    const names: x509.JsonGeneralNames = [
      ...(san.dns ?? []).map((value) => ({ type: 'dns' as const, value })),
      ...(san.ip ?? []).map((value) => ({ type: 'ip' as const, value })),
      ...(san.email ?? []).map((value) => ({ type: 'email' as const, value })),
      ...(san.url ?? []).map((value) => ({ type: 'url' as const, value })),
    ];
    if (names.length) extensions.push(new x509.SubjectAlternativeNameExtension(names, false));
  }
  extensions.push(await x509.SubjectKeyIdentifierExtension.create(publicKey));
  extensions.push(await x509.AuthorityKeyIdentifierExtension.create(ca.cert.publicKey));
  extensions.push(...(opts.extensions ?? []));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: opts.serialNumber ?? randomSerial(),
    subject: opts.subject,
    issuer: ca.cert.subjectName,
    notBefore,
    notAfter,
    publicKey,
    signingKey: ca.privateKey,
    signingAlgorithm: RSA_SHA256,
    extensions,
  } as x509.X509CertificateCreateWithKeyParams);
  const der = Buffer.from(cert.rawData);
  return {
    cert,
    der,
    pem: cert.toString('pem') + '\n',
    subjectDer: Buffer.from(cert.subjectName.toArrayBuffer()),
    issuerDer: Buffer.from(cert.issuerName.toArrayBuffer()),
    serialDer: serialToDer(cert.serialNumber),
  };
}

/** Options of {@link issueWithNewKey}: {@link IssueOptions} without the key, plus the key to make. */
export type IssueWithNewKeyOptions = Omit<IssueOptions, 'publicKey'> & {
  /** `rsa` (default 2048 bits) or `ec` (default P-384). */
  keyType: 'rsa' | 'ec';
  rsaBits?: number;
  /** Node curve name, default `secp384r1` (P-384). */
  curve?: string;
};

/** A certificate together with a software private key (for TSA, TLS, GİB seal and test signers). */
export interface IssuedCertificateWithKey extends IssuedCertificate {
  privateKey: KeyObject;
  /** PKCS#8 PEM of the private key. */
  privateKeyPem: string;
}

/**
 * Generates a software key pair (Node crypto) and issues a certificate for it from the TEST CA.
 * For TEST identities that do not live on a token: the test TSA, TLS server, simulated GİB
 * seal, expired or other-VKN mali mühür certificates in tests.
 */
export async function issueWithNewKey(opts: IssueWithNewKeyOptions): Promise<IssuedCertificateWithKey> {
  const { keyType, rsaBits, curve, ...rest } = opts;
  const kp =
    keyType === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: rsaBits ?? 2048 }) : generateKeyPairSync('ec', { namedCurve: curve ?? 'secp384r1' });
  const issued = await issueCertificate({ ...rest, publicKey: kp.publicKey });
  return {
    ...issued,
    privateKey: kp.privateKey,
    privateKeyPem: kp.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}

/**
 * Subject of a mali mühür (company seal) certificate as GİB expects it: serialNumber (2.5.4.5)
 * = 10-digit VKN as PrintableString, O and CN = company title (UTF8String), C=TR.
 */
export function maliMuhurSubject(vkn: string, title: string): x509.JsonNameParams {
  return [{ C: [{ printableString: 'TR' }] }, { O: [title] }, { '2.5.4.5': [{ printableString: vkn }] }, { CN: [title] }];
}

/**
 * Issues a TEST mali mühür certificate for `publicKey`: subject per {@link maliMuhurSubject},
 * keyUsage digitalSignature + nonRepudiation (critical), validity 2 years unless given.
 */
export async function issueMaliMuhur(opts: {
  publicKey: IssueOptions['publicKey'];
  vkn: string;
  title: string;
  notBefore?: Date;
  notAfter?: Date;
  issuer?: DemoCa;
}): Promise<IssuedCertificate> {
  return issueCertificate({
    subject: maliMuhurSubject(opts.vkn, opts.title),
    publicKey: opts.publicKey,
    notBefore: opts.notBefore,
    notAfter: opts.notAfter,
    keyUsage: ['digitalSignature', 'nonRepudiation'],
    keyUsageCritical: true,
    issuer: opts.issuer,
  });
}
