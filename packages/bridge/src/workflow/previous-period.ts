/**
 * The previous-period guard's second half (spec §1.9, GİB-TK §2.2: month N+1 may not be built until
 * month N's berats are uploaded and GİB's approved berats downloaded): what the workflow database
 * says about month N. Files on disk are checked by ledger/previous-period.ts; a GIB-… file that was
 * placed by hand while the stored state is not "Onaylı Berat İndirildi" (e.g. the download was
 * refused as tampered) does not count.
 *
 * Read-only: the database is opened read-only and only if it exists (no file is created).
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { LEDGER_STATUS_LABELS, type LedgerStatus } from '@edefter/domain';
import { workflowDbPath } from './paths.ts';

/**
 * Problems with `period` (the PREVIOUS month, `YYYYMM`) for `vkn`, from the stored statuses of its
 * Yevmiye and Büyük Defter rows. Empty when the database or the rows do not exist (then the files
 * decide) or when every row is Onaylı Berat İndirildi.
 */
export function storedPreviousPeriodProblems(o: { vkn: string; period: string; branch?: string; dbFile?: string }): string[] {
  const file = o.dbFile ?? workflowDbPath();
  if (!fs.existsSync(file)) return [];
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='ledgers'").get();
    if (!has) return [];
    const rows = db
      .prepare(`SELECT book, part, status FROM ledgers WHERE vkn=? AND period=? AND branch=? AND book IN ('Y','K') ORDER BY part, book`)
      .all(o.vkn, o.period, o.branch ?? '') as { book: string; part: string; status: LedgerStatus }[];
    return rows
      .filter((r) => r.status !== 'APPROVED_DOWNLOADED')
      .map(
        (r) =>
          `${o.vkn}-${o.period}-${r.book}-${r.part}: ${LEDGER_STATUS_LABELS[r.status]?.tr ?? r.status} (kayıtlı durum; Onaylı Berat İndirildi olmalı / stored status; must be Approved berat downloaded)`,
      );
  } catch {
    return [];
  } finally {
    db?.close();
  }
}
