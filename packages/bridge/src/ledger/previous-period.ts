/**
 * Previous-period guard (spec §1.9, GİB-TK §2.2): the next month's defter may not be created
 * while the previous month lacks its berats (YB, KB) or GİB's approved berats (GIB-YB, GIB-KB)
 * in the folder layout. Kept small and pure on purpose: the GİB helper will extend it with the
 * upload statuses it records in SQLite (pass `extraCheck`).
 */
import { type EdefterError, fail } from '@edefter/protocol';
import { gibFileName } from '@edefter/domain';
import type { CompanyProfile } from './company.ts';
import { compareMonths, prevMonth, yyyymm, type YearMonth } from './dates.ts';
import { fileName } from './layout.ts';
import { monthFiles, monthsOnDisk, ofKind } from './month-files.ts';
import { storedPreviousPeriodProblems } from '../workflow/previous-period.ts';

/** Outcome of {@link checkPreviousPeriod}. */
export interface PreviousPeriodResult {
  ok: boolean;
  /** The month that was checked. */
  previous: YearMonth;
  /** True when no month of this VKN exists on disk at all (first month on e-Defter). */
  firstMonthOnDisk: boolean;
  /** File names that should exist but do not. */
  missing: string[];
  /** The refusal when not ok (catalog `ledger.previousMonthNotBuilt` / `ledger.previousMonthIncomplete`). */
  error?: EdefterError;
}

/** Options of {@link checkPreviousPeriod}. */
export interface PreviousPeriodOptions {
  root: string;
  company: Pick<CompanyProfile, 'vkn' | 'fiscalYearStart' | 'branch'>;
  month: YearMonth;
  /** Also require GIB-YB / GIB-KB (default true). */
  requireGibApproved?: boolean;
  /**
   * Extra condition; return a list of problems, empty when fine. Default: the statuses stored in the
   * workflow database (workflow/previous-period.ts) — a month whose rows are not "Onaylı Berat
   * İndirildi" there is incomplete even when GIB- files sit in the folder.
   */
  extraCheck?: (previous: YearMonth) => Promise<string[]>;
}

/**
 * Checks that the month before `month` is complete: for every Yevmiye part there are the
 * berats YB/KB and (by default) GİB's approved GIB-YB/GIB-KB. A VKN with no month on disk at all
 * is treated as starting e-Defter with this month (ok, `firstMonthOnDisk`).
 */
export async function checkPreviousPeriod(o: PreviousPeriodOptions): Promise<PreviousPeriodResult> {
  const prev = prevMonth(o.month);
  const requireGib = o.requireGibApproved ?? true;
  const files = await monthFiles(o.root, o.company, prev);
  const missing: string[] = [];
  const ys = ofKind(files, 'Y');
  if (ys.length === 0) {
    const months = await monthsOnDisk(o.root, o.company.vkn);
    const earlier = months.filter((m) => compareMonths(m, o.month) < 0);
    if (earlier.length === 0) return { ok: true, previous: prev, firstMonthOnDisk: true, missing };
    const name = fileName(o.company.vkn, prev, 'Y', 0, o.company.branch?.code);
    return {
      ok: false,
      previous: prev,
      firstMonthOnDisk: false,
      missing: [name],
      error: fail('ledger.previousMonthNotBuilt', { previous: yyyymm(prev), month: yyyymm(o.month), missing: [name] }),
    };
  }
  const have = new Set(files.map((f) => f.name));
  for (const y of ys) {
    for (const approved of requireGib ? [false, true] : [false]) {
      for (const type of ['YB', 'KB'] as const) {
        const n = gibFileName({ vkn: o.company.vkn, period: yyyymm(prev), type, part: y.part, branch: y.branch, approved });
        if (!have.has(n)) missing.push(n);
      }
    }
  }
  const extra =
    o.extraCheck ?? (async (p: YearMonth) => storedPreviousPeriodProblems({ vkn: o.company.vkn, period: yyyymm(p), branch: o.company.branch?.code }));
  missing.push(...(await extra(prev)));
  if (missing.length === 0) return { ok: true, previous: prev, firstMonthOnDisk: false, missing };
  return {
    ok: false,
    previous: prev,
    firstMonthOnDisk: false,
    missing,
    error: fail('ledger.previousMonthIncomplete', { previous: yyyymm(prev), month: yyyymm(o.month), missing }),
  };
}
