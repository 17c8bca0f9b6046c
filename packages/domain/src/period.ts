/**
 * Months and periods as e-Defter names write them: a period is `YYYYMM` (GİB-TK §2.4 file names,
 * GİB-WS paket IDs), a calendar month is `{ year, month }` with month 1–12.
 */

/** A calendar month, e.g. `{ year: 2026, month: 1 }` (month 1–12). */
export interface YearMonth {
  year: number;
  month: number;
}

/** `YYYYMM` with a month 01–12. */
export const PERIOD_RE = /^\d{4}(0[1-9]|1[0-2])$/;

/** Two-digit zero padding (`7` → `07`). */
export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `YYYYMM` of a month. */
export function periodOf(ym: YearMonth): string {
  return `${ym.year}${pad2(ym.month)}`;
}

/**
 * The month of a `YYYYMM` period.
 * @returns null when the text is not `YYYYMM` with a month 01–12
 */
export function parsePeriod(period: string): YearMonth | null {
  if (!PERIOD_RE.test(period)) return null;
  return { year: Number(period.slice(0, 4)), month: Number(period.slice(4)) };
}

/** Number of days in `month` (1–12) of `year` (Gregorian, computed in UTC). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Compares months: negative when a is before b, 0 when equal. */
export function compareMonths(a: YearMonth, b: YearMonth): number {
  return a.year * 12 + a.month - (b.year * 12 + b.month);
}

/** Turkish month names, January first. */
export const TURKISH_MONTHS: readonly string[] = Object.freeze([
  'Ocak',
  'Şubat',
  'Mart',
  'Nisan',
  'Mayıs',
  'Haziran',
  'Temmuz',
  'Ağustos',
  'Eylül',
  'Ekim',
  'Kasım',
  'Aralık',
]);
