/**
 * The month's totals for the compact "Ayı tamamla" summary (issue 12 item 1): madde / satır and
 * Toplam Borç / Toplam Alacak of the month's Yevmiye documents (all parts added up), and whether
 * every defter and Defter Raporu that reports totals has Borç = Alacak. Amounts are the bridge's
 * "1234.50" strings (`document-inspect`); they are added as whole kuruş (BigInt), never as floats.
 */
import type { DocumentSummary } from '../shared/document-summary.ts';

/** Totals of the month (see module doc). */
export interface MonthTotals {
  /** madde (journal entries) of the Yevmiye documents; undefined when there is no Yevmiye */
  entries?: number;
  /** satır (lines) of the Yevmiye documents */
  lines?: number;
  /** sum of the Yevmiye documents' Toplam Borç, "1234.50"; undefined when one is missing */
  totalDebit?: string;
  /** sum of the Yevmiye documents' Toplam Alacak, "1234.50" */
  totalCredit?: string;
  /** every document with totals has Borç = Alacak, and the summed totals are equal; undefined when no document has totals */
  balanced?: boolean;
}

const AMOUNT = /^\d+\.\d{2}$/;
const toKurus = (a: string): bigint => BigInt(a.replace('.', ''));
const fromKurus = (k: bigint): string => {
  const s = k.toString().padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
};

/** Adds "1234.50" amounts; undefined when the list is empty or one is missing or malformed. */
function sum(amounts: Array<string | undefined>): string | undefined {
  if (amounts.length === 0 || amounts.some((a) => a === undefined || !AMOUNT.test(a))) return undefined;
  return fromKurus(amounts.reduce((acc, a) => acc + toKurus(a!), 0n));
}

/** The month's totals from the documents the window lists. */
export function monthTotals(documents: DocumentSummary[]): MonthTotals {
  const yevmiye = documents.filter((d) => d.declaredKind === 'yevmiye');
  const withTotals = documents.filter((d) => d.totalDebit !== undefined || d.totalCredit !== undefined);
  const totalDebit = sum(yevmiye.map((d) => d.totalDebit));
  const totalCredit = sum(yevmiye.map((d) => d.totalCredit));
  const balanced =
    withTotals.length === 0 ? undefined : withTotals.every((d) => d.totalDebit !== undefined && d.totalDebit === d.totalCredit) && totalDebit === totalCredit;
  return {
    entries: yevmiye.length ? yevmiye.reduce((n, d) => n + d.entries, 0) : undefined,
    lines: yevmiye.length ? yevmiye.reduce((n, d) => n + d.lines, 0) : undefined,
    totalDebit,
    totalCredit,
    balanced,
  };
}
