/**
 * The Envanter Defteri scenarios of GİB's plan (GİB-UYK §3.4): five inventory periods, 10–30 maddeler each,
 * zipped ≤ 1 MB, timestamped EB. Placeholder until the Envanter Defteri pipeline is available: each scenario
 * is reported as skipped, saying why.
 */
import type { ScenarioContext, ScenarioResult } from './defter-run.ts';
import { ENVANTER_SCENARIOS } from './envanter-scenarios.ts';
import path from 'node:path';

/** Runs the Envanter scenarios that `want` selects. */
export async function runEnvanterScenarios(ctx: ScenarioContext, want: (id: string) => boolean, onScenario?: (id: string, period: string) => void): Promise<ScenarioResult[]> {
  const out: ScenarioResult[] = [];
  for (const s of ENVANTER_SCENARIOS) {
    if (!want(s.id)) continue;
    onScenario?.(s.id, s.period);
    out.push({ id: s.id, kind: 'envanter', period: s.period, root: path.join(ctx.outRoot, `senaryo-${s.id}`), parts: [], zips: [], failures: [],
      skipped: { tr: 'Envanter Defteri (edefter envanter) bu sürümde henüz yok', en: 'the Envanter Defteri (edefter envanter) is not in this version yet' } });
  }
  return out;
}
