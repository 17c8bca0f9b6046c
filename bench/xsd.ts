/**
 * Benchmark (not a test): GİB XSD validation of a generated Yevmiye, our streaming validator next
 * to the system's libxml2 on the same file in the same run.
 *
 *   node scripts/run.mjs tsx bench/xsd.ts [sizes in MB, default "200"] [--messy] [--ours-only]
 *
 * For each size: generates the journal into var/bench/ (bench/journal-gen.ts; reused when there),
 * then
 * - ours: validateXsdStreaming in a child process bundled to plain `node` (bench/xsd-child.ts),
 *   so its peak RSS is the validator's own; the schema is compiled first and timed apart;
 * - xmllint --noout --nonet --stream --schema edefter.xsd (the XBRL imports mapped to the package
 *   by an XML catalog), wall time and peak RSS from /usr/bin/time.
 * The journal is an unsigned draft: ours validates it with edefter_unsigned.xsd; xmllint, given
 * edefter.xsd, reports one error (the root's missing ds:Signature), as expected.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeJournal } from './journal-gen.ts';
import { xmllintCatalog } from '../test/kit/xmllint-ref.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'var', 'bench');
const args = process.argv.slice(2);
const messy = args.includes('--messy');
const oursOnly = args.includes('--ours-only');
const sizes = (args.find((x) => /^\d/.test(x)) ?? '200').split(',').map(Number);
const gibDir = process.env.EDEFTER_GIB_PACKAGE ?? path.resolve(root, '..', 'shared', 'gib');

interface Run {
  seconds: number;
  maxRssMiB: number;
  compileSeconds?: number;
  ok?: boolean;
  count?: number;
  first?: string;
}

/** Bundles bench/xsd-child.ts for plain `node` (esbuild comes with tsx); falls back to tsx. */
async function bundleChild(): Promise<string[]> {
  try {
    const req = createRequire(createRequire(import.meta.url).resolve('tsx'));
    const esbuild = req('esbuild') as { build(o: Record<string, unknown>): Promise<unknown> };
    const out = path.join(benchDir, 'xsd-child.mjs');
    await esbuild.build({
      entryPoints: [path.join(root, 'bench', 'xsd-child.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: out,
      logLevel: 'error',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    return [process.execPath, out];
  } catch (e) {
    console.log(`(esbuild unavailable, running the child with tsx: ${(e as Error).message})`);
    return [path.join(root, 'node_modules', '.bin', 'tsx'), path.join(root, 'bench', 'xsd-child.ts')];
  }
}

function row(name: string, mb: number, r: Run, note = ''): string {
  const speed = (mb / r.seconds).toFixed(0).padStart(6);
  return `${name.padEnd(30)} ${r.seconds.toFixed(2).padStart(7)} s ${speed} MB/s ${r.maxRssMiB.toFixed(0).padStart(6)} MiB  ${note}`;
}

mkdirSync(benchDir, { recursive: true });
const childCmd = await bundleChild();
const child = (argv: string[]): Run => {
  const r = spawnSync(childCmd[0], [...childCmd.slice(1), ...argv], { encoding: 'utf8', cwd: root });
  if (r.status !== 0) throw new Error(`xsd-child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Run;
};
const idle = child(['idle']);
const load = loadavg()
  .map((x) => x.toFixed(1))
  .join(' ');
console.log(
  `Node ${process.version}, ${path.basename(childCmd[0])} child, baseline RSS ${idle.maxRssMiB.toFixed(0)} MiB; ` +
    `${messy ? 'messy' : 'typical'} layout; load average ${load} on ${cpus().length} CPUs`,
);
console.log(`${'run'.padEnd(30)} ${'wall'.padStart(9)} ${'speed'.padStart(11)} ${'peak RSS'.padStart(10)}`);
for (const mbTarget of sizes) {
  const input = path.join(benchDir, `journal-${mbTarget}MB${messy ? '-messy' : ''}.xml`);
  if (!existsSync(input) || Math.abs(statSync(input).size - mbTarget * 1e6) > 2e6) await writeJournal(input, mbTarget * 1e6, { messy });
  const mb = statSync(input).size / 1e6;
  const ours = child([input, gibDir, '--draft']);
  console.log(
    row(
      `${mb.toFixed(0)} MB  ours (streaming)`,
      mb,
      ours,
      `${ours.ok ? 'valid' : `INVALID (${ours.count}): ${ours.first}`}; schema compiled in ${ours.compileSeconds!.toFixed(2)} s (not in the time)`,
    ),
  );
  if (oursOnly) continue;
  const xsd = path.join(gibDir, 'xsd', 'edefter.xsd');
  const x = spawnSync('/usr/bin/time', ['-f', '%e %M', 'xmllint', '--noout', '--nonet', '--stream', '--schema', xsd, input], {
    encoding: 'utf8',
    env: { ...process.env, XML_CATALOG_FILES: xmllintCatalog(path.dirname(xsd)) },
    maxBuffer: 1 << 28,
  });
  const m = /([\d.]+) (\d+)\s*$/.exec(x.stderr.trim());
  if (!m) throw new Error(`no /usr/bin/time output: ${x.stderr.slice(-500)}`);
  const errors = x.stderr.split('\n').filter((l) => l.includes('validity error'));
  console.log(
    row(
      `${mb.toFixed(0)} MB  xmllint --stream`,
      mb,
      { seconds: +m[1], maxRssMiB: +m[2] / 1024 },
      `${errors.length} error(s)${errors[0] ? `: ${errors[0].replace(/^.*?error : /, '').slice(0, 120)}` : ''} (schema parse included)`,
    ),
  );
}
