/**
 * One e-Defter scenario of GİB's plan, end to end through the product: synthetic month → ERP export (our
 * CSV, or a zip with the PDF attachment) → `runMonth` (build → validate a, b, c → sign → berat → sign →
 * Defter Raporu → validate; zaman damgası when a timestamper is given) in the scenario's own root → the
 * files read back and checked against the scenario's constraints → one zip per upload for GİB's test tool.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { isEdefterError } from '@edefter/protocol';
import type { CompanyProfile } from '../ledger/company.ts';
import { runMonth, type MonthProgress, type MonthRunResult } from '../flows/build-month.ts';
import type { Numbering } from '../ledger/types.ts';
import type { GibPackage } from '../validate/index.ts';
import type { RawSigner } from '../xades/index.ts';
import { checkDefterScenario, type PartFigures } from './defter-checks.ts';
import { writeExport } from './export-writer.ts';
import { generateScenario } from './generate.ts';
import { measureDefter } from './measure.ts';
import { seededRng } from './rng.ts';
import { periodOf, type DefterScenario } from './scenarios.ts';
import { PLEDGE_PDF } from './templates.ts';
import { tinyPdf } from './tiny-pdf.ts';
import { zipForUpload, type UploadZip } from './upload-zips.ts';

/** What a scenario run needs. */
export interface ScenarioContext {
  /** Root of the whole plan; the scenario writes into `<outRoot>/senaryo-<id>/`. */
  outRoot: string;
  company: CompanyProfile;
  signer: RawSigner;
  timestamp?: (data: Buffer) => Promise<Buffer>;
  /** The berats must carry a zaman damgası (GİB's evaluation asks for it). */
  requireTimestamp: boolean;
  gib: GibPackage | null;
  quick: boolean;
  seed: number;
  creationDate?: string;
  warn?: (tr: string, en: string) => void;
  onProgress?: (p: MonthProgress) => void;
}

/** Outcome of one scenario. */
export interface ScenarioResult {
  id: string;
  kind: 'defter' | 'envanter';
  period: string;
  /** The scenario's root folder. */
  root: string;
  exportPath?: string;
  /** Month folder with the files, when built. */
  dir?: string;
  parts: PartFigures[];
  /** Upload zips in GİB's step order. */
  zips: UploadZip[];
  /** Every signed file stored in the month folder (for the audit log). */
  signed: { name: string; kind: string; bytes: number; sha256: string }[];
  /** Failed constraints (Turkish / English); empty when the scenario passed. */
  failures: { tr: string; en: string }[];
  /** Not run (e.g. the Envanter command is missing): why. */
  skipped?: { tr: string; en: string };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * Plausible numbers carried into a month that is not the first of the fiscal period: about 380 maddeler
 * and 3.4 lines per madde for each earlier month, one part per month.
 */
function carriedNumbering(s: Pick<DefterScenario, 'month' | 'id'>, seed: number): Numbering | undefined {
  const before = s.month - 1;
  if (before === 0) return undefined;
  const rng = seededRng(seed ^ 0x5eed ^ s.month);
  const entries = before * 380 + rng.int(0, 60);
  return { lastEntryNumberCounter: entries, lastLineNumber: Math.round(entries * 3.4) + rng.int(0, 9), lastUniqueCounter: before };
}

/** The company of a scenario: calendar fiscal year, the scenario's şube (or none). */
export function scenarioCompany(c: CompanyProfile, s: Pick<DefterScenario, 'branch'>): CompanyProfile {
  const { branch, ...rest } = c;
  const out: CompanyProfile = { ...rest, fiscalYearStart: '01-01', fiscalYearEnd: '12-31' };
  if (s.branch) out.branch = { code: s.branch, name: branch?.code === s.branch ? branch.name : (branch?.name ?? `Şube ${s.branch}`) };
  return out;
}

/**
 * Runs one e-Defter scenario. Never throws for a failed stage: the failure is in the result.
 * @throws only for programming errors and unexpected fs errors outside the month run
 */
export async function runDefterScenario(s: DefterScenario, ctx: ScenarioContext): Promise<ScenarioResult> {
  const root = path.join(ctx.outRoot, `senaryo-${s.id}`);
  const res: ScenarioResult = { id: s.id, kind: 'defter', period: periodOf(s), root, parts: [], zips: [], signed: [], failures: [] };
  const company = scenarioCompany(ctx.company, s);
  // Our own output folders of an earlier run of the plan are replaced.
  for (const d of ['ihracat', company.vkn, 'gib-test-araci']) await rm(path.join(root, d), { recursive: true, force: true });
  const exportDir = path.join(root, 'ihracat');
  await mkdir(exportDir, { recursive: true, mode: 0o700 });
  const maddeler = generateScenario(s, { maddeler: ctx.quick ? s.quick : s.full, seed: ctx.seed + s.month * 131 + s.year, branchName: company.branch?.name });
  const attachments = new Map<string, Buffer>();
  if (maddeler.some((m) => m.lines.some((l) => l.cols?.attachmentFile))) {
    attachments.set(
      PLEDGE_PDF,
      tinyPdf(['TICARI REHIN SOZLESMESI', `Rehin veren: ${company.vkn}`, `Donem: ${periodOf(s)}`, 'Test amaclidir / for GIB compliance testing']),
    );
  }
  const ex = await writeExport({ dir: exportDir, vkn: company.vkn, yyyymm: `${s.year}${pad2(s.month)}`, maddeler, everyElement: s.everyElement, attachments });
  res.exportPath = ex.path;
  let month: MonthRunResult;
  try {
    month = await runMonth({
      exportPath: ex.path,
      company,
      outRoot: root,
      signer: ctx.signer,
      timestamp: ctx.timestamp,
      gib: ctx.gib,
      creationDate: ctx.creationDate,
      splitAt: s.splitAt ? [s.splitAt] : [],
      numbering: s.opening ? undefined : carriedNumbering(s, ctx.seed),
      warn: ctx.warn,
      onProgress: ctx.onProgress,
    });
  } catch (e) {
    const tr = isEdefterError(e) ? e.tr : String((e as Error)?.message ?? e);
    const en = isEdefterError(e) ? e.en : tr;
    res.failures.push({ tr: `ay oluşturulamadı: ${tr}`, en: `the month run failed: ${en}` });
    return res;
  }
  res.dir = month.dir;
  res.signed = month.files.map((f) => ({ name: f.name, kind: f.kind, bytes: f.bytes, sha256: f.sha256 }));
  const zipsDir = path.join(root, 'gib-test-araci');
  for (const p of month.build.parts) {
    const file = (name: string) => {
      const f = month.files.find((x) => x.name === name);
      if (!f) throw new Error(`${name} is not among the month's files`);
      return f;
    };
    const y = file(p.y.name),
      k = file(p.k.name),
      yb = file(p.y.name.replace('-Y-', '-YB-')),
      kb = file(p.k.name.replace('-K-', '-KB-'));
    const fig = { y: await measureDefter(y.path), k: await measureDefter(k.path), yb: await measureDefter(yb.path), kb: await measureDefter(kb.path) };
    const z = {
      y: await zipForUpload(y.path, zipsDir),
      yb: await zipForUpload(yb.path, zipsDir),
      k: await zipForUpload(k.path, zipsDir),
      kb: await zipForUpload(kb.path, zipsDir),
    };
    res.zips.push(z.y, z.yb, z.k, z.kb);
    res.parts.push({ index: p.plan.index, names: { y: y.name, k: k.name, yb: yb.name, kb: kb.name }, figures: fig, zipBytes: { y: z.y.bytes, k: z.k.bytes } });
  }
  res.failures.push(
    ...checkDefterScenario(s, res.parts, {
      requireTimestamp: ctx.requireTimestamp,
      closingMaddeler: maddeler.filter((m) => m.kind === 'kapanis').length,
      openingMaddeler: maddeler.filter((m) => m.kind === 'acilis').length,
    }),
  );
  return res;
}
