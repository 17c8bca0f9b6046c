/**
 * Value conventions of the import profiles, as pure text → text functions: a trailing time of day
 * on dates, a fixed decimal separator, şube numbers. Each returns the input unchanged when it does
 * not recognize the form, so the canonical parser (parse-line.ts) reports the original text.
 */

const TIME = /^(\S+)[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,7})?)?$/;

/**
 * Drops a time of day after a date: `2.01.2026 00:00:00` → `2.01.2026`, `2026-01-02T13:45` → `2026-01-02`.
 * A time with a zone (`Z`, `+03:00`) or an impossible time is left as is (then the date is refused).
 */
export function stripTime(text: string): string {
  const m = TIME.exec(text);
  if (!m) return text;
  if (+m[2] > 23 || +m[3] > 59 || (m[4] !== undefined && +m[4] > 59)) return text;
  return m[1];
}

const COMMA_NUM = /^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$/;
const POINT_NUM = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;

/**
 * Rewrites a number written with a fixed decimal separator into the plain `1234.56` form
 * (`1.234,56` with `comma`, `1,234.56` with `point`); spaces and NBSPs are dropped. A sign is kept
 * (a negative amount is refused later with its own message). Unrecognized text is returned as is.
 */
export function toPointDecimal(text: string, mode: 'comma' | 'point'): string {
  const s = text.replace(/[\s\u00a0]/g, '');
  if (mode === 'comma') return COMMA_NUM.test(s) ? s.replace(/\./g, '').replace(',', '.') : text;
  return POINT_NUM.test(s) ? s.replace(/,/g, '') : text;
}

/**
 * A şube number as GİB writes it: 4 digits, never `0000`. `''`, `0`, `00`… mean no şube (returns
 * `''`); `1` → `0001`. @returns null when the text is not 1–4 digits
 */
export function branchCode(text: string): string | null {
  const s = text.trim();
  if (s === '' || /^0+$/.test(s)) return '';
  if (!/^[0-9]{1,4}$/.test(s)) return null;
  return s.padStart(4, '0');
}
