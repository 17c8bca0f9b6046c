/**
 * Brings the workflow database up to date with a month folder on disk
 * (`<root>/<VKN>/<fiscal period>/<MM>/`, spec §1.8 / GİB-UK p.35): every Y, K, YB, KB and DR file
 * found is recorded (path + SHA-256) and its row advanced to Dosya Oluşturuldu / Dosya İmzalandı /
 * Berat Oluşturuldu / Berat İmzalandı. Rows never move backwards, so running it again is harmless.
 * GİB-approved files (`GIB-…`) are recorded but do not change the status: only a verified
 * download does (gib/approved.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fail } from '@edefter/protocol';
import { LedgerStatus, bookOf, isBeratKind } from '@edefter/domain';
import { listMonthFiles, type MonthFile } from '../fs/month-folder.ts';
import type { Actor } from './actor.ts';
import { readHeadFacts, readTopSignatureValue } from './signed.ts';
import type { LedgerKey, WorkflowStore } from './store.ts';

/**
 * Finds the month folder of `vkn`/`period` under `root`: `<root>/<vkn>/<any fiscal period>/<MM>`
 * holding at least one file named `<vkn>-<period>-…`.
 * @throws EdefterError BAD_INPUT when there is none (or more than one)
 */
export function findMonthFolder(root: string, vkn: string, period: string): string {
  const base = path.join(root, vkn);
  const mm = period.slice(4);
  const hits: string[] = [];
  const dirs = fs.existsSync(base) ? fs.readdirSync(base, { withFileTypes: true }).filter((d) => d.isDirectory()) : [];
  for (const d of dirs) {
    const month = path.join(base, d.name, mm);
    if (!fs.existsSync(month)) continue;
    if (fs.readdirSync(month).some((f) => f.startsWith(`${vkn}-${period}-`))) hits.push(month);
  }
  if (hits.length !== 1) {
    throw hits.length
      ? fail('workflow.monthFolderAmbiguous', { root, vkn, period, hits })
      : fail('workflow.monthFolderMissing', { root, vkn, period, base, mm });
  }
  return hits[0];
}

/** What {@link syncMonthFromDisk} found. */
export interface SyncResult {
  folder: string;
  files: MonthFile[];
  /** Rows touched. */
  keys: LedgerKey[];
}

/**
 * Records every Y/K/YB/KB/DR (and GIB-YB/GIB-KB) file of the month folder and advances statuses.
 * @param opts.folder month folder (default: found under `opts.root` with {@link findMonthFolder})
 */
export async function syncMonthFromDisk(
  store: WorkflowStore,
  opts: { vkn: string; period: string; root?: string; folder?: string; actor: Actor },
): Promise<SyncResult> {
  const folder = path.resolve(opts.folder ?? findMonthFolder(opts.root ?? '.', opts.vkn, opts.period));
  const files = listMonthFiles(folder, { vkn: opts.vkn, period: opts.period });
  const keys = new Map<string, LedgerKey>();
  // defters first, then berats, then approved: statuses advance in flow order
  const order = (f: MonthFile): number => (f.approved ? 2 : isBeratKind(f.type) ? 1 : 0);
  for (const f of [...files].sort((a, b) => order(a) - order(b))) {
    const book = bookOf(f.type);
    const key: LedgerKey = { vkn: f.vkn, period: f.period, part: f.part, branch: f.branch, book };
    keys.set(JSON.stringify(key), key);
    const sig = await readTopSignatureValue(f.path);
    if (f.approved) {
      await store.recordFile(key, { role: 'approved', path: f.path, signatureValue: sig }, opts.actor);
      continue;
    }
    const isBerat = isBeratKind(f.type);
    if (!isBerat) {
      const head = await readHeadFacts(f.path);
      store.ensureLedger(key, {
        title: head.title,
        controlNumber: head.controlNumber,
        periodStart: head.periodStart,
        periodEnd: head.periodEnd,
        folder,
      });
    }
    await store.recordFile(key, { role: isBerat ? 'berat' : book === 'DR' ? 'report' : 'defter', path: f.path, signatureValue: sig }, opts.actor);
    const status = isBerat ? (sig ? LedgerStatus.BeratSigned : LedgerStatus.BeratCreated) : sig ? LedgerStatus.FileSigned : LedgerStatus.FileCreated;
    store.advance(key, status, opts.actor, { message: f.name });
  }
  return { folder, files, keys: [...keys.values()] };
}
