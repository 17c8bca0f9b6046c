/**
 * Issue 14 item 3: our streaming XSD validator (packages/bridge/src/validate/xsd/) gives the same
 * accept/reject verdict as libxml2's `xmllint --stream --schema` (system tool, test only) on a
 * corpus of every valid file kind the project writes and single-fault mutants:
 *  - valid: a real month (`edefter month` on the fixture export: Y, K, YB, KB, DR, signed with the
 *    demo token), an Envanter Defteri (E, EB), the sample yevmiye and a generated journal in the
 *    canonical and the messy layout (unsigned drafts), plus every .xml under EDEFTER_XSD_CORPUS
 *    (e.g. the output folder of `edefter uyumluluk --quick`) when that variable is set;
 *  - mutants: test/validation/xsd-mutants.ts on small copies of Y, K, YB, DR and E (missing, extra,
 *    swapped, renamed, wrong-namespace elements, bad values and attributes, xsi:nil…).
 * Every difference is listed with both tools' first message. The only ones allowed are in
 * {@link KNOWN}, each with its reason, and only where we reject what xmllint accepts.
 *
 * xmllint runs in tree mode (`--schema`, the schema compiled once for all files; it also checks
 * xs:ID uniqueness, as we do). `--stream` re-reads the schema for every file (≈ 1 s CPU each).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Element, Node } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeJournal } from '../../bench/journal-gen.ts';
import { resolveGibPackage } from '../../packages/bridge/src/validate/gib-package.ts';
import { validateXsdStreaming } from '../../packages/bridge/src/validate/xsd/stream.ts';
import { bridgeRequire, repoRoot, tmpDir } from './xsd-kit.ts';
import { xmllintVerdicts } from '../kit/xmllint-ref.ts';
import { xsdMutants } from './xsd-mutants.ts';

const { DOMParser, XMLSerializer } = bridgeRequire('@xmldom/xmldom') as typeof import('@xmldom/xmldom');
const CLI = path.join(repoRoot, 'packages/bridge/bin/edefter.mjs');
const GIB = path.resolve(repoRoot, '..', 'shared', 'gib');
const COMPANY = path.join(repoRoot, 'test/fixtures/company.json');
const ENV = { ...process.env, SOFTHSM2_CONF: process.env.SOFTHSM2_CONF ?? path.join(repoRoot, 'var/softhsm/softhsm2.conf'), EDEFTER_PROJECT_ROOT: repoRoot };

/**
 * Verdict differences allowed, by mutant kind (the text after the file name), with the reason.
 * Each is a case where libxml2 accepts what XSD 1.0 forbids.
 */
const KNOWN: [RegExp, string][] = [
  [
    /: bozuk base64 /,
    "libxml2 skips characters outside the base64 alphabet ('*') before counting (xmlschemastypes.c); " + "XSD's base64Binary lexical space forbids them",
  ],
];

/** XML files under a folder, recursively. */
function xmlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.xml'))
    .map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .sort();
}

/** Runs the CLI with the demo PIN on stdin. */
function edefter(args: string[]): void {
  const r = spawnSync(process.execPath, [CLI, ...args, '--token', 'DEMO MALI MUHUR', '--pin-stdin', '--gib-package', GIB], {
    cwd: repoRoot,
    encoding: 'utf8',
    input: '123456\n',
    timeout: 240_000,
    env: ENV,
  });
  if (r.status !== 0) throw new Error(`edefter ${args[0]} failed: ${r.stderr}${r.stdout}`);
}

/** Keeps the first `keep` elements named `local` (entries, accounts): a small copy of a big file for mutants. */
function shrink(xml: string, local: string, keep: number): string {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const els = Array.from(doc.getElementsByTagNameNS('*', local) as unknown as ArrayLike<Element>);
  for (const e of els.slice(keep)) e.parentNode!.removeChild(e);
  return new XMLSerializer().serializeToString(doc as unknown as Node);
}

/** Signed files are those with a ds:Signature or ds:SignatureValue; the rest are drafts. */
function isDraft(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  const st = fs.fstatSync(fd);
  const n = Math.min(st.size, 1 << 20);
  const buf = Buffer.alloc(n);
  fs.readSync(fd, buf, 0, n, st.size - n);
  fs.closeSync(fd);
  return !/<ds:Signature(Value)?[\s>]/.test(buf.toString('utf8'));
}

describe('XSD layer: our streaming validator ≡ xmllint --stream --schema', () => {
  const root = tmpDir('xsd-eq');
  const valid: string[] = [];
  const mutants: { file: string; name: string }[] = [];
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  beforeAll(async () => {
    // EDEFTER_XSD_PREBUILT: a folder holding an earlier run's month and envanter (reruns while developing).
    const pre = process.env.EDEFTER_XSD_PREBUILT;
    if (pre) valid.push(...xmlFiles(pre));
    else {
      const out = path.join(root, 'out');
      edefter(['month', path.join(repoRoot, 'test/fixtures/6090408038-202601.csv'), '--company', COMPANY, '--out', out]);
      const co = JSON.parse(fs.readFileSync(COMPANY, 'utf8'));
      const coEnv = path.join(root, 'company-env.json');
      fs.writeFileSync(coEnv, JSON.stringify({ ...co, envanterStart: 'new-business' }));
      edefter([
        'envanter',
        path.join(repoRoot, 'test/fixtures/envanter-20241231.csv'),
        '--date',
        '2024-12-31',
        '--company',
        coEnv,
        '--out',
        path.join(root, 'env'),
      ]);
      valid.push(...xmlFiles(out), ...xmlFiles(path.join(root, 'env')));
    }
    valid.push(path.join(repoRoot, 'test/fixtures/sample-yevmiye.xml'));
    for (const messy of [false, true]) {
      const f = path.join(root, `journal${messy ? '-messy' : ''}.xml`);
      await writeJournal(f, 1 << 20, { messy });
      valid.push(f);
    }
    if (process.env.EDEFTER_XSD_CORPUS) valid.push(...xmlFiles(process.env.EDEFTER_XSD_CORPUS));
    const mutDir = path.join(root, 'mut');
    fs.mkdirSync(mutDir);
    const byKind = (k: string) => valid.find((f) => new RegExp(`-${k}-\\d+\\.xml$`).test(f));
    const bases: [string | undefined, string, number][] = [
      [byKind('Y'), 'entryHeader', 10],
      [byKind('K'), 'entryHeader', 6],
      [byKind('YB'), '', 5],
      [byKind('DR'), '', 5],
      [byKind('E'), 'entryHeader', 5],
    ];
    let n = 0;
    for (const [file, local, perKind] of bases) {
      if (!file) continue;
      const text = fs.readFileSync(file, 'utf8');
      const base = local ? shrink(text, local, 3) : text;
      for (const m of [{ name: 'taban (değişmemiş)', xml: base }, ...xsdMutants(base, perKind)]) {
        const f = path.join(mutDir, `${String(++n).padStart(4, '0')}-${path.basename(file, '.xml')}.xml`);
        fs.writeFileSync(f, m.xml);
        mutants.push({ file: f, name: `${path.basename(file)}: ${m.name}` });
      }
    }
  }, 600_000);

  it('gives the same verdict as xmllint on every valid file and every mutant', async () => {
    const gib = resolveGibPackage(GIB)!;
    const files = [...valid, ...mutants.map((m) => m.file)];
    const drafts = new Set(files.filter(isDraft));
    const ref = await xmllintVerdicts(files, gib.xsd, drafts);
    const label = new Map(mutants.map((m) => [m.file, m.name]));
    const diffs: string[] = [];
    const known: string[] = [];
    let rejected = 0;
    for (const f of files) {
      const ours = await validateXsdStreaming(f, gib, { draft: drafts.has(f) });
      const theirs = ref.get(f)!;
      if (!theirs.ok) rejected++;
      if (ours.ok !== theirs.ok) {
        const name = label.get(f) ?? path.basename(f);
        const verdict = (ok: boolean) => (ok ? 'geçer' : 'reddeder');
        const line = `${name}: bizim ${verdict(ours.ok)} (${ours.findings[0]?.en ?? ''}); xmllint ${verdict(theirs.ok)} (${theirs.errors[0] ?? ''})`;
        const why = !ours.ok ? KNOWN.find(([re]) => re.test(name)) : undefined;
        if (why) known.push(`${line} — ${why[1]}`);
        else diffs.push(line);
      }
    }
    console.log(
      `XSD eşdeğerlik: ${valid.length} geçerli dosya, ${mutants.length} mutant (${rejected} xmllint'e göre geçersiz), ` +
        `${diffs.length} fark, ${known.length} bilinen fark`,
    );
    for (const d of known) console.log(`  BİLİNEN ${d}`);
    for (const d of diffs) console.log(`  FARK ${d}`);
    expect(valid.length).toBeGreaterThanOrEqual(10);
    expect(mutants.length - 5).toBeGreaterThanOrEqual(60);
    expect(rejected).toBeGreaterThanOrEqual(60);
    for (const f of valid) expect(ref.get(f)!.ok, `${f}: ${ref.get(f)!.errors.join('; ')}`).toBe(true);
    expect(diffs).toEqual([]);
  }, 600_000);
});
