/**
 * A corpus of single-fault mutants of a signed month (Y, K, YB, KB, DR), each checked by layer (a)
 * (our own streaming checks + the cross-file month checks) and by layer (c) (every assert of GİB's
 * official schematron through the streaming rule engine, validate/gib-rules, "müteselsil" ones included).
 * Every mutant must be rejected by (a). (c) must reject every mutant except the documented ones
 * that GİB's schematron cannot see (C_BLIND): the table is printed and compared exactly.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkFile } from '../../packages/bridge/src/validate/own/index.ts';
import { checkMonthSet, type FileSummary } from '../../packages/bridge/src/validate/index.ts';
import { checkGibRules, type GibRuleKind } from '../../packages/bridge/src/validate/gib-rules/index.ts';
import type { BuildResult } from '../../packages/bridge/src/ledger/build.ts';
import { buildSmall, gib, signAll, tmpDir } from './helpers.ts';

type Kind = 'Y' | 'K' | 'YB' | 'KB' | 'DR';
interface Mutant {
  name: string;
  kind: Kind;
  edit?: (x: string) => string;
  rename?: (n: string) => string;
}

/** Mutants GİB's schematron cannot see (checked only by our layer a). */
const C_BLIND = new Set([
  'Y: part 000000 not covering the whole month',
  'Y: stylesheet href changed',
  'Y: context id renamed consistently',
  'Y: documentType outside the e-Defter list (debit-memo)',
  "YB: berat SignatureValue not the defter's",
  "YB: numberOfEntries not the defter's",
  'DR: account totals differ from the kebir',
]);

/** Replaces the n-th match (0-based) of a global regex. Throws when there is none. */
function nth(x: string, re: RegExp, n: number, f: (m: string, ...g: string[]) => string): string {
  let i = -1;
  let hit = false;
  const out = x.replace(new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g'), (m, ...g) => {
    i++;
    if (i !== n) return m;
    hit = true;
    return f(m, ...(g.slice(0, -2) as string[]));
  });
  if (!hit) throw new Error(`mutant pattern not found: ${re}`);
  return out;
}
const first = (x: string, re: RegExp, f: (m: string, ...g: string[]) => string) => nth(x, re, 0, f);
const plus = (a: string, d: number) => (Number(a) + d).toFixed(2);
/** The n-th entryHeader block (with its details). */
const headerBlock = (x: string, n: number) => x.match(/<gl-cor:entryHeader>[\s\S]*?<\/gl-cor:entryHeader>\n/g)![n];
const lastHeader = (x: string) => x.match(/<gl-cor:entryHeader>[\s\S]*?<\/gl-cor:entryHeader>\n/g)!.at(-1)!;

const MUTANTS: Mutant[] = [
  {
    name: 'Y: unbalanced madde (one line +0.01)',
    kind: 'Y',
    edit: (x) => first(x, /(<gl-cor:amount [^>]*>)([0-9.]+)</, (_m, t, v) => `${t}${plus(v, 0.01)}<`),
  },
  { name: 'Y: totalCredit ≠ totalDebit', kind: 'Y', edit: (x) => first(x, /(<gl-bus:totalCredit [^>]*>)([0-9.]+)</, (_m, t, v) => `${t}${plus(v, 1)}<`) },
  {
    name: 'Y: gap in entryNumberCounter',
    kind: 'Y',
    edit: (x) => {
      const h = lastHeader(x);
      const n = Number(/<gl-cor:entryNumberCounter [^>]*>(\d+)</.exec(h)![1]);
      return x.replace(h, h.replace(new RegExp(`>${n}</gl-cor:(entryNumberCounter|lineNumberCounter)>`, 'g'), `>${n + 1}</gl-cor:$1>`));
    },
  },
  {
    name: 'Y: gap in lineNumber',
    kind: 'Y',
    edit: (x) => {
      const all = [...x.matchAll(/<gl-cor:lineNumber [^>]*>(\d+)</g)];
      const last = all.at(-1)!;
      return x.slice(0, last.index) + last[0].replace(`>${last[1]}<`, `>${Number(last[1]) + 1}<`) + x.slice(last.index! + last[0].length);
    },
  },
  { name: 'Y: wrong VKN in the file name', kind: 'Y', rename: (n) => n.replace('6090408038', '6090408039') },
  { name: 'Y: wrong period in the file name', kind: 'Y', rename: (n) => n.replace('-202601-', '-202602-') },
  {
    name: 'Y: part 000000 not covering the whole month',
    kind: 'Y',
    edit: (x) => first(x, /(<gl-cor:periodCoveredEnd [^>]*>)2026-01-31</, (_m, t) => `${t}2026-01-30<`),
  },
  { name: 'Y: enteredBy missing', kind: 'Y', edit: (x) => first(x, /<gl-cor:enteredBy [^>]*>[^<]*<\/gl-cor:enteredBy>\n/, () => '') },
  { name: 'Y: enteredBy one character', kind: 'Y', edit: (x) => first(x, /(<gl-cor:enteredBy [^>]*>)[^<]*</, (_m, t) => `${t}A<`) },
  { name: 'Y: amount with 3 decimals', kind: 'Y', edit: (x) => first(x, /(<gl-cor:amount [^>]*>[0-9]+\.[0-9]{2})</, (_m, t) => `${t}0<`) },
  { name: 'Y: negative amount', kind: 'Y', edit: (x) => first(x, /(<gl-cor:amount [^>]*>)([0-9.]+)</, (_m, t, v) => `${t}-${v}<`) },
  { name: 'Y: zero amount', kind: 'Y', edit: (x) => first(x, /(<gl-cor:amount [^>]*>)([0-9.]+)</, (_m, t) => `${t}0.00<`) },
  { name: 'Y: unknown debitCreditCode', kind: 'Y', edit: (x) => first(x, />D<\/gl-cor:debitCreditCode>/, () => '>X</gl-cor:debitCreditCode>') },
  {
    name: 'Y: postingDate ≠ enteredDate',
    kind: 'Y',
    edit: (x) => first(x, /(<gl-cor:postingDate [^>]*>)2026-01-(\d\d)</, (_m, t, d) => `${t}2026-01-${d === '28' ? '27' : '28'}<`),
  },
  { name: 'Y: enteredDate outside the period', kind: 'Y', edit: (x) => first(x, /(<gl-cor:enteredDate [^>]*>)[^<]*</, (_m, t) => `${t}2025-12-31<`) },
  { name: 'Y: periodCoveredEnd in the next month', kind: 'Y', edit: (x) => first(x, /(<gl-cor:periodCoveredEnd [^>]*>)[^<]*</, (_m, t) => `${t}2026-02-28<`) },
  { name: 'Y: creationDate before periodCoveredEnd', kind: 'Y', edit: (x) => first(x, /(<gl-cor:creationDate [^>]*>)[^<]*</, (_m, t) => `${t}2026-01-15<`) },
  { name: 'Y: uniqueID with the KEB prefix', kind: 'Y', edit: (x) => x.replace('>YEV202601000001<', '>KEB202601000001<') },
  { name: 'Y: uniqueID of 14 characters', kind: 'Y', edit: (x) => x.replace('>YEV202601000001<', '>YEV20260100001<') },
  { name: 'Y: uniqueID of another period', kind: 'Y', edit: (x) => x.replace('>YEV202601000001<', '>YEV202602000001<') },
  { name: 'Y: entriesType ledger in a journal', kind: 'Y', edit: (x) => x.replace('>journal</gl-cor:entriesType>', '>ledger</gl-cor:entriesType>') },
  { name: 'Y: empty sourceApplication', kind: 'Y', edit: (x) => first(x, /(<gl-bus:sourceApplication [^>]*>)[^<]*</, (_m, t) => `${t} <`) },
  { name: 'Y: no phone number', kind: 'Y', edit: (x) => first(x, /<gl-bus:entityPhoneNumber>[\s\S]*?<\/gl-bus:entityPhoneNumber>\n/, () => '') },
  { name: "Y: no 'Kurum Unvanı'", kind: 'Y', edit: (x) => x.replace('>Kurum Unvanı<', '>Unvan<') },
  {
    name: 'Y: invoice without documentNumber',
    kind: 'Y',
    edit: (x) => first(x, /(>invoice<\/gl-cor:documentType>\n)<gl-cor:documentNumber [^>]*>[^<]*<\/gl-cor:documentNumber>\n/, (_m, t) => t),
  },
  {
    name: "Y: 'other' without documentTypeDescription",
    kind: 'Y',
    edit: (x) => first(x, /(>other<\/gl-cor:documentType>\n)<gl-cor:documentTypeDescription [^>]*>[^<]*<\/gl-cor:documentTypeDescription>\n/, (_m, t) => t),
  },
  { name: 'Y: documentReference ≠ entryNumber', kind: 'Y', edit: (x) => first(x, /(<gl-cor:documentReference [^>]*>)[^<]*</, (_m, t) => `${t}BAŞKA<`) },
  { name: 'Y: decimals="2"', kind: 'Y', edit: (x) => first(x, /decimals="INF"/, () => 'decimals="2"') },
  { name: 'Y: accountMainID of 2 characters', kind: 'Y', edit: (x) => first(x, /(<gl-cor:accountMainID [^>]*>)[^<]*</, (_m, t) => `${t}10<`) },
  { name: 'Y: accountSubID not under its main account', kind: 'Y', edit: (x) => first(x, /(<gl-cor:accountSubID [^>]*>)[^<]*</, (_m, t) => `${t}999.01<`) },
  {
    name: 'Y: madde with a single line',
    kind: 'Y',
    edit: (x) => {
      const h = headerBlock(x, 0);
      return x.replace(h, h.replace(/<gl-cor:entryDetail>[\s\S]*?<\/gl-cor:entryDetail>\n(?=<\/gl-cor:entryHeader>)/, ''));
    },
  },
  {
    name: 'Y: maddeler out of date order',
    kind: 'Y',
    edit: (x) => {
      const h = headerBlock(x, 0);
      return x.replace(h, h.replace(/(<gl-cor:(?:enteredDate|postingDate) [^>]*>)2026-01-\d\d</g, '$12026-01-30<'));
    },
  },
  { name: 'Y: identifier of 9 digits', kind: 'Y', edit: (x) => x.replace('>6090408038</xbrli:identifier>', '>609040803</xbrli:identifier>') },
  { name: 'Y: signature removed', kind: 'Y', edit: (x) => x.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '') },
  {
    name: 'Y: SHA-1 signature method',
    kind: 'Y',
    edit: (x) => x.replace(/(<ds:SignatureMethod Algorithm=")[^"]*"/, '$1http://www.w3.org/2000/09/xmldsig#rsa-sha1"'),
  },
  { name: 'Y: stylesheet href changed', kind: 'Y', edit: (x) => x.replace('href="yevmiye.xslt"', 'href="defter.xslt"') },
  { name: 'Y: context id renamed consistently', kind: 'Y', edit: (x) => x.replace(/journal_context/g, 'ctx1') },
  {
    name: 'Y: documentType outside the e-Defter list (debit-memo)',
    kind: 'Y',
    edit: (x) =>
      first(x, />(receipt|voucher|other|invoice|check)<\/gl-cor:documentType>/, () => '>debit-memo</gl-cor:documentType>').replace(
        /(>debit-memo<\/gl-cor:documentType>\n)<gl-cor:documentTypeDescription [^>]*>[^<]*<\/gl-cor:documentTypeDescription>\n/,
        '$1',
      ),
  },
  {
    name: 'K: accounts not sorted',
    kind: 'K',
    edit: (x) => {
      const a = headerBlock(x, 0),
        b = headerBlock(x, 1);
      return x.replace(a + b, b + a);
    },
  },
  {
    name: 'K: totals not net (both non-zero)',
    kind: 'K',
    edit: (x) => {
      const h = headerBlock(x, 0);
      return x.replace(
        h,
        h.replace(/(<gl-bus:total(?:Debit|Credit) [^>]*>)([0-9.]+)</g, (_m, t, v) => `${t}${plus(v, 1)}<`),
      );
    },
  },
  {
    name: 'K: header with two main accounts',
    kind: 'K',
    edit: (x) => {
      const hs = x.match(/<gl-cor:entryHeader>[\s\S]*?<\/gl-cor:entryHeader>\n/g)!;
      const h = hs.find((b) => (b.match(/<gl-cor:entryDetail>/g) ?? []).length > 1)!;
      return x.replace(
        h,
        nth(h, /(<gl-cor:accountMainID [^>]*>)[^<]*</, 1, (_m, t) => `${t}999<`),
      );
    },
  },
  { name: 'K: postingDate outside the period', kind: 'K', edit: (x) => first(x, /(<gl-cor:postingDate [^>]*>)[^<]*</, (_m, t) => `${t}2026-02-02<`) },
  { name: 'YB: SignatureValue without Id', kind: 'YB', edit: (x) => x.replace(/(<ds:SignatureValue) Id="[^"]*"/, '$1') },
  {
    name: 'YB: vergi detayı with 9 lines',
    kind: 'YB',
    edit: (x) => x.replace(/<gl-cor:entryDetail>[\s\S]*?<\/gl-cor:entryDetail>\n(?=<\/gl-cor:entryHeader>)/, ''),
  },
  {
    name: 'YB: segment uniqueID not a UUID',
    kind: 'YB',
    edit: (x) => first(x, /(<xbrli:segment>[\s\S]*?<gl-cor:uniqueID [^>]*>)[^<]*</, (_m, t) => `${t}ETTN-123<`),
  },
  { name: 'YB: measurableQuantity with 3 decimals', kind: 'YB', edit: (x) => first(x, /(<gl-bus:measurableQuantity [^>]*>)[^<]*</, (_m, t) => `${t}0.025<`) },
  {
    name: 'YB: no top-level ds:SignatureValue',
    kind: 'YB',
    edit: (x) => x.replace(/<\/xbrli:xbrl>\n<ds:SignatureValue>[^<]*<\/ds:SignatureValue>\n/, '</xbrli:xbrl>\n'),
  },
  { name: 'YB: numberOfEntries missing', kind: 'YB', edit: (x) => first(x, /<gl-bus:numberOfEntries [^>]*>[^<]*<\/gl-bus:numberOfEntries>\n/, () => '') },
  {
    name: "YB: berat SignatureValue not the defter's",
    kind: 'YB',
    edit: (x) => x.replace(/(<\/xbrli:xbrl>\n<ds:SignatureValue>)(.)/, (_m, t, c) => `${t}${c === 'A' ? 'B' : 'A'}`),
  },
  {
    name: "YB: numberOfEntries not the defter's",
    kind: 'YB',
    edit: (x) => first(x, /(<gl-bus:numberOfEntries [^>]*>)(\d+)</, (_m, t, n) => `${t}${Number(n) + 1}<`),
  },
  { name: 'KB: entriesType journal in a ledger berat', kind: 'KB', edit: (x) => x.replace('>ledger</gl-cor:entriesType>', '>journal</gl-cor:entriesType>') },
  {
    name: 'DR: account with only a D line',
    kind: 'DR',
    edit: (x) => nth(x, /<gl-cor:entryDetail>(?:(?!<\/gl-cor:entryDetail>)[\s\S])*?>C<\/gl-cor:debitCreditCode>[\s\S]*?<\/gl-cor:entryDetail>\n/, 0, () => ''),
  },
  {
    name: 'DR: documentApplyToNumber not a number',
    kind: 'DR',
    edit: (x) => first(x, /(<gl-cor:documentApplyToNumber [^>]*>)[^<]*</, (_m, t) => `${t}on iki<`),
  },
  {
    name: 'DR: account totals differ from the kebir',
    kind: 'DR',
    edit: (x) => first(x, /(<gl-cor:amount [^>]*>)([0-9.]+)</, (_m, t, v) => `${t}${plus(v, 1)}<`),
  },
];

let month: BuildResult;
const base = new Map<Kind, string>();
const baseSummaries = new Map<Kind, FileSummary>();

beforeAll(async () => {
  const root = tmpDir('mutants');
  month = await buildSmall(root, { entries: 10, seed: 20260101 });
  const s = await signAll(month);
  const files: [Kind, string][] = [
    ['Y', s.defters[0]],
    ['K', s.defters[1]],
    ['YB', s.berats[0]],
    ['KB', s.berats[1]],
    ['DR', s.dr],
  ];
  for (const [k, f] of files) {
    base.set(k, f);
    const r = await checkFile(f, { requireSignature: true });
    expect(r.findings).toEqual([]);
    baseSummaries.set(k, r.summary);
  }
}, 120_000);

const schFor = (k: Kind): GibRuleKind => (({ Y: 'yevmiye', K: 'kebir', YB: 'berat', KB: 'berat', DR: 'rapor' }) as const)[k];

describe('single-fault mutants: layer a and GİB schematron (layer c)', () => {
  it(`rejects all ${MUTANTS.length} mutants with a; c rejects all but the documented blind spots`, async () => {
    expect(MUTANTS.length).toBeGreaterThanOrEqual(30);
    const dir = tmpDir('mutant-files');
    const table: { name: string; a: boolean; c: boolean; aFirst: string; cFirst: string }[] = [];
    for (const m of MUTANTS) {
      const src = base.get(m.kind)!;
      const name = m.rename ? m.rename(path.basename(src)) : path.basename(src);
      const sub = fs.mkdtempSync(path.join(dir, 'm-'));
      const file = path.join(sub, name);
      const text = fs.readFileSync(src, 'utf8');
      const mutated = m.edit ? m.edit(text) : text;
      expect(mutated === text && !m.rename, `${m.name}: no change`).toBe(false);
      fs.writeFileSync(file, mutated);
      const a = await checkFile(file, { requireSignature: true });
      const set = [...baseSummaries.entries()].map(([k, s]) => (k === m.kind ? a.summary : s));
      const cross = checkMonthSet(set, month.month, month.numberingStart);
      const c = await checkGibRules(file, { gib: gib(), kind: schFor(m.kind) });
      table.push({
        name: m.name,
        a: a.findingCount + cross.length > 0,
        c: c.count > 0,
        aFirst: a.findings[0]?.tr ?? cross[0]?.tr ?? '',
        cFirst: c.failures[0] ? `${c.failures[0].ruleId} ${c.failures[0].tr}` : '',
      });
    }
    const lines = table.map(
      (t) =>
        `${t.a ? 'a:RED ' : 'a:---  '} ${t.c ? 'c:RED ' : 'c:---  '} ${t.name}${t.a !== t.c ? '   <-- uyuşmazlık / disagreement' : ''}\n        a: ${t.aFirst.slice(0, 110)}\n        c: ${t.cFirst.slice(0, 110)}`,
    );
    console.log(`\nMutant corpus (${table.length}):\n${lines.join('\n')}`);
    for (const t of table) expect(t.a, `layer a must reject: ${t.name}`).toBe(true);
    const cMissed = table
      .filter((t) => !t.c)
      .map((t) => t.name)
      .sort();
    expect(cMissed).toEqual([...C_BLIND].sort());
  }, 300_000);
});

describe('layer a: namespace prefixes', () => {
  it('a prefix named like an Object.prototype property is no GİB prefix (no NS_PREFIX finding)', async () => {
    const file = path.join(tmpDir('ns-prefix'), path.basename(base.get('Y')!));
    const text = fs.readFileSync(base.get('Y')!, 'utf8');
    const edited = text.replace('<gl-cor:entryHeader>', '<gl-cor:entryHeader xmlns:constructor="urn:x" xmlns:toString="urn:y">');
    expect(edited).not.toBe(text);
    fs.writeFileSync(file, edited);
    const r = await checkFile(file, { requireSignature: true });
    expect(r.findings.filter((f) => f.code === 'NS_PREFIX')).toEqual([]);
    // and a GİB prefix bound elsewhere still is one
    fs.writeFileSync(file, text.replace('<gl-cor:entryHeader>', '<gl-cor:entryHeader xmlns:gl-bus="urn:wrong">'));
    const bad = await checkFile(file, { requireSignature: true });
    expect(bad.findings.some((f) => f.code === 'NS_PREFIX')).toBe(true);
  }, 60_000);
});
