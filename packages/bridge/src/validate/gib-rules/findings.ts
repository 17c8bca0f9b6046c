/**
 * Layer (c) of validation: GİB's schematron rules through the rule engine, as {@link Finding}s
 * (file, line:column, madde / satır, GİB's Turkish text, the rule id as the finding's code).
 * Unsigned drafts skip the one assert that requires `ds:Signature`.
 */
import path from 'node:path';
import type { Finding } from '../findings.ts';
import type { GibPackage } from '../gib-package.ts';
import { checkGibRules } from './index.ts';
import type { GibRuleKind, RuleFailure } from './types.ts';

/** Options of {@link gibRuleFindings}. */
export interface GibRuleFindingsOptions {
  gib: GibPackage;
  /** Unsigned draft: the `ds:Signature` requirement is not checked. */
  draft?: boolean;
  kind?: GibRuleKind;
  /** Findings kept (default 200); the count goes on. */
  max?: number;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
}

/** A rule failure as a layer-c finding. */
export function ruleFinding(f: RuleFailure): Finding {
  const en = f.kind === 'error' ? `${f.tr} [${f.ruleId}: the test raised an XPath error: ${f.error ?? ''}]` : `${f.tr} [${f.ruleId}: ${f.test}]`;
  return {
    layer: 'c',
    file: f.file,
    code: f.ruleId,
    tr: f.kind === 'error' ? `${f.tr} (kural değerlendirilemedi: ${f.error ?? ''})` : f.tr,
    en,
    ...(f.xmlLine ? { xmlLine: f.xmlLine, column: f.column } : {}),
    field: f.location,
    ...(f.entry ? { entry: f.entry } : {}),
    ...(f.line ? { line: f.line } : {}),
  };
}

/**
 * Runs every GİB rule on one file; returns findings (capped), the total count and the time.
 * @throws RuleCompileError / StreamingUnsupported (see checkGibRules)
 */
export async function gibRuleFindings(file: string, o: GibRuleFindingsOptions): Promise<{ findings: Finding[]; count: number; ms: number; sch: string }> {
  const r = await checkGibRules(file, {
    gib: o.gib,
    name: path.basename(file),
    maxFindings: o.max ?? 200,
    onProgress: o.onProgress,
    ...(o.kind ? { kind: o.kind } : {}),
    ...(o.draft ? { ignore: (f: RuleFailure) => f.test === 'ds:Signature' } : {}),
  });
  return { findings: r.failures.map(ruleFinding), count: r.count, ms: r.ms, sch: r.sch };
}
