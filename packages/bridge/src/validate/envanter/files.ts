/**
 * The three validation layers for Envanter files: a — our rules (./check.ts); b — GİB's XSD
 * (validate/xsd.ts, `edefter.xsd`); c — every assert of GİB's `envanter_defter.sch` / `envanter_berat.sch`
 * through the rule engine (validate/gib-rules), with the real file name as `base-uri()`.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { fail } from '@edefter/protocol/catalog';
import type { Finding } from '../findings.ts';
import type { GibPackage } from '../gib-package.ts';
import { gibRuleFindings } from '../gib-rules/findings.ts';
import { validateXsd } from '../xsd.ts';
import { checkEnvanterFile, type EnvanterFileFacts } from './check.ts';

/** GİB's Envanter schematron files in a package (`sch/envanter_defter.sch`, `sch/envanter_berat.sch`). */
function envanterSch(gib: GibPackage): { defter: string; berat: string } | null {
  const s = { defter: path.join(gib.dir, 'sch', 'envanter_defter.sch'), berat: path.join(gib.dir, 'sch', 'envanter_berat.sch') };
  return existsSync(s.defter) && existsSync(s.berat) ? s : null;
}

/** Report of one Envanter file. */
export interface EnvanterFileReport {
  path: string;
  file: string;
  ok: boolean;
  facts: EnvanterFileFacts;
  a: Finding[];
  b: Finding[] | null;
  c: Finding[] | null;
}

/**
 * Validates E / EB files with layers a, b, c (b and c skipped when `gib` is null).
 * @param signed signed files (the signature rules apply) or unsigned drafts
 */
export async function validateEnvanterFiles(files: string[], gib: GibPackage | null, signed: boolean): Promise<EnvanterFileReport[]> {
  const out: EnvanterFileReport[] = [];
  for (const f of files) {
    const { findings, facts } = await checkEnvanterFile(f, signed);
    out.push({ path: f, file: path.basename(f), ok: !findings.length, facts, a: findings, b: null, c: null });
  }
  if (!gib) return out;
  const drafts = new Set(signed ? [] : files);
  const xsd = await validateXsd(files, gib, { drafts });
  const sch = envanterSch(gib);
  for (const r of out) {
    r.b = xsd.get(r.path) ?? [];
    if (sch && !r.a.some((x) => x.code === 'NOT_XML')) {
      const res = await gibRuleFindings(r.path, { gib, kind: r.facts.kind === 'EB' ? 'envanter_berat' : 'envanter_defter', draft: !signed });
      r.c = res.findings;
    }
    r.ok = !r.a.length && !r.b.length && !r.c?.length;
  }
  return out;
}

/** All findings of the reports. */
function envanterFindings(rs: EnvanterFileReport[]): Finding[] {
  return rs.flatMap((r) => [...r.a, ...(r.b ?? []), ...(r.c ?? [])]);
}

/** Throws VALIDATION_FAILED listing the first findings when a report failed. */
export function assertValid(stage: string, rs: EnvanterFileReport[]): void {
  const fs = envanterFindings(rs);
  if (!fs.length) return;
  const first = fs
    .slice(0, 10)
    .map((f) => `  - ${f.file}${f.entry ? ' madde ' + f.entry : ''}${f.line ? ' satır ' + f.line : ''} [${f.layer}]: ${f.tr}`)
    .join('\n');
  throw fail('ledger.validationFailed', { stage, count: fs.length, list: first, findings: fs.slice(0, 50).map((f) => ({ ...f })) });
}
