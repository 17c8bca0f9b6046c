/**
 * Where the running numbers of a month start (spec §1.4, GİB-UK §19–20): `entryNumberCounter`
 * and `lineNumber` continue across the parts and months of a fiscal period, and so does the
 * 6-digit counter of `documentInfo/uniqueID`. They are read back from the previous months'
 * Yevmiye files in the folder layout: the head holds the uniqueID, the tail the last line.
 */
import { open } from 'node:fs/promises';
import { fail } from '@edefter/protocol';
import { fiscalPeriodOf, isFirstMonthOfFiscalPeriod } from '@edefter/domain';
import type { CompanyProfile } from './company.ts';
import { compareMonths, prevMonth, yyyymm, type YearMonth } from './dates.ts';
import { monthFiles, ofKind } from './month-files.ts';
import type { Numbering } from './types.ts';

/** Reads `documentInfo/uniqueID` from the first 64 KiB of a defter. @returns null when absent */
export async function readUniqueId(file: string): Promise<string | null> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const m = /<gl-cor:uniqueID[^>]*>([^<]+)<\/gl-cor:uniqueID>/.exec(buf.toString('utf8', 0, bytesRead));
    return m ? m[1].trim() : null;
  } finally {
    await fh.close();
  }
}

/**
 * Last lineNumber and its madde number (lineNumberCounter) of a Yevmiye file, scanning back from
 * the end in 256 KiB steps. @returns null when the file has no entryDetail
 */
export async function readLastNumbers(file: string): Promise<{ lastEntryNumberCounter: number; lastLineNumber: number } | null> {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    const step = 256 * 1024;
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - step - 4096);
      const buf = Buffer.alloc(end - start);
      await fh.read(buf, 0, buf.length, start);
      const s = buf.toString('utf8');
      const i = s.lastIndexOf('<gl-cor:entryDetail>');
      if (i >= 0) {
        const tail = s.slice(i);
        const ln = /<gl-cor:lineNumber[^>]*>\s*(\d+)\s*</.exec(tail);
        const lc = /<gl-cor:lineNumberCounter[^>]*>\s*(\d+)\s*</.exec(tail);
        if (ln && lc) return { lastLineNumber: +ln[1], lastEntryNumberCounter: +lc[1] };
      }
      if (start === 0) break;
      end = start + 4096;
    }
    return null;
  } finally {
    await fh.close();
  }
}

/** The counter part (last 6 digits) of a uniqueID like `YEV202601000003`. */
export function uniqueCounter(uniqueID: string): number {
  return +uniqueID.slice(-6);
}

/**
 * Numbers the month starts from: zeros in the fiscal period's first month, otherwise the last
 * numbers of the previous month's Yevmiye parts (walking further back over months without entries).
 * @param allowGap when the previous month is missing, continue from the latest earlier month found
 *        (or zeros) instead of failing — tests only
 * @throws EdefterError(BAD_INPUT) when the previous month has no Yevmiye in the layout
 */
export async function openingNumbering(
  root: string,
  company: Pick<CompanyProfile, 'vkn' | 'fiscalYearStart'>,
  ym: YearMonth,
  allowGap = false,
): Promise<{ numbering: Numbering; from: string }> {
  const fp = fiscalPeriodOf(company, ym);
  const zero: Numbering = { lastEntryNumberCounter: 0, lastLineNumber: 0, lastUniqueCounter: 0 };
  if (isFirstMonthOfFiscalPeriod(fp, ym)) return { numbering: zero, from: 'hesap döneminin ilk ayı' };
  let uniq: number | null = null;
  let lines: { lastEntryNumberCounter: number; lastLineNumber: number } | null = null;
  let from = '';
  for (let m = prevMonth(ym); compareMonths(m, fp.firstMonth) >= 0; m = prevMonth(m)) {
    const ys = ofKind(await monthFiles(root, company, m), 'Y');
    if (ys.length === 0) {
      if (uniq === null && !allowGap) {
        throw fail('ledger.previousYevmiyeMissing', { month: yyyymm(m), root });
      }
      continue;
    }
    if (uniq === null) {
      const id = await readUniqueId(ys[ys.length - 1].path);
      uniq = id ? uniqueCounter(id) : 0;
      from = ys[ys.length - 1].name;
    }
    for (let i = ys.length - 1; i >= 0 && !lines; i--) lines = await readLastNumbers(ys[i].path);
    if (lines) break;
  }
  return {
    numbering: { lastEntryNumberCounter: lines?.lastEntryNumberCounter ?? 0, lastLineNumber: lines?.lastLineNumber ?? 0, lastUniqueCounter: uniq ?? 0 },
    from: from || 'önceki ay bulunamadı (--allow-gap)',
  };
}
