/**
 * What is already on disk for a month in the GİB folder layout: the defters, berats,
 * GİB-approved berats and Defter Raporu of `<root>/<VKN>/<fiscal period>/<MM>/` (the month's ledger
 * kinds Y, K, YB, KB, DR; envanter files are read by ledger/envanter).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { FISCAL_PERIOD_DIR_RE, MONTH_DIR_RE, MONTH_KINDS, compareMonths, fiscalPeriodOf, yearMonthOf, type MonthKind, type YearMonth } from '@edefter/domain';
import { listMonthFiles, type MonthFile } from '../fs/month-folder.ts';
import type { CompanyProfile } from './company.ts';
import { monthDir } from './layout.ts';

/** The month's ledger files (Y, K, YB, KB, DR and approved GIB-YB / GIB-KB) of a month folder, in folder order. */
function ledgerFilesIn(dir: string): MonthFile[] {
  return listMonthFiles(dir, { kinds: MONTH_KINDS });
}

/** Files of a month for a company, from the layout. */
export async function monthFiles(root: string, company: Pick<CompanyProfile, 'vkn' | 'fiscalYearStart'>, ym: YearMonth): Promise<MonthFile[]> {
  return ledgerFilesIn(monthDir(root, company.vkn, fiscalPeriodOf(company, ym), ym));
}

/** The files of one kind (non-GİB unless `gib`), in part order. */
export function ofKind(files: MonthFile[], kind: MonthKind, gib = false): MonthFile[] {
  return files.filter((f) => f.type === kind && f.approved === gib).sort((a, b) => a.part.localeCompare(b.part));
}

/**
 * Months of this VKN that have any e-Defter file under `root` (any fiscal period), sorted.
 * Used to tell "first month on e-Defter" from "a month was skipped".
 */
export async function monthsOnDisk(root: string, vkn: string): Promise<YearMonth[]> {
  const out: YearMonth[] = [];
  const list = (dir: string): string[] => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  };
  for (const fp of list(path.join(root, vkn))) {
    if (!FISCAL_PERIOD_DIR_RE.test(fp)) continue;
    for (const mm of list(path.join(root, vkn, fp))) {
      if (!MONTH_DIR_RE.test(mm)) continue;
      const files = ledgerFilesIn(path.join(root, vkn, fp, mm));
      if (files.length) out.push(yearMonthOf(files[0]));
    }
  }
  return out.sort(compareMonths);
}
