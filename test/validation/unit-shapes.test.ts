/**
 * Layers a, b and c by unit shape (packages/bridge/src/validate/own/shapes.ts and xsd/shapes.ts, docs/validation-shapes.md
 * step 2; layer c's shape places in gib-rules/runner.ts), as one-pass runs them, against each layer by tokens alone
 * (layer a's and GİB's rule runs fed token by token, validateXsdStreaming; no unit records): the same findings, in the same order, with the same lines, columns and messages, the same count, and for
 * layer a the same file summary (maddeler, lines, totals, accounts, vergi sums). The files are a generated Yevmiye in the canonical and the messy layout and
 * the Kebir part of the fixture month (units: the madde, and the Kebir line), each valid and with single faults placed
 * where only the shape path could miss them: in a LATER unit of a shape already learnt (the middle and the last
 * occurrence of an element): a value that is not of its type, an empty value, a carriage return, a value longer
 * than 64 KiB, text between the elements of a madde, an xsi:nil.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeJournal } from '../../bench/journal-gen.ts';
import { buildMonth } from '../../packages/bridge/src/ledger/build.ts';
import { checkCompanyProfile } from '../../packages/bridge/src/ledger/company.ts';
import type { Finding } from '../../packages/bridge/src/validate/findings.ts';
import { resolveGibPackage, type GibPackage } from '../../packages/bridge/src/validate/gib-package.ts';
import { validateOnePass } from '../../packages/bridge/src/validate/one-pass.ts';
import { startCheck } from '../../packages/bridge/src/validate/own/index.ts';
import { ruleFinding } from '../../packages/bridge/src/validate/gib-rules/findings.ts';
import { kindFromName, startGibRules } from '../../packages/bridge/src/validate/gib-rules/index.ts';
import type { LexerHandler } from '../../packages/bridge/src/validate/xml-lexer.ts';
import { lexFile } from '../../packages/bridge/src/validate/xml-read.ts';
import { validateXsdStreaming } from '../../packages/bridge/src/validate/xsd/stream.ts';
import { repoRoot, tmpDir } from './xsd-kit.ts';

const GIB = path.resolve(repoRoot, '..', 'shared', 'gib');
let dir = '';
let gib: GibPackage;
/** Name (GİB's, which picks the unit) → text of the valid files. */
const bases = new Map<string, string>();

beforeAll(async () => {
  dir = tmpDir('edefter-xsd-shapes-');
  gib = resolveGibPackage(GIB)!;
  for (const messy of [false, true]) {
    const f = path.join(dir, 'j.xml');
    await writeJournal(f, 300_000, { messy });
    bases.set(`6090408038-202610-Y-00000${messy ? 2 : 1}.xml`, fs.readFileSync(f, 'utf8'));
  }
  const company = checkCompanyProfile(JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/fixtures/company.json'), 'utf8'))).profile!;
  const out = path.join(dir, 'month');
  const r = await buildMonth({ exportPath: path.join(repoRoot, 'test/fixtures/6090408038-202601.csv'), company, outRoot: out, creationDate: '2026-02-20' });
  const k = r.parts[0].k;
  bases.set(k.name, fs.readFileSync(k.path, 'utf8'));
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Findings as comparable lines. */
const lines = (fs_: Finding[]) => fs_.map((f) => `${f.xmlLine}:${f.column ?? ''} ${f.code} ${f.tr} | ${f.en}`);

/** The parts of layer a's summary the shape path fills (bigint and Map made comparable). */
const summaryOf = (s: Record<string, unknown>) =>
  JSON.stringify(s, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v instanceof Map ? [...v] : v instanceof Set ? [...v] : v));

/**
 * A layer's run on `file` token by token, fed by a lexer without a unit tag: layer a's (startCheck) or GİB's rules'
 * (startGibRules), whose own entry points (checkFile, checkGibRules) now take unit records.
 */
async function byTokens<R>(file: string, run: { handler: LexerHandler; finish(error?: unknown): R }): Promise<R> {
  try {
    await lexFile(file, run.handler);
  } catch (e) {
    return run.finish(e);
  }
  return run.finish();
}

/** Layers a and b both ways on `xml` saved as `name`. */
async function bothWays(name: string, xml: string): Promise<{ shapes: string[]; tokens: string[]; counts: [number, number] }> {
  const file = path.join(dir, name);
  fs.writeFileSync(file, xml);
  const one = await validateOnePass(file, { gib, b: true, c: true });
  const tok = await validateXsdStreaming(file, gib, { draft: one.b!.draft, name });
  const a = await byTokens(file, startCheck(file, fs.statSync(file).size, { name }));
  expect(lines(one.a.findings), `${name}: layer a`).toEqual(lines(a.findings));
  expect(one.a.findingCount, `${name}: layer a count`).toBe(a.findingCount);
  expect(summaryOf(one.a.summary as never), `${name}: layer a summary`).toBe(summaryOf(a.summary as never));
  if (/-K-/.test(name)) {
    // without layer c a Kebir's lines are still the units (one-pass unitTag): the same a and b
    const ab = await validateOnePass(file, { gib, b: true, c: false });
    expect(lines(ab.a.findings), `${name}: layer a without c`).toEqual(lines(one.a.findings));
    expect(lines(ab.b!.findings), `${name}: layer b without c`).toEqual(lines(one.b!.findings));
    expect(ab.b!.count, `${name}: layer b count without c`).toBe(one.b!.count);
  }
  const draft = one.c!.draft;
  const c = await byTokens(file, await startGibRules(kindFromName(name)!, { gib, name, ...(draft ? { ignore: (f) => f.test === 'ds:Signature' } : {}) }));
  expect(lines(one.c!.findings), `${name}: layer c`).toEqual(lines(c.failures.map(ruleFinding)));
  expect(one.c!.count, `${name}: layer c count`).toBe(c.count);
  return { shapes: lines(one.b!.findings), tokens: lines(tok.findings), counts: [one.b!.count, tok.count] };
}

/** Single faults in later units: the middle and the last occurrence of up to `names` distinct leaf elements. */
function faults(xml: string, names: number): { what: string; xml: string }[] {
  const leaf = /<((?:gl-cor|gl-bus|gl-muc):[A-Za-z]+)(\s[^>]*)?>([^<]*)<\/\1>/g;
  const at = new Map<string, number[]>();
  for (let m = leaf.exec(xml); m; m = leaf.exec(xml)) {
    if (xml.lastIndexOf('<gl-cor:entryHeader', m.index) < 0) continue; // only inside maddeler
    const l = at.get(m[1]) ?? [];
    l.push(m.index);
    at.set(m[1], l);
  }
  const out: { what: string; xml: string }[] = [];
  const put = (i: number, name: string, value: string, what: string) => {
    const open = xml.indexOf('>', i) + 1;
    const close = xml.indexOf(`</${name}>`, open);
    out.push({ what: `${what} in ${name} @${i}`, xml: xml.slice(0, open) + value + xml.slice(close) });
  };
  const picked = [...at].filter(([, l]) => l.length >= 3).slice(0, names);
  for (const [name, l] of picked) {
    for (const i of [l[Math.floor(l.length / 2)], l[l.length - 1]]) {
      put(i, name, 'x!', 'not of its type');
      put(i, name, '', 'empty');
    }
  }
  const [name, l] = picked[0];
  const last = l[l.length - 1];
  put(last, name, `1\r\n2`, 'a carriage return');
  put(last, name, '9'.repeat(70_000), 'longer than 64 KiB');
  put(l[Math.floor(l.length / 2)], name, ' 12 ', 'blanks around');
  // text between the elements of a madde, and xsi:nil, in the last madde
  const lastHeader = xml.lastIndexOf('<gl-cor:entryHeader>');
  const gt = xml.indexOf('>', lastHeader) + 1;
  out.push({ what: 'text in a madde', xml: `${xml.slice(0, gt)}metin${xml.slice(gt)}` });
  const detail = xml.lastIndexOf('<gl-cor:entryDetail');
  out.push({
    what: 'xsi:nil on a line',
    xml: `${xml.slice(0, detail)}<gl-cor:entryDetail xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"${xml.slice(detail + '<gl-cor:entryDetail'.length)}`,
  });
  return out;
}

describe('layers a, b and c by unit shape = by tokens', () => {
  it('the valid files: no findings either way (layer a: the same summary)', async () => {
    for (const [name, xml] of bases) {
      const r = await bothWays(name, xml);
      expect(r.shapes, name).toEqual([]);
      expect(r.tokens, name).toEqual([]);
    }
  });

  it('single faults in later units of a learnt shape: the same findings, lines, columns and counts', async () => {
    let n = 0;
    let found = 0;
    for (const [name, xml] of bases) {
      for (const f of faults(xml, 10)) {
        const r = await bothWays(name, f.xml);
        expect(r.shapes, `${name}: ${f.what}`).toEqual(r.tokens);
        expect(r.counts[0], `${name}: ${f.what}`).toBe(r.counts[1]);
        n++;
        if (r.tokens.length) found++;
      }
    }
    expect(n).toBeGreaterThan(80);
    // many are XSD faults (an empty or a padded string can be valid: the two ways must agree on those as well)
    expect(found).toBeGreaterThan(n / 3);
  }, 300_000);
});
