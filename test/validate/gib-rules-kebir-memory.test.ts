/**
 * The rule engine streams inside a Kebir madde (issue 14, the engine's memory): a Kebir madde is one
 * account with all its lines, so a 1 M-line month can put ~150k lines in one gl-cor:entryHeader. Each
 * gl-cor:entryDetail is checked at its end tag and dropped; the madde's own rules (line count, debit and
 * credit sums, distinct account ids, the first line's account for the account-order rules, the
 * lineNumberCounter order) read accumulators fed line by line.
 *
 * Generated Kebir: the header and tail of a real signed Kebir around ONE account of N lines (debit and
 * credit alternating, totals 0 and 0, lineNumberCounter rising). Checked in a child process:
 *  - 200,000 lines (~175 MiB) pass every GİB Kebir rule in a child whose V8 old space is capped at
 *    48 MiB (a held madde is hundreds of MiB of nodes), with the peak heap growth over the warm child
 *    close to what 20,000 lines need (flat in N);
 *  - faults in the LAST line of a 3,000-line account (3 decimals, so the sum differs too; a falling
 *    lineNumberCounter) fail exactly the rule ids GİB's rules fail on Java Saxon-HE (the oracle).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGibRules, compileGibRules } from '../../packages/bridge/src/validate/gib-rules/index.ts';
import { buildSmall, gib, repoRoot, signAll, tmpDir } from '../ledger/helpers.ts';
import { runGibSchematronBatch } from '../kit/gib-schematron.ts';

const root = tmpDir('kebir-memory');
let head = '';
let tail = '';
/** The real Kebir's file name (GİB's file-name rules read it): every generated file gets it, in its own folder. */
let kName = '';
const fileFor = (label: string) => {
  const d = path.join(root, label);
  fs.mkdirSync(d, { recursive: true });
  return path.join(d, kName);
};

beforeAll(async () => {
  const b = await buildSmall(path.join(root, 'month'), { entries: 20 });
  const s = await signAll(b);
  const kFile = s.defters.find((f) => path.basename(f).includes('-K-'))!;
  kName = path.basename(kFile);
  const k = fs.readFileSync(kFile, 'utf8');
  head = k.slice(0, k.indexOf('<gl-cor:entryHeader>'));
  tail = k.slice(k.lastIndexOf('</gl-cor:entryHeader>') + '</gl-cor:entryHeader>'.length);
}, 240_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Writes a Kebir with one account of `n` lines; `fault` changes the last line. */
async function writeKebir(file: string, n: number, fault?: 'decimals' | 'counter'): Promise<void> {
  const out = fs.createWriteStream(file);
  const w = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await w(head);
  await w(
    '<gl-cor:entryHeader>\n<gl-bus:totalDebit contextRef="ledger_context" decimals="INF" unitRef="try">0.00</gl-bus:totalDebit>\n' +
      '<gl-bus:totalCredit contextRef="ledger_context" decimals="INF" unitRef="try">0.00</gl-bus:totalCredit>\n',
  );
  const batch: string[] = [];
  for (let i = 1; i <= n; i++) {
    const last = i === n;
    const amount = last && fault === 'decimals' ? '10.005' : '10.00';
    const counter = last && fault === 'counter' ? 1 : i;
    batch.push(
      `<gl-cor:entryDetail>\n<gl-cor:lineNumber contextRef="ledger_context">${i}</gl-cor:lineNumber>\n` +
        `<gl-cor:lineNumberCounter contextRef="ledger_context" decimals="INF" unitRef="countable">${counter}</gl-cor:lineNumberCounter>\n` +
        '<gl-cor:account>\n<gl-cor:accountMainID contextRef="ledger_context">100</gl-cor:accountMainID>\n' +
        '<gl-cor:accountMainDescription contextRef="ledger_context">KASA</gl-cor:accountMainDescription>\n<gl-cor:accountSub>\n' +
        '<gl-cor:accountSubDescription contextRef="ledger_context">Merkez Kasa</gl-cor:accountSubDescription>\n' +
        '<gl-cor:accountSubID contextRef="ledger_context">100.01</gl-cor:accountSubID>\n</gl-cor:accountSub>\n</gl-cor:account>\n' +
        `<gl-cor:amount contextRef="ledger_context" decimals="INF" unitRef="try">${amount}</gl-cor:amount>\n` +
        `<gl-cor:debitCreditCode contextRef="ledger_context">${i % 2 ? 'D' : 'C'}</gl-cor:debitCreditCode>\n` +
        '<gl-cor:postingDate contextRef="ledger_context">2026-01-15</gl-cor:postingDate>\n</gl-cor:entryDetail>\n',
    );
    if (batch.length === 1000 || last) {
      await w(batch.join(''));
      batch.length = 0;
    }
  }
  await w('</gl-cor:entryHeader>');
  await w(tail);
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
}

interface ChildResult {
  count: number;
  ruleIds: string[];
  ms: number;
  baseRss: number;
  peakRss: number;
  baseHeap: number;
  peakHeap: number;
}

/** Runs the child; `heapMiB` caps V8's old space (a run that held the madde would die of it). */
function child(warm: string, big: string, heapMiB = 0): ChildResult {
  const r = spawnSync(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), [path.join(repoRoot, 'test/validate/kebir-lines-child.ts'), gib().dir, warm, big], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: `--expose-gc${heapMiB ? ` --max-old-space-size=${heapMiB}` : ''}` },
    timeout: 300_000,
  });
  if (r.status !== 0) throw new Error(`child failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as ChildResult;
}

const MiB = 1 << 20;

describe('GİB rule engine: a Kebir madde streams line by line', () => {
  it('one account of 200,000 lines passes every rule in bounded memory, flat against 20,000 lines', async () => {
    const warm = fileFor('warm'),
      small = fileFor('k20k'),
      big = fileFor('k200k');
    await writeKebir(warm, 50);
    await writeKebir(small, 20_000);
    await writeKebir(big, 200_000);
    const s = child(warm, small);
    const b = child(warm, big, 48);
    fs.rmSync(big);
    const mb = (x: number) => (x / MiB).toFixed(1);
    console.log(
      `Kebir, one account: 20k lines heap +${mb(s.peakHeap - s.baseHeap)} MiB, RSS +${mb(s.peakRss - s.baseRss)} MiB, ${s.ms} ms; ` +
        `200k lines (${mb(fs.statSync(small).size * 10)} MiB) heap +${mb(b.peakHeap - b.baseHeap)} MiB, RSS +${mb(b.peakRss - b.baseRss)} MiB, ${b.ms} ms`,
    );
    expect(s.ruleIds).toEqual([]);
    expect(b.ruleIds).toEqual([]);
    // Held whole, 200k lines are ~1 GiB of nodes; streamed, the growth is the reading buffers and GC slack.
    expect(b.peakHeap - b.baseHeap).toBeLessThan(40 * MiB);
    expect(b.peakHeap - b.baseHeap).toBeLessThan(s.peakHeap - s.baseHeap + 24 * MiB);
    expect(b.peakRss - b.baseRss).toBeLessThan(160 * MiB);
  }, 600_000);

  it('faults in the last line of a long account fail exactly the GİB rules the Saxon oracle fails', async () => {
    const rs = await compileGibRules(path.join(gib().dir, 'sch', 'edefter_kebir.sch'));
    const id = (test: string) => rs.rules.find((r) => r.test.startsWith(test))!.ruleId;
    const decimals = fileFor('decimals'),
      counter = fileFor('counter');
    await writeKebir(decimals, 3000, 'decimals');
    await writeKebir(counter, 3000, 'counter');
    const d = await checkGibRules(decimals, { gib: gib(), kind: 'kebir' });
    expect([...new Set(d.failures.map((f) => f.ruleId))].sort()).toEqual(
      [id('gl-bus:totalDebit - gl-bus:totalCredit'), id('matches(normalize-space(gl-cor:amount)')].sort(),
    );
    const amount = d.failures.find((f) => f.ruleId === id('matches(normalize-space(gl-cor:amount)'))!;
    expect(amount.line).toBe('3000');
    expect(amount.location).toMatch(/gl-cor:entryDetail\[3000\]$/);
    const c = await checkGibRules(counter, { gib: gib(), kind: 'kebir' });
    expect(c.failures.map((f) => f.ruleId)).toEqual([id('not(preceding-sibling::node()) or not(preceding-sibling::node()/gl-cor:lineNumberCounter)')]);
    expect(c.failures[0].line).toBe('3000');
    const o = await runGibSchematronBatch([{ file: decimals }, { file: counter }]);
    expect(o.files[0].failed.map((f) => f.ruleId ?? `(${f.kind})`).sort()).toEqual([...new Set(d.failures.map((f) => f.ruleId))].sort());
    expect(o.files[1].failed.map((f) => f.ruleId ?? `(${f.kind})`).sort()).toEqual(c.failures.map((f) => f.ruleId));
  }, 240_000);
});
