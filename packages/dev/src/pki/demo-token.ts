/**
 * Demo mali mühür token on SoftHSM2 (issue 2 §3).
 *
 * CLI (run through scripts/run.mjs, which points SOFTHSM2_CONF at the project folder):
 *   tsx packages/dev/src/pki/demo-token.ts ensure     create the demo token if missing or broken (fast no-op otherwise)
 *   tsx packages/dev/src/pki/demo-token.ts recreate   delete and recreate the demo token (and its certificates)
 *   tsx packages/dev/src/pki/demo-token.ts info       print what `ensure` would check, as JSON
 *
 * Library: {@link createDemoToken} builds an isolated token in a temp folder for one test file.
 *
 * Key pairs (RSA-2048 CKA_ID 01, ECDSA P-384 CKA_ID 02) are generated INSIDE SoftHSM2 with
 * C_GenerateKeyPair; private keys are CKA_SENSITIVE, not CKA_EXTRACTABLE and never leave it.
 * Their certificates are issued by the TEST CA (demo-pki.ts) and imported as
 * CKO_CERTIFICATE objects with the same CKA_ID and CKA_SUBJECT/ISSUER/SERIAL_NUMBER;
 * the TEST root is imported too (CKA_CERTIFICATE_CATEGORY 2 = authority) so signers can send the chain.
 * The SoftHSM config lives in the given folder (project: var/softhsm), never the system one.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { X509Certificate as NodeX509 } from 'node:crypto';
import { DEMO_EC_ID, DEMO_RSA_ID, demoIdentity, demoPkiDir, demoSofthsmDir, repoRoot, type DemoIdentity } from './demo-identity.ts';
import { ensureDemoCa, issueMaliMuhur, writeFileAtomic, serialToDer, type DemoCa } from './demo-pki.ts';
import { openP11 } from './p11-admin.ts';

/** Options of {@link createDemoToken}. Missing identity fields come from {@link demoIdentity}. */
export interface CreateDemoTokenOptions {
  /** Folder for softhsm2.conf and tokens/ (created). Several tokens may share one folder. */
  dir: string;
  label?: string;
  pin?: string;
  soPin?: string;
  vkn?: string;
  title?: string;
  /** Which key pairs to make (default both). */
  keys?: Array<'rsa' | 'ec'>;
  /** Certificate validity (default: now − 1 h … + 2 years). Use a past notAfter for an expired certificate. */
  notBefore?: string | Date;
  notAfter?: string | Date;
  /** Also write `mali-muhur-rsa.pem` / `mali-muhur-ec.pem` into this folder. */
  pemDir?: string;
}

/** One certificate + key pair on a demo token. */
export interface DemoTokenCertificate {
  keyType: 'rsa' | 'ec';
  /** CKA_ID hex (`01` RSA, `02` EC). */
  id: string;
  label: string;
  pem: string;
  /** Path of the PEM copy when `pemDir` was given. */
  pemPath?: string;
}

/** Result of {@link createDemoToken}. */
export interface DemoToken {
  /** Path of the softhsm2.conf to put into SOFTHSM2_CONF before the first PKCS#11 call. */
  softhsmConf: string;
  tokensDir: string;
  /** PKCS#11 module to load (SoftHSM2). */
  module: string;
  label: string;
  serial: string;
  pin: string;
  soPin: string;
  vkn: string;
  title: string;
  certificates: DemoTokenCertificate[];
  /** PEM path of the TEST root CA that issued the certificates. */
  caPem: string;
}

/** Known SoftHSM2 module locations (Debian first). */
export const SOFTHSM_MODULE_PATHS = [
  '/usr/lib/softhsm/libsofthsm2.so',
  '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/local/lib/softhsm/libsofthsm2.so',
  '/usr/lib64/pkcs11/libsofthsm2.so',
  '/opt/homebrew/lib/softhsm/libsofthsm2.so',
];

/** First existing SoftHSM2 module path (EDEFTER_SOFTHSM_MODULE overrides). */
export function softhsmModule(): string {
  const env = process.env.EDEFTER_SOFTHSM_MODULE;
  if (env) return env;
  const found = SOFTHSM_MODULE_PATHS.find((p) => fs.existsSync(p));
  if (!found) throw new Error('SoftHSM2 bulunamadı (apt-get install softhsm2) / SoftHSM2 module not found');
  return found;
}

/** Writes `<dir>/softhsm2.conf` (file backend, tokens in `<dir>/tokens`) unless it already says so. */
export function writeSofthsmConf(dir: string): { conf: string; tokensDir: string } {
  const abs = path.resolve(dir);
  const tokensDir = path.join(abs, 'tokens');
  fs.mkdirSync(tokensDir, { recursive: true, mode: 0o700 });
  const conf = path.join(abs, 'softhsm2.conf');
  const text =
    `# edefter-bridge project-local SoftHSM2 config (TEST tokens only)\n` +
    `directories.tokendir = ${tokensDir}\n` +
    `objectstore.backend = file\nlog.level = ERROR\nslots.removable = false\nslots.mechanisms = ALL\n`;
  if (!fs.existsSync(conf) || fs.readFileSync(conf, 'utf8') !== text) writeFileAtomic(conf, text);
  return { conf, tokensDir };
}

const thisFile = fileURLToPath(import.meta.url);

function toDate(d: string | Date | undefined): Date | undefined {
  return d === undefined ? undefined : new Date(d);
}

interface PopulateInput {
  conf: string;
  label: string;
  pin: string;
  soPin: string;
  vkn: string;
  title: string;
  keys: Array<'rsa' | 'ec'>;
  notBefore?: string;
  notAfter?: string;
  pemDir?: string;
  caDir?: string;
}

/**
 * Creates one token in the SoftHSM store named by `input.conf`, IN THIS PROCESS (C_Initialize …
 * C_Finalize). Only for processes that do not otherwise use PKCS#11 (the CLI, the child of
 * {@link createDemoToken}): SoftHSM2 allows one initialization per process.
 */
async function populate(input: PopulateInput, ca: DemoCa): Promise<DemoToken> {
  process.env.SOFTHSM2_CONF = input.conf;
  const module = softhsmModule();
  const p11 = openP11(module);
  try {
    const slot = p11.freeSlot();
    p11.initToken(slot, input.label, input.soPin, input.pin);
    const session = p11.openUserSession(input.label, input.pin);
    const certificates: DemoTokenCertificate[] = [];
    for (const keyType of input.keys) {
      const id = keyType === 'rsa' ? DEMO_RSA_ID : DEMO_EC_ID;
      const label = `${input.label} ${keyType === 'rsa' ? 'RSA' : 'EC'}`;
      const spki = p11.generateKeyPair(session, keyType, Buffer.from(id, 'hex'), label);
      const issued = await issueMaliMuhur({
        publicKey: spki,
        vkn: input.vkn,
        title: input.title,
        notBefore: toDate(input.notBefore),
        notAfter: toDate(input.notAfter),
        issuer: ca,
      });
      p11.importCertificate(session, {
        id: Buffer.from(id, 'hex'),
        label,
        der: issued.der,
        subject: issued.subjectDer,
        issuer: issued.issuerDer,
        serial: issued.serialDer,
        category: 1,
      });
      p11.setKeySubject(session, Buffer.from(id, 'hex'), issued.subjectDer);
      const c: DemoTokenCertificate = { keyType, id, label, pem: issued.pem };
      if (input.pemDir) {
        c.pemPath = path.join(input.pemDir, `mali-muhur-${keyType}.pem`);
        writeFileAtomic(c.pemPath, issued.pem);
      }
      certificates.push(c);
    }
    const caX = ca.cert;
    p11.importCertificate(session, {
      id: Buffer.from('ca01', 'hex'),
      label: 'edefter-bridge TEST Kök SM',
      der: ca.der,
      subject: Buffer.from(caX.subjectName.toArrayBuffer()),
      issuer: Buffer.from(caX.issuerName.toArrayBuffer()),
      serial: serialToDer(caX.serialNumber),
      category: 2,
    });
    const serial = p11.tokenSerial(input.label);
    p11.closeSession(session);
    return {
      softhsmConf: input.conf,
      tokensDir: path.join(path.dirname(input.conf), 'tokens'),
      module,
      label: input.label,
      serial,
      pin: input.pin,
      soPin: input.soPin,
      vkn: input.vkn,
      title: input.title,
      certificates,
      caPem: ca.certPath,
    };
  } finally {
    p11.finalize();
  }
}

function tsxLoaderUrl(): string {
  const req = createRequire(import.meta.url);
  return pathToFileURL(req.resolve('tsx')).href;
}

/**
 * Builds an isolated demo token (RSA-2048 + ECDSA P-384 mali mühür, keys generated inside
 * SoftHSM2) in `opts.dir`, in a child process so that the caller's own PKCS#11 state is
 * untouched. Set `process.env.SOFTHSM2_CONF = result.softhsmConf` before the first token call.
 * Takes about 1–2 s. Certificates come from the shared TEST CA (var/demo-pki/ca.pem).
 * @throws Error when SoftHSM2 is missing or the child fails (its stderr is in the message)
 */
export async function createDemoToken(opts: CreateDemoTokenOptions): Promise<DemoToken> {
  const id = demoIdentity();
  const { conf } = writeSofthsmConf(opts.dir);
  await ensureDemoCa();
  const input: PopulateInput = {
    conf,
    label: opts.label ?? id.tokenLabel,
    pin: opts.pin ?? id.pin,
    soPin: opts.soPin ?? id.soPin,
    vkn: opts.vkn ?? id.vkn,
    title: opts.title ?? id.title,
    keys: opts.keys ?? ['rsa', 'ec'],
    notBefore: opts.notBefore === undefined ? undefined : new Date(opts.notBefore).toISOString(),
    notAfter: opts.notAfter === undefined ? undefined : new Date(opts.notAfter).toISOString(),
    pemDir: opts.pemDir,
    caDir: demoPkiDir(),
  };
  const child = spawn(process.execPath, ['--import', tsxLoaderUrl(), thisFile, '__populate'], {
    env: { ...process.env, SOFTHSM2_CONF: conf, EDEFTER_DEMO_PKI_DIR: demoPkiDir() },
    stdio: ['pipe', 'pipe', 'pipe'],
    cwd: repoRoot,
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  child.stdin.end(JSON.stringify(input));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) {
    throw new Error(`demo token could not be created (exit ${code}): ${Buffer.concat(err).toString('utf8').trim()}`);
  }
  const lines = Buffer.concat(out).toString('utf8').trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as DemoToken;
}

/** What {@link ensureProjectDemoToken} found. */
export interface DemoTokenHealth {
  ok: boolean;
  problems: string[];
}

/**
 * Checks the project demo token without changing it: config, CA, PEM files, the token with its
 * two certificates (DER equal to the PEMs, issued by the current CA, VKN/title of the identity)
 * and the two private keys (sensitive, non-extractable; needs a login with the demo PIN).
 */
export async function checkProjectDemoToken(ident: DemoIdentity = demoIdentity()): Promise<DemoTokenHealth> {
  const problems: string[] = [];
  const dir = demoSofthsmDir();
  const conf = path.join(dir, 'softhsm2.conf');
  const pki = demoPkiDir();
  const caPath = path.join(pki, 'ca.pem');
  if (!fs.existsSync(conf)) problems.push(`missing ${conf}`);
  if (!fs.existsSync(caPath) || !fs.existsSync(path.join(pki, 'ca.key'))) problems.push('missing demo CA');
  const pems: Record<string, Buffer> = {};
  for (const kt of ['rsa', 'ec'] as const) {
    const f = path.join(pki, `mali-muhur-${kt}.pem`);
    if (!fs.existsSync(f)) {
      problems.push(`missing ${f}`);
      continue;
    }
    const c = new NodeX509(fs.readFileSync(f));
    pems[kt] = c.raw;
    if (fs.existsSync(caPath)) {
      const ca = new NodeX509(fs.readFileSync(caPath));
      if (!c.checkIssued(ca) || !c.verify(ca.publicKey)) problems.push(`${f} not issued by current CA`);
    }
    if (!c.subject.includes(`serialNumber=${ident.vkn}`) || !c.subject.includes(`O=${ident.title}`)) {
      problems.push(`${f} is not for VKN ${ident.vkn} / ${ident.title}`);
    }
    if (new Date(c.validTo).getTime() < Date.now() + 7 * 24 * 3600_000) problems.push(`${f} expires soon`);
    // X509SerialNumber is an xs:integer: libxml2 rejects more than ~24 digits (demo-pki randomSerial).
    if (BigInt(`0x${c.serialNumber}`).toString().length > 19) problems.push(`${f} serial number too long for XSD validation`);
  }
  if (problems.length) return { ok: false, problems };
  process.env.SOFTHSM2_CONF = conf;
  const p11 = openP11(softhsmModule());
  try {
    if (!p11.findToken(ident.tokenLabel)) return { ok: false, problems: [`token ${ident.tokenLabel} missing`] };
    let session;
    try {
      session = p11.openUserSession(ident.tokenLabel, ident.pin);
    } catch (e) {
      return { ok: false, problems: [`login failed: ${(e as Error).message}`] };
    }
    for (const [kt, id] of [
      ['rsa', DEMO_RSA_ID],
      ['ec', DEMO_EC_ID],
    ] as const) {
      const st = p11.objectState(session, Buffer.from(id, 'hex'));
      if (!st.certificate || !st.certificate.equals(pems[kt])) problems.push(`${kt} certificate object missing or different`);
      if (!st.privateKey) problems.push(`${kt} private key missing`);
      else if (!st.sensitive || st.extractable) problems.push(`${kt} private key is extractable`);
    }
    p11.closeSession(session);
  } finally {
    p11.finalize();
  }
  return { ok: problems.length === 0, problems };
}

function deleteTokenByLabel(conf: string, label: string): void {
  const r = spawnSync('softhsm2-util', ['--delete-token', '--token', label], {
    env: { ...process.env, SOFTHSM2_CONF: conf },
    encoding: 'utf8',
  });
  if (r.status !== 0 && !/not find|No token/i.test(`${r.stdout}${r.stderr}`)) {
    throw new Error(`softhsm2-util --delete-token failed: ${r.stderr || r.stdout}`);
  }
}

/**
 * Makes sure the project demo token (var/softhsm) and PEMs (var/demo-pki) exist and are healthy.
 * @param recreate delete and rebuild the token even when healthy
 * @returns `created` false when nothing had to be done
 */
export async function ensureProjectDemoToken(recreate = false): Promise<{ created: boolean; token?: DemoToken; problems: string[] }> {
  const ident = demoIdentity();
  const { conf } = writeSofthsmConf(demoSofthsmDir());
  let problems: string[] = [];
  if (!recreate) {
    const health = await checkProjectDemoToken(ident);
    if (health.ok) return { created: false, problems: [] };
    problems = health.problems;
  }
  const ca = await ensureDemoCa();
  deleteTokenByLabel(conf, ident.tokenLabel);
  const token = await populate(
    { conf, label: ident.tokenLabel, pin: ident.pin, soPin: ident.soPin, vkn: ident.vkn, title: ident.title, keys: ['rsa', 'ec'], pemDir: demoPkiDir() },
    ca,
  );
  return { created: true, token, problems };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function cli(cmd: string | undefined): Promise<number> {
  if (cmd === '__populate') {
    const input = JSON.parse(await readStdin()) as PopulateInput;
    const ca = await ensureDemoCa({ dir: input.caDir });
    const token = await populate(input, ca);
    process.stdout.write(`${JSON.stringify(token)}\n`);
    return 0;
  }
  if (cmd === 'ensure' || cmd === 'recreate') {
    const t0 = Date.now();
    const r = await ensureProjectDemoToken(cmd === 'recreate');
    if (!r.created) {
      console.log(`[demo-token] demo token hazır / demo token ready (${Date.now() - t0} ms)`);
      return 0;
    }
    if (r.problems.length) console.log(`[demo-token] yeniden oluşturuluyor / rebuilding: ${r.problems.join('; ')}`);
    const t = r.token!;
    console.log(
      `[demo-token] "${t.label}" oluşturuldu / created (serial ${t.serial}, VKN ${t.vkn}, ${t.title}); ` +
        `certs: ${t.certificates.map((c) => `${c.keyType} id=${c.id} -> ${c.pemPath}`).join(', ')}; CA ${t.caPem} (${Date.now() - t0} ms)`,
    );
    return 0;
  }
  if (cmd === 'info') {
    console.log(JSON.stringify({ identity: { ...demoIdentity(), pin: '***', soPin: '***' }, health: await checkProjectDemoToken() }, null, 2));
    return 0;
  }
  console.error('usage: tsx packages/dev/src/pki/demo-token.ts ensure|recreate|info');
  return 2;
}

if (process.argv[1] && path.resolve(process.argv[1]) === thisFile) {
  cli(process.argv[2]).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(`[demo-token] HATA / ERROR: ${(e as Error)?.stack ?? String(e)}`);
      process.exitCode = 1;
    },
  );
}
