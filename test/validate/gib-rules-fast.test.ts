/**
 * The GİB rule engine's fast forms (packages/bridge/src/validate/gib-rules/xpath-fast.ts, issue 14
 * item 4) keep every assert's meaning: the same `.sch` compiled with them (the product) and without
 * them (`fast: false`: every test through the generic XPath closures, no attribute gates, so no memory of the
 * attribute texts a gated rule passed on) reports the very same failures — rule id, kind, line, column, location, message, error — on
 *  - handwritten expressions where the fast forms must fall back (several nodes where one is
 *    expected, values that do not convert, -0 against 0, empty sequences, value comparisons,
 *    attributes, `..` steps, sums of decimals, predicates) and where they must not;
 *  - xs:decimal's fast parse and double conversion, and normalize-space's fast path, against the plain
 *    definitions on random strings;
 *  - every valid file of the reduced corpus and every mutant of the manifest marked `reduced`
 *    (test/validation/corpus: 300+ single faults across the six `.sch` files).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileSchFile, type CompiledRules } from '../../packages/bridge/src/validate/gib-rules/compile.ts';
import { kindFromName } from '../../packages/bridge/src/validate/gib-rules/index.ts';
import { RuleRun } from '../../packages/bridge/src/validate/gib-rules/runner.ts';
import type { RuleFailure } from '../../packages/bridge/src/validate/gib-rules/types.ts';
import { normalizeSpace } from '../../packages/bridge/src/validate/gib-rules/xpath-functions.ts';
import { Dec } from '../../packages/bridge/src/validate/gib-rules/xpath-values.ts';
import { Scope, ebv, type Env } from '../../packages/bridge/src/validate/gib-rules/xpath-compile.ts';
import { XmlLexer } from '../../packages/bridge/src/validate/xml-lexer.ts';
import { gib, tmpDir } from '../ledger/helpers.ts';
import { buildBaseCorpus, materialize, mutantsOf, readManifest } from '../validation/corpus/index.ts';

const SCH_OF: Record<string, string> = {
  yevmiye: 'edefter_yevmiye',
  kebir: 'edefter_kebir',
  berat: 'edefter_berat',
  rapor: 'edefter_rapor',
  envanter_defter: 'envanter_defter',
  envanter_berat: 'envanter_berat',
};

/** Runs compiled rules over an XML text; the failures as comparable strings. */
function run(c: CompiledRules, xml: string, name: string): string[] {
  const r = new RuleRun(c, { file: name, baseUri: name, maxFindings: 100_000 });
  const lx = new XmlLexer({
    start: (q, a, s, line, col) => r.start(q, a, s, line, col),
    end: () => r.end(),
    text: (t) => r.text(t),
  });
  try {
    lx.push(xml, true);
    lx.end();
  } catch (e) {
    return [`xml: ${(e as Error).message}`];
  }
  r.finish();
  return r.failures.map((f: RuleFailure) => JSON.stringify([f.ruleId, f.kind, f.xmlLine, f.column, f.location, f.tr, f.error ?? '', f.entry, f.line]));
}

const T = 'urn:t';
/** Asserts on `t:e` elements: each shape of the fast forms, with cases that fall back. */
const TESTS = [
  't:a',
  'not(t:a)',
  "t:a = 'x'",
  "t:a != 'x'",
  't:a = t:b',
  't:a eq t:b',
  't:a > 0',
  't:a >= -0',
  't:n = 0',
  't:a + t:b > 1',
  'count(t:a) < 2',
  'string-length(normalize-space(t:a)) > 1',
  'normalize-space(t:a) = normalize-space(t:b)',
  "matches(normalize-space(t:a), '^[0-9]+(\\.[0-9]{1,2})?$')",
  "starts-with(t:a, t:b) or contains(t:a, 'y') or ends-with(t:b, '1')",
  'number(t:a) = number(t:b) + 1',
  "t:a = sum(t:l[t:k = 'D' or t:k = 'debit']/xs:decimal(t:v))",
  't:s/t:v = sum(t:l/xs:decimal(t:v))',
  'not(t:x/t:y) or t:x/t:y/t:z',
  'not(t:a) or ../t:h = t:a',
  "not(@d) or @d = 'INF'",
  "@d = '2' or not(@d)",
  "concat(t:a, '-', t:b) != '-'",
  'exists(t:a) and empty(t:q)',
  '$v = t:a',
  't:a[. = 1]',
  "$w = '' or $k > 1",
  't:a = 1',
  't:n = -0',
  'string-length(t:a) = 3 or string-length(t:b) = 4',
  'count(t:l) = 2 and count(t:a/@d) = 0',
  'xs:decimal(t:a) >= 1.5',
  'xs:decimal(t:a) = sum(t:l/xs:decimal(t:v))',
  "sum(t:l[t:k = 'C']/t:v) < 10",
  't:s/t:v eq t:a',
  "not(t:q) or /t:r/t:h = '1'",
  'not(normalize-space()) or string-length(normalize-space()) > 0',
  't:a >= t:b or t:a < t:n',
  "t:a <= 'b' and t:b > 'a'",
  't:a ne t:b or t:a lt t:b',
  'string-length(t:a) >= 3 or string-length(t:b) <= 1',
  'count(t:l) != 1 and t:a != 1',
  '1 = t:a or 2 < t:b or 1.5 > t:n',
];
const SCH = `<?xml version="1.0" encoding="UTF-8"?>
<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
  <ns prefix="t" uri="${T}"/><ns prefix="xs" uri="http://www.w3.org/2001/XMLSchema"/>
  <let name="v" value="/t:r/t:h"/>
  <pattern id="p"><rule context="*"><assert test="not(@d) or @d = 'INF'">d</assert></rule></pattern>
  <pattern id="q"><rule context="/t:r/t:e">
    <let name="w" value="t:x/normalize-space(t:y)"/><let name="k" value="count(t:l)"/>
${TESTS.map((t) => `    <assert test="${t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')}">${t.replace(/&/g, '&amp;').replace(/</g, '&lt;')} <value-of select="t:a"/></assert>`).join('\n')}
    <report test="t:a = 'r'">report</report>
    <assert test="not(following::node()) or not(following::node()/t:a) or not(t:a) or following::node()/number(t:a) = number(t:a) + 1">next</assert>
    <assert test="not(following::node()/t:b) or following::node()/t:b >= t:b">order</assert>
  </rule></pattern>
</schema>
`;
/** `t:e` elements: plain ones, several nodes where one is expected, values that do not convert, -0, empties. */
const ELEMENTS = [
  '<a>1</a><b>1</b><n>0</n><l><k>D</k><v>1.10</v></l><l><k>C</k><v>2</v></l><s><v>3.1</v></s>',
  '<a>x</a><b>y1</b><n>-0</n><x><y><z/></y></x>',
  '<a>1</a><a>2</a><b>1</b>',
  '<a>abc</a><b>a</b><l><k>D</k><v>1e3</v></l>',
  '<a> 3.10 </a><b>2.1</b><l><k>debit</k><v>3.10</v></l><s><v>3.10</v></s>',
  '<a/><b/>',
  '',
  '<a>-0.00</a><n>-0.0</n>',
  '<a>y</a><b>y</b><x><y/></x><x><y><z/></y></x>',
  '<a>2</a><b>1</b><l><k>D</k><v>1</v></l><l><k>D</k><v>1.000</v></l><l><k>D</k><v>x</v></l>',
  // line sums: signs, '.5' and '1.', blanks around a value, a sum past 2^53 once scaled, 16 digits
  '<a>0.75</a><l><k>D</k><v>-1.25</v></l><l><k>D</k><v>.5</v></l><l><k>debit</k><v>1.</v></l><l><k>C</k><v>9</v></l><l><k>D</k><v>0.5</v></l>',
  '<a>3</a><l><k>D</k><v> 2 </v></l><l><k>D</k><v>1</v></l>',
  '<a>999999999999999.99</a><l><k>D</k><v>999999999999999</v></l><l><k>D</k><v>0.99</v></l>',
  '<a>1234567890123456.5</a><l><k>D</k><v>1234567890123456</v></l><l><k>D</k><v>0.5</v></l>',
  '<a>0</a><l><k>D</k><v>-0.00</v></l><l><k>D</k><v>0</v></l>',
  '<a>r</a><q/>',
  '<a>NaN</a><b>INF</b><n>INF</n>',
];
const XML = `<?xml version="1.0"?>
<r xmlns="${T}"><h>1</h>
${ELEMENTS.map((e, i) => `  <e${i % 3 === 0 ? ' d="INF"' : i % 3 === 1 ? ' d="2"' : ''}>${e}</e>`).join('\n')}
  <e d=" INF">${ELEMENTS[0]}</e><e x="decimals">${ELEMENTS[1]}</e>
</r>
`;

describe('GİB rule engine: fast forms keep the meaning', () => {
  const dir = tmpDir('gib-rules-fast');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('handwritten shapes: the same failures with and without the fast forms', async () => {
    const sch = path.join(dir, 'fast.sch');
    fs.writeFileSync(sch, SCH);
    const fast = await compileSchFile(sch);
    const slow = await compileSchFile(sch, { fast: false });
    const a = run(fast, XML, 'fast.xml');
    const b = run(slow, XML, 'fast.xml');
    expect(a).toEqual(b);
    // the cases reach failures, errors and passes alike
    expect(b.length).toBeGreaterThan(ELEMENTS.length * 4);
    expect(b.some((f) => f.includes('"error"'))).toBe(true);
    expect(fast.patterns[0].rules[0].gate).toEqual(['d']);
  });

  it('compiled for a template element (xpath-gen.ts): the same answers and errors as the generic closures', async () => {
    const sch = path.join(dir, 'gen.sch');
    fs.writeFileSync(sch, SCH);
    const c = await compileSchFile(sch);
    const rule = c.patterns[1].rules[0];
    // the tree of the whole document, kept: the runner drops nothing outside gl-cor units
    const r = new RuleRun(c, { file: 'gen.xml', baseUri: 'gen.xml', maxFindings: 100_000 });
    new XmlLexer({ start: (q, a, s, l, col) => r.start(q, a, s, l, col), end: () => r.end(), text: (t) => r.text(t) }).push(XML, true);
    const { env, global } = r as unknown as { env: Env; global: Scope };
    const root = r.doc.children[0];
    const outcome = (f: () => unknown): string => {
      try {
        return JSON.stringify(f());
      } catch (e) {
        return `error ${(e as Error).message}`;
      }
    };
    let compiled = 0;
    let compared = 0;
    const kinds = new Set<string>();
    for (const e of root.children) {
      if (typeof e === 'string' || e.qname !== 'e') continue;
      const lets = rule.letsAt!(e, e);
      const plain = new Scope(global, rule.lets, e, env);
      const made = new Scope(global, lets, e, env);
      for (const name of rule.lets.keys())
        expect(
          outcome(() => made.get(name)),
          name,
        ).toBe(outcome(() => plain.get(name)));
      for (const a of rule.asserts) {
        if (a.probe) continue;
        const g = a.boolAt!(e, e);
        if (g === null) continue;
        compiled++;
        const want = outcome(() => ebv(a.fn!({ item: e, pos: 1, size: 1, vars: new Scope(global, rule.lets, e, env), env })));
        const got = outcome(() => g({ item: e, pos: 1, size: 1, vars: new Scope(global, lets, e, env), env }));
        expect(got, `${a.test} on ${JSON.stringify(e.children.map((x) => (typeof x === 'string' ? x : x.qname)))}`).toBe(want);
        kinds.add(want.startsWith('error') ? 'error' : want);
        compared++;
      }
    }
    // most tests compile, and the cases reach true, false and errors
    expect(compiled).toBeGreaterThan((TESTS.length * ELEMENTS.length) / 2);
    expect(compared).toBe(compiled);
    expect([...kinds].sort()).toEqual(['error', 'false', 'true']);
  });

  it('structural asserts (skipped at a shape place where they held): structure only, never a value or a variable', async () => {
    const c = await compileSchFile(path.join(gib().dir, 'sch', 'edefter_yevmiye.sch'));
    const asserts = c.patterns.flatMap((p) => p.rules.flatMap((r) => r.asserts));
    const structural = new Set(asserts.filter((a) => a.structural).map((a) => a.test));
    // presence, counts against a number, and not / or of those: fixed by the elements below the context
    for (const t of [
      'gl-cor:enteredBy',
      'count(gl-cor:entryDetail) > 1',
      'count(gl-bus:measurable) < 2',
      'not(gl-cor:account) or gl-cor:account/gl-cor:accountMainDescription',
      'not(gl-muc:amountOriginalAmount) or gl-muc:amountOriginalExchangeRateDate',
    ])
      expect(structural, t).toContain(t);
    // a value, a variable, an absolute path, a parent step or following:: makes it depend on more than the place
    for (const t of [
      'not(gl-cor:enteredBy) or string-length(normalize-space(gl-cor:enteredBy)) >= 2',
      'gl-bus:totalDebit = gl-bus:totalCredit',
      "gl-bus:measurableCode='NT'",
      'not($anaHesapId) or not($altHesapId) or starts-with($altHesapId, $anaHesapId)',
      'not(gl-muc:amountCurrency) or /edefter:defter/xbrli:xbrl/gl-cor:accountingEntries/gl-cor:documentInfo/gl-muc:defaultCurrency',
      'not(gl-cor:lineNumberCounter) or not(parent::node()/gl-cor:entryNumberCounter) or gl-cor:lineNumberCounter = parent::node()/gl-cor:entryNumberCounter',
    ]) {
      expect(
        asserts.some((a) => a.test === t),
        t,
      ).toBe(true);
      expect(structural, t).not.toContain(t);
    }
    expect(asserts.filter((a) => a.probe).every((a) => !a.structural)).toBe(true);
    // without the fast forms nothing is skipped
    const slow = await compileSchFile(path.join(gib().dir, 'sch', 'edefter_yevmiye.sch'), { fast: false });
    expect(slow.patterns.flatMap((p) => p.rules.flatMap((r) => r.asserts)).some((a) => a.structural)).toBe(false);
  });

  it('xs:decimal: the fast parse and toNumber agree with the plain definitions', () => {
    const plain = (t: string): string => {
      const m = /^\s*([+-]?)([0-9]*)(?:\.([0-9]*))?\s*$/.exec(t);
      if (!m || (m[2] === '' && (m[3] ?? '') === '')) return 'null';
      const frac = m[3] ?? '';
      const v = BigInt((m[2] || '0') + frac);
      const d = new Dec(m[1] === '-' ? -v : v, frac.length).norm();
      return `${d.m}/${d.s}`;
    };
    const cases = [
      '0',
      '-0',
      '+0',
      '-0.00',
      '1.',
      '.5',
      '.',
      '',
      '-',
      '+.',
      '32758.70',
      '000.000',
      '999999999999999',
      '9999999999999999',
      '1.2.3',
      ' 1',
      '1e3',
    ];
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 20_000; i++) {
      let t = rnd(5) === 0 ? '-' : '';
      for (let k = rnd(17); k > 0; k--) t += String(rnd(10));
      if (rnd(10) < 7) t += '.';
      for (let k = rnd(5); k > 0; k--) t += String(rnd(10));
      cases.push(t);
    }
    for (const t of cases) {
      const d = Dec.parse(t);
      expect(d ? `${d.m}/${d.s}` : 'null', t).toBe(plain(t));
      if (d) expect(Object.is(d.toNumber(), Number(d.toString())), t).toBe(true);
    }
  });

  it('normalize-space: the fast path agrees with the plain definition', () => {
    const plain = (t: string) => t.replace(/[ \t\n\r]+/g, ' ').replace(/^ | $/g, '');
    const chars = [' ', '\t', '\n', '\r', 'a', 'ş', '\u00a0', '1'];
    let seed = 11;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 50_000; i++) {
      let t = '';
      for (let k = rnd(8); k > 0; k--) t += chars[rnd(chars.length)];
      expect(normalizeSpace(t), JSON.stringify(t)).toBe(plain(t));
    }
  });

  it('every file of the reduced corpus and every reduced mutant: the same failures', async () => {
    const bases = await buildBaseCorpus({ dir: path.join(dir, 'base'), reduced: true });
    const mutants = mutantsOf(
      readManifest().filter((e) => e.reduced),
      bases,
    );
    const files = bases.map((b) => b.path);
    for (const [i, m] of mutants.entries()) {
      const f = await materialize(m, path.join(dir, 'mutants'), i);
      if (f) files.push(f);
    }
    const compiled = new Map<string, [CompiledRules, CompiledRules]>();
    let failing = 0;
    for (const file of files) {
      const name = path.basename(file);
      const kind = kindFromName(name);
      if (!kind) continue;
      let pair = compiled.get(kind);
      if (!pair) {
        const sch = path.join(gib().dir, 'sch', `${SCH_OF[kind]}.sch`);
        pair = [await compileSchFile(sch), await compileSchFile(sch, { fast: false })];
        compiled.set(kind, pair);
      }
      const xml = fs.readFileSync(file, 'utf8');
      const a = run(pair[0], xml, name);
      expect(a, name).toEqual(run(pair[1], xml, name));
      if (a.length) failing++;
    }
    expect(files.length).toBeGreaterThan(300);
    expect(failing).toBeGreaterThan(250);
  }, 420_000);
});
