/**
 * Benchmark of validation (issue 14 item 4): on a generated Yevmiye (default 200 MB, bench/journal-gen.ts,
 * cached in $TMPDIR) measures, each in its own child process (peak RSS is the child's own):
 *  - the lexer alone (validate/byte-lexer.ts through lexFile: the floor of every layer), and a byte-level walk with a
 *    start-tag cache that checks nothing (bench/tag-walk.ts: the floor under that lexer),
 *  - every GİB schematron assert through our streaming rule engine (layer c),
 *  - validateFiles with layers a, b, c (single thread),
 *  - an empty Node child (baseline RSS),
 * and Java Saxon-HE running GİB's edefter_yevmiye.sch on the same file (the oracle kit), for the anchor.
 * Figures are MB/s of wall time and of CPU time (a shared machine makes wall time noisy) and peak RSS.
 *
 * `--file <x.xml>` measures a file of your own instead (a Kebir part of bench/month.ts, say), Saxon with the `.sch` of
 * its GİB name (the rule engine's kindFromName; edefter_yevmiye.sch when the name is not a GİB one).
 *
 * Usage: tsx bench/validate.ts [--mb 200] [--messy] [--file x.xml] [--no-saxon] [--ab] [--no-all]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { kindFromName } from '../packages/bridge/src/validate/gib-rules/index.ts';
import { writeJournal } from './journal-gen.ts';
import { runGibSchematron } from '../test/kit/gib-schematron.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const mb = Number(args[args.indexOf('--mb') + 1] ?? 200) || 200;
const messy = args.includes('--messy');
const given = args.includes('--file') ? path.resolve(args[args.indexOf('--file') + 1] ?? '') : null;
const benchDir = path.join(os.tmpdir(), `edefter-bench-validate-${process.getuid?.() ?? 0}`);
const gibDir = process.env.EDEFTER_GIB_PACKAGE ?? path.resolve(root, '..', 'shared', 'gib');

interface Run {
  seconds: number;
  cpuSeconds: number;
  maxRssMiB: number;
  count?: unknown;
  first?: string;
}

/** Bundles bench/validate-child.ts for plain `node` (esbuild comes with tsx); falls back to tsx. */
async function childCommand(): Promise<string[]> {
  try {
    const req = createRequire(createRequire(import.meta.url).resolve('tsx'));
    const esbuild = req('esbuild') as { build(o: Record<string, unknown>): Promise<unknown> };
    const out = path.join(benchDir, 'validate-child.mjs');
    await esbuild.build({
      entryPoints: { 'validate-child': path.join(root, 'bench', 'validate-child.ts') },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outdir: benchDir,
      outExtension: { '.js': '.mjs' },
      logLevel: 'error',
      external: ['pkcs11js', 'better-sqlite3', '@napi-rs/keyring'],
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    return [process.execPath, out];
  } catch (e) {
    console.log(`(esbuild unavailable, child runs with tsx: ${(e as Error).message})`);
    return [path.join(root, 'node_modules', '.bin', 'tsx'), path.join(root, 'bench', 'validate-child.ts')];
  }
}

async function main(): Promise<void> {
  mkdirSync(benchDir, { recursive: true });
  const file = given ?? path.join(benchDir, `6090408038-202610-Y-${messy ? '900001' : '000001'}.xml`);
  // GİB's name tells which .sch checks the file, as for the rule engine in the children
  const sch = kindFromName(file) ?? 'yevmiye';
  if (given === null && (!existsSync(file) || Math.abs(statSync(file).size - mb * 1e6) > 2e6)) {
    console.log(`writing a ${mb} MB ${messy ? 'messy ' : ''}Yevmiye to ${file} …`);
    await writeJournal(file, mb * 1e6, { messy });
  }
  const size = statSync(file).size;
  const cmd = await childCommand();
  const child = (mode: string): Run => {
    const r = spawnSync(cmd[0], [...cmd.slice(1), mode, file, gibDir], { encoding: 'utf8', cwd: root, maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`validate-child ${mode}: ${r.stderr.slice(-3000)}`);
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as Run;
  };
  const line = (name: string, r: Run) =>
    console.log(
      `${name.padEnd(34)} ${r.seconds.toFixed(2).padStart(7)} s ${(size / 1e6 / r.seconds).toFixed(1).padStart(7)} MB/s wall ` +
        `${(size / 1e6 / r.cpuSeconds).toFixed(1).padStart(7)} MB/s cpu ${r.maxRssMiB.toFixed(0).padStart(6)} MiB peak${r.count !== undefined ? `  findings ${JSON.stringify(r.count)}` : ''}${r.first ? `  (${r.first.slice(0, 80)})` : ''}`,
    );
  console.log(
    `file ${path.basename(file)}: ${(size / 1e6).toFixed(1)} MB${messy ? ' (messy: CRLF, attribute order, character references)' : ''}; load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  line('empty node child (baseline)', child('idle'));
  line('byte lexer alone', child('lex'));
  line('byte walk + tag cache, no checks', child('walk'));
  line(sch === 'yevmiye' ? 'GİB rules (all 131 yevmiye asserts)' : `GİB rules (every ${sch} assert)`, child('rules'));
  if (args.includes('--ab')) {
    line('GİB XSD alone (layer b)', child('xsd'));
    line('validateFiles a+b (1 thread)', child('ab'));
  }
  if (!args.includes('--no-all')) line('validateFiles a+b+c (1 thread)', child('all'));
  if (!args.includes('--no-saxon')) {
    const t0 = performance.now();
    const r = spawnSync(
      '/usr/bin/time',
      [
        '-f',
        '%M',
        process.execPath,
        '--import',
        'tsx',
        '-e',
        `import('${path.join(root, 'test/kit/gib-schematron.ts')}').then(async (k) => { const r = await k.runGibSchematron('${sch}', ${JSON.stringify(file)}); console.log(JSON.stringify({ n: r.failed.length, ms: r.ms })); })`,
      ],
      { encoding: 'utf8', cwd: root, maxBuffer: 1 << 26 },
    );
    const wall = (performance.now() - t0) / 1000;
    const rss = Number(/(\d+)\s*$/.exec(r.stderr.trim())?.[1] ?? 0) / 1024;
    const out = /\{.*\}/.exec(r.stdout)?.[0];
    console.log(
      `${`Java Saxon-HE, edefter_${sch}.sch`.padEnd(34)} ${wall.toFixed(2).padStart(7)} s ${(size / 1e6 / wall).toFixed(1).padStart(7)} MB/s wall  (JVM + node wrapper peak ${rss.toFixed(0)} MiB; ${out ?? r.stderr.slice(-300)})`,
    );
  }
  void runGibSchematron;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
