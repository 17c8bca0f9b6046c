/**
 * The GİB schematron oracle kit (test/kit/gib-schematron.ts): Java Saxon-HE runs GİB's six .sch
 * files compiled by test/kit/schematron-compile.ts, every rule included.
 *  - the compiler's Schematron semantics on a small schema (first matching rule of a pattern wins,
 *    reports, schema and rule lets, abstract rules/patterns, name()/value-of, dynamic errors);
 *  - the assert counts per .sch as the compiler sees them (issue 14);
 *  - a real month (`edefter month` on test/fixtures/6090408038-202601.csv with the demo token):
 *    Y, K, YB, KB, DR pass with 0 failed asserts, one JVM per file and one batch JVM;
 *  - mutants (Borç ≠ Alacak, a missing required element, a wrong entriesType, continuity faults in
 *    the last madde, a berat whose segment uniqueID is not a UUID) fail the expected GİB assert;
 *    the product's layer c (packages/bridge/src/validate) runs on the same files and both results
 *    are printed; everything layer c reports, the oracle reports too.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveGibPackage, validateFiles } from '../../packages/bridge/src/validate/index.ts';
import { repoRoot, tmpDir } from '../ledger/helpers.ts';
import {
  compiledGibSchematron,
  GIB_SCH,
  gibSchematronFor,
  runGibSchematron,
  runGibSchematronBatch,
  type GibSch,
  type OracleFailure,
} from './gib-schematron.ts';

const CLI = path.join(repoRoot, 'packages/bridge/bin/edefter.mjs');
const GIB = path.resolve(repoRoot, '..', 'shared', 'gib');
const EXPORT = path.join(repoRoot, 'test/fixtures/6090408038-202601.csv');
const COMPANY = path.join(repoRoot, 'test/fixtures/company.json');

const short = (f: OracleFailure): string => `${f.kind} [${f.pattern}] ${f.text} @ ${f.location}`;

describe('schematron compiler semantics (ISO skeleton shape)', () => {
  it('first matching rule wins per pattern; reports, lets, abstract rules and patterns, name(), errors', async () => {
    const dir = tmpDir('sch-kit');
    const sch = path.join(dir, 'mini.sch');
    fs.writeFileSync(
      sch,
      `<?xml version="1.0" encoding="UTF-8"?>
<schema xmlns="http://purl.oclc.org/dsdl/schematron" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:fn2="urn:fn" queryBinding="xslt2">
  <ns prefix="t" uri="urn:t"/>
  <let name="g" value="count(//t:item)"/>
  <let name="g2" value="$g * 2"/>
  <pattern id="first-wins">
    <rule context="t:item[@special]"><assert id="A1" test="@v = 'x'">special <value-of select="@v"/></assert></rule>
    <rule context="t:item"><assert id="A2" test="false()">plain <name/> {v}</assert></rule>
  </pattern>
  <pattern id="second">
    <rule context="t:item"><report id="R1" test="$g2 = 6">six: <value-of select="$g2"/> <value-of select="fn2:twice(1)"/></report></rule>
  </pattern>
  <pattern abstract="true" id="abs">
    <rule context="$el"><assert id="P1" test="$cond">abstract on <name/></assert></rule>
  </pattern>
  <pattern is-a="abs" id="inst"><param name="el" value="t:root"/><param name="cond" value="count(t:item) = 2"/></pattern>
  <pattern id="ext">
    <rule abstract="true" id="base"><let name="n" value="number(@v)"/><assert id="E1" test="not($n = 2)">n is <value-of select="$n"/></assert></rule>
    <rule context="t:item"><extends rule="base"/></rule>
  </pattern>
  <pattern id="err"><rule context="t:root"><assert id="X1" test="xs:decimal(string(@bad)) > 0">never</assert></rule></pattern>
  <pattern id="leterr"><rule context="t:root"><let name="d" value="sum(t:item/xs:decimal(string(../@bad)))"/><assert id="X2" test="$d > 0">never</assert></rule></pattern>
  <xsl:function name="fn2:twice" as="xs:integer"><xsl:param name="i" as="xs:integer"/><xsl:sequence select="$i * 2"/></xsl:function>
</schema>`,
    );
    const xml = path.join(dir, 'mini.xml');
    fs.writeFileSync(xml, '<t:root xmlns:t="urn:t" bad="1,5"><t:item v="x" special="1"/><t:item v="2"/><t:item v="y"/></t:root>');
    const r = await runGibSchematron(sch, xml);
    fs.rmSync(dir, { recursive: true, force: true });
    const got = r.failed.map((f) => `${f.kind}|${f.pattern}|${f.id}|${f.location}|${f.text}`);
    expect(got.filter((g) => !g.startsWith('error'))).toEqual([
      'assert|first-wins|A2|/t:root[1]/t:item[2]|plain t:item {v}',
      'assert|first-wins|A2|/t:root[1]/t:item[3]|plain t:item {v}',
      'report|second|R1|/t:root[1]/t:item[1]|six: 6 2',
      'report|second|R1|/t:root[1]/t:item[2]|six: 6 2',
      'report|second|R1|/t:root[1]/t:item[3]|six: 6 2',
      'assert|inst|P1|/t:root[1]|abstract on t:root',
      'assert|ext|E1|/t:root[1]/t:item[2]|n is 2',
    ]);
    // ruleId: `<sch base name>:<n>`, n = document-order index of the assert/report in the .sch
    // (the abstract pattern's assert keeps its own index; a rule-let error has none).
    expect([...new Set(r.failed.filter((f) => f.pattern !== 'leterr').map((f) => `${f.id}=${f.ruleId}`))]).toEqual([
      'A2=mini:2',
      'R1=mini:3',
      'P1=mini:4',
      'E1=mini:5',
      'X1=mini:6',
    ]);
    expect(r.failed.filter((f) => f.pattern === 'leterr').map((f) => f.ruleId ?? 'none')).toEqual([expect.stringMatching(/^(mini:7|none)$/)]);
    // Errors in a test or in a rule let are failures of kind `error`, and the run goes on.
    expect(got.filter((g) => g.startsWith('error'))).toEqual([
      expect.stringMatching(/^error\|err\|X1\|\/t:root\[1\]\|.*FORG0001/),
      expect.stringMatching(/^error\|leterr\|(X2|undefined)\|\/t:root\[1\]\|.*FORG0001/),
    ]);
  });

  it("counts the asserts of GİB's six files and picks the .sch from the file name", () => {
    const counts: Record<string, { patterns: number; rules: number; asserts: number; reports: number }> = {};
    for (const k of Object.keys(GIB_SCH) as GibSch[]) {
      const c = compiledGibSchematron(k);
      counts[k] = {
        patterns: c.patterns.length,
        rules: c.rules,
        asserts: c.asserts.filter((a) => a.kind === 'assert').length,
        reports: c.asserts.filter((a) => a.kind === 'report').length,
      };
    }
    console.log('[oracle] GİB .sch as compiled:', JSON.stringify(counts));
    expect(Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v.asserts]))).toEqual({
      yevmiye: 131,
      kebir: 123,
      berat: 106,
      rapor: 94,
      envanter_defter: 105,
      envanter_berat: 77,
    });
    expect(Object.values(counts).every((c) => c.reports === 0)).toBe(true);
    // Every assert has the rule id of its document-order index in its .sch: 1…N, none twice.
    for (const k of Object.keys(GIB_SCH) as GibSch[]) {
      const ids = compiledGibSchematron(k).asserts.map((a) => a.ruleId);
      expect(ids, k).toEqual(ids.map((_, i) => `${GIB_SCH[k].replace(/\.sch$/, '')}:${i + 1}`));
    }
    expect(compiledGibSchematron('kebir').copied).toEqual(['function fct:isSorted']);
    const kinds = ['Y', 'K', 'YB', 'KB', 'DR', 'E', 'EB'].map((k) => gibSchematronFor(`/x/6090408038-202601-${k}-000000.xml`));
    expect(kinds).toEqual(['yevmiye', 'kebir', 'berat', 'berat', 'rapor', 'envanter_defter', 'envanter_berat']);
    expect(gibSchematronFor('/x/GIB-6090408038-202601-KB-000001.xml')).toBe('berat');
  });
});

describe('GİB schematron oracle on a real month', () => {
  let monthDir = '';
  let files: string[] = [];
  const mutDir = tmpDir('sch-mut');
  const monthRoot = tmpDir('sch-month');
  afterAll(() => {
    for (const d of [mutDir, monthRoot]) fs.rmSync(d, { recursive: true, force: true });
  });

  beforeAll(() => {
    const out = path.join(monthRoot, 'out');
    const r = spawnSync(
      process.execPath,
      [CLI, 'month', EXPORT, '--company', COMPANY, '--out', out, '--token', 'DEMO MALI MUHUR', '--pin-stdin', '--gib-package', GIB],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        input: '123456\n',
        timeout: 240_000,
        env: { ...process.env, SOFTHSM2_CONF: process.env.SOFTHSM2_CONF ?? path.join(repoRoot, 'var/softhsm/softhsm2.conf'), EDEFTER_PROJECT_ROOT: repoRoot },
      },
    );
    if (r.status !== 0) throw new Error(`edefter month failed: ${r.stderr}${r.stdout}`);
    monthDir = path.join(out, '6090408038', '20260101-20261231', '01');
    files = fs
      .readdirSync(monthDir)
      .filter((f) => f.endsWith('.xml'))
      .sort()
      .map((f) => path.join(monthDir, f));
  }, 300_000);

  it("every file of the month passes all of GİB's rules (one JVM per file, then one batch JVM)", async () => {
    expect(files.map((f) => path.basename(f).split('-')[2])).toEqual(['DR', 'K', 'KB', 'Y', 'YB']);
    for (const f of files) {
      const sch = gibSchematronFor(f);
      const r = await runGibSchematron(sch, f);
      console.log(`[oracle] ${path.basename(f)} (${(fs.statSync(f).size / 1e6).toFixed(2)} MB) ${sch}: ${r.failed.length} failed, JVM ${Math.round(r.ms)} ms`);
      expect(r.failed.map(short), path.basename(f)).toEqual([]);
    }
    const b = await runGibSchematronBatch(files.map((file) => ({ file })));
    console.log(`[oracle] batch of ${files.length} files: ${b.jvms} JVM, ${Math.round(b.ms)} ms (${Math.round(b.ms / files.length)} ms/file)`);
    expect(b.jvms).toBe(1);
    expect(b.files.map((f) => [path.basename(f.file), f.sch, f.error ?? '', f.failed.length])).toEqual(
      files.map((f) => [path.basename(f), gibSchematronFor(f), '', 0]),
    );
  }, 120_000);

  /** Copies a month file under the same GİB name into a fresh folder, with `edit` applied. */
  function mutant(name: string, kind: string, edit: (xml: string) => string): string {
    const src = files.find((f) => path.basename(f).includes(`-${kind}-`))!;
    const d = path.join(mutDir, name);
    fs.mkdirSync(d, { recursive: true });
    const text = fs.readFileSync(src, 'utf8');
    const out = edit(text);
    if (out === text) throw new Error(`mutant ${name}: edit changed nothing`);
    const f = path.join(d, path.basename(src));
    fs.writeFileSync(f, out);
    return f;
  }
  /** Applies `edit` to the text from the last `<gl-cor:entryHeader>` on (the last madde). */
  const inLastMadde =
    (edit: (s: string) => string) =>
    (xml: string): string => {
      const i = xml.lastIndexOf('<gl-cor:entryHeader>');
      return xml.slice(0, i) + edit(xml.slice(i));
    };

  const MUTANTS: { name: string; kind: string; edit: (xml: string) => string; expect: RegExp }[] = [
    {
      name: 'borc-ne-alacak',
      kind: 'Y',
      expect: /^gl-bus:totalDebit = sum\(/,
      edit: (x) => x.replace(/(<gl-cor:amount [^>]*>)([0-9.]+)</, (_, t, v) => `${t}${(Number(v) + 1).toFixed(2)}<`),
    },
    {
      name: 'no-sourceApplication',
      kind: 'Y',
      expect: /^string-length\(normalize-space\(gl-bus:sourceApplication\)\) > 0$/,
      edit: (x) => x.replace(/<gl-bus:sourceApplication[^>]*>[^<]*<\/gl-bus:sourceApplication>/, ''),
    },
    {
      name: 'entriesType-Y',
      kind: 'Y',
      expect: /^normalize-space\(gl-cor:entriesType\) = 'journal'$/,
      edit: (x) => x.replace('>journal</gl-cor:entriesType>', '>ledger</gl-cor:entriesType>'),
    },
    {
      name: 'entriesType-K',
      kind: 'K',
      expect: /^normalize-space\(gl-cor:entriesType\) = 'ledger'$/,
      edit: (x) => x.replace('>ledger</gl-cor:entriesType>', '>journal</gl-cor:entriesType>'),
    },
    {
      name: 'last-madde-no-enteredBy',
      kind: 'Y',
      expect: /^gl-cor:enteredBy$/,
      edit: inLastMadde((s) => s.replace(/<gl-cor:enteredBy[^>]*>[^<]*<\/gl-cor:enteredBy>/, '')),
    },
    {
      name: 'last-madde-counter-gap',
      kind: 'Y',
      expect: /following::node\(\)\/gl-cor:entryNumberCounter = gl-cor:entryNumberCounter \+ 1/,
      edit: inLastMadde((s) =>
        s
          .replace(/(<gl-cor:entryNumberCounter [^>]*>)(\d+)</, (_, t, v) => `${t}${Number(v) + 2}<`)
          .replace(/(<gl-cor:lineNumberCounter [^>]*>)(\d+)</g, (_, t, v) => `${t}${Number(v) + 2}<`),
      ),
    },
    {
      name: 'last-line-number-gap',
      kind: 'Y',
      expect: /following::node\(\)\/number\(gl-cor:lineNumber\)/,
      edit: inLastMadde((s) =>
        s.replace(/(<gl-cor:lineNumber [^>]*>)(\d+)(<\/gl-cor:lineNumber>)(?![\s\S]*<gl-cor:lineNumber )/, (_, t, v, e) => `${t}${Number(v) + 5}${e}`),
      ),
    },
    {
      name: 'amount-not-a-number-K',
      kind: 'K',
      expect: /^matches\(normalize-space\(gl-cor:amount\)/,
      edit: (x) => x.replace(/(<gl-cor:amount [^>]*>)[0-9.]+</, '$1X<'),
    },
    {
      name: 'berat-uniqueID-not-uuid',
      kind: 'YB',
      expect: /^not\(xbrli:segment\/gl-cor:uniqueID\) or matches\(/,
      edit: (x) => x.replace(/(<gl-cor:uniqueID[^>]*>)[0-9a-fA-F]{8}-[0-9a-fA-F-]{27}</, '$1not-a-uuid<'),
    },
  ];

  it("mutants fail the expected GİB assert; the product's layer c on the same files is printed beside", async () => {
    const made = MUTANTS.map((m) => ({ ...m, file: mutant(m.name, m.kind, m.edit) }));
    const batch = await runGibSchematronBatch(made.map((m) => ({ file: m.file })));
    console.log(`[oracle] batch of ${made.length} mutants: ${batch.jvms} JVM, ${Math.round(batch.ms)} ms`);
    const gib = resolveGibPackage(GIB);
    // Layer c per file: it may throw where GİB's engine reports (printed, not hidden).
    const layerC = await Promise.all(
      made.map(async (m) => {
        try {
          return (await validateFiles([m.file], { gib, layers: ['c'], requireSignature: true }))[0];
        } catch (e) {
          return { threw: (e as Error).message };
        }
      }),
    );
    const KIND_SCH: Record<string, string> = { Y: 'yevmiye', K: 'kebir', YB: 'berat', KB: 'berat', DR: 'rapor', E: 'envanter_defter', EB: 'envanter_berat' };
    const few = (xs: string[]): string => [...xs.slice(0, 6), ...(xs.length > 6 ? [`… ${xs.length - 6} more`] : [])].join('\n    ');
    made.forEach((m, i) => {
      const o = batch.files[i];
      const lc = layerC[i];
      expect(o.error, m.name).toBeUndefined();
      expect(
        o.failed.some((f) => m.expect.test(f.test)),
        `${m.name}: expected assert ${m.expect}`,
      ).toBe(true);
      if ('threw' in lc) {
        console.log(
          `[oracle] mutant ${m.name} (${m.kind}): oracle (${o.sch}) ${o.failed.length} failed\n    ${few(o.failed.map(short))}\n  layer c THREW: ${lc.threw.split('\n')[0]}`,
        );
        return;
      }
      const c = lc.c;
      const cSch = KIND_SCH[lc.summary.kind ?? ''] ?? String(lc.summary.kind);
      console.log(
        `[oracle] mutant ${m.name} (${m.kind}): oracle (${o.sch}) ${o.failed.length} failed${o.error ? ` ERROR ${o.error}` : ''}\n    ${few(o.failed.map(short))}\n  layer c (${cSch}): ${c.ran ? `${c.count} failed${c.note ? ` (${c.note})` : ''}` : `not run (${c.note})`}\n    ${few(c.findings.map((x) => `${x.tr} @ ${x.field ?? ''}`))}`,
      );
      // The oracle is never weaker than the product's layer c (the rule engine): every rule id layer c
      // gives, the oracle gives (an error in a rule's let is <sch>:let:<n> in layer c, id-less in the
      // oracle). Both pick the .sch from the GİB file name, as GİB does.
      const oracleIds = new Set(o.failed.map((f) => f.ruleId ?? `(${f.kind})`));
      for (const x of c.findings) {
        const id = /:let:\d+$/.test(x.code) ? '(error)' : x.code;
        expect(oracleIds.has(id), `${m.name}: layer c reports ${x.code} "${x.tr}" but the oracle does not`).toBe(true);
      }
    });
  }, 180_000);
});
