/**
 * File names and the folder layout GİB requires of compliant software (spec §1.8):
 * `<root>/<VKN>/<fiscal period start-end>/<MM>/VKN-YYYYMM-TYPE-PPPPPP[-ŞŞŞŞ].xml`, with GİB-approved
 * berats stored beside them as `GIB-<same name>`.
 */
import path from 'node:path';
import type { CompanyProfile } from './company.ts';
import { addDays, compareMonths, daysInMonth, pad2, yyyymm, type YearMonth } from './dates.ts';

/** Document kinds in file names: defters, berats and the Defter Raporu. */
export type DocKind = 'Y' | 'K' | 'YB' | 'KB' | 'DR';

/** The fiscal period (hesap dönemi) a month belongs to, as ISO dates and the folder label `YYYYMMDD-YYYYMMDD`. */
export interface FiscalPeriod { start: string; end: string; label: string; firstMonth: YearMonth; lastMonth: YearMonth }

/**
 * Fiscal period containing `ym` for the company's fiscal year (month-day `fiscalYearStart`, e.g. `01-01` or `07-01`).
 */
export function fiscalPeriodOf(company: Pick<CompanyProfile, 'fiscalYearStart'>, ym: YearMonth): FiscalPeriod {
  const startMonth = +company.fiscalYearStart.slice(0, 2);
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

/** `VKN-YYYYMM-TYPE-PPPPPP[-ŞŞŞŞ].xml`; `part` 0 means the whole month (`000000`). */
export function fileName(vkn: string, ym: YearMonth, kind: DocKind, part: number, branchCode?: string): string {
  return `${vkn}-${yyyymm(ym)}-${kind}-${String(part).padStart(6, '0')}${branchCode ? '-' + branchCode : ''}.xml`;
}

/** Parsed form of a file name produced by {@link fileName} (optionally with the `GIB-` prefix). */
export interface ParsedFileName { gib: boolean; vkn: string; ym: YearMonth; yyyymm: string; kind: DocKind; part: number; partText: string; branchCode?: string }

const NAME = /^(GIB-)?([0-9]{10,11})-([0-9]{4})([0-9]{2})-(Y|K|YB|KB|DR)-([0-9]{6})(?:-([0-9]{4}))?\.xml$/;

/** Parses an e-Defter file name; null when it does not follow the GİB pattern. */
export function parseFileName(name: string): ParsedFileName | null {
  const m = NAME.exec(path.basename(name));
  if (!m) return null;
  const month = +m[4];
  if (month < 1 || month > 12) return null;
  return {
    gib: !!m[1], vkn: m[2], ym: { year: +m[3], month }, yyyymm: m[3] + m[4], kind: m[5] as DocKind,
    part: +m[6], partText: m[6], ...(m[7] ? { branchCode: m[7] } : {}),
  };
}

/** `<root>/<VKN>/<fiscal period label>/<MM>` */
export function monthDir(root: string, vkn: string, fp: FiscalPeriod, ym: YearMonth): string {
  return path.join(root, vkn, fp.label, pad2(ym.month));
}

/** Name of the sub-folder where files of a re-built month are moved ("İPTAL EDİLENLER", spec §1.8). */
export const CANCELLED_DIR = 'İPTAL EDİLENLER';

/** Day after `iso` (re-exported for planners). */
export const dayAfter = (iso: string) => addDays(iso, 1);
