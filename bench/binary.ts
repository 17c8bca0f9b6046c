/**
 * Benchmark (not a test) of the single executable dist-release/edefter (issue 15 item 1) against its targets:
 *
 *   node scripts/run.mjs tsx bench/binary.ts [--build] [--runs 10] [--mb 86] [--no-sign] [--sign-only] [--keep-extra-ca] [--bin <path>]
 *
 * - size of the binary;
 * - start to first output: `edefter --version` (answered before the bundle loads; target ≤ 150 ms) and `edefter --help`
 *   (the whole CLI loaded from the extracted cache with its V8 code cache), median and min wall time of `--runs` runs,
 *   measured around the spawn; empty `node -e 0` beside it as the machine's floor;
 * - idle RSS of `edefter bridge --port 0` (VmRSS from /proc 3 s and 45 s after "bridge running", split into anonymous and
 *   file pages, temp HOME; target ≤ 64 MiB) on its second start: the first (its 3 s figure printed too) makes the local
 *   CA and has no code cache of its own yet;
 * - signing the pretty-printed CRLF ("messy", bench/journal-gen.ts) journal of `--mb` MB (default 86) as a whole
 *   process: `edefter sign` on the SoftHSM2 demo token (RSA-2048 certificate) against `xmlsec1 --sign` with an RSA-2048
 *   PEM key on a template of the same profile (enveloped reference, C14N 1.0 with comments, SHA-256), same file, same run,
 *   both signatures checked by xmlsec1; the ratio xmlsec1 / ours (target ≥ 13×). Each signer runs `--runs` times
 *   (taking turns, so load changes hit both alike); the rows give the median and the fastest run, the ratio both.
 *   `--sign-only` skips the start-up and RSS rows.
 * NODE_EXTRA_CA_CERTS is unset for every process it starts (as NODE_OPTIONS is) unless `--keep-extra-ca`: this
 * machine sets it to the whole system CA bundle, which Node parses at every start before any script runs (~35 ms
 * CPU, 144 certificates); a user's machine does not set it, and xmlsec1 does not read it.
 * `--build` rebuilds the binary first (packaging/sea/build.mjs); without it an existing binary is used; `--bin <path>` measures
 * another binary instead of dist-release/edefter.
 * Prints the load average: figures taken on a busy machine are noisy.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  closeSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { once } from 'node:events';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoIdentity } from '../packages/dev/src/pki/demo-identity.ts';
import { issueWithNewKey, maliMuhurSubject } from '../packages/dev/src/pki/demo-pki.ts';
import { writeJournal } from './journal-gen.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name: string, dflt: number): number => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const runs = opt('--runs', 10);
const mbTarget = opt('--mb', 86);
const BIN = args.includes('--bin') ? path.resolve(args[args.indexOf('--bin') + 1]) : path.join(root, 'dist-release', 'edefter');
const benchDir = path.join(root, 'var', 'bench');
const work = mkdtempSync(path.join(tmpdir(), 'edefter-binary-bench-'));
const id = demoIdentity();
const env: NodeJS.ProcessEnv = {
  ...process.env,
  HOME: work,
  XDG_CONFIG_HOME: path.join(work, '.config'),
  EDEFTER_CACHE_DIR: path.join(work, 'cache'),
  SOFTHSM2_CONF: process.env.SOFTHSM2_CONF ?? path.join(root, 'var', 'softhsm', 'softhsm2.conf'),
  EDEFTER_PIN: id.pin,
};
delete env.NODE_OPTIONS;
const extraCa = env.NODE_EXTRA_CA_CERTS;
if (!args.includes('--keep-extra-ca')) delete env.NODE_EXTRA_CA_CERTS;

/** Wall milliseconds of one run (spawn to exit). @throws Error with its output when it fails */
function wallMs(cmd: string, argv: string[]): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd: work, env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
  return ms;
}

/** Median and min of `runs` runs, formatted. */
function startRow(label: string, cmd: string, argv: string[]): string {
  const t = Array.from({ length: runs }, () => wallMs(cmd, argv)).sort((a, b) => a - b);
  return `${label.padEnd(44)} median ${t[Math.floor(t.length / 2)].toFixed(0).padStart(5)} ms   min ${t[0].toFixed(0).padStart(5)} ms`;
}

/** VmRSS, RssAnon and RssFile (MiB) of process `pid`, formatted. */
function rssOf(pid: number): string {
  const st = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string): number => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(st)?.[1] ?? 0) / 1024;
  return `${kb('VmRSS').toFixed(1)} MiB (heap and other anonymous ${kb('RssAnon').toFixed(1)}, binary and file pages ${kb('RssFile').toFixed(1)})`;
}

/**
 * Idle RSS of `edefter bridge --port 0`: 3 s after it printed "bridge running", and 45 s after (V8's memory reducer
 * gives back the start-up heap after about half a minute of idleness); `settle: false` stops it after the first.
 * Stopped with SIGTERM (it exits as from Ctrl-C, writing its code cache on the first run).
 */
async function bridgeIdleRss(settle = true): Promise<{ early: string; settled: string }> {
  const child = spawn(BIN, ['bridge', '--port', '0'], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = once(child, 'exit');
  let out = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`bridge did not start:\n${out}`)), 60_000);
      const on = (b: Buffer): void => {
        out += b.toString('utf8');
        if (/bridge running:/.test(out)) {
          clearTimeout(t);
          resolve();
        }
      };
      child.stdout.on('data', on);
      child.stderr.on('data', on);
      child.once('exit', () => {
        clearTimeout(t);
        reject(new Error(`bridge exited:\n${out}`));
      });
    });
    await new Promise((r) => setTimeout(r, 3000));
    const early = rssOf(child.pid!);
    if (!settle) return { early, settled: '' };
    await new Promise((r) => setTimeout(r, 42_000));
    return { early, settled: rssOf(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** Copies `input` with an xmlsec1 signature template (enveloped, C14N 1.0 #WithComments, rsa-sha256) before the root end tag. */
async function xmlsecTemplate(input: string, out: string, certPem: string): Promise<void> {
  const size = statSync(input).size;
  const tail = Buffer.alloc(Math.min(size, 4096));
  const fd = openSync(input, 'r');
  readSync(fd, tail, 0, tail.length, size - tail.length);
  closeSync(fd);
  const at = size - tail.length + tail.lastIndexOf('</edefter:defter>');
  const sig =
    '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="Signature_1"><ds:SignedInfo>' +
    '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments"/>' +
    '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI=""><ds:Transforms>' +
    '<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></ds:Transforms>' +
    '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference></ds:SignedInfo>' +
    `<ds:SignatureValue/><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certPem.replace(/-----[^-]+-----|\s/g, '')}` +
    '</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>';
  const w = createWriteStream(out);
  for await (const c of createReadStream(input, { end: at - 1 })) if (!w.write(c)) await once(w, 'drain');
  w.write(sig);
  for await (const c of createReadStream(input, { start: at })) if (!w.write(c)) await once(w, 'drain');
  w.end();
  await once(w, 'close');
}

/** One run under GNU time: wall seconds, CPU seconds (user + system, all threads), peak RSS (MiB). */
interface Timed {
  s: number;
  cpu: number;
  rss: number;
}

/** The run with the median wall time (the upper one of an even count). */
function medianRun(t: Timed[]): Timed {
  return [...t].sort((a, b) => a.s - b.s)[Math.floor(t.length / 2)];
}

/** Whole-process wall seconds, CPU seconds (user + system, all threads) and peak RSS (MiB) under GNU time. */
function timed(cmd: string, argv: string[]): Timed {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', cmd, ...argv], { cwd: work, env, encoding: 'utf8', maxBuffer: 1 << 26 });
  const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${cmd} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return { s: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), rss: Number(m[4]) / 1024 };
}

try {
  if (args.includes('--build') || !existsSync(BIN)) {
    const b = spawnSync(process.execPath, [path.join(root, 'packaging', 'sea', 'build.mjs'), '--out', BIN], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('packaging/sea/build.mjs failed');
  }
  console.log(
    `${path.relative(root, BIN)} ${spawnSync(BIN, ['--version'], { encoding: 'utf8' }).stdout.trim()}: ` +
      `${(statSync(BIN).size / 1048576).toFixed(1)} MiB; load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')} on ${cpus().length} CPUs`,
  );
  if (extraCa) console.log(`NODE_EXTRA_CA_CERTS ${env.NODE_EXTRA_CA_CERTS ? 'kept' : 'unset (see the header; --keep-extra-ca keeps it)'}`);
  wallMs(BIN, ['--help']); // first run: extracts the assets and writes the code cache
  wallMs(BIN, ['--help']);
  if (!args.includes('--sign-only')) {
    console.log(startRow('node -e 0 (floor)', process.execPath, ['-e', '0']));
    console.log(startRow('edefter --version (target ≤ 150 ms)', BIN, ['--version']));
    console.log(startRow('edefter --help (whole CLI, code cache)', BIN, ['--help']));
    // the first start makes the local CA and server certificate and has no code cache of its own yet (written when
    // it stops); every later start (each login) reuses both, and that is the idle bridge the target is about
    const first = await bridgeIdleRss(false);
    console.log(`${'edefter bridge first start (new CA), 3 s'.padEnd(44)} ${first.early}`);
    const idle = await bridgeIdleRss();
    console.log(`${'edefter bridge idle RSS, 3 s (target ≤ 64 MiB)'.padEnd(44)} ${idle.early}`);
    console.log(`${'edefter bridge idle RSS, 45 s'.padEnd(44)} ${idle.settled}`);
  }

  if (!args.includes('--no-sign')) {
    mkdirSync(benchDir, { recursive: true });
    const input = path.join(benchDir, `journal-${mbTarget}MB-messy.xml`);
    if (!existsSync(input) || Math.abs(statSync(input).size - mbTarget * 1e6) > 2e6) await writeJournal(input, mbTarget * 1e6, { messy: true });
    const mb = statSync(input).size / 1e6;
    const key = await issueWithNewKey({
      keyType: 'rsa',
      subject: maliMuhurSubject('6090408038', 'DEMO TİCARET A.Ş.'),
      keyUsage: ['digitalSignature', 'nonRepudiation'],
    });
    const keyPath = path.join(work, 'key.pem');
    const certPath = path.join(work, 'cert.pem');
    writeFileSync(keyPath, key.privateKeyPem, { mode: 0o600 });
    writeFileSync(certPath, key.pem);
    const tpl = path.join(work, 'template.xml');
    await xmlsecTemplate(input, tpl, key.pem);
    const ours = path.join(work, '6090408038-202601-Y-000000.xml');
    const theirs = path.join(work, 'signed-xmlsec.xml');
    const oursRuns: Timed[] = [];
    const theirRuns: Timed[] = [];
    for (let i = 0; i < runs; i++) {
      // a new output each time, as when a user signs: replacing the last run's file would add its deletion (86 MB of
      // blocks freed, with discard on this disk) to the rename of ours and to the truncation of xmlsec1's output
      rmSync(ours, { force: true });
      rmSync(theirs, { force: true });
      oursRuns.push(timed(BIN, ['sign', input, '-o', ours, '--token', id.tokenLabel, '--cert', 'rsa']));
      theirRuns.push(timed('xmlsec1', ['--sign', '--privkey-pem', `${keyPath},${certPath}`, '--output', theirs, tpl]));
    }
    const o = medianRun(oursRuns);
    const x = medianRun(theirRuns);
    const oMin = Math.min(...oursRuns.map((r) => r.s));
    const xMin = Math.min(...theirRuns.map((r) => r.s));
    const caPem = path.join(root, 'var', 'demo-pki', 'ca.pem');
    const okOurs =
      spawnSync('xmlsec1', [
        '--verify',
        '--enabled-key-data',
        'x509',
        '--trusted-pem',
        caPem,
        '--id-attr:Id',
        'http://uri.etsi.org/01903/v1.3.2#:SignedProperties',
        ours,
      ]).status === 0;
    const okTheirs = spawnSync('xmlsec1', ['--verify', '--enabled-key-data', 'x509', '--trusted-pem', caPem, theirs]).status === 0;
    console.log(`sign ${mb.toFixed(0)} MB messy (CRLF, pretty-printed), whole process, median of ${runs} (fastest):`);
    console.log(
      `  edefter sign (SoftHSM2, RSA-2048)  ${o.s.toFixed(2).padStart(7)} s (${oMin.toFixed(2)}) ${(mb / o.s).toFixed(0).padStart(5)} MB/s ${o.rss.toFixed(0).padStart(5)} MiB  cpu ${o.cpu.toFixed(2)} s  xmlsec1 verifies: ${okOurs}`,
    );
    console.log(
      `  xmlsec1 --sign (PEM RSA-2048)      ${x.s.toFixed(2).padStart(7)} s (${xMin.toFixed(2)}) ${(mb / x.s).toFixed(0).padStart(5)} MB/s ${x.rss.toFixed(0).padStart(5)} MiB  cpu ${x.cpu.toFixed(2)} s  xmlsec1 verifies: ${okTheirs}`,
    );
    console.log(
      `  ratio xmlsec1 / edefter: ${(x.s / o.s).toFixed(1)}× wall of the medians (fastest: ${(xMin / oMin).toFixed(1)}×; target ≥ 13×), ${(x.cpu / o.cpu).toFixed(1)}× CPU time`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
