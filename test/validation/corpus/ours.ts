/**
 * TEST CORPUS — the product's validation of corpus files, as `edefter validate` runs it: e-Defter
 * files (Y, K, YB, KB, DR) through validateFiles with every layer (a: our streaming rules, b: GİB's
 * XSD, c: GİB's schematron), signed files required to carry their signature; Envanter files (E, EB)
 * through validateEnvanterFiles (a: Envanter rules, b, c). Layer c is the streaming rule engine
 * (validate/gib-rules), whose findings carry the GİB rule id as their code: those are `ruleIds`.
 */
import path from 'node:path';
import { validateEnvanterFiles } from '../../../packages/bridge/src/validate/envanter/files.ts';
import { validateFiles, type Finding, type GibPackage } from '../../../packages/bridge/src/validate/index.ts';
import { kindOfName } from './base.ts';

/** Our verdict on one file. */
export interface OurResult {
  file: string;
  /** True when any layer rejects the file. */
  rejected: boolean;
  /** Layers that rejected it (`a`, `b`, `c`), in that order. */
  layers: ('a' | 'b' | 'c')[];
  /** First findings (Turkish), for reports. */
  first: string[];
  /** GİB rule ids our rule engine (layer c) reports (all findings kept for defters; Envanter files: those the envanter validation keeps). */
  ruleIds: string[];
  /** Layer c (the rule engine) ran on the file. */
  engineRan: boolean;
  /** A layer threw instead of reporting: the message (counts as rejected). */
  threw?: string;
}

/** GİB rule ids among findings: the rule engine (layer c) gives the id as the finding's code (`edefter_yevmiye:12`). */
const ruleIdsOf = (fs: Finding[]): string[] => [...new Set(fs.filter((f) => f.layer === 'c' && /^[a-z_]+:\d+$/.test(f.code ?? '')).map((f) => f.code!))].sort();
/** Findings kept per file: all of them, so every failed rule id is seen. */
const ALL_FINDINGS = 1_000_000;

/**
 * Runs our validation on `files` (any mix of kinds; file names are GİB names).
 * @returns one result per file, in input order
 */
export async function ourValidation(files: string[], gib: GibPackage): Promise<OurResult[]> {
  const env = files.filter((f) => ['E', 'EB'].includes(kindOfName(path.basename(f))));
  const defter = files.filter((f) => !env.includes(f));
  const by = new Map<string, OurResult>();
  if (defter.length) {
    let reports;
    try {
      reports = await validateFiles(defter, { gib, layers: ['a', 'b', 'c'], requireSignature: true, maxFindings: ALL_FINDINGS, threads: 1 });
    } catch {
      // One file making a layer throw: run them one by one so the others still get a verdict.
      reports = null;
      for (const f of defter) {
        try {
          const [r] = await validateFiles([f], { gib, layers: ['a', 'b', 'c'], requireSignature: true, maxFindings: ALL_FINDINGS, threads: 1 });
          by.set(f, verdict(f, r.a.findings, r.b.findings, r.c.findings, r.c.ran));
        } catch (e2) {
          by.set(f, {
            file: f,
            rejected: true,
            layers: [],
            first: [],
            ruleIds: [],
            engineRan: false,
            threw: String((e2 as Error).message ?? e2).split('\n')[0],
          });
        }
      }
    }
    if (reports) for (const r of reports) by.set(r.path, verdict(r.path, r.a.findings, r.b.findings, r.c.findings, r.c.ran));
  }
  if (env.length) {
    for (const f of env) {
      try {
        const [r] = await validateEnvanterFiles([f], gib, true);
        by.set(f, verdict(f, r.a, r.b ?? [], r.c ?? [], r.c !== null));
      } catch (e) {
        by.set(f, { file: f, rejected: true, layers: [], first: [], ruleIds: [], engineRan: false, threw: String((e as Error).message ?? e).split('\n')[0] });
      }
    }
  }
  return files.map((f) => by.get(f)!);
}

function verdict(file: string, a: Finding[], b: Finding[], c: Finding[], engineRan: boolean): OurResult {
  const layers = (
    [
      ['a', a],
      ['b', b],
      ['c', c],
    ] as const
  )
    .filter(([, x]) => x.length)
    .map(([l]) => l);
  return {
    file,
    rejected: layers.length > 0,
    layers: [...layers],
    first: [...a, ...b, ...c].slice(0, 3).map((f) => `[${f.layer}] ${f.tr}`),
    ruleIds: ruleIdsOf([...a, ...b, ...c]),
    engineRan,
  };
}
