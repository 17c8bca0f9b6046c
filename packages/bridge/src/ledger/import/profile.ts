/**
 * Import profiles: the exports accountants really have (izibiz, the Nilvera format Odoo writes,
 * Turkcell e-Şirket's tab-separated txt, our own CSV, and any of them as an Excel workbook).
 * A profile is a header matcher, a column map onto our canonical columns (csv-rows.ts
 * CANONICAL_COLUMNS) and the profile's value conventions (dates, decimal separator, şube codes,
 * delimiter). Everything after the header stays one code path: the profile renames the header
 * cells to canonical names and normalizes each row's fields in place (import/row-prep.ts).
 * Column maps per profile: docs/erp-export.md; sources: compliance-plan.md §6.
 */
import type { DecimalMode } from '../amount.ts';

/** Names accepted by `--format`. `xlsx` is a container: its header row is matched like a CSV header. */
export const IMPORT_FORMATS = ['edefter-csv', 'izibiz', 'nilvera', 'turkcell', 'xlsx'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
/** The header layouts (every format except the `xlsx` container). */
export type ProfileName = Exclude<ImportFormat, 'xlsx'>;

/**
 * What a profile column does besides (or instead of) filling a canonical column:
 * - `branch`: a şube number (`0` or empty = no şube) written as the 4-digit `batchID`;
 * - `line-number`: the ERP's line number (consecutive in file order, or restarting at 1 on each madde; we number lines ourselves);
 * - `line-counter`: the ERP's madde number on each line (fills `entryNumberCounter`, or must equal it);
 * - `entry-ref`: the ERP's key of a fiş (one value on all lines of a madde);
 * - `erp-key`: an ERP-internal key with no XBRL-GL element (read, reported, not written);
 * - `derived`: a value we compute ourselves (a madde's totalDebit/totalCredit; read, reported, not written);
 * - `tax-number`: the taxpayer's VKN/TCKN on each line (must equal company.json's `vkn`).
 */
export type ColumnRole = 'branch' | 'line-number' | 'line-counter' | 'entry-ref' | 'erp-key' | 'derived' | 'tax-number';

/** One profile column: the canonical column it fills (if any), its role (if any), its spelling in the format. */
export interface ProfileColumn {
  to?: string;
  role?: ColumnRole;
  name?: string;
}

/** A header layout and its value conventions. */
export interface ImportProfile {
  name: ProfileName;
  /** Human title for messages (Turkish / English are the same here). */
  title: string;
  /** Header cell (lower-case, trimmed) → canonical column name or a role. */
  columns: Record<string, ProfileColumn>;
  /** Conventional delimiter (used when the header does not reveal one). */
  delimiter: string;
  /** Decimal separator of numeric fields when `--decimal` is `auto`. */
  decimal: DecimalMode;
  /** Header cells may carry an XBRL-GL namespace prefix (`gl-cor:entryNumber`). */
  prefixedNames?: boolean;
  /** A sub-account code equal to the main account code means "posted to the main account" (no accountSub). */
  mainAsSub?: boolean;
}

/** Builds a column map from `[header, canonical]` pairs (header lower-cased). */
export function columnMap(pairs: [string, string | ProfileColumn][]): Record<string, ProfileColumn> {
  const out: Record<string, ProfileColumn> = {};
  for (const [h, c] of pairs) out[h.toLowerCase()] = typeof c === 'string' ? { to: c, name: h } : { ...c, name: h };
  return out;
}

/** Canonical columns holding dates (a trailing time of day is dropped by every profile). */
export const DATE_COLUMNS = ['postingDate', 'documentDate', 'enteredDate', 'amountOriginalExchangeRateDate'] as const;
/** Canonical columns holding decimal numbers (normalized to `1234.56` when the profile fixes the separator). */
export const NUMBER_COLUMNS = ['amount', 'amountOriginalAmount', 'amountOriginalExchangeRate', 'measurableQuantity', 'measurableCostPerUnit'] as const;
/** The canonical columns every export must fill (kept here, not imported, to avoid an import cycle with csv-rows.ts). */
export const REQUIRED_TARGETS = ['entryNumber', 'postingDate', 'entryComment', 'accountMainID', 'accountMainDescription', 'amount', 'debitCreditCode'] as const;
