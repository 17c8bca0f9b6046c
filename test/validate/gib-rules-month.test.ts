/**
 * The GİB rule engine on the repository's own outputs and on hand mutants (issue 14 items 1, 5):
 *  - a signed month (Y, K, YB, KB, DR), an Envanter (E, EB) and a generated journal pass every
 *    GİB assert (zero failures; the unsigned journal only lacks ds:Signature);
 *  - hand mutants — faults in the last madde, müteselsil gaps, date order, kebir order, a berat
 *    uniqueID, a non-number amount — fail the expected GİB rule id, with file, line:column and
 *    madde / satır, and exactly the rule ids the Saxon oracle reports on the same files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGibRules, compileGibRules, type RuleFailure } from '../../packages/bridge/src/validate/gib-rules/index.ts';
import { runEnvanter } from '../../packages/bridge/src/flows/envanter-run.ts';
import { writeJournal } from '../../bench/journal-gen.ts';
import { buildSmall, company, FIXTURES, gib, signAll, testSigner, tmpDir } from '../ledger/helpers.ts';
import { runGibSchematronBatch } from '../kit/gib-schematron.ts';

const roots: string[] = [];
let month: { Y: string; K: string; YB: string; KB: string; DR: string };
let env: { E: string; EB: string };

/** Rule id of the first assert of `sch` whose test starts with `test`. */
async function idOf(sch: string, test: string): Promise<string> {
  const rs = await compileGibRules(path.join(gib().dir, 'sch', `${sch}.sch`));
  const r = rs.rules.find((x) => x.test.startsWith(test));
  if (!r) throw new Error(`${sch}: no assert ${test}`);
  return r.ruleId;
}

beforeAll(async () => {
  const root = tmpDir('gib-rules-month');
  roots.push(root);
  const b = await buildSmall(root, { entries: 40 });
  const s = await signAll(b);
  const by = (k: string) => [...s.defters, ...s.berats, s.dr].find((f) => path.basename(f).includes(`-${k}-`))!;
  month = { Y: by('Y'), K: by('K'), YB: by('YB'), KB: by('KB'), DR: by('DR') };
  const e = await runEnvanter({
    exportPath: path.join(FIXTURES, 'envanter-20241231.csv'),
    company: company({ envanterStart: 'new-business' }),
    outRoot: path.join(root, 'env'),
    date: '2024-12-31',
    creationDate: '2025-01-15',
    signer: await testSigner(),
    gib: null,
  });
  env = { E: e.files.find((f) => f.kind === 'E')!.path, EB: e.files.find((f) => f.kind === 'EB')!.path };
}, 240_000);

afterAll(() => {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

describe('GİB rule engine on valid outputs', () => {
  it('a signed month (Y, K, YB, KB, DR) and an Envanter (E, EB) pass every GİB assert', async () => {
    for (const f of [...Object.values(month), ...Object.values(env)]) {
      const r = await checkGibRules(f, { gib: gib() });
      expect(
        r.failures.map((x) => `${x.ruleId} ${x.tr}`),
        path.basename(f),
      ).toEqual([]);
      expect(r.ok).toBe(true);
    }
  }, 60_000);

  it('a generated 3 MB journal passes (unsigned: only the ds:Signature assert, dropped for a draft)', async () => {
    const dir = tmpDir('gib-rules-journal');
    roots.push(dir);
    const f = path.join(dir, '6090408038-202610-Y-000001.xml');
    await writeJournal(f, 3e6);
    const r = await checkGibRules(f, { gib: gib() });
    expect(r.failures.map((x) => x.test)).toEqual(['ds:Signature']);
    const d = await checkGibRules(f, { gib: gib(), ignore: (x) => x.test === 'ds:Signature' });
    expect(d.ok).toBe(true);
  }, 60_000);
});

describe('GİB rule engine on hand mutants, beside the Saxon oracle', () => {
  /** Text from the last `<gl-cor:entryHeader>` on. */
  const inLast =
    (edit: (s: string) => string) =>
    (x: string): string => {
      const i = x.lastIndexOf('<gl-cor:entryHeader>');
      return x.slice(0, i) + edit(x.slice(i));
    };
  const bump = (tag: string, by: number) => (s: string) => s.replace(new RegExp(`(<${tag}[^>]*>)(\\d+)<`), (_, t, v) => `${t}${Number(v) + by}<`);
  const MUTANTS: { name: string; kind: keyof typeof month | keyof typeof env; sch: string; test: string; edit: (x: string) => string; entry?: boolean }[] = [
    {
      name: 'borc-ne-alacak',
      kind: 'Y',
      sch: 'edefter_yevmiye',
      test: 'gl-bus:totalDebit = sum(',
      edit: (x) => x.replace(/(<gl-cor:amount [^>]*>)([0-9.]+)</, (_, t, v) => `${t}${(Number(v) + 1).toFixed(2)}<`),
      entry: true,
    },
    {
      name: 'last-madde-counter-gap',
      kind: 'Y',
      sch: 'edefter_yevmiye',
      test: 'not(following::node()) or not(following::node()/gl-cor:entryNumberCounter)',
      edit: (x) => {
        const i = x.lastIndexOf('<gl-cor:entryHeader>');
        const j = x.lastIndexOf('<gl-cor:entryHeader>', i - 1);
        return x.slice(0, j) + bump('gl-cor:entryNumberCounter', -1)(x.slice(j, i)) + x.slice(i);
      },
      entry: true,
    },
    {
      name: 'last-line-number-gap',
      kind: 'Y',
      sch: 'edefter_yevmiye',
      test: 'not(following::node()) or not(following::node()/gl-cor:lineNumber)',
      edit: inLast((s) =>
        s.replace(/(<gl-cor:lineNumber [^>]*>)(\d+)(<\/gl-cor:lineNumber>)(?![\s\S]*<gl-cor:lineNumber )/, (_, t, v, e) => `${t}${Number(v) + 5}${e}`),
      ),
    },
    {
      name: 'last-madde-earlier-date',
      kind: 'Y',
      sch: 'edefter_yevmiye',
      test: 'not(following::node()) or not(following::node()/gl-cor:enteredDate)',
      edit: (x) => {
        const i = x.lastIndexOf('<gl-cor:entryHeader>');
        return (
          x.slice(0, i) +
          x
            .slice(i)
            .replace(/(<gl-cor:enteredDate[^>]*>)[0-9-]+</, '$12026-01-01<')
            .replace(/(<gl-cor:postingDate[^>]*>)[0-9-]+</g, '$12026-01-01<')
        );
      },
    },
    {
      name: 'no-sourceApplication',
      kind: 'Y',
      sch: 'edefter_yevmiye',
      test: 'string-length(normalize-space(gl-bus:sourceApplication)) > 0',
      edit: (x) => x.replace(/<gl-bus:sourceApplication[^>]*>[^<]*<\/gl-bus:sourceApplication>/, ''),
    },
    {
      name: 'kebir-unsorted',
      kind: 'K',
      sch: 'edefter_kebir',
      test: 'fct:isSorted(',
      edit: (x) => {
        const a = x.indexOf('<gl-cor:entryHeader>');
        const b = x.indexOf('<gl-cor:entryHeader>', a + 1);
        const e = x.lastIndexOf('</gl-cor:entryHeader>') + '</gl-cor:entryHeader>'.length;
        const first = x.slice(a, b);
        return x.slice(0, a) + x.slice(b, e) + first + x.slice(e);
      },
    },
    {
      name: 'kebir-amount-X',
      kind: 'K',
      sch: 'edefter_kebir',
      test: 'matches(normalize-space(gl-cor:amount)',
      edit: inLast((s) => s.replace(/(<gl-cor:amount [^>]*>)[0-9.]+</, '$1X<')),
    },
    {
      name: 'berat-uniqueID-not-uuid',
      kind: 'YB',
      sch: 'edefter_berat',
      test: 'not(xbrli:segment/gl-cor:uniqueID) or matches(',
      edit: (x) => x.replace(/(<gl-cor:uniqueID[^>]*>)[0-9a-fA-F]{8}-[0-9a-fA-F-]{27}</, '$1not-a-uuid<'),
    },
    {
      name: 'dr-qualifier',
      kind: 'DR',
      sch: 'edefter_rapor',
      test: "not(gl-cor:qualifierEntry) or gl-cor:qualifierEntry ='standard'",
      edit: (x) => x.replace(/(<gl-cor:qualifierEntry[^>]*>)standard</, '$1other<'),
    },
    {
      name: 'envanter-counter-gap',
      kind: 'E',
      sch: 'envanter_defter',
      test: 'not(following::node()) or not(following::node()/gl-cor:entryNumberCounter)',
      edit: inLast(bump('gl-cor:entryNumberCounter', 3)),
    },
  ];

  it('each fails the expected GİB rule id with file, line:column and madde; the oracle reports the same ids', async () => {
    const dir = tmpDir('gib-rules-mut');
    roots.push(dir);
    const made: { m: (typeof MUTANTS)[number]; file: string; ours: RuleFailure[] }[] = [];
    for (const m of MUTANTS) {
      const src = (month as Record<string, string>)[m.kind] ?? (env as Record<string, string>)[m.kind];
      const text = fs.readFileSync(src, 'utf8');
      const out = m.edit(text);
      expect(out, `${m.name}: edit changed nothing`).not.toBe(text);
      fs.mkdirSync(path.join(dir, m.name));
      const file = path.join(dir, m.name, path.basename(src));
      fs.writeFileSync(file, out);
      const r = await checkGibRules(file, { gib: gib() });
      made.push({ m, file, ours: r.failures });
      const id = await idOf(m.sch, m.test);
      const hit = r.failures.find((f) => f.ruleId === id);
      expect(hit, `${m.name}: ${id} expected, got ${r.failures.map((f) => f.ruleId).join(', ')}`).toBeDefined();
      expect(hit!.file).toBe(path.basename(src));
      expect(hit!.xmlLine).toBeGreaterThan(0);
      expect(hit!.column).toBeGreaterThan(0);
      expect(hit!.tr.length).toBeGreaterThan(10);
      if (m.entry) expect(hit!.entry).toMatch(/^\d+$/);
    }
    const o = await runGibSchematronBatch(made.map((x) => ({ file: x.file })));
    // the oracle reports an error in a rule's let without an id; ours names it <sch>:let:<rule>
    const table = made.map((x, i) => [
      x.m.name,
      x.ours
        .map((f) => (/:let:\d+$/.test(f.ruleId) ? '(error)' : f.ruleId))
        .sort()
        .join(' '),
      o.files[i].failed
        .map((f) => f.ruleId ?? `(${f.kind})`)
        .sort()
        .join(' '),
    ]);
    console.log(table.map(([n, a, b]) => `${n}\n  ours:   ${a}\n  oracle: ${b}`).join('\n'));
    for (const [n, a, b] of table) expect(a, n).toBe(b);
  }, 180_000);
});
