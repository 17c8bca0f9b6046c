/**
 * Benchmark (not a test): start time and memory of the `edefter` command, the plain-Node bundle
 * (packages/bridge/dist/edefter.mjs, `pnpm build`) against the development CLI (tsx, bin/edefter.mjs).
 *
 *   node scripts/run.mjs tsx bench/cli-start.ts [--runs 10] [--no-build]
 *
 * For each, `--runs` runs of `--version` and of `sign` of a tiny file (test/fixtures/sample-yevmiye.xml,
 * 24 KiB, EC key of the SoftHSM2 demo token) under GNU time: median and min wall time, median CPU
 * time (user + system, all threads) and peak RSS; and the idle RSS of `edefter bridge` (VmRSS from
 * /proc 2 s after it printed "bridge running", port 0, its own temp config and data folders).
 * Prints the load average too: figures taken on a busy machine are noisy.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoIdentity } from '../packages/dev/src/pki/demo-identity.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 10;
const SAMPLE = path.join(root, 'test', 'fixtures', 'sample-yevmiye.xml');
const id = demoIdentity();
const work = mkdtempSync(path.join(tmpdir(), 'edefter-cli-start-'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  SOFTHSM2_CONF: process.env.SOFTHSM2_CONF ?? path.join(root, 'var', 'softhsm', 'softhsm2.conf'),
  EDEFTER_PIN: id.pin,
};
delete env.NODE_OPTIONS;

/** The two ways to run `edefter`: [label, script]. */
const CLIS: Array<[string, string]> = [
  ['bundle (node dist/edefter.mjs)', path.join(root, 'packages', 'bridge', 'dist', 'edefter.mjs')],
  ['tsx CLI (bin/edefter.mjs)', path.join(root, 'packages', 'bridge', 'bin', 'edefter.mjs')],
];

/** One run under GNU time: wall and CPU (user + system) seconds, peak RSS (MiB). @throws Error with its output when it fails */
function run(script: string, argv: string[]): { wall: number; cpu: number; rss: number } {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', process.execPath, script, ...argv], { cwd: work, env, encoding: 'utf8' });
  const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
  return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), rss: Number(m[4]) / 1024 };
}

/** Median and min of wall and CPU seconds over `runs` runs, and the largest peak RSS (MiB); `argvOf(i)` gives run i's arguments. */
function series(script: string, argvOf: (i: number) => string[]): { wall: number; wallMin: number; cpu: number; rss: number } {
  const rs = Array.from({ length: runs }, (_, i) => run(script, argvOf(i)));
  const med = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    wall: med(rs.map((r) => r.wall)),
    wallMin: Math.min(...rs.map((r) => r.wall)),
    cpu: med(rs.map((r) => r.cpu)),
    rss: Math.max(...rs.map((r) => r.rss)),
  };
}

/** VmRSS (MiB) of `edefter bridge` 2 s after it started listening. */
async function bridgeIdleRss(script: string): Promise<number> {
  const dir = mkdtempSync(path.join(work, 'bridge-'));
  mkdirSync(path.join(dir, 'home'));
  const child = spawn(process.execPath, [script, 'bridge', '--port', '0'], {
    cwd: work,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...env,
      HOME: path.join(dir, 'home'),
      XDG_CONFIG_HOME: path.join(dir, 'home', '.config'),
      EDEFTER_CONFIG_DIR: path.join(dir, 'config'),
      EDEFTER_DATA_DIR: path.join(dir, 'data'),
    },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const t = setTimeout(() => reject(new Error(`bridge did not start: ${out}`)), 60_000);
      const on = (b: Buffer): void => {
        out += b.toString('utf8');
        if (/bridge running/.test(out)) {
          clearTimeout(t);
          resolve();
        }
      };
      child.stdout.on('data', on);
      child.stderr.on('data', on);
      child.once('exit', () => {
        clearTimeout(t);
        reject(new Error(`bridge exited: ${out}`));
      });
    });
    await new Promise((r) => setTimeout(r, 2_000));
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    return Number(m![1]) / 1024;
  } finally {
    child.kill('SIGTERM');
  }
}

if (!args.includes('--no-build')) {
  const b = spawnSync(process.execPath, [path.join(root, 'packages', 'bridge', 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(1);
}
const f = (s: number): string => `${(s * 1000).toFixed(0)} ms`;
const signArgs = (n: number): string[] => [
  'sign',
  SAMPLE,
  '-o',
  path.join(work, `6090408038-202610-Y-${String(n).padStart(6, '0')}.xml`),
  '--token',
  id.tokenLabel,
  '--cert',
  'ec',
];
console.log(
  `runs ${runs}; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (2 cores shared: wall times are noisy, CPU times less so)`,
);
let n = 0;
for (const [label, script] of CLIS) {
  const version = series(script, () => ['--version']);
  const sign = series(script, () => signArgs(n++));
  const idle = await bridgeIdleRss(script);
  console.log(
    `${label}\n  --version: wall median ${f(version.wall)} (min ${f(version.wallMin)}), CPU median ${f(version.cpu)}; peak RSS ${version.rss.toFixed(0)} MiB` +
      `\n  sign (24 KiB, demo token): wall median ${f(sign.wall)} (min ${f(sign.wallMin)}), CPU median ${f(sign.cpu)}; peak RSS ${sign.rss.toFixed(0)} MiB` +
      `\n  bridge idle RSS: ${idle.toFixed(0)} MiB`,
  );
}
rmSync(work, { recursive: true, force: true });
