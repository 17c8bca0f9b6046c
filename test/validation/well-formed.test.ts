/**
 * Well-formedness against xmllint (XML 1.0 and Namespaces in XML): single faults that make a Yevmiye not XML at all —
 * malformed attributes, a malformed XML declaration, `--` in a comment, a reserved PI target, characters XML does not
 * allow, bad references, undeclared prefixes — put in the file's last madde. GİB's parsers refuse such a file before
 * any rule runs, so the product must refuse it too: validateOnePass (layers a, b and c) must reject every mutant
 * xmllint rejects (its exit status, or a "namespace error", which xmllint prints but does not count as fatal), and
 * may reject more only where listed below with the reason. Each refusal names its line. The unmutated file passes both.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeJournal } from '../../bench/journal-gen.ts';
import { resolveGibPackage, type GibPackage } from '../../packages/bridge/src/validate/gib-package.ts';
import { validateOnePass } from '../../packages/bridge/src/validate/one-pass.ts';
import { repoRoot, tmpDir } from './xsd-kit.ts';

const GIB = path.resolve(repoRoot, '..', 'shared', 'gib');
const NAME = '6090408038-202610-Y-000001.xml';

/** Faults the product refuses and xmllint lets through, with the reason. */
const STRICTER = new Map([
  ['encoding ISO-8859-9', 'the lexers read every file as UTF-8, and e-Defter files are UTF-8: another declared encoding would make GİB read other characters'],
]);

/** The mutants of `xml`, by name: each one fault in or before the last `gl-cor:amount` start tag. */
function mutants(xml: string): Map<string, string> {
  const tag = /<gl-cor:amount ([^>]*)>/g;
  let last: RegExpExecArray | null = null;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) last = m;
  if (last === null) throw new Error('no gl-cor:amount');
  const i = last.index;
  const j = i + last[0].length;
  const k = xml.indexOf('</gl-cor:amount>', j);
  const a = last[1];
  const tagAs = (t: string) => xml.slice(0, i) + t + xml.slice(j);
  const textWith = (t: string) => xml.slice(0, j) + t + xml.slice(j);
  const before = (t: string) => xml.slice(0, i) + t + xml.slice(i);
  const decl = (d: string) => xml.replace('<?xml version="1.0" encoding="UTF-8"?>', d);
  const first = a.split(' ')[0];
  return new Map([
    ['attribute written twice', tagAs(`<gl-cor:amount ${a} ${first}>`)],
    ['no blank between attributes', tagAs(`<gl-cor:amount ${a.replace('" ', '"')}>`)],
    ['unquoted value', tagAs(`<gl-cor:amount ${a.replace('"INF"', 'INF')}>`)],
    ['attribute without a value', tagAs(`<gl-cor:amount ${a.replace('="INF"', '')}>`)],
    ['empty attribute name', tagAs(`<gl-cor:amount ="x" ${a}>`)],
    ["'<' in a value", tagAs(`<gl-cor:amount ${a.replace('"INF"', '"I<NF"')}>`)],
    ["bare '&' in a value", tagAs(`<gl-cor:amount ${a.replace('"INF"', '"I&NF"')}>`)],
    ['xmlns:p twice', tagAs(`<gl-cor:amount xmlns:p="urn:a" xmlns:p="urn:b" ${a}>`)],
    ['undeclared element prefix', before('<foo:bar>x</foo:bar>')],
    ['undeclared attribute prefix', tagAs(`<gl-cor:amount foo:x="1" ${a}>`)],
    ["']]>' in text", textWith(']]>')],
    ['name starting with a digit', before('<1abc>x</1abc>')],
    ["'@' in a name", before('<a@b>x</a@b>')],
    ["'--' in a comment", before('<!-- a -- b -->')],
    ["comment ending in '-'", before('<!-- a --->')],
    ['PI target XML', before('<?XML x?>')],
    ['PI without a target', before('<? x?>')],
    ['PI target starting with a digit', before('<?1x y?>')],
    ["',' in an attribute name", tagAs(`<gl-cor:amount a,b="1" ${a}>`)],
    ['empty character reference', textWith('&#x;')],
    ["reference without ';'", textWith('&#65')],
    ["'&amp' without ';'", textWith('&amp')],
    ['undefined entity', textWith('&nbsp;')],
    ['&#1;', textWith('&#1;')],
    ['&#xFFFE;', textWith('&#xFFFE;')],
    ['&#2; in an attribute', tagAs(`<gl-cor:amount ${a.replace('"INF"', '"IN&#2;F"')}>`)],
    ['raw U+0001', textWith('\u0001')],
    ['raw U+001F in an attribute', tagAs(`<gl-cor:amount ${a.replace('"INF"', '"IN\u001fF"')}>`)],
    ['<!ENTITY> in content', before('<!ENTITY a "b">')],
    ['end tag with an attribute', xml.slice(0, k) + '</gl-cor:amount x>' + xml.slice(k + '</gl-cor:amount>'.length)],
    ['text after the root', `${xml.trimEnd()}\nx\n`],
    ['blank line before the declaration', `\n${xml}`],
    ['declaration without version', decl('<?xml encoding="UTF-8"?>')],
    ['declaration out of order', decl('<?xml encoding="UTF-8" version="1.0"?>')],
    ['unknown pseudo-attribute', decl('<?xml version="1.0" foo="bar"?>')],
    ['version 2.0', decl('<?xml version="2.0" encoding="UTF-8"?>')],
    ['standalone maybe', decl('<?xml version="1.0" encoding="UTF-8" standalone="maybe"?>')],
    ['unknown encoding', decl('<?xml version="1.0" encoding="bogus-enc"?>')],
    ['encoding ISO-8859-9', decl('<?xml version="1.0" encoding="ISO-8859-9"?>')],
  ]);
}

/** xmllint's verdict on `file`: rejected on a fatal error or a namespace error. */
function xmllintRejects(file: string): { rejects: boolean; why: string } {
  const r = spawnSync('xmllint', ['--noout', file], { encoding: 'utf8' });
  const why = (r.stderr ?? '').split('\n')[0];
  return { rejects: r.status !== 0 || /namespace error/.test(r.stderr ?? ''), why };
}

let dir = '';
let gib: GibPackage;
let base = '';

beforeAll(async () => {
  dir = tmpDir('well-formed');
  gib = resolveGibPackage(GIB)!;
  const f = path.join(dir, 'j.xml');
  await writeJournal(f, 20_000);
  base = fs.readFileSync(f, 'utf8');
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('well-formedness: the product refuses what xmllint refuses', () => {
  it('every single fault xmllint rejects is rejected, and only the listed ones besides', async () => {
    const cases = [['none', base] as const, ...mutants(base)];
    const differ: string[] = [];
    for (const [what, xml] of cases) {
      const sub = path.join(dir, what.replace(/[^A-Za-z0-9]+/g, '-'));
      fs.mkdirSync(sub, { recursive: true });
      const file = path.join(sub, NAME);
      fs.writeFileSync(file, xml);
      const r = await validateOnePass(file, { gib, b: true, c: true });
      const first = [...r.a.findings, ...(r.b?.findings ?? []), ...(r.c?.findings ?? [])].filter((x) => x.code !== 'SIGNATURE' && !/ds:Signature/.test(x.tr));
      const ours = first.length > 0;
      const theirs = xmllintRejects(file);
      if (what === 'none') {
        expect(ours, `the valid file: ${first[0]?.tr}`).toBe(false);
        expect(theirs.rejects, theirs.why).toBe(false);
        continue;
      }
      // a refusal the user can act on: it names the line
      if (ours) expect(first[0].xmlLine ?? 0, `${what}: ${first[0].tr}`).toBeGreaterThan(0);
      if (ours !== theirs.rejects && !(ours && STRICTER.has(what)))
        differ.push(`${what}: ours ${ours ? first[0].tr : 'pass'}; xmllint ${theirs.rejects ? theirs.why : 'pass'}`);
    }
    expect(differ).toEqual([]);
    expect(cases.length).toBeGreaterThan(30);
  }, 300_000);
});
