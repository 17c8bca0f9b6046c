/**
 * TEST CORPUS — the comparison itself: the oracle (GİB's six `.sch` on Java Saxon-HE, test/kit)
 * and our validation (ours.ts) on the same files, and the verdict per file:
 *  - false pass: GİB's rules reject the file and we accept it (must never happen);
 *  - stricter than GİB: we reject a file GİB's rules accept; allowed only when a row of the
 *    allow-list in docs/validation-difference.md matches the file's name and the rejecting layers;
 *  - per rule: where our rule engine ran, every id the oracle fails must be among those it reports,
 *    unless a `rule` row of the allow-list explains the difference.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { GibPackage } from '../../../packages/bridge/src/validate/index.ts';
import { repoRoot } from '../../ledger/helpers.ts';
import { runGibSchematronBatch } from '../../kit/gib-schematron.ts';
import { ourValidation, type OurResult } from './ours.ts';

/** One file to compare: a base (valid) file or a mutant. */
export interface CorpusFile {
  /** Base id, or mutant name (`<base id> | <fault>`). */
  name: string;
  file: string;
  isBase: boolean;
  /** Rule ids the mutant is meant to trip ([] for a base). */
  declared: string[];
}

/** The verdict on one file. */
export interface Verdict extends CorpusFile {
  oracle: { rejected: boolean; ruleIds: string[]; first: string[] };
  ours: OurResult;
}

/** One allow-list row: mutants GİB accepts and we reject, with why. */
export interface AllowRow {
  pattern: RegExp;
  layers: string[];
  reason: string;
}

/** Path of the difference document holding the allow-list. */
export const DIFFERENCE_DOC = path.join(repoRoot, 'docs', 'validation-difference.md');

/**
 * Reads the allow-list table between `<!-- allow-list:begin -->` and `<!-- allow-list:end -->` in
 * docs/validation-difference.md: `| \`regex on the name\` | layers (a, b, c; or rule) | reason |`. A row
 * with the layers a, b, c allows a mutant GİB accepts to be rejected by those layers; a `rule` row
 * allows our rule engine to miss, on that mutant, a rule id the oracle fails.
 * @throws Error when the markers are missing
 */
export function readAllowList(doc = DIFFERENCE_DOC): AllowRow[] {
  const text = fs.readFileSync(doc, 'utf8');
  const m = /<!-- allow-list:begin -->([\s\S]*?)<!-- allow-list:end -->/.exec(text);
  if (!m) throw new Error(`${doc}: no allow-list markers`);
  return m[1]
    .split('\n')
    .filter((l) => /^\|\s*`/.test(l))
    .map((l) => {
      // Cells split on unescaped pipes; `\|` stays in the regex (a literal pipe, as in the names).
      const cells = l
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim());
      return { pattern: new RegExp(cells[0].replace(/^`|`$/g, '')), layers: cells[1].split(/[,\s]+/).filter(Boolean), reason: cells[2] };
    });
}

/**
 * Runs the oracle (one batch, few JVMs) and our validation on every file.
 * @returns verdicts in input order, and the time spent in each
 */
export async function compareAll(files: CorpusFile[], gib: GibPackage): Promise<{ verdicts: Verdict[]; oracleMs: number; oursMs: number; jvms: number }> {
  const t0 = performance.now();
  const o = await runGibSchematronBatch(files.map((f) => ({ file: f.file })));
  const t1 = performance.now();
  const ours = await ourValidation(
    files.map((f) => f.file),
    gib,
  );
  const t2 = performance.now();
  const verdicts = files.map((f, i) => {
    const r = o.files[i];
    const ruleIds = [...new Set(r.failed.map((x) => x.ruleId).filter((x): x is string => !!x))].sort();
    return {
      ...f,
      oracle: { rejected: r.failed.length > 0, ruleIds, first: r.failed.slice(0, 3).map((x) => `${x.ruleId ?? x.kind} ${x.text}`) },
      ours: ours[i],
    };
  });
  return { verdicts, oracleMs: t1 - t0, oursMs: t2 - t1, jvms: o.jvms };
}

/** What the comparison found. */
export interface Findings {
  falsePasses: Verdict[];
  /** GİB accepts, we reject: with the allow-list row that explains it, or none. */
  stricter: { v: Verdict; allowed?: AllowRow }[];
  /** Mutants the oracle does not fail on a rule they are meant to trip. */
  undeclared: { v: Verdict; missing: string[] }[];
  /** Bases that either side rejects. */
  badBases: Verdict[];
  /** Files where our validation reports rule ids but misses one the oracle fails (allowed by a `rule` row, or not). */
  ruleMisses: { v: Verdict; missing: string[]; allowed?: AllowRow }[];
  /** Files where our rule engine fails a GİB rule id the oracle does not. */
  ruleExtras: { v: Verdict; extra: string[] }[];
}

/** Compares the verdicts against the rules of the proof. */
export function judge(verdicts: Verdict[], allow: AllowRow[]): Findings {
  const f: Findings = { falsePasses: [], stricter: [], undeclared: [], badBases: [], ruleMisses: [], ruleExtras: [] };
  for (const v of verdicts) {
    if (v.isBase && (v.oracle.rejected || v.ours.rejected)) f.badBases.push(v);
    if (v.oracle.rejected && !v.ours.rejected) f.falsePasses.push(v);
    if (!v.oracle.rejected && v.ours.rejected && !v.isBase) {
      const allowed = allow.find(
        (a) =>
          !a.layers.includes('rule') &&
          a.pattern.test(v.name) &&
          v.ours.layers.every((l) => a.layers.includes(l)) &&
          (!v.ours.threw || a.layers.includes('threw')),
      );
      f.stricter.push({ v, ...(allowed ? { allowed } : {}) });
    }
    const missing = v.declared.filter((r) => !v.oracle.ruleIds.includes(r));
    if (missing.length) f.undeclared.push({ v, missing });
    // Per rule, where the engine ran on the file (it reports ids; on a file it accepts, none are expected).
    if (v.ours.ruleIds.length || (v.ours.engineRan && !v.ours.layers.includes('c'))) {
      const m = v.oracle.ruleIds.filter((r) => !v.ours.ruleIds.includes(r));
      const allowed = allow.find((a) => a.layers.includes('rule') && a.pattern.test(v.name));
      if (m.length) f.ruleMisses.push({ v, missing: m, ...(allowed ? { allowed } : {}) });
      const x = v.ours.ruleIds.filter((r) => !v.oracle.ruleIds.includes(r));
      if (x.length) f.ruleExtras.push({ v, extra: x });
    }
  }
  return f;
}

/** Asserts covered: rule ids the oracle failed on at least one mutant. */
export function coveredRules(verdicts: Verdict[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const v of verdicts) if (!v.isBase) for (const r of v.oracle.ruleIds) m.set(r, [...(m.get(r) ?? []), v.name]);
  return m;
}
