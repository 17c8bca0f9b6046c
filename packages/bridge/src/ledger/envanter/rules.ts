/**
 * GİB's Envanter Defteri rules that no single file shows (GİB-EK v1.0, GİB-TK v1.7; compliance-plan §3):
 *  - a whole-date E (`E-000000`) needs at least one envanter maddesi (envanter_defter.sch);
 *  - the envanter starts at the beginning of a fiscal period, not in the middle, unless company.json
 *    marks a new business or a special fiscal period (`envanterStart`);
 *  - E is produced by the same program and version (gl-bus:sourceApplication) as the company's Y/K
 *    of that period, when they are in the month folder;
 *  - the şube set of E equals that of Y/K: the E's şube must be one the month's Y/K have.
 * Each refusal is a clear Turkish-then-English error saying what the accountant can do.
 */
import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { type EdefterError, fail } from '@edefter/protocol';
import { type FiscalPeriod } from '@edefter/domain';
import type { CompanyProfile } from '../company.ts';
import { compareMonths, monthOf } from '../dates.ts';
import { parseName } from './names.ts';
import type { EnvanterMadde } from './types.ts';

/** What the checks found (for the summary). */
export interface EnvanterRuleFacts {
  /** Y/K files of the month folder that were compared ([] = none: program and şube rules not applicable). */
  yk: string[];
  /** Şube codes of the month's Y/K ('' = without şube). */
  branches: string[];
  /** Y/K sourceApplication, when found. */
  sourceApplication?: string;
}

/** Error for an E with no madde (GİB rule on E-000000). */
export function emptyEnvanterError(date: string): EdefterError {
  return fail('ledger.envanterEmpty', { date, rule: 'E-000000 entryHeader' });
}

/**
 * Mid-year start: the first E of a fiscal period (no earlier E of the period) must fall in the period's
 * first month, unless `company.envanterStart` says why not.
 * @throws EdefterError(BAD_INPUT)
 */
export function checkStart(company: CompanyProfile, fp: FiscalPeriod, date: string, earlier: string[]): void {
  if (earlier.length || compareMonths(monthOf(date), fp.firstMonth) === 0 || company.envanterStart) return;
  throw fail('ledger.envanterMidYearStart', { date, fiscalStart: fp.start, fiscalEnd: fp.end, rule: 'mid-year-start' });
}

/** Reads `gl-bus:sourceApplication` from the first 64 KiB of a defter. */
async function readSourceApplication(file: string): Promise<string | null> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const m = /<gl-bus:sourceApplication[^>]*>([^<]*)<\/gl-bus:sourceApplication>/.exec(buf.toString('utf8', 0, bytesRead));
    return m ? m[1].trim().replace(/&amp;/g, '&') : null;
  } finally {
    await fh.close();
  }
}

/** `PROGRAM##VERSION` of a sourceApplication (`VKN##TITLE##PROGRAM##VERSION`). */
function programVersion(sa: string): string {
  return sa.split('##').slice(2).join('##');
}

/**
 * Program/version and şube-set rules against the Y/K of the month folder `dir`.
 * @throws EdefterError(BAD_INPUT)
 */
export async function checkAgainstYk(company: CompanyProfile, dir: string, date: string): Promise<EnvanterRuleFacts> {
  let names: string[] = [];
  try {
    names = await readdir(dir);
  } catch {
    /* no folder yet */
  }
  const yk = names
    .map((n) => ({ n, p: parseName(n) }))
    .filter((x) => x.p && !x.p.approved && (x.p.type === 'Y' || x.p.type === 'K') && x.p.vkn === company.vkn);
  const facts: EnvanterRuleFacts = { yk: yk.map((x) => x.n), branches: [...new Set(yk.map((x) => x.p!.branch))].sort() };
  if (!yk.length) return facts;
  const mine = company.branch?.code ?? '';
  if (!facts.branches.includes(mine)) {
    throw fail('ledger.envanterBranchSet', { date, branches: facts.branches, branch: mine, rule: 'sube-set' });
  }
  const same = yk.filter((x) => x.p!.branch === mine);
  for (const x of same) {
    const sa = await readSourceApplication(path.join(dir, x.n));
    if (!sa) continue;
    facts.sourceApplication ??= sa;
    if (programVersion(sa) !== programVersion(company.sourceApplication)) {
      throw fail('ledger.envanterProgramVersion', {
        date,
        yk: x.n,
        ykProgram: programVersion(sa),
        program: programVersion(company.sourceApplication),
        rule: 'program-version',
      });
    }
  }
  return facts;
}

/**
 * Şube fields of the maddeler for a şube's envanter (company.json `branch`): a madde without
 * `batchID` gets the şube code and name; a madde with another `batchID` is refused (one şube per E).
 * @throws EdefterError(BAD_INPUT) naming the row
 */
export function applyBranch(company: CompanyProfile, ms: EnvanterMadde[]): void {
  const br = company.branch;
  if (!br) return;
  for (const m of ms) {
    if (m.batchID && m.batchID !== br.code) {
      throw fail('ledger.envanterMaddeBranch', {
        file: m.pos.file,
        line: m.pos.line,
        field: 'batchID',
        entryNumber: m.entryNumber,
        batchID: m.batchID,
        branchCode: br.code,
      });
    }
    m.batchID = br.code;
    m.batchDescription ??= br.name;
  }
}

/** Assigns entryNumberCounter and lineNumber to the maddeler, continuing from the given numbers. */
export function numberMaddeler(ms: EnvanterMadde[], lastCounter: number, lastLine: number): void {
  let c = lastCounter,
    ln = lastLine;
  for (const m of ms) {
    m.counter = ++c;
    m.firstLineNumber = ln + 1;
    ln += m.lines.length;
  }
}
