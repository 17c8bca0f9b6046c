/**
 * The Envanter Defteri scenarios of GİB's plan (GİB-UYK §3.4): five inventory dates, 10–30 maddeler each
 * with different main accounts (some with more than 2 sub-accounts), every element of the Envanter profile,
 * E zipped ≤ 1 MB, timestamped EB. Each is generated as our envanter export and run through the product's
 * Envanter pipeline (`runEnvanter`: rules → E → validate → sign → EB → sign → validate → month folder).
 * Scenarios that must follow one another share a root: January 2024 then December 2024 (an envanter does
 * not start in mid fiscal year), and the two şubes of January 2025; January 2025 without şube has its own.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { isEdefterError } from '@edefter/protocol';
import { runEnvanter } from '../flows/envanter-run.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { scenarioCompany, type ScenarioContext, type ScenarioResult } from './defter-run.ts';
import type { Failure, PartFigures } from './defter-checks.ts';
import { missingElements } from './elements.ts';
import { envanterCsv } from './envanter-generate.ts';
import { ENVANTER_SCENARIOS, type EnvanterScenario } from './envanter-scenarios.ts';
import { measureDefter } from './measure.ts';
import { zipForUpload } from './upload-zips.ts';

/** Elements every E of the plan must contain (the Envanter profile's optional elements). */
const ENVANTER_ELEMENTS: readonly string[] = [
  'gl-muc:amountCurrency',
  'gl-muc:amountOriginalAmount',
  'gl-muc:amountOriginalCurrency',
  'gl-muc:amountOriginalExchangeRate',
  'gl-muc:amountOriginalExchangeRateDate',
  'gl-muc:amountOriginalExchangeRateSource',
  'gl-muc:amountOriginalExchangeRateComment',
  'gl-bus:measurable',
  'gl-bus:measurableCode',
  'gl-bus:measurableQualifier',
  'gl-bus:measurableQuantity',
  'gl-bus:measurableUnitOfMeasure',
  'gl-bus:measurableCostPerUnit',
  'gl-cor:accountSub',
  'gl-cor:detailComment',
  'gl-bus:batchID',
  'gl-bus:batchDescription',
];

/** Scenario groups sharing a root, in order. */
const GROUPS: readonly string[][] = [['E1', 'E2'], ['E3'], ['E4', 'E5']];

/** Checks an Envanter scenario on the figures of its files. */
function checkEnvanterScenario(s: EnvanterScenario, parts: PartFigures[], requireTimestamp: boolean): Failure[] {
  const f: Failure[] = [];
  const fail = (tr: string, en: string) => f.push({ tr, en });
  const n = parts.reduce((a, p) => a + p.figures.y.maddeler, 0);
  if (n < s.minMaddeler || n > s.maxMaddeler)
    fail(`${n} madde; ${s.minMaddeler}–${s.maxMaddeler} olmalı`, `${n} maddeler; must be ${s.minMaddeler}–${s.maxMaddeler}`);
  const mains = parts.flatMap((p) => p.figures.y.maddeMains);
  if (new Set(mains).size !== mains.length) fail('maddelerin ana hesapları farklı değil', 'the maddeler do not have different main accounts');
  if (!parts.some((p) => p.figures.y.maddelerOver2Subs > 0)) fail("2'den fazla alt hesaplı madde yok", 'no madde with more than 2 sub-accounts');
  for (const p of parts) {
    if (p.zipBytes.y > s.maxZipBytes) fail(`E sıkıştırılmış ${p.zipBytes.y} bayt > ${s.maxZipBytes}`, `E zipped ${p.zipBytes.y} bytes > ${s.maxZipBytes}`);
    if (requireTimestamp && !p.figures.yb.timestamped) fail('EB zaman damgasız', 'EB has no timestamp');
    const miss = missingElements(p.figures.y.elements, ENVANTER_ELEMENTS);
    if (miss.length) fail(`E'de eksik elemanlar: ${miss.join(', ')}`, `E lacks elements: ${miss.join(', ')}`);
    for (const [k, name] of [
      ['E', p.names.y],
      ['EB', p.names.yb],
    ]) {
      if (s.branch ? !name.endsWith(`-${s.branch}.xml`) : !/-[A-Z]+-\d{6}\.xml$/.test(name))
        fail(`${name}: dosya adındaki şube yanlış`, `${name}: wrong şube in the file name (${k})`);
    }
    for (const [k, fig] of [
      ['E', p.figures.y],
      ['EB', p.figures.yb],
    ] as const) {
      if ((fig.branch ?? undefined) !== s.branch)
        fail(`${k}: içerikteki şube ${fig.branch ?? 'yok'} ≠ ${s.branch ?? 'yok'}`, `${k}: şube in content ${fig.branch ?? 'none'} ≠ ${s.branch ?? 'none'}`);
    }
  }
  return f;
}

async function runOne(s: EnvanterScenario, root: string, ctx: ScenarioContext): Promise<ScenarioResult> {
  const res: ScenarioResult = { id: s.id, kind: 'envanter', period: s.period, root, parts: [], zips: [], signed: [], failures: [] };
  const branch = s.branch ? { code: s.branch, name: s.branch === '0001' ? 'Merkez Şube' : `Şube ${s.branch}` } : undefined;
  const company = scenarioCompany(ctx.company, { branch: s.branch });
  if (branch) company.branch = branch;
  const exportDir = path.join(root, 'ihracat');
  await mkdir(exportDir, { recursive: true, mode: 0o700 });
  const exportPath = path.join(exportDir, `${company.vkn}-${s.date.replace(/-/g, '').slice(0, 6)}-envanter${s.branch ? '-' + s.branch : ''}.csv`);
  const { csv } = envanterCsv({ date: s.date, maddeler: ctx.quick ? s.quick : s.full, seed: ctx.seed + Number(s.id.slice(1)) * 977, branch });
  await writeFileAtomic(exportPath, csv);
  res.exportPath = exportPath;
  try {
    const r = await runEnvanter({
      exportPath,
      company,
      outRoot: root,
      date: s.date,
      creationDate: ctx.creationDate,
      signer: ctx.signer,
      timestamp: ctx.timestamp,
      gib: ctx.gib,
      warn: ctx.warn,
    });
    res.dir = r.dir;
    res.signed = r.files.map((f) => ({ name: f.name, kind: f.kind, bytes: f.bytes, sha256: f.sha256 }));
    const zipsDir = path.join(root, 'gib-test-araci');
    for (const p of r.parts) {
      const eb = r.files.find((f) => f.name === p.name.replace('-E-', '-EB-'));
      const e = r.files.find((f) => f.name === p.name);
      if (!e || !eb) throw new Error(`${p.name} or its EB is not among the stored files`);
      const ze = await zipForUpload(e.path, zipsDir),
        zeb = await zipForUpload(eb.path, zipsDir);
      res.zips.push(ze, zeb);
      res.parts.push({
        index: p.part,
        names: { y: e.name, yb: eb.name },
        figures: { y: await measureDefter(e.path), yb: await measureDefter(eb.path) },
        zipBytes: { y: ze.bytes },
      });
    }
  } catch (e) {
    const tr = isEdefterError(e) ? e.tr : String((e as Error)?.message ?? e);
    res.failures.push({ tr: `envanter oluşturulamadı: ${tr}`, en: `the envanter run failed: ${isEdefterError(e) ? e.en : tr}` });
    return res;
  }
  res.failures.push(...checkEnvanterScenario(s, res.parts, ctx.requireTimestamp));
  return res;
}

/** Runs the Envanter scenarios that `want` selects (a selected scenario brings its group's earlier ones). */
export async function runEnvanterScenarios(
  ctx: ScenarioContext,
  want: (id: string) => boolean,
  onScenario?: (id: string, period: string) => void,
): Promise<ScenarioResult[]> {
  const out: ScenarioResult[] = [];
  for (const group of GROUPS) {
    if (!group.some(want)) continue;
    const root = path.join(ctx.outRoot, `senaryo-${group.join('-')}`);
    for (const d of ['ihracat', ctx.company.vkn, 'gib-test-araci']) await rm(path.join(root, d), { recursive: true, force: true });
    const last = Math.max(...group.map((id, i) => (want(id) ? i : -1)));
    for (const id of group.slice(0, last + 1)) {
      const s = ENVANTER_SCENARIOS.find((x) => x.id === id)!;
      onScenario?.(s.id, s.period);
      out.push(await runOne(s, root, ctx));
    }
  }
  return out;
}
