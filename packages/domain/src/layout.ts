/**
 * The folder layout GİB requires of compliant software (spec §1.8, GİB-UK p.35):
 * `<root>/<VKN>/<HESAP DÖNEMİ>/<AY>/VKN-YYYYMM-TYPE-PPPPPP[-ŞŞŞŞ].xml`, where HESAP DÖNEMİ is the
 * fiscal period `YYYYMMDD-YYYYMMDD` and AY the two-digit month; GİB-approved berats lie beside their
 * berats as `GIB-<same name>`; the files of a re-built month move to `İPTAL EDİLENLER`.
 * Pure string functions: the bridge joins the segments with its platform's path separator.
 */
import { compareMonths, daysInMonth, pad2, type YearMonth } from './period.ts';

/** The fiscal period (hesap dönemi) a month belongs to. */
export interface FiscalPeriod {
  /** first day, `YYYY-MM-DD` */
  start: string;
  /** last day, `YYYY-MM-DD` */
  end: string;
  /** folder name `YYYYMMDD-YYYYMMDD` */
  label: string;
  firstMonth: YearMonth;
  lastMonth: YearMonth;
}

/** Folder name of the files of a re-built month ("İPTAL EDİLENLER", spec §1.8). */
export const CANCELLED_DIR = 'İPTAL EDİLENLER';

/** A HESAP DÖNEMİ folder name: `YYYYMMDD-YYYYMMDD`. */
export const FISCAL_PERIOD_DIR_RE = /^\d{8}-\d{8}$/;

/** An AY folder name: `01`…`12`. */
export const MONTH_DIR_RE = /^(0[1-9]|1[0-2])$/;

/**
 * Fiscal period containing `ym` for a fiscal year starting on month-day `fiscalYearStart`
 * (`MM-DD`, e.g. `01-01` or `07-01`; only the month counts).
 */
export function fiscalPeriodOf(company: { fiscalYearStart: string }, ym: YearMonth): FiscalPeriod {
  const startMonth = Number(company.fiscalYearStart.slice(0, 2));
  const startYear = ym.month >= startMonth ? ym.year : ym.year - 1;
  const firstMonth = { year: startYear, month: startMonth };
  const lastMonth = startMonth === 1 ? { year: startYear, month: 12 } : { year: startYear + 1, month: startMonth - 1 };
  const start = `${startYear}-${pad2(startMonth)}-01`;
  const end = `${lastMonth.year}-${pad2(lastMonth.month)}-${pad2(daysInMonth(lastMonth.year, lastMonth.month))}`;
  return { start, end, label: `${start.replace(/-/g, '')}-${end.replace(/-/g, '')}`, firstMonth, lastMonth };
}

/** True when `ym` is the first month of its fiscal period (numbering restarts at 1). */
export function isFirstMonthOfFiscalPeriod(fp: FiscalPeriod, ym: YearMonth): boolean {
  return compareMonths(fp.firstMonth, ym) === 0;
}

/** The folder segments of a month under the root: `[VKN, HESAP DÖNEMİ, AY]`. */
export function monthFolderSegments(vkn: string, fp: FiscalPeriod, ym: YearMonth): [string, string, string] {
  return [vkn, fp.label, pad2(ym.month)];
}

/** `VKN/HESAP DÖNEMİ/AY` with `/` separators (for messages and archive paths). */
export function monthFolderPath(vkn: string, fp: FiscalPeriod, ym: YearMonth): string {
  return monthFolderSegments(vkn, fp, ym).join('/');
}
