/**
 * Parçalı (split) planner (spec §1.9, GİB-TK §2.2). A part must stay under the size limit
 * (200 MB by GİB; configurable for tests), never cuts a yevmiye maddesi, and the parts' periods
 * cover the month without gaps: the first starts on the 1st, each next one the day after the
 * previous end, the last ends on the month's last day. Because periods are whole days, a part
 * boundary always falls between two days. Manual splits (`--split-at DATE`) end a part on DATE.
 * A single part is numbered 000000; split parts from 000001.
 */
import { fail } from '@edefter/protocol';
import { addDays, monthEnd, monthStart, yyyymm, type YearMonth } from './dates.ts';

/** GİB's limit: a Y/K/E file must not pass 200 MB. We keep a margin below 200,000,000 bytes. */
export const DEFAULT_MAX_PART_BYTES = 200_000_000;

/** Bytes reserved for the signature (XAdES-BES/T with certificate and timestamp token) in every part. */
export const SIGNATURE_RESERVE_BYTES = 64 * 1024;

/** One planned / written part. */
export interface PartPlan {
  /** 1-based position. */
  index: number;
  /** Number in the file name: 0 for a single whole-month part, else `index`. */
  part: number;
  /** periodCoveredStart / End (ISO). */
  start: string;
  end: string;
  entries: number;
  lines: number;
  /** Sizes of the unsigned Y and K files in bytes. */
  yBytes: number;
  kBytes: number;
}

/**
 * The month cut at the manual split dates: `[start, end]` per segment, gap-free from the 1st to the
 * last day. Within a segment the writer (month-writer.ts) starts new parts by size, between days.
 * @throws EdefterError(BAD_INPUT) for a split date outside the month or on its last day
 */
export function segmentsOf(month: YearMonth, splitAt: string[] = []): [string, string][] {
  const first = monthStart(month),
    last = monthEnd(month);
  const splits = [...new Set(splitAt)].sort();
  for (const s of splits) {
    if (s < first || s >= last) {
      throw fail('ledger.splitDateOutside', { splitAt: s, month: yyyymm(month) });
    }
  }
  const out: [string, string][] = [];
  let segStart = first;
  for (const s of splits) {
    out.push([segStart, s]);
    segStart = addDays(s, 1);
  }
  out.push([segStart, last]);
  return out;
}
