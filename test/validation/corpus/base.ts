/**
 * TEST CORPUS — the valid files the project produces, generated (never committed): every e-Defter
 * scenario of GİB's compliance plan (packages/bridge/src/compliance, the `--quick` sizes: Y, K, YB,
 * KB and DR of each part, the split month 5-6 in two parts, şube 0001 in scenario 7), a month split
 * into three parts (parçalı), and the five Envanter scenarios (E and EB, şube 0001/0002). Everything
 * goes through the product's own pipelines (runCompliancePlan → runMonth / runEnvanter), signed by
 * the software TEST mali mühür of test/ledger/helpers.ts, no timestamp.
 *
 * Each base file is kept twice: the signed file as the product stores it, and its unsigned draft
 * (the signed file with its enveloped `ds:Signature` cut out), which mutants edit and re-sign.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runCompliancePlan } from '../../../packages/bridge/src/compliance/plan-run.ts';
import { runMonth } from '../../../packages/bridge/src/flows/build-month.ts';
import { company, monthCsv, testSigner } from '../../ledger/helpers.ts';

/** Kind of a GİB file, from its name. */
export type FileKind = 'Y' | 'K' | 'YB' | 'KB' | 'DR' | 'E' | 'EB';

/** One valid file of the corpus. */
export interface BaseFile {
  /** Stable id: `<scenario>/<GİB file name>`, e.g. `1/6090408038-202304-Y-000000.xml`, `parcali-3/6090408038-202601-Y-000003.xml`. */
  id: string;
  /** Scenario (`1` … `7`, `E1` … `E5`, `parcali-3`). */
  scenario: string;
  kind: FileKind;
  /** The signed file as stored in the month folder. */
  path: string;
  /** Part number in the month (1-based), and how many parts the month has. */
  part: number;
  parts: number;
}

/** Options of {@link buildBaseCorpus}. */
export interface BaseOptions {
  /** Output folder (created; earlier content replaced). */
  dir: string;
  /** Skip scenario 4 (5000 maddeler, ~10 MB of Yevmiye): the reduced corpus of `npm test`. */
  reduced?: boolean;
}

/** The kind of a GİB file name (`…-Y-000001.xml`, `…-EB-000001-0001.xml`). @throws Error for another name */
export function kindOfName(name: string): FileKind {
  const m = /-(YB|KB|EB|DR|Y|K|E)-\d{6}(?:-\d{4})?\.xml$/.exec(name);
  if (!m) throw new Error(`not a GİB file name: ${name}`);
  return m[1] as FileKind;
}

/** The signed month files of a month folder (not GİB-approved copies, not the PDF/XSLT). */
function monthFiles(dir: string, scenario: string): BaseFile[] {
  const names = fs
    .readdirSync(dir)
    .filter((f) => /^\d{10}-\d{6}-[A-Z]+-\d{6}(?:-\d{4})?\.xml$/.test(f))
    .sort();
  const partOf = (n: string) => Number(/-(\d{6})(?:-\d{4})?\.xml$/.exec(n)![1]);
  const parts = Math.max(1, ...names.filter((n) => kindOfName(n) === 'Y' || kindOfName(n) === 'E').map(partOf));
  return names.map((n) => ({ id: `${scenario}/${n}`, scenario, kind: kindOfName(n), path: path.join(dir, n), part: Math.max(1, partOf(n)), parts }));
}

/**
 * Builds the base corpus: the compliance plan (quick sizes; without scenario 4 when reduced), a
 * month of 36 maddeler split into three parts, and the Envanter plan.
 * @returns the signed files, scenario by scenario
 * @throws Error when a scenario fails (its constraints or the product's own validation)
 */
export async function buildBaseCorpus(o: BaseOptions): Promise<BaseFile[]> {
  fs.rmSync(o.dir, { recursive: true, force: true });
  fs.mkdirSync(o.dir, { recursive: true, mode: 0o700 });
  const signer = await testSigner();
  const only = ['1', '2', '3', ...(o.reduced ? [] : ['4']), '5-6', '7', 'E1', 'E2', 'E3', 'E4', 'E5'];
  const plan = await runCompliancePlan({
    outRoot: path.join(o.dir, 'plan'),
    company: company(),
    signer,
    requireTimestamp: false,
    gib: null,
    quick: true,
    only,
    seed: 20230401,
    creationDate: '2025-02-10',
    warn: () => {},
  });
  const out: BaseFile[] = [];
  for (const r of plan) {
    if (r.failures.length || !r.dir) throw new Error(`compliance scenario ${r.id}: ${r.failures.map((f) => f.en).join('; ') || r.skipped?.en}`);
    const files = monthFiles(r.dir, r.id).filter((f) => r.signed.some((s) => s.name === path.basename(f.path)));
    out.push(...files);
  }
  // A month split into three parts (parçalı): faults in the LAST part are part of the mutants.
  const root = path.join(o.dir, 'parcali');
  const csv = await monthCsv(path.join(o.dir), { year: 2026, month: 1, entries: 36, seed: 20260101 });
  const m = await runMonth({
    exportPath: csv,
    company: company(),
    outRoot: root,
    signer,
    gib: null,
    creationDate: '2026-02-10',
    splitAt: ['2026-01-10', '2026-01-20'],
    warn: () => {},
  });
  out.push(...monthFiles(m.dir, 'parcali-3'));
  return out;
}
