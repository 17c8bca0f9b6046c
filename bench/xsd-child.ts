/**
 * Child process of bench/xsd.ts: validates one file against GİB's XSD with our streaming validator
 * (validateXsdStreaming) and prints `{ seconds, compileSeconds, maxRssMiB, ok, count, first }` as
 * JSON. Its own process, so the peak RSS (process.resourceUsage().maxRSS) is the validator's.
 *
 * Usage: tsx bench/xsd-child.ts <file.xml> <gib-package-dir> [--draft]   |   tsx bench/xsd-child.ts idle
 */
import { compileXsd } from '../packages/bridge/src/validate/xsd/compile.ts';
import { entrySchemaFor, validateXsdStreaming } from '../packages/bridge/src/validate/xsd/stream.ts';
import { gibPackageAt } from '../packages/bridge/src/validate/gib-package.ts';

async function main(): Promise<void> {
  const [file, dir, flag] = process.argv.slice(2);
  if (file === 'idle') {
    console.log(JSON.stringify({ seconds: 0, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
    return;
  }
  const gib = gibPackageAt(dir);
  if (!gib) throw new Error(`no GİB package at ${dir}`);
  const draft = flag === '--draft';
  const c0 = performance.now();
  await compileXsd(entrySchemaFor(gib, draft));
  const t0 = performance.now();
  const r = await validateXsdStreaming(file, gib, { draft });
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    JSON.stringify({
      seconds,
      compileSeconds: (t0 - c0) / 1000,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
      ok: r.ok,
      count: r.count,
      first: r.findings[0]?.en,
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
