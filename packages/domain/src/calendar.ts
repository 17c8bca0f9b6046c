/**
 * Month bounds and day arithmetic on ISO dates (`YYYY-MM-DD` strings), in UTC so the machine's time
 * zone never shifts a date (e-Defter dates are plain dates). Shared by the writer and the checker.
 */
import { daysInMonth, pad2, type YearMonth } from './period.ts';

/** First day of the month (ISO). */
export function monthStart(ym: YearMonth): string {
  return `${ym.year}-${pad2(ym.month)}-01`;
}

/** Last day of the month (ISO). */
export function monthEnd(ym: YearMonth): string {
  return `${ym.year}-${pad2(ym.month)}-${pad2(daysInMonth(ym.year, ym.month))}`;
}

/** ISO date plus `days` (may be negative). */
export function addDays(iso: string, days: number): string {
  const t = Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
