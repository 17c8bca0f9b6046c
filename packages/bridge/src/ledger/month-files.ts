/**
 * What is already on disk for a month in the GİB folder layout: the defters, berats,
 * GİB-approved berats and Defter Raporu of `<root>/<VKN>/<fiscal period>/<MM>/`.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { CompanyProfile } from './company.ts';
import { compareMonths, type YearMonth } from './dates.ts';
import { fiscalPeriodOf, monthDir, parseFileName, type DocKind, type ParsedFileName } from './layout.ts';

/** One e-Defter file found in a month folder. */
export interface MonthFile extends ParsedFileName { path: string; name: string }

/** Lists the e-Defter files of a month folder (empty when the folder does not exist), sorted by kind and part. */
export async function listMonthFiles(dir: string): Promise<MonthFile[]> {
  let names: string[];
  try { names = await readdir(dir); } catch { return []; }
  const out: MonthFile[] = [];
  for (const name of names) {
    const p = parseFileName(name);
    if (p) out.push({ ...p, name, path: path.join(dir, name) });
  }
  return out.sort((a, b) => (a.kind === b.kind ? a.part - b.part : a.kind < b.kind ? -1 : 1));
}

/** Files of a month for a company, from the layout. */
export async function monthFiles(root: string, company: Pick<CompanyProfile, 'vkn' | 'fiscalYearStart'>, ym: YearMonth): Promise<MonthFile[]> {
  return listMonthFiles(monthDir(root, company.vkn, fiscalPeriodOf(company, ym), ym));
}

/** The files of one kind (non-GİB unless `gib`), in part order. */
export function ofKind(files: MonthFile[], kind: DocKind, gib = false): MonthFile[] {
  return files.filter((f) => f.kind === kind && f.gib === gib).sort((a, b) => a.part - b.part);
}

/**
 * Months of this VKN that have any e-Defter file under `root` (any fiscal period), sorted.
 * Used to tell "first month on e-Defter" from "a month was skipped".
 */
export async function monthsOnDisk(root: string, vkn: string): Promise<YearMonth[]> {
  const out: YearMonth[] = [];
  let periods: string[];
  try { periods = await readdir(path.join(root, vkn)); } catch { return out; }
  for (const fp of periods) {
    if (!/^\d{8}-\d{8}$/.test(fp)) continue;
    let months: string[];
    try { months = await readdir(path.join(root, vkn, fp)); } catch { continue; }
    for (const mm of months) {
      if (!/^\d{2}$/.test(mm)) continue;
      const files = await listMonthFiles(path.join(root, vkn, fp, mm));
      if (files.length) out.push(files[0].ym);
    }
  }
  return out.sort(compareMonths);
}
