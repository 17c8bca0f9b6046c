/**
 * Proof by difference (issue 14 item 2), reduced corpus: GİB's six .sch on Java Saxon-HE (the
 * oracle, test/kit) against our validation (every layer) on generated files —
 *  - valid files of the compliance plan (scenarios 1, 5-6 split in two parts, 7 with şube), the
 *    Envanter scenarios E1 and E4 (şube), and a month split into three parts;
 *  - the mutants of test/validation/corpus/manifest.json marked `reduced`: every handwritten fault
 *    (signature, document shape, şube, file name, faults in the LAST madde and the LAST part of the
 *    split month) and the greedy cover of GİB's asserts by systematic mutants, so that every GİB
 *    assert that can fail is failed at least once; some last-part faults, some mutants GİB accepts.
 * Asserts: every valid file passes both; every mutant fails, in the oracle, the GİB rules it is
 * meant to trip; 0 false passes (GİB rejects, we accept); every file we reject and GİB accepts is
 * in the allow-list of docs/validation-difference.md; where our validation reports GİB rule ids,
 * every id the oracle fails is among them. The full corpus: test/validation/full-difference.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveGibPackage } from '../../packages/bridge/src/validate/index.ts';
import { repoRoot, tmpDir } from '../ledger/helpers.ts';
import { allRuleIds, buildBaseCorpus, materialize, mutantsOf, readManifest, uncoverableRuleIds } from './corpus/index.ts';
import { compareAll, judge, readAllowList, type CorpusFile } from './corpus/difference.ts';

/** Scenarios whose valid files are compared in the reduced run (the others are built for the manifest's bases only). */
const REDUCED_SCENARIOS = new Set(['1', '5-6', '7', 'E1', 'E4', 'parcali-3']);

describe("proof by difference against GİB's rules on Java Saxon-HE (reduced corpus)", () => {
  const dir = tmpDir('difference');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('0 false passes; stricter cases only as allow-listed; mutants trip their GİB rules; valid files pass', async () => {
    const t0 = performance.now();
    const bases = await buildBaseCorpus({ dir: path.join(dir, 'base'), reduced: true });
    const entries = readManifest().filter((e) => e.reduced);
    const mutants = mutantsOf(entries, bases);
    const files: CorpusFile[] = bases.filter((b) => REDUCED_SCENARIOS.has(b.scenario)).map((b) => ({ name: b.id, file: b.path, isBase: true, declared: [] }));
    for (const [i, m] of mutants.entries()) {
      const file = await materialize(m, path.join(dir, 'mutants'), i);
      expect(file, `${m.name}: its draft could be signed when the manifest was recorded`).not.toBeNull();
      files.push({ name: m.name, file: file!, isBase: false, declared: m.rules });
    }
    const gib = resolveGibPackage(path.resolve(repoRoot, '..', 'shared', 'gib'));
    if (!gib) throw new Error('GİB package not found at ../shared/gib');
    const { verdicts, oracleMs, oursMs, jvms } = await compareAll(files, gib);
    const f = judge(verdicts, readAllowList());
    const muts = verdicts.filter((v) => !v.isBase);
    const rejected = muts.filter((v) => v.oracle.rejected).length;
    const sec = (ms: number) => (ms / 1000).toFixed(1);
    console.log(
      `[difference] ${verdicts.length} files (${verdicts.length - muts.length} valid, ${muts.length} mutants: ` +
        `GİB rejects ${rejected}, accepts ${muts.length - rejected}); ` +
        `asserts tripped ${new Set(muts.flatMap((v) => v.oracle.ruleIds)).size}; false passes ${f.falsePasses.length}; ` +
        `stricter ${f.stricter.length} (${f.stricter.filter((s) => !s.allowed).length} unlisted); ` +
        `oracle ${sec(oracleMs)} s in ${jvms} JVM, ours ${sec(oursMs)} s, total ${sec(performance.now() - t0)} s`,
    );
    for (const s of f.stricter) {
      const first = s.v.ours.threw ?? s.v.ours.first[0] ?? '';
      console.log(`[difference] stricter${s.allowed ? '' : ' UNLISTED'} [${s.v.ours.layers.join('')}] ${s.v.name}: ${first}`);
    }

    expect(entries.length).toBeGreaterThanOrEqual(300);
    // Every GİB assert that can fail is failed by the oracle on some mutant of the reduced corpus.
    const tripped = new Set(muts.flatMap((v) => v.oracle.ruleIds));
    expect(allRuleIds().filter((r) => !tripped.has(r))).toEqual(uncoverableRuleIds());
    expect(
      mutants.some((m) => m.base.parts > 2 && m.base.part === m.base.parts),
      'faults in the last part of a split month',
    ).toBe(true);
    expect(
      mutants.some((m) => /@last| last:/.test(m.name)),
      'faults in the last madde',
    ).toBe(true);
    expect(f.badBases.map((v) => `${v.name}: GİB ${v.oracle.first.join(' | ')}; ours ${v.ours.first.join(' | ')}`)).toEqual([]);
    expect(f.undeclared.map((u) => `${u.v.name}: ${u.missing.join(' ')}`)).toEqual([]);
    expect(f.falsePasses.map((v) => `${v.name}: GİB ${v.oracle.first.join(' | ')}`)).toEqual([]);
    const unlisted = f.stricter.filter((s) => !s.allowed);
    expect(unlisted.map((s) => `${s.v.name} [${s.v.ours.layers.join('')}]: ${s.v.ours.threw ?? s.v.ours.first.join(' | ')}`)).toEqual([]);
    expect(f.ruleMisses.filter((r) => !r.allowed).map((r) => `${r.v.name}: ${r.missing.join(' ')}`)).toEqual([]);
  }, 420_000);
});
