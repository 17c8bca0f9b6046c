/**
 * The proof by difference on the FULL corpus (issue 14 item 2), as a script:
 *
 *   node scripts/run.mjs tsx test/validation/full-difference.ts            # the manifest's mutants
 *   node scripts/run.mjs tsx test/validation/full-difference.ts --record   # select again, write manifest + docs table
 *
 * Builds every valid file the project produces (test/validation/corpus/base.ts: the compliance plan
 * with scenario 4, a three-part month, the Envanter plan), makes the mutants, runs GİB's six .sch
 * on Java Saxon-HE (the oracle) and our validation (every layer) on each file, and prints: files,
 * mutants, GİB asserts covered (failed at least once by the oracle) out of 636, false passes
 * (must be 0), stricter-than-GİB cases (listed, with the allow-list row that explains each), time.
 *
 * --record: every systematic candidate (~4000) and every handwritten fault is made and run through
 * the oracle; the corpus is then the handwritten mutants, a greedy cover of the remaining asserts by
 * systematic mutants, the faults in the last part of the split month (one per distinct verdict),
 * and every 25th mutant GİB accepts (where stricter-than-GİB cases show). The manifest
 * (corpus/manifest.json) and docs/gib-rules-table.md are rewritten. Exit code 1 on a false pass,
 * an unlisted stricter case, a mutant not tripping what it is meant to, or a base file rejected.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomicSync } from '../../packages/bridge/src/fs/atomic-write.ts';
import { resolveGibPackage } from '../../packages/bridge/src/validate/index.ts';
import { repoRoot } from '../ledger/helpers.ts';
import { runGibSchematronBatch } from '../kit/gib-schematron.ts';
import { writeAssertTable } from './assert-table.ts';
import {
  allRuleIds,
  buildBaseCorpus,
  handMutants,
  materialize,
  MANIFEST,
  mutantsOf,
  readManifest,
  systematicMutants,
  type ManifestEntry,
  type Mutant,
} from './corpus/index.ts';
import { compareAll, coveredRules, judge, readAllowList, type CorpusFile } from './corpus/difference.ts';

const record = process.argv.includes('--record');
const t0 = performance.now();
const dir = path.join(os.tmpdir(), `edefter-difference-${process.getuid?.() ?? 'u'}`);
const log = (s: string) => process.stdout.write(`${s}\n`);

const bases = await buildBaseCorpus({ dir: path.join(dir, 'base') });
const secs = (ms: number) => (ms / 1000).toFixed(0);
log(`[corpus] ${bases.length} valid files built in ${secs(performance.now() - t0)} s (${[...new Set(bases.map((b) => b.scenario))].join(', ')})`);
const mutDir = path.join(dir, 'mutants');
fs.rmSync(mutDir, { recursive: true, force: true });

let made = 0;
/** Makes mutant files (each in its own numbered folder); those whose draft cannot be signed are left out (counted). */
async function make(ms: Mutant[]): Promise<{ m: Mutant; file: string }[]> {
  const out: { m: Mutant; file: string }[] = [];
  let unsignable = 0;
  for (const m of ms) {
    const f = await materialize(m, mutDir, made++);
    if (f) out.push({ m, file: f });
    else unsignable++;
  }
  if (unsignable) log(`[corpus] ${unsignable} mutants left out: their draft cannot be signed`);
  return out;
}

let selected: { m: Mutant; file: string }[];
let manifest: ManifestEntry[] = [];
if (record) {
  const hand = await make(handMutants(bases));
  const sys = await make(systematicMutants(bases));
  log(`[record] candidates: ${hand.length} handwritten, ${sys.length} systematic`);
  const o = await runGibSchematronBatch([...hand, ...sys].map((x) => ({ file: x.file })));
  log(`[record] oracle on every candidate: ${secs(o.ms)} s, ${o.jvms} JVM`);
  const ids = (i: number) => [...new Set(o.files[i].failed.map((f) => f.ruleId).filter((x): x is string => !!x))].sort();
  const rejected = (i: number) => o.files[i].failed.length > 0;
  const covered = new Set<string>();
  hand.forEach((_, i) => ids(i).forEach((r) => covered.add(r)));
  // Greedy cover of what the handwritten faults leave, by systematic mutants (first best wins).
  const sysIds = sys.map((_, j) => ids(hand.length + j));
  const cover: number[] = [];
  for (;;) {
    let best = -1,
      gain = 0;
    sysIds.forEach((s, j) => {
      const g = s.filter((r) => !covered.has(r)).length;
      if (g > gain) {
        best = j;
        gain = g;
      }
    });
    if (best < 0) break;
    cover.push(best);
    sysIds[best].forEach((r) => covered.add(r));
  }
  // Faults in the last part of the split month: one per distinct oracle verdict.
  const seen = new Set<string>();
  const lastPart: number[] = [];
  sys.forEach((x, j) => {
    const key = `${x.m.base.id} ${sysIds[j].join(',')}`;
    if (x.m.base.scenario !== 'parcali-3' || !rejected(hand.length + j) || seen.has(key)) return;
    seen.add(key);
    lastPart.push(j);
  });
  const accepted = sys
    .map((_, j) => j)
    .filter((j) => !rejected(hand.length + j))
    .filter((_, k) => k % 25 === 0);
  const pick = [...new Set([...cover, ...lastPart, ...accepted])].sort((a, b) => a - b);
  // The reduced corpus of `npm test`: a greedy cover of every assert that can fail, handwritten mutants
  // first (so it trips all of them), the last-madde/last-part value faults, some last-part systematic
  // faults and some mutants GİB accepts.
  const handIds = hand.map((_, i) => ids(i));
  const small = new Set<string>();
  const handCover = new Set<number>();
  for (;;) {
    let best = -1,
      gain = 0;
    handIds.forEach((s, i) => {
      const g = s.filter((r) => !small.has(r)).length;
      if (g > gain) {
        best = i;
        gain = g;
      }
    });
    if (best < 0) break;
    handCover.add(best);
    handIds[best].forEach((r) => small.add(r));
  }
  hand.forEach((x, i) => {
    if (/^(last|first):/.test(x.m.hand!.key)) handCover.add(i);
  });
  const sysCover = cover.filter((j) => {
    if (sysIds[j].every((r) => small.has(r))) return false;
    sysIds[j].forEach((r) => small.add(r));
    return true;
  });
  const reducedSys = new Set([...sysCover, ...lastPart.slice(0, 10), ...accepted.slice(0, 6)]);
  const REDUCED_BASES = new Set(['1', '5-6', '7', 'E1', 'E4', 'parcali-3']);
  selected = [...hand, ...pick.map((j) => sys[j])];
  manifest = [
    ...hand.map((x, i) => ({ name: x.m.name, rules: x.m.rules, ...(handCover.has(i) ? { reduced: true } : {}) })),
    ...pick.map((j) => ({
      name: sys[j].m.name,
      rules: sysIds[j],
      ...(reducedSys.has(j) && REDUCED_BASES.has(sys[j].m.base.scenario) ? { reduced: true } : {}),
    })),
  ];
  const note =
    'Written by test/validation/full-difference.ts --record; rules = GİB rule ids each mutant is meant to trip ' +
    "(handwritten: declared in corpus/faults.ts; systematic: the oracle's verdict when recorded).";
  // A committed file of the repository: atomically, readable like the other sources.
  writeFileAtomicSync(MANIFEST, JSON.stringify({ note, mutants: manifest }, null, 0).replace(/\},\{/g, '},\n{') + '\n', { mode: 0o644 });
  const nReduced = manifest.filter((e) => e.reduced).length;
  log(`[record] manifest: ${manifest.length} mutants (${nReduced} in the reduced corpus) → ${path.relative(repoRoot, MANIFEST)}`);
} else {
  manifest = readManifest();
  selected = await make(mutantsOf(manifest, bases));
}

const gib = resolveGibPackage(path.resolve(repoRoot, '..', 'shared', 'gib'));
if (!gib) throw new Error('GİB package not found at ../shared/gib');
const files: CorpusFile[] = [
  ...bases.map((b) => ({ name: b.id, file: b.path, isBase: true, declared: [] })),
  ...selected.map((x) => ({ name: x.m.name, file: x.file, isBase: false, declared: x.m.rules })),
];
log(`[difference] ${files.length} files: oracle, then our validation (layers a, b, c) …`);
const { verdicts, oracleMs, oursMs, jvms } = await compareAll(files, gib);
const allow = readAllowList();
const f = judge(verdicts, allow);
const all = allRuleIds();
const covered = coveredRules(verdicts);
const uncovered = all.filter((r) => !covered.has(r));

log('');
const count = <T>(xs: T[], p: (x: T) => boolean) => xs.filter(p).length;
const nHand = count(selected, (x) => !!x.m.hand);
log(`files: ${files.length} (${bases.length} valid, ${selected.length} mutants; ${nHand} handwritten, ${selected.length - nHand} systematic)`);
const nLastPart = count(selected, (x) => x.m.base.parts > 1 && x.m.base.part === x.m.base.parts);
const nLastMadde = count(selected, (x) => /@last|\| last:/.test(x.m.name));
log(`mutants in the last part of a split month: ${nLastPart}; faults in the last madde (@last / last:*): ${nLastMadde}`);
const muts = verdicts.filter((v) => !v.isBase);
log(`GİB rejects ${count(muts, (v) => v.oracle.rejected)} mutants, accepts ${count(muts, (v) => !v.oracle.rejected)}`);
log(`GİB asserts covered (failed at least once by the oracle): ${all.length - uncovered.length} / ${all.length}`);
log(`not covered: ${uncovered.join(' ') || '-'}`);
log(`false passes (GİB rejects, we accept): ${f.falsePasses.length}`);
for (const v of f.falsePasses) log(`  FALSE PASS ${v.name}: GİB ${v.oracle.first.join(' | ')}`);
log(`stricter than GİB (we reject, GİB accepts): ${f.stricter.length} (${f.stricter.filter((s) => !s.allowed).length} not in the allow-list)`);
for (const s of f.stricter) {
  const why = s.allowed ? `  — ${s.allowed.reason.slice(0, 90)}` : '';
  const layers = `${s.v.ours.layers.join('')}${s.v.ours.threw ? ' threw' : ''}`;
  log(`  ${s.allowed ? 'allowed' : 'UNLISTED'} [${layers}] ${s.v.name}: ${s.v.ours.threw ?? s.v.ours.first[0] ?? ''}${why}`);
}
log(`mutants not tripping a rule they are meant to: ${f.undeclared.length}`);
for (const u of f.undeclared) log(`  ${u.v.name}: missing ${u.missing.join(' ')}; oracle ${u.v.oracle.ruleIds.join(' ') || 'accepts'}`);
log(`base files rejected: ${f.badBases.length}`);
for (const v of f.badBases) log(`  ${v.name}: GİB ${v.oracle.first.join(' | ') || 'ok'}; ours ${v.ours.first.join(' | ') || 'ok'}`);
log(
  `per rule (our rule engine vs the oracle, on ${count(verdicts, (v) => v.ours.engineRan)} files): ${f.ruleMisses.length} files miss an id the oracle fails ` +
    `(${count(f.ruleMisses, (r) => !r.allowed)} not in the allow-list); ${f.ruleExtras.length} report more`,
);
for (const r of f.ruleMisses) log(`  ${r.allowed ? 'allowed' : 'UNLISTED'} ${r.v.name}: missing ${r.missing.join(' ')}`);
for (const r of f.ruleExtras) log(`  more: ${r.v.name}: ${r.extra.join(' ')} (oracle: ${r.v.oracle.ruleIds.join(' ') || 'accepts'})`);
log(`time: oracle ${(oracleMs / 1000).toFixed(1)} s (${jvms} JVM), ours ${(oursMs / 1000).toFixed(1)} s, total ${secs(performance.now() - t0)} s`);
if (record || process.argv.includes('--table')) log(`table: ${path.relative(repoRoot, writeAssertTable(verdicts, uncovered))}`);
fs.writeFileSync(
  path.join(dir, 'verdicts.json'),
  JSON.stringify(
    verdicts.map((v) => ({ name: v.name, oracle: v.oracle, ours: v.ours })),
    null,
    1,
  ),
);
const failed = f.falsePasses.length || f.stricter.some((s) => !s.allowed) || f.undeclared.length || f.badBases.length || f.ruleMisses.some((r) => !r.allowed);
process.exitCode = failed ? 1 : 0;
