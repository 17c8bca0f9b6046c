/**
 * The month-part key: which taxpayer, which month, which part, which şube (spec §1.8, GİB-TK §2.4).
 * A month's defters may be split into parts `000001`, `000002`, … (`000000` when the month is one
 * part); a şube (branch) keeps its own books under a 4-digit code, never `0000`.
 */
import { PERIOD_RE } from './period.ts';
import { DomainError, type Problem } from './problem.ts';

/** Identifies one month part of one taxpayer. */
export interface MonthPartKey {
  /** VKN (10 digits) or TCKN (11 digits) */
  vkn: string;
  /** `YYYYMM` */
  period: string;
  /** `PPPPPP`, `000000` when the month is one part */
  part: string;
  /** 4-digit şube code; absent or '' for the head office (merkez) */
  branch?: string;
}

/** Part number of a month kept as one part. */
export const WHOLE_MONTH_PART = '000000';

/** 10-digit VKN or 11-digit TCKN. */
export const VKN_RE = /^(\d{10}|\d{11})$/;
/** `PPPPPP` */
export const PART_RE = /^\d{6}$/;
/** `ŞŞŞŞ`, not `0000` (checked apart) */
export const BRANCH_RE = /^\d{4}$/;

/** `PPPPPP` of a part number (`0` → `000000`). */
export function partText(part: number): string {
  return String(part).padStart(6, '0');
}

/**
 * What is wrong with a month-part key, or null when it is well formed.
 * An empty `branch` means the head office.
 */
export function monthPartProblem(k: MonthPartKey): Problem | null {
  const bad = (field: string, tr: string, en: string, value: unknown): Problem => ({
    field,
    tr: `Geçersiz ${tr}: ${JSON.stringify(value)}`,
    en: `Invalid ${en}: ${JSON.stringify(value)}`,
  });
  if (!VKN_RE.test(k.vkn)) return bad('vkn', 'VKN', 'VKN', k.vkn);
  if (!PERIOD_RE.test(k.period)) return bad('period', 'dönem (YYYYMM)', 'period (YYYYMM)', k.period);
  if (!PART_RE.test(k.part)) return bad('part', 'parça numarası', 'part', k.part);
  if (k.branch !== undefined && k.branch !== '' && (!BRANCH_RE.test(k.branch) || k.branch === '0000')) return bad('branch', 'şube', 'branch', k.branch);
  return null;
}

/**
 * Checks a month-part key.
 * @throws DomainError (code BAD_INPUT, details.field naming the bad field)
 */
export function assertMonthPart(k: MonthPartKey): void {
  const p = monthPartProblem(k);
  if (p) throw new DomainError(p, (k as unknown as Record<string, unknown>)[p.field]);
}

/** The key with `branch` normalised to '' for the head office (as stored in database rows). */
export function normalMonthPart(k: MonthPartKey): Required<MonthPartKey> {
  return { vkn: k.vkn, period: k.period, part: k.part, branch: k.branch ?? '' };
}

/** True when both keys name the same month part (absent and '' branch are the same). */
export function sameMonthPart(a: MonthPartKey, b: MonthPartKey): boolean {
  return a.vkn === b.vkn && a.period === b.period && a.part === b.part && (a.branch ?? '') === (b.branch ?? '');
}

/** `VKN-YYYYMM-PPPPPP[-ŞŞŞŞ]`: a readable, unique text form of the key (logs, map keys). */
export function monthPartId(k: MonthPartKey): string {
  return `${k.vkn}-${k.period}-${k.part}${k.branch ? `-${k.branch}` : ''}`;
}
