/**
 * Benchmark: a 1,000,000-line month from the ERP CSV to signed Y, K, YB, KB (and DR) in GİB's folder
 * layout — the whole `edefter month` flow (flows/build-month.ts) — with EVERY file fully validated:
 * layers a (ours), b (GİB XSD) and c (GİB's schematron rules) on every signed Y and K part, the berats
 * and the DR (issue 14 item 4: ≤ 30 s wall on 2 cores, ≤ 256 MiB peak RSS of the whole process tree).
 *
 *   node scripts/run.mjs tsx bench/month.ts [--lines 1000000] [--sources] [--keep] [--timeline]
 *
 * The flow runs in a child process built like the product (`pnpm build` → plain-Node bundle): this
 * script bundles bench/month-child.ts with esbuild into var/bench/month/ and the bridge's workers beside
 * it (workers/month-worker.mjs, part-worker.mjs, check-worker.mjs, hash-worker.mjs), so worker threads load built code,
 * not tsx (`--sources` runs the child from the TypeScript sources through tsx instead, for comparison).
 * The parent samples /proc every 250 ms for the child and all its descendants (threads are in their
 * process's RSS) and prints the peak of the tree's summed VmRSS, the wall time and the load average.
 *
 * The CSV is generated once into var/bench/ (not timed). Signing uses a software RSA key with a TEST
 * certificate (the card only signs SignedInfo anyway). No assertions: figures only.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../packages/dev/src/pki/demo-identity.ts';
import { issueWithNewKey, maliMuhurSubject } from '../packages/dev/src/pki/demo-pki.ts';
import { writeMonthCsv } from '../packages/dev/src/fixtures/generate-month.ts';

const arg = (k: string) => process.argv.includes(k);
const val = (k: string, d: string) => {
  const i = process.argv.indexOf(k);
  return i > 0 ? process.argv[i + 1] : d;
};
const LINES = Number(val('--lines', '1000000'));
const dir = path.join(repoRoot, 'var', 'bench');
const buildDir = path.join(dir, 'month');
fs.mkdirSync(buildDir, { recursive: true });
const MiB = (n: number) => `${(n / 1048576).toFixed(0)} MiB`;

/** Bundles bench/month-child.ts for plain Node with the bridge's workers beside it (workers/spawn.ts finds them there). */
async function bundleChild(): Promise<string[]> {
  const req = createRequire(createRequire(import.meta.url).resolve('tsx'));
  const esbuild = req('esbuild') as { build(o: Record<string, unknown>): Promise<unknown> };
  const src = (p: string) => path.join(repoRoot, 'packages/bridge/src', p);
  // chunks of earlier builds (their names change with their content) would pile up
  for (const f of fs.readdirSync(buildDir)) if (/^month-chunk-.*\.mjs$/.test(f)) fs.rmSync(path.join(buildDir, f));
  await esbuild.build({
    entryPoints: {
      'month-child': path.join(repoRoot, 'bench', 'month-child.ts'),
      'workers/part-worker': src('flows/part-worker.ts'),
      'workers/month-worker': src('flows/month-worker.ts'),
      'workers/check-worker': src('validate/own/check-worker.ts'),
      'workers/hash-worker': src('xades/hash-worker.ts'),
    },
    // chunks beside month-child.mjs: workers/spawn.ts resolves workers/<name>-worker.mjs from the chunk's URL
    bundle: true,
    splitting: true,
    chunkNames: 'month-chunk-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: buildDir,
    outExtension: { '.js': '.mjs' },
    logLevel: 'error',
    external: ['pkcs11js', 'better-sqlite3'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  // the native packages stay external (as in scripts/build.mjs): resolve them from the bridge package
  const nm = path.join(buildDir, 'node_modules');
  if (!fs.existsSync(nm)) fs.symlinkSync(path.join(repoRoot, 'packages/bridge/node_modules'), nm);
  return [process.execPath, path.join(buildDir, 'month-child.mjs')];
}

/** Pids of `root` and all its descendants (from /proc/<pid>/task/<tid>/children). */
function tree(root: number): number[] {
  const out: number[] = [];
  const todo = [root];
  while (todo.length) {
    const p = todo.pop()!;
    out.push(p);
    let tasks: string[] = [];
    try {
      tasks = fs.readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      try {
        for (const c of fs.readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim().split(/\s+/)) if (c) todo.push(Number(c));
      } catch {
        /* gone */
      }
    }
  }
  return out;
}

/** VmRSS of a process in bytes (0 when it is gone). */
function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

async function main() {
  // ~2.68 lines per madde in the generator.
  const entries = Math.round(LINES / 2.68);
  const csv = path.join(dir, `6090408038-202601-${LINES}.csv`);
  if (!fs.existsSync(csv)) {
    const t = Date.now();
    const n = await writeMonthCsv(csv, { year: 2026, month: 1, entries, seed: 42 });
    console.log(
      `CSV üretildi / generated: ${n.toLocaleString('tr-TR')} satır, ${MiB(fs.statSync(csv).size)}, ${((Date.now() - t) / 1000).toFixed(1)} s (süreye dahil değil / not timed)`,
    );
  }
  const company = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/fixtures/company.json'), 'utf8')) as { vkn: string; title: string };
  const c = await issueWithNewKey({ keyType: 'rsa', subject: maliMuhurSubject(company.vkn, company.title), keyUsage: ['digitalSignature', 'nonRepudiation'] });
  const keyPem = path.join(buildDir, 'key.pem'),
    certPem = path.join(buildDir, 'cert.pem');
  fs.writeFileSync(keyPem, c.privateKeyPem, { mode: 0o600 });
  fs.writeFileSync(certPem, c.pem);
  const cmd = arg('--sources') ? [path.join(repoRoot, 'node_modules', '.bin', 'tsx'), path.join(repoRoot, 'bench', 'month-child.ts')] : await bundleChild();
  const out = path.join(dir, 'out');
  fs.rmSync(out, { recursive: true, force: true });
  const gibDir = path.resolve(repoRoot, '..', 'shared', 'gib');
  const load0 = os.loadavg();
  const t0 = Date.now();
  const child = spawn(cmd[0], [...cmd.slice(1), csv, path.join(repoRoot, 'test/fixtures/company.json'), gibDir, out, keyPem, certPem], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let peak = 0,
    peakProcs = 0;
  const samples: number[] = [];
  const sample = () => {
    const pids = tree(child.pid!);
    const rss = pids.reduce((s, p) => s + rssOf(p), 0);
    if (rss > peak) {
      peak = rss;
      peakProcs = pids.length;
    }
    samples.push(rss);
    // --timeline: the tree's RSS every second on stderr, beside the child's step lines
    if (arg('--timeline') && samples.length % 4 === 0) process.stderr.write(`  ~ ${((Date.now() - t0) / 1000).toFixed(1)} s: ${MiB(rss)}\n`);
  };
  const timer = setInterval(sample, 250);
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  const code = await new Promise<number>((r) => child.on('close', (x) => r(x ?? 1)));
  clearInterval(timer);
  const wall = Date.now() - t0;
  const load1 = os.loadavg();
  if (code !== 0) {
    console.error(`month-child çıkış kodu / exit code ${code}`);
    process.exit(1);
  }
  const r = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
    entries: number;
    lines: number;
    parts: number;
    files: { name: string; kind: string; bytes: number }[];
    reports: { file: string; ok: boolean; layers: string[] }[];
    phases: { step: string; t: number; cpu: number; rss: number }[];
    wallMs: number;
    cpuMs: number;
    maxRss: number;
  };
  console.log(
    `\nAy / month: ${r.entries.toLocaleString('tr-TR')} madde, ${r.lines.toLocaleString('tr-TR')} satır, ${r.parts} parça; çocuk / child: ${arg('--sources') ? 'tsx (sources)' : 'built bundle (plain Node)'}`,
  );
  for (const f of r.files) console.log(`  ${f.name.padEnd(34)} ${MiB(f.bytes).padStart(10)}`);
  console.log('Doğrulama / validation of every signed file:');
  for (const x of r.reports) console.log(`  ${x.file.padEnd(34)} ${x.ok ? 'geçti / pass' : 'HATA / FAIL'}  ${x.layers.join(', ')}`);
  const merged = new Map<string, { wall: number; cpu: number; rss: number }>();
  for (let i = 0; i + 1 < r.phases.length; i++) {
    const p = r.phases[i],
      q = r.phases[i + 1];
    const m = merged.get(p.step) ?? { wall: 0, cpu: 0, rss: p.rss };
    m.wall += q.t - p.t;
    m.cpu += q.cpu - p.cpu;
    merged.set(p.step, m);
  }
  for (const [k, m] of merged) {
    console.log(
      `  ${k.padEnd(16)} ${(m.wall / 1000).toFixed(1).padStart(6)} s wall ${(m.cpu / 1000).toFixed(1).padStart(6)} s CPU (child, all threads)   child RSS at start ${MiB(m.rss)}`,
    );
  }
  const sorted = [...samples].sort((a, b) => a - b);
  console.log(
    `Toplam / total (CSV → imzalı, a+b+c katmanlarında doğrulanmış Y, K, YB, KB, DR): ${(wall / 1000).toFixed(1)} s duvar / wall ` +
      `(child ${(r.wallMs / 1000).toFixed(1)} s), ${(r.cpuMs / 1000).toFixed(1)} s CPU; ${os.cpus().length} CPU`,
  );
  console.log(
    `Tepe RSS, süreç ağacı / peak RSS of the process tree (/proc every 250 ms): ${MiB(peak)} (${peakProcs} süreç / processes; ` +
      `samples median ${MiB(sorted[sorted.length >> 1] ?? 0)}); child maxRSS (getrusage) ${MiB(r.maxRss)}`,
  );
  console.log(
    `Yük / load average: start ${load0.map((x) => x.toFixed(1)).join(' ')}, end ${load1.map((x) => x.toFixed(1)).join(' ')} (other work on the machine slows this)`,
  );
  if (!arg('--keep')) fs.rmSync(out, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
