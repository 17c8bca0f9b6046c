/**
 * Benchmark (not a test): signing and verifying 100 MB and 200 MB XBRL-GL journals.
 *
 *   node scripts/run.mjs tsx bench/sign.ts [sizes in MB, default "100,200"] [--messy] [--ours-only]
 *
 * For each size: generates the journal into var/bench/ (streamed; reused when already there), then
 * - ours: signXmlFile with a Node-crypto RSA-2048 key (the token would only sign the small SignedInfo;
 *   its time does not grow with the file), in a child process, so peak RSS is the signer's own;
 *   verifyXmlFile likewise;
 * - xmlsec1 --sign with a PEM RSA-2048 key on a template of the same profile (C14N 1.0 #WithComments
 *   SignedInfo, rsa-sha256, Reference URI="" enveloped + SHA-256, SignedProperties reference in a
 *   ds:Object), and xmlsec1 --verify; wall time and peak RSS from /usr/bin/time.
 * Prints seconds, MB/s and peak RSS (MiB). `--messy` uses a non-canonical layout (unsorted
 * attributes, ' quotes, CRLF, empty elements, character references) that C14N must rewrite.
 * `--ours-only` skips xmlsec1 (sign, verify, cross-verify): quick iteration on our signer.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { issueWithNewKey, maliMuhurSubject } from '../packages/dev/src/pki/demo-pki.ts';
import { writeJournal } from './journal-gen.ts';
import { certFacts, formatLocalTime } from '../packages/bridge/src/xades/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'var', 'bench');
const args = process.argv.slice(2);
const messy = args.includes('--messy');
const oursOnly = args.includes('--ours-only');
const sizes = (args.find((x) => /^\d/.test(x)) ?? '100,200').split(',').map(Number);
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const ca = path.join(root, 'var', 'demo-pki', 'ca.pem');

interface Run {
  seconds: number;
  maxRssMiB: number;
  cpuSeconds?: number;
  mainCpuSeconds?: number;
  ok?: boolean;
  errors?: string[];
}

function timed(cmd: string, argv: string[], stdoutFile?: string): Run {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', cmd, ...argv], { encoding: 'buffer', maxBuffer: 1 << 30 });
  const err = r.stderr.toString();
  if (r.status !== 0) throw new Error(`${cmd} failed: ${err.slice(-2000)}`);
  if (stdoutFile) writeFileSync(stdoutFile, r.stdout);
  const m = /([\d.]+) (\d+) ([\d.]+) ([\d.]+)\s*$/.exec(err.trim());
  if (!m) throw new Error(`no /usr/bin/time output: ${err}`);
  return { seconds: Number(m[1]), maxRssMiB: Number(m[2]) / 1024, cpuSeconds: Number(m[3]) + Number(m[4]) };
}

/** Bundles bench/sign-child.ts into one ES module for plain `node` (esbuild comes with tsx). */
async function bundleChild(): Promise<string[]> {
  try {
    const req = createRequire(createRequire(import.meta.url).resolve('tsx'));
    const esbuild = req('esbuild') as { build(o: Record<string, unknown>): Promise<unknown> };
    const out = path.join(benchDir, 'sign-child.mjs');
    // the hash worker is built beside it as workers/hash-worker.mjs, where workers/spawn.ts looks in a bundle
    await esbuild.build({
      entryPoints: {
        'sign-child': path.join(root, 'bench', 'sign-child.ts'),
        'workers/hash-worker': path.join(root, 'packages/bridge/src/xades/hash-worker.ts'),
        'workers/c14n-worker': path.join(root, 'packages/bridge/src/xades/c14n-worker.ts'),
      },
      bundle: true,
      splitting: true,
      chunkNames: 'sign-chunk-[hash]', // beside sign-child.mjs: workers/spawn.ts finds workers/ from the chunk's URL
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outdir: benchDir,
      outExtension: { '.js': '.mjs' },
      logLevel: 'error',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    return [process.execPath, out];
  } catch (e) {
    console.log(`(esbuild unavailable, running the child with tsx: ${(e as Error).message})`);
    return [tsx, path.join(root, 'bench', 'sign-child.ts')];
  }
}

let childCmd: string[] = [];

function child(argv: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(childCmd[0], [...childCmd.slice(1), ...argv], { encoding: 'utf8', cwd: root, env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`sign-child ${argv[0]} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Run;
}

/** Copies `input` with an xmlsec1 signature template inserted before the root end tag. */
async function writeTemplate(input: string, out: string, certPem: string, signingCertificate: string): Promise<void> {
  const size = statSync(input).size;
  const tailLen = Math.min(size, 4096);
  const tail = Buffer.alloc(tailLen);
  const fd = (await import('node:fs')).openSync(input, 'r');
  (await import('node:fs')).readSync(fd, tail, 0, tailLen, size - tailLen);
  (await import('node:fs')).closeSync(fd);
  const endTag = '</edefter:defter>';
  const at = size - tailLen + tail.lastIndexOf(endTag);
  const certB64 = certPem.replace(/-----[^-]+-----|\s/g, '');
  const tpl =
    '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="Signature_1"><ds:SignedInfo>' +
    '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments"/>' +
    '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>' +
    '<ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></ds:Transforms>' +
    '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference>' +
    '<ds:Reference Type="http://uri.etsi.org/01903#SignedProperties" URI="#SignedProperties_1"><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference>' +
    '</ds:SignedInfo><ds:SignatureValue Id="SignatureValue_1"/><ds:KeyInfo><ds:X509Data><ds:X509Certificate>' +
    certB64 +
    '</ds:X509Certificate></ds:X509Data></ds:KeyInfo>' +
    '<ds:Object><xades:QualifyingProperties xmlns:xades="http://uri.etsi.org/01903/v1.3.2#" Target="#Signature_1"><xades:SignedProperties Id="SignedProperties_1">' +
    `<xades:SignedSignatureProperties><xades:SigningTime>${formatLocalTime(new Date())}</xades:SigningTime>${signingCertificate}</xades:SignedSignatureProperties>` +
    '</xades:SignedProperties></xades:QualifyingProperties></ds:Object></ds:Signature>';
  const w = createWriteStream(out);
  for await (const chunk of createReadStream(input, { end: at - 1 })) if (!w.write(chunk)) await once(w, 'drain');
  w.write(tpl);
  for await (const chunk of createReadStream(input, { start: at })) if (!w.write(chunk)) await once(w, 'drain');
  w.end();
  await once(w, 'close');
}

function row(name: string, mb: number, r: Run): string {
  const verdict = r.ok === undefined ? '' : r.ok ? '  valid' : `  INVALID: ${r.errors?.join('; ')}`;
  const cpu =
    r.cpuSeconds === undefined
      ? ''
      : `  cpu ${r.cpuSeconds.toFixed(2)} s${r.mainCpuSeconds !== undefined ? `, main thread ${r.mainCpuSeconds.toFixed(2)} s (${(mb / r.mainCpuSeconds).toFixed(0)} MB/s)` : ''}`;
  return `${name.padEnd(34)} ${r.seconds.toFixed(2).padStart(7)} s ${(mb / r.seconds).toFixed(0).padStart(6)} MB/s ${r.maxRssMiB.toFixed(0).padStart(6)} MiB${cpu}${verdict}`;
}

mkdirSync(benchDir, { recursive: true });
const key = await issueWithNewKey({
  keyType: 'rsa',
  subject: maliMuhurSubject('6090408038', 'DEMO TİCARET A.Ş.'),
  keyUsage: ['digitalSignature', 'nonRepudiation'],
});
const keyPath = path.join(benchDir, 'bench-key.pem');
const certPath = path.join(benchDir, 'bench-cert.pem');
writeFileSync(keyPath, key.privateKeyPem, { mode: 0o600 });
writeFileSync(certPath, key.pem);
const facts = certFacts(key.der);
const signingCertificate =
  '<xades:SigningCertificate><xades:Cert><xades:CertDigest><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>' +
  `<ds:DigestValue>${createHash('sha256').update(key.der).digest('base64')}</ds:DigestValue></xades:CertDigest>` +
  `<xades:IssuerSerial><ds:X509IssuerName>${facts.issuer}</ds:X509IssuerName><ds:X509SerialNumber>${facts.serial}</ds:X509SerialNumber></xades:IssuerSerial></xades:Cert></xades:SigningCertificate>`;
childCmd = await bundleChild();
const idle = child(['idle']);
const empty = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.resourceUsage().maxRSS / 1024))'], { encoding: 'utf8' });
console.log(
  `Node ${process.version}, ${path.basename(childCmd[0])} child, baseline RSS: empty Node ${Number(empty.stdout).toFixed(0)} MiB, idle child ${idle.maxRssMiB.toFixed(0)} MiB; ${messy ? 'messy (non-canonical)' : 'typical'} layout; load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} on ${cpus().length} CPUs`,
);
console.log(
  '(ours: time and RSS measured inside the child; "main thread" = CPU time of the signing thread, which canonicalizes and hashes (reads and writes run on libuv\'s pool): about the wall time of an idle machine)',
);
console.log(`${'run'.padEnd(34)} ${'wall'.padStart(9)} ${'speed'.padStart(11)} ${'peak RSS'.padStart(10)}`);
for (const mbTarget of sizes) {
  const input = path.join(benchDir, `journal-${mbTarget}MB${messy ? '-messy' : ''}.xml`);
  if (!existsSync(input) || Math.abs(statSync(input).size - mbTarget * 1e6) > 2e6) await writeJournal(input, mbTarget * 1e6, { messy });
  const mb = statSync(input).size / 1e6;
  const ours = path.join(benchDir, `signed-ours-${mbTarget}.xml`);
  const s = child(['sign', input, ours, keyPath, certPath]);
  console.log(row(`${mb.toFixed(0)} MB  ours sign`, mb, s));
  // two threads forced on (xades/split-scan.ts; `edefter sign` uses them where splitPays says so); the row above is one thread
  const s2 = child(['sign', input, ours, keyPath, certPath], { BENCH_TWO_THREADS: '1' });
  console.log(row(`${mb.toFixed(0)} MB  ours sign, 2 threads`, mb, s2));
  const v = child(['verify', ours, ca]);
  console.log(row(`${mb.toFixed(0)} MB  ours verify`, mb, v));
  if (oursOnly) continue;
  const xs = spawnSync('xmlsec1', ['--verify', '--enabled-key-data', 'x509', '--trusted-pem', ca, ours], { encoding: 'utf8' });
  if (xs.status !== 0) throw new Error(`xmlsec1 rejects our signature: ${xs.stderr}`);
  const tpl = path.join(benchDir, `template-${mbTarget}.xml`);
  await writeTemplate(input, tpl, readFileSync(certPath, 'utf8'), signingCertificate);
  const theirs = path.join(benchDir, `signed-xmlsec-${mbTarget}.xml`);
  const xsig = timed('xmlsec1', [
    '--sign',
    '--privkey-pem',
    `${keyPath},${certPath}`,
    '--id-attr:Id',
    'http://uri.etsi.org/01903/v1.3.2#:SignedProperties',
    '--output',
    theirs,
    tpl,
  ]);
  console.log(row(`${mb.toFixed(0)} MB  xmlsec1 sign`, mb, xsig));
  const xver = timed('xmlsec1', [
    '--verify',
    '--enabled-key-data',
    'x509',
    '--trusted-pem',
    ca,
    '--id-attr:Id',
    'http://uri.etsi.org/01903/v1.3.2#:SignedProperties',
    theirs,
  ]);
  console.log(row(`${mb.toFixed(0)} MB  xmlsec1 verify`, mb, xver));
  const cross = child(['verify', theirs, ca]);
  console.log(row(`${mb.toFixed(0)} MB  ours verify (xmlsec1's file)`, mb, cross));
}
