/**
 * Parçalı (split) planner (spec §1.9, GİB-TK §2.2). A part must stay under the size limit
 * (200 MB by GİB; configurable for tests), never cuts a yevmiye maddesi, and the parts' periods
 * cover the month without gaps: the first starts on the 1st, each next one the day after the
 * previous end, the last ends on the month's last day. Because periods are whole days, a part
 * boundary always falls between two days. Manual splits (`--split-at DATE`) end a part on DATE.
 * A single part is numbered 000000; split parts from 000001.
 */
import { EdefterError, ErrorCode } from '@edefter/protocol';
import { addDays, monthEnd, monthStart, yyyymm, type YearMonth } from './dates.ts';

/** GİB's limit: a Y/K/E file must not pass 200 MB. We keep a margin below 200,000,000 bytes. */
export const DEFAULT_MAX_PART_BYTES = 200_000_000;

/** Bytes reserved for the signature (XAdES-BES/T with certificate and timestamp token) in every part. */
export const SIGNATURE_RESERVE_BYTES = 64 * 1024;

/** What one day of the export weighs. */
export interface DayStat { date: string; entries: number; lines: number; yBytes: number; kLineBytes: number }

/** One planned part. */
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
  /** Estimated Y and K sizes (unsigned, without signature reserve). */
  yBytes: number;
  kBytes: number;
}

/** Inputs of {@link planParts}. */
export interface PlanInput {
  month: YearMonth;
  days: DayStat[];
  splitAt?: string[];
  maxPartBytes?: number;
  /** Bytes of head + tail of a Y / K file. */
  overheadY: number;
  overheadK: number;
  /** Distinct kebir account groups in the month (bounds the kebir header overhead). */
  kGroups: number;
  /** Bytes of one kebir entryHeader without its details. */
  kGroupBytes: number;
}

/**
 * Plans the parts of a month.
 * @throws EdefterError(BAD_INPUT) for a split date outside the month or a day larger than the limit
 */
export function planParts(p: PlanInput): PartPlan[] {
  const max = p.maxPartBytes ?? DEFAULT_MAX_PART_BYTES;
  const first = monthStart(p.month), last = monthEnd(p.month);
  const splits = [...new Set(p.splitAt ?? [])].sort();
  for (const s of splits) {
    if (s < first || s >= last) {
      throw new EdefterError(ErrorCode.BadInput, `--split-at ${s}: bölme tarihi ${yyyymm(p.month)} ayının içinde ve son günden önce olmalı`, `--split-at ${s}: the split date must be inside ${yyyymm(p.month)} and before its last day`, { splitAt: s });
    }
  }
  const bounds: [string, string][] = [];
  let segStart = first;
  for (const s of splits) { bounds.push([segStart, s]); segStart = addDays(s, 1); }
  bounds.push([segStart, last]);

  const plans: Omit<PartPlan, 'index' | 'part'>[] = [];
  let di = 0;
  for (const [s, e] of bounds) {
    let cur = { start: s, end: e, entries: 0, lines: 0, yBytes: p.overheadY, kLines: 0, kLineBytes: 0 };
    const kOf = (c: typeof cur) => p.overheadK + c.kLineBytes + Math.min(p.kGroups, c.lines) * p.kGroupBytes;
    const push = () => plans.push({ start: cur.start, end: cur.end, entries: cur.entries, lines: cur.lines, yBytes: cur.yBytes, kBytes: kOf(cur) });
    while (di < p.days.length && p.days[di].date <= e) {
      const d = p.days[di++];
      const budget = max - SIGNATURE_RESERVE_BYTES;
      const next = { ...cur, entries: cur.entries + d.entries, lines: cur.lines + d.lines, yBytes: cur.yBytes + d.yBytes, kLineBytes: cur.kLineBytes + d.kLineBytes };
      const alone = { start: d.date, end: e, entries: d.entries, lines: d.lines, yBytes: p.overheadY + d.yBytes, kLines: 0, kLineBytes: d.kLineBytes };
      if (Math.max(alone.yBytes, kOf(alone)) > budget) {
        throw new EdefterError(ErrorCode.BadInput,
          `${d.date} gününün kayıtları tek başına parça sınırını (${max} bayt) aşıyor; GİB parçaları gün sınırında bölünmelidir, bu gün bölünemez`,
          `the entries of ${d.date} alone exceed the part limit (${max} bytes); parts split only between days`, { date: d.date, maxPartBytes: max });
      }
      if (cur.lines > 0 && Math.max(next.yBytes, kOf(next)) > budget) {
        cur.end = addDays(d.date, -1);
        push();
        cur = alone;
      } else {
        cur = next;
      }
    }
    push();
  }
  const single = plans.length === 1 && splits.length === 0;
  return plans.map((pl, i) => ({ ...pl, index: i + 1, part: single ? 0 : i + 1 }));
}
