/**
 * Money amounts as integer kuruş (1/100 TRY) in `bigint`, so sums over a million lines stay exact.
 * e-Defter amounts carry at most 2 decimals and must be > 0 in defters (spec §1.4, §3.2;
 * GİB schematron regex `^[0-9]+(\.[0-9]{1,2})?$`).
 */

/** Result of {@link parseAmount}: either kuruş or a reason code for the error message. */
export type ParsedAmount = { ok: true; kurus: bigint } | { ok: false; reason: 'empty' | 'not-a-number' | 'negative' | 'too-many-decimals' | 'zero' };

/** How the ERP writes the decimal separator (`--decimal`). `auto`: a comma is the decimal separator
 *  (and dots are thousands separators) when the value contains a comma; otherwise the dot is. */
export type DecimalMode = 'auto' | 'comma' | 'point';

const PLAIN = /^(\d+)(?:\.(\d{1,}))?$/;

/**
 * Parses an ERP amount text (`1.234,56`, `1234.56`, `1234`) into kuruş.
 * Thousands separators are accepted only in the form the mode implies (`.` in comma mode, `,` in point mode).
 * @returns `{ ok: false, reason }` for empty, non-numeric, negative, zero or more than 2 decimals
 */
export function parseAmount(text: string, mode: DecimalMode = 'auto'): ParsedAmount {
  let s = text.trim().replace(/[\s\u00a0]/g, '');
  if (s === '') return { ok: false, reason: 'empty' };
  if (s.startsWith('-')) return { ok: false, reason: 'negative' };
  if (s.startsWith('+')) s = s.slice(1);
  const comma = mode === 'comma' || (mode === 'auto' && s.includes(','));
  if (comma) {
    s = s.replace(/\./g, '');
    if (s.indexOf(',') !== s.lastIndexOf(',')) return { ok: false, reason: 'not-a-number' };
    s = s.replace(',', '.');
  } else {
    s = s.replace(/,/g, '');
  }
  const m = PLAIN.exec(s);
  if (!m) return { ok: false, reason: 'not-a-number' };
  const frac = m[2] ?? '';
  if (frac.length > 2) return { ok: false, reason: 'too-many-decimals' };
  const kurus = BigInt(m[1]) * 100n + BigInt((frac + '00').slice(0, 2));
  if (kurus === 0n) return { ok: false, reason: 'zero' };
  return { ok: true, kurus };
}

/** Formats kuruş as the e-Defter decimal text with exactly two decimals (`150000n` → `1500.00`). */
export function formatAmount(kurus: bigint): string {
  const neg = kurus < 0n;
  const a = neg ? -kurus : kurus;
  const s = (a / 100n).toString() + '.' + (a % 100n).toString().padStart(2, '0');
  return neg ? '-' + s : s;
}

/** Formats kuruş for people (`1.234.567,89 TL`), used in summaries and messages. */
export function formatAmountTr(kurus: bigint): string {
  const [i, f] = formatAmount(kurus).split('.');
  const neg = i.startsWith('-');
  const digits = neg ? i.slice(1) : i;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${neg ? '-' : ''}${grouped},${f} TL`;
}
