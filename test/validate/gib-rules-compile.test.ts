/**
 * The GİB rule engine's compiler (packages/bridge/src/validate/gib-rules, issue 14 item 1):
 *  - every assert of GİB's six .sch files compiles (636: 131 + 123 + 106 + 94 + 105 + 77), ids
 *    `<sch>:<n>` in document order, commented-out asserts not counted;
 *  - an assert outside the supported XPath subset is a compile error naming it;
 *  - XPath 2.0 details the oracle (Saxon-HE) decides: untypedAtomic vs number compares as doubles,
 *    xs:decimal sums are exact, -0.00 is not >= 0, regexes anchor like XPath, string(double).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileGibRules, RuleCompileError } from '../../packages/bridge/src/validate/gib-rules/index.ts';
import { compileSchFile } from '../../packages/bridge/src/validate/gib-rules/compile.ts';
import { RuleRun } from '../../packages/bridge/src/validate/gib-rules/runner.ts';
import { XmlLexer } from '../../packages/bridge/src/validate/xml-lexer.ts';
import { parseXPath } from '../../packages/bridge/src/validate/gib-rules/xpath-parse.ts';
import { doubleToString } from '../../packages/bridge/src/validate/gib-rules/xpath-values.ts';
import { gib, tmpDir } from '../ledger/helpers.ts';
import { runGibSchematron } from '../kit/gib-schematron.ts';

const SCH = ['edefter_yevmiye', 'edefter_kebir', 'edefter_berat', 'edefter_rapor', 'envanter_defter', 'envanter_berat'];

describe('GİB rule engine: compile', () => {
  it('compiles all 636 asserts of the six .sch files, ids in document order', async () => {
    const counts: Record<string, number> = {};
    for (const s of SCH) {
      const rs = await compileGibRules(path.join(gib().dir, 'sch', `${s}.sch`));
      counts[s] = rs.count;
      expect(rs.rules.map((r) => r.ruleId)).toEqual(Array.from({ length: rs.count }, (_, i) => `${s}:${i + 1}`));
    }
    expect(counts).toEqual({ edefter_yevmiye: 131, edefter_kebir: 123, edefter_berat: 106, edefter_rapor: 94, envanter_defter: 105, envanter_berat: 77 });
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(636);
  });

  it('refuses what it cannot compile, naming the assert', async () => {
    const dir = tmpDir('gib-rules-compile');
    const sch = path.join(dir, 'bad.sch');
    fs.writeFileSync(
      sch,
      `<?xml version="1.0"?><schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2"><ns prefix="t" uri="urn:t"/>
<pattern><rule context="t:a"><assert test="t:b">ok</assert><assert test="for $x in t:b return $x">no</assert></rule></pattern></schema>`,
    );
    await expect(compileGibRules(sch)).rejects.toThrow(RuleCompileError);
    await expect(compileGibRules(sch)).rejects.toThrow(/bad:2 .*for \$x/);
    const sch2 = path.join(dir, 'bad2.sch');
    fs.writeFileSync(
      sch2,
      `<?xml version="1.0"?><schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2"><ns prefix="t" uri="urn:t"/>
<pattern><rule context="t:a"><assert test="count(following::t:b) = 1">no</assert></rule></pattern></schema>`,
    );
    await expect(compileGibRules(sch2)).rejects.toThrow(/bad2:1 .*following::/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('parses the XPath subset (paths as steps, wildcards, value comparisons) and refuses the rest', () => {
    expect(parseXPath('gl-cor:account/normalize-space(gl-cor:accountMainID)').t).toBe('path');
    expect(parseXPath('string-length(@filename)-3').t).toBe('arith');
    expect(parseXPath(". = concat('iso4217:', parent::node()/@id)").t).toBe('cmp');
    expect(() => parseXPath('if (a) then b else c')).toThrow(/not supported/);
    expect(() => parseXPath('a instance of xs:string')).toThrow(/not supported/);
  });

  it('string(xs:double) as XPath 2.0: 202301, 0.1, 1.0E6, 1.0E-7, INF, NaN', () => {
    expect([202301, 0.1, 1e6, 1e-7, Infinity, NaN, -0, 12.5].map(doubleToString)).toEqual(['202301', '0.1', '1.0E6', '1.0E-7', 'INF', 'NaN', '-0', '12.5']);
  });

  it('evaluates like Saxon on a small schema: decimals exact, doubles for untyped vs number, -0, regex anchors, first rule wins', {
    timeout: 60_000,
  }, async () => {
    const dir = tmpDir('gib-rules-sem');
    const sch = path.join(dir, 'sem.sch');
    fs.writeFileSync(
      sch,
      `<?xml version="1.0"?><schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2"><ns prefix="t" uri="urn:t"/>
<pattern>
  <rule context="t:r/t:x[1]"><assert test="false()">first x (<value-of select="."/>)</assert></rule>
  <rule context="t:x"><assert test="sum(../t:x/xs:decimal(.)) = 0.3">sum</assert><assert test=". >= 0">nonneg <value-of select="."/></assert>
    <assert test="matches(., '^[0-9]+(\\.[0-9]{1,2})?$')">fmt</assert></rule>
</pattern>
<pattern><rule context="t:r"><let name="d" value="sum(t:x/xs:decimal(.))"/><assert test="$d = 0.3">decimal sum <value-of select="$d"/></assert>
  <assert test="count(t:x) = 3">count</assert><assert test="t:x[1] + t:x[2] = 0.3">double sum</assert></rule></pattern>
</schema>`,
    );
    const xml = path.join(dir, 'doc.xml');
    fs.writeFileSync(xml, '<t:r xmlns:t="urn:t"><t:x>0.10</t:x><t:x>0.20</t:x><t:x>-0.00</t:x></t:r>');
    const c = await compileSchFile(sch);
    const run = new RuleRun(c, { file: 'doc.xml', baseUri: 'doc.xml', maxFindings: 100 });
    const lx = new XmlLexer({ start: (q, a, s, l, col) => run.start(q, a, s, l, col), end: () => run.end(), text: (t) => run.text(t) });
    lx.push(fs.readFileSync(xml, 'utf8'));
    lx.end();
    run.finish();
    // 0.10 + 0.20 as doubles is 0.30000000000000004 ≠ 0.3 (Saxon agrees: sem:7); the xs:decimal sums are exact (sem:2, sem:5 hold)
    expect(run.failures.map((f) => `${f.ruleId} ${f.tr} @${f.xmlLine}:${f.column}`)).toEqual([
      'sem:7 double sum @1:1',
      'sem:1 first x (0.10) @1:22',
      'sem:3 nonneg -0.00 @1:52',
      'sem:4 fmt @1:52',
    ]);
    // the oracle (Java Saxon-HE on the same .sch) fails the same asserts
    const o = await runGibSchematron(sch, xml);
    expect(o.failed.map((f) => f.ruleId).sort()).toEqual(run.failures.map((f) => f.ruleId).sort());
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
