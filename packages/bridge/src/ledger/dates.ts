/**
 * Calendar helpers on ISO dates (`YYYY-MM-DD` strings). All arithmetic is in UTC so the local
 * time zone of the machine can never shift a posting date (e-Defter dates are plain dates).
 */
import { compareMonths, daysInMonth, pad2, periodOf, type YearMonth } from '@edefter/domain';

export { compareMonths, type YearMonth };
/** Month bounds and day arithmetic: @edefter/domain calendar.ts (validate uses them too). */
export { addDays, monthEnd, monthStart } from '@edefter/domain';

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const TR = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/**
 * Parses `YYYY-MM-DD` or `DD.MM.YYYY` (the two forms ERP exports use) into an ISO date string.
 * @returns null when the text is not one of the forms or not a real calendar day (e.g. 2026-02-30)
 */
export function parseDate(text: string): string | null {
  const s = text.trim();
  let y: number, m: number, d: number;
  let r = ISO.exec(s);
  if (r) {
    y = +r[1];
    m = +r[2];
    d = +r[3];
  } else if ((r = TR.exec(s))) {
    y = +r[3];
    m = +r[2];
    d = +r[1];
  } else return null;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) || y < 1900 || y > 2999) return null;
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** `YYYYMM` text used in file names and uniqueIDs (@edefter/domain periodOf). */
export const yyyymm: (ym: YearMonth) => string = periodOf;

/** The month an ISO date belongs to. */
export function monthOf(iso: string): YearMonth {
  return { year: +iso.slice(0, 4), month: +iso.slice(5, 7) };
}

/** The month before / after. */
export function prevMonth(ym: YearMonth): YearMonth {
  return ym.month === 1 ? { year: ym.year - 1, month: 12 } : { year: ym.year, month: ym.month - 1 };
}
export function nextMonth(ym: YearMonth): YearMonth {
  return ym.month === 12 ? { year: ym.year + 1, month: 1 } : { year: ym.year, month: ym.month + 1 };
}

/** Today's date in the machine's local time zone as ISO (the e-Defter creationDate). */
export function todayLocal(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad2(now.getMonth() + 1)}-${pad2(now.getDate())}`;
}
