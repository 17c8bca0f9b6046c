/**
 * TEST CORPUS for the proof by difference (issue 14): the valid files the project produces
 * (base.ts) and single-fault mutants of them — systematic ones (mutate.ts: every element deleted,
 * emptied, set to X, doubled, its attributes deleted or set to X, at its first and its last
 * occurrence) and handwritten ones (faults.ts). Files are generated, never committed; what is
 * committed is the manifest (manifest.json): each selected mutant's name, base, fault and the GİB
 * rule ids it is meant to trip, written by `test/validation/full-difference.ts --record` from
 * the oracle's verdict and checked against it on every run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { compiledGibSchematron, gibSchematronFor, type GibSch } from '../../kit/gib-schematron.ts';
import type { BaseFile } from './base.ts';
import { HAND_FAULTS } from './faults.ts';
import { mutantName, type Mutant } from './materialize.ts';
import { draftOf, sysName, sysTargets } from './mutate.ts';
import { uncoverableReason } from './uncoverable.ts';

export { buildBaseCorpus, kindOfName, type BaseFile, type FileKind } from './base.ts';
export { materialize, type Mutant } from './materialize.ts';

/** Bases the systematic operators run on: scenario 1 (every element), the Envanter with şube (E4) and the LAST part of the three-part month. */
export function systematicBases(bases: BaseFile[]): BaseFile[] {
  const lastPartYK = (b: BaseFile) => b.scenario === 'parcali-3' && b.part === b.parts && (b.kind === 'Y' || b.kind === 'K');
  return bases.filter((b) => b.scenario === '1' || b.scenario === 'E4' || lastPartYK(b));
}

/** Bases the handwritten faults run on: scenario 1, the şube scenarios 7/E4, E1 (a whole-month E) and the LAST part of the three-part month. */
export function handBases(bases: BaseFile[]): BaseFile[] {
  return bases.filter((b) => ['1', '7', 'E1', 'E4'].includes(b.scenario) || (b.scenario === 'parcali-3' && b.part === b.parts && b.kind !== 'DR'));
}

/** The `.sch` key of a base file. */
export const schOf = (b: BaseFile): GibSch => gibSchematronFor(b.path);

/** Rule ids of a `.sch` whose normalized test matches `re`. */
export function rulesMatching(sch: GibSch, re: RegExp): string[] {
  return compiledGibSchematron(sch)
    .asserts.filter((a) => re.test(a.test.replace(/\s+/g, ' ').trim()))
    .map((a) => a.ruleId);
}

/**
 * The handwritten mutants on their bases, with the rule ids they are meant to trip. A fault is made
 * on a base only when each of its test patterns matches an assert of the base's `.sch` (the
 * signature asserts differ per file kind).
 * @throws Error when a fault applies to no base at all (a pattern that matches nothing)
 */
export function handMutants(bases: BaseFile[]): Mutant[] {
  const out: Mutant[] = [];
  const used = new Set<string>();
  for (const b of handBases(bases)) {
    for (const f of HAND_FAULTS) {
      if (!f.kinds.includes(b.kind) || (f.baseFilter && !f.baseFilter.test(b.id))) continue;
      const per = f.trips.map((re) => rulesMatching(schOf(b), re));
      if (per.some((r) => !r.length)) continue;
      used.add(f.key);
      out.push({ name: mutantName(b, f.key), base: b, fault: f.fault, rules: per.flat(), hand: f });
    }
  }
  const unused = HAND_FAULTS.filter((f) => !used.has(f.key)).map((f) => f.key);
  if (unused.length) throw new Error(`handwritten faults that apply to no base: ${unused.join(', ')}`);
  return out;
}

/** Every systematic mutant of the systematic bases (rules unknown until the oracle ran). */
export function systematicMutants(bases: BaseFile[]): Mutant[] {
  const out: Mutant[] = [];
  for (const b of systematicBases(bases)) {
    for (const t of sysTargets(draftOf(fs.readFileSync(b.path, 'utf8')))) out.push({ name: mutantName(b, sysName(t)), base: b, fault: sysName(t), rules: [] });
  }
  return out;
}

/** One manifest entry. */
export interface ManifestEntry {
  /** `<base id> | <fault key or systematic fault>`: the base and the fault. */
  name: string;
  /** GİB rule ids it is meant to trip (the oracle must fail at least these). */
  rules: string[];
  /** In the reduced corpus of `npm test`. */
  reduced?: boolean;
}

/** Path of the committed manifest. */
export const MANIFEST = path.join(path.dirname(new URL(import.meta.url).pathname), 'manifest.json');

/** Reads the manifest. @throws Error when it is missing or malformed */
export function readManifest(): ManifestEntry[] {
  const m = JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) as { mutants: ManifestEntry[] };
  if (!Array.isArray(m.mutants)) throw new Error(`${MANIFEST}: no mutants`);
  return m.mutants;
}

/**
 * The mutants of manifest entries, re-created on `bases` from their names (handwritten faults by
 * key, systematic ones by operator and target).
 * @throws Error when an entry's base or fault is unknown (the corpus changed: run --record again)
 */
export function mutantsOf(entries: ManifestEntry[], bases: BaseFile[]): Mutant[] {
  const byId = new Map(bases.map((b) => [b.id, b]));
  return entries.map((e) => {
    const [baseId, key] = e.name.split(' | ');
    const base = byId.get(baseId);
    if (!base) throw new Error(`manifest: base ${baseId} is not in the corpus`);
    const hand = HAND_FAULTS.find((f) => f.key === key);
    return { name: e.name, base, fault: hand?.fault ?? key, rules: e.rules, ...(hand ? { hand } : {}) };
  });
}

/** Rule ids of the asserts no file can fail (corpus/uncoverable.ts), in `.sch` order. */
export function uncoverableRuleIds(): string[] {
  return (['yevmiye', 'kebir', 'berat', 'rapor', 'envanter_defter', 'envanter_berat'] as GibSch[]).flatMap((k) =>
    compiledGibSchematron(k)
      .asserts.filter((a) => uncoverableReason(a.ruleId, a.test))
      .map((a) => a.ruleId),
  );
}

/** Every GİB assert's rule id, in `.sch` order (636). */
export function allRuleIds(): string[] {
  return (['yevmiye', 'kebir', 'berat', 'rapor', 'envanter_defter', 'envanter_berat'] as GibSch[]).flatMap((k) =>
    compiledGibSchematron(k).asserts.map((a) => a.ruleId),
  );
}
