/**
 * Child process of bench/validate.ts: one validation pass over one file, in its own process so that
 * its peak RSS (process.resourceUsage().maxRSS) is the validator's own. Prints one JSON line
 * `{ seconds, cpuSeconds, maxRssMiB, count, first? }`.
 *
 * Modes: `lex` — the byte lexer alone (the floor every layer shares); `walk` — bench/tag-walk.ts, a byte-level walk
 * with a start-tag cache that checks nothing (the floor a byte-level validator could build on); `rules` — every GİB schematron
 * assert (validate/gib-rules, layer c); `all` — validateFiles with layers a, b and c (threads 1);
 * `ab` — validateFiles with layers a and b only; `xsd` — layer b alone (validateXsdStreaming);
 * `idle` — an empty Node child (baseline RSS).
 * Usage: tsx bench/validate-child.ts <lex|walk|rules|all|ab|xsd|idle> <file.xml> [gib package dir]
 */
import { lexFile } from '../packages/bridge/src/validate/xml-read.ts';
import { checkGibRules } from '../packages/bridge/src/validate/gib-rules/index.ts';
import { resolveGibPackage, validateFiles } from '../packages/bridge/src/validate/index.ts';
import { validateXsdStreaming } from '../packages/bridge/src/validate/xsd/stream.ts';
import { tagWalk } from './tag-walk.ts';

/** The lexer alone, fed by the product's reader (validate/xml-read.ts and its byte lexer). */
async function lex(file: string): Promise<number> {
  let n = 0;
  await lexFile(file, {
    start() {
      n++;
    },
    end() {},
    text() {},
  });
  return n;
}

async function main(): Promise<void> {
  const [mode, file, gibDir] = process.argv.slice(2);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const out: Record<string, unknown> = {};
  if (mode === 'lex') out.elements = await lex(file);
  else if (mode === 'walk') {
    const w = tagWalk(file);
    out.elements = w.starts;
    out.first = `${w.hits} of ${w.starts} start tags recognised by the cache, ${w.distinct} distinct`;
  } else if (mode === 'rules') {
    const gib = resolveGibPackage(gibDir)!;
    const r = await checkGibRules(file, { gib, ignore: (f) => f.test === 'ds:Signature' });
    out.count = r.count;
    if (r.failures[0]) out.first = `${r.failures[0].ruleId} ${r.failures[0].tr}`;
  } else if (mode === 'all') {
    const gib = resolveGibPackage(gibDir)!;
    const [r] = await validateFiles([file], { gib, threads: 1 });
    out.count = { a: r.a.count, b: r.b.count, c: r.c.count };
    const f = [...r.a.findings, ...r.b.findings, ...r.c.findings][0];
    if (f) out.first = `[${f.layer}] ${f.code} ${f.tr}`;
  } else if (mode === 'ab') {
    const gib = resolveGibPackage(gibDir)!;
    const [r] = await validateFiles([file], { gib, threads: 1, layers: ['a', 'b'] });
    out.count = { a: r.a.count, b: r.b.count };
  } else if (mode === 'xsd') {
    const r = await validateXsdStreaming(file, resolveGibPackage(gibDir)!, { draft: true });
    out.count = r.count;
    if (r.findings[0]) out.first = r.findings[0].en;
  } else if (mode !== 'idle') throw new Error(`unknown mode ${mode}`);
  const cu = process.cpuUsage(c0);
  process.stdout.write(
    JSON.stringify({
      seconds: (performance.now() - t0) / 1000,
      cpuSeconds: (cu.user + cu.system) / 1e6,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
      ...out,
    }) + '\n',
  );
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
