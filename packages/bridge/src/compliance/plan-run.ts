/**
 * GİB's whole compliance plan for the user's company and seal (`edefter uyumluluk`): every e-Defter
 * scenario (and the Envanter scenarios when the Envanter Defteri is available) run in order, each in its
 * own root under the output folder, with one signer (one PIN entry) for all of them.
 */
import type { CompanyProfile } from '../ledger/company.ts';
import type { MonthProgress } from '../flows/build-month.ts';
import type { GibPackage } from '../validate/index.ts';
import type { RawSigner } from '../xades/index.ts';
import { runDefterScenario, type ScenarioResult } from './defter-run.ts';
import { runEnvanterScenarios } from './envanter-run.ts';
import { DEFTER_SCENARIOS } from './scenarios.ts';

/** Options of {@link runCompliancePlan}. */
export interface PlanOptions {
  outRoot: string;
  company: CompanyProfile;
  signer: RawSigner;
  timestamp?: (data: Buffer) => Promise<Buffer>;
  requireTimestamp: boolean;
  gib: GibPackage | null;
  /** Low end of each madde range (every constraint kept). */
  quick?: boolean;
  /** Only these scenario ids (`1`, `2`, `3`, `4`, `5-6`, `7`, `E1`…`E5`); default all. */
  only?: string[];
  seed?: number;
  creationDate?: string;
  warn?: (tr: string, en: string) => void;
  /** Called when a scenario starts. */
  onScenario?: (id: string, period: string) => void;
  onProgress?: (p: MonthProgress) => void;
}

/** Runs the plan. @returns one result per scenario, in GİB's order */
export async function runCompliancePlan(o: PlanOptions): Promise<ScenarioResult[]> {
  const ctx = {
    outRoot: o.outRoot,
    company: o.company,
    signer: o.signer,
    timestamp: o.timestamp,
    requireTimestamp: o.requireTimestamp,
    gib: o.gib,
    quick: !!o.quick,
    seed: o.seed ?? 20230401,
    creationDate: o.creationDate,
    warn: o.warn,
    onProgress: o.onProgress,
  };
  const want = (id: string) => !o.only?.length || o.only.includes(id);
  const out: ScenarioResult[] = [];
  for (const s of DEFTER_SCENARIOS) {
    if (!want(s.id)) continue;
    o.onScenario?.(s.id, `${s.year}-${String(s.month).padStart(2, '0')}`);
    out.push(await runDefterScenario(s, ctx));
  }
  out.push(...(await runEnvanterScenarios(ctx, want, o.onScenario)));
  return out;
}
