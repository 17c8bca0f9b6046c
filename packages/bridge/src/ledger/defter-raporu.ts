/**
 * Defter Raporu (DR) of a month (spec §1.7, GİB-TK §2.6–2.8, GİB-DR, edefter_rapor.sch): root
 * `edefter:defterraporu`, context `now`, entriesType `trialbalance`, a UUID in the segment, and one
 * entryHeader with, for every main account of the month's kebir parts, a D and a C line carrying the
 * period's movement totals and the number of transactions (`documentApplyToNumber`).
 * Always part 000000; signed by the taxpayer after all berats of the month (not counter-signed).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fiscalPeriodOf } from '@edefter/domain';
import { formatAmount } from './amount.ts';
import type { AccountTotal } from './build.ts';
import type { CompanyProfile } from './company.ts';
import { monthEnd, monthStart, yyyymm, type YearMonth } from './dates.ts';
import { fileName } from './layout.ts';
import { documentHead, documentTail, items } from './xbrl-header.ts';
import { AtomicXmlFile } from './xml-out.ts';

/** Options of {@link buildDefterRaporu}. */
export interface DefterRaporuOptions {
  company: CompanyProfile;
  month: YearMonth;
  /** Month movements per main account (all kebir parts), any order. */
  accounts: AccountTotal[];
  /** Folder to write into. */
  dir: string;
  /** documentInfo/creationDate (ISO); default today. */
  creationDate: string;
  uuid?: string;
}

/** The written DR. */
export interface DefterRaporuResult {
  path: string;
  name: string;
  bytes: number;
  uuid: string;
  accounts: number;
}

/**
 * DR kontrol numarası: 15 characters with the period (schematron). GİB does not publish a prefix
 * for the DR [I]; we use `DRP` + YYYYMM + `000001`.
 */
export function drUniqueId(ym: YearMonth): string {
  return `DRP${yyyymm(ym)}000001`;
}

/** Writes the month's Defter Raporu (unsigned). */
export async function buildDefterRaporu(o: DefterRaporuOptions): Promise<DefterRaporuResult> {
  const it = items('now');
  const uuid = o.uuid ?? randomUUID();
  const fp = fiscalPeriodOf(o.company, o.month);
  const head = documentHead({
    root: 'defterraporu',
    stylesheet: 'defterraporu.xslt',
    contextId: 'now',
    company: o.company,
    instant: o.creationDate,
    fiscalYearStart: fp.start,
    fiscalYearEnd: fp.end,
    segmentXml: it.s('gl-cor:uniqueID', uuid) + '\n',
    documentInfo: {
      entriesType: 'trialbalance',
      uniqueID: drUniqueId(o.month),
      creationDate: o.creationDate,
      entriesComment: 'Defter Raporu',
      periodCoveredStart: monthStart(o.month),
      periodCoveredEnd: monthEnd(o.month),
      sourceApplication: o.company.sourceApplication,
    },
  });
  const accounts = [...o.accounts].sort((a, b) => (a.mainID < b.mainID ? -1 : a.mainID > b.mainID ? 1 : 0));
  const name = fileName(o.company.vkn, o.month, 'DR', 0, o.company.branch?.code);
  const f = await AtomicXmlFile.create(path.join(o.dir, name));
  try {
    await f.write(head);
    await f.write(`<gl-cor:entryHeader>\n${it.s('gl-cor:qualifierEntry', 'standard')}\n`);
    let n = 1;
    for (const a of accounts) {
      for (const [dc, amt, count] of [
        ['D', a.debit, a.debitCount],
        ['C', a.credit, a.creditCount],
      ] as const) {
        await f.write(
          '<gl-cor:entryDetail>\n' +
            it.s('gl-cor:lineNumber', String(n++)) +
            '\n' +
            `<gl-cor:account>\n${it.s('gl-cor:accountMainID', a.mainID)}\n${it.s('gl-cor:accountMainDescription', a.description)}\n</gl-cor:account>\n` +
            it.money('gl-cor:amount', formatAmount(amt)) +
            '\n' +
            it.s('gl-cor:debitCreditCode', dc) +
            '\n' +
            it.s('gl-cor:documentApplyToNumber', String(count)) +
            '\n' +
            `<gl-cor:xbrlInfo>\n${it.s('gl-cor:xbrlInclude', 'period_change')}\n</gl-cor:xbrlInfo>\n` +
            '</gl-cor:entryDetail>\n',
        );
      }
    }
    await f.write('</gl-cor:entryHeader>\n' + documentTail('defterraporu'));
    const bytes = await f.commit();
    return { path: f.path, name, bytes, uuid, accounts: accounts.length };
  } catch (e) {
    await f.abort();
    throw e;
  }
}
