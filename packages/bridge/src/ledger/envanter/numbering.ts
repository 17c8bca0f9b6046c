/**
 * Where an Envanter Defteri's running numbers start (GİB-EK: entryNumberCounter continuous from the
 * fiscal period's start; lineNumber continuous; uniqueID counter per fiscal period): the last numbers
 * of the same şube's E parts of the earlier months of the fiscal period, read back from the folder
 * layout (head: uniqueID; tail: last lineNumber / lineNumberCounter). Zero when there are none.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fiscalPeriodOf } from '@edefter/domain';
import { compareMonths, monthOf, nextMonth, type YearMonth } from '../dates.ts';
import { monthDir } from '../layout.ts';
import { readLastNumbers, readUniqueId, uniqueCounter } from '../numbering.ts';
import type { CompanyProfile } from '../company.ts';
import { parseName } from './names.ts';

/** Start numbers of a new E and the earlier E files they came from. */
export interface EnvanterNumbering {
  lastEntryNumberCounter: number;
  lastLineNumber: number;
  lastUniqueCounter: number;
  /** Earlier E files of the fiscal period (same şube), oldest first. */
  earlier: string[];
}

/** E files (not GİB copies) of one month folder for a şube ('' = none), in name order. */
export async function envanterFilesIn(dir: string, vkn: string, branch: string, kind: 'E' | 'EB' = 'E'): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => {
      const p = parseName(n);
      return p && !p.approved && p.type === kind && p.vkn === vkn && p.branch === branch;
    })
    .sort()
    .map((n) => path.join(dir, n));
}

/**
 * Numbers of the E of `date`, continuing the fiscal period's earlier months (the month of `date` itself is excluded: its E is being rebuilt).
 */
export async function envanterNumbering(
  root: string,
  company: Pick<CompanyProfile, 'vkn' | 'fiscalYearStart' | 'branch'>,
  date: string,
): Promise<EnvanterNumbering> {
  const ym = monthOf(date);
  const fp = fiscalPeriodOf(company, ym);
  const earlier: string[] = [];
  for (let m: YearMonth = fp.firstMonth; compareMonths(m, ym) < 0; m = nextMonth(m)) {
    earlier.push(...(await envanterFilesIn(monthDir(root, company.vkn, fp, m), company.vkn, company.branch?.code ?? '')));
  }
  const n: EnvanterNumbering = { lastEntryNumberCounter: 0, lastLineNumber: 0, lastUniqueCounter: 0, earlier };
  if (!earlier.length) return n;
  const id = await readUniqueId(earlier[earlier.length - 1]);
  n.lastUniqueCounter = id ? uniqueCounter(id) : 0;
  for (let i = earlier.length - 1; i >= 0; i--) {
    const last = await readLastNumbers(earlier[i]);
    if (last) {
      n.lastEntryNumberCounter = last.lastEntryNumberCounter;
      n.lastLineNumber = last.lastLineNumber;
      break;
    }
  }
  return n;
}
