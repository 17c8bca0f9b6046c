/**
 * Writes the Envanter Defteri (E) parts of one inventory date: the shared e-Defter head
 * (xbrl-header.ts) with `assets_context`, `entriesType=assets`, periodCoveredStart = periodCoveredEnd
 * = the inventory date, uniqueID `ENV` + YYYYMM + 6-digit counter and stylesheet `envanter.xslt`;
 * one `xbrli:unit` per foreign currency used by `gl-muc:amountOriginalAmount` (id = lower-case code) and
 * `gl-muc:defaultCurrency` when a line names its `gl-muc:amountCurrency`; then the maddeler.
 * Parts are cut by size between maddeler (GİB: a file stays under 200 MB; the part count of E is
 * independent of Y/K). A single part is numbered 000000, split parts from 000001.
 */
import path from 'node:path';
import { fail } from '@edefter/protocol';
import { type FiscalPeriod } from '@edefter/domain';
import type { CompanyProfile } from '../company.ts';
import { monthOf, yyyymm } from '../dates.ts';
import { SIGNATURE_RESERVE_BYTES } from '../split.ts';
import { documentHead, documentTail, type HeaderSpec } from '../xbrl-header.ts';
import { AtomicXmlFile } from '../xml-out.ts';
import { envanterEntryXml, foreignCurrencies } from './entry-xml.ts';
import { fileName } from '../layout.ts';
import type { EnvanterMadde } from './types.ts';

/** One written E part. */
export interface EnvanterPart {
  /** Number in the file name (0 = single part). */
  part: number;
  name: string;
  path: string;
  bytes: number;
  uniqueID: string;
  entries: number;
  lines: number;
  firstEntry: number;
  lastEntry: number;
}

/** Options of {@link writeEnvanter}. */
export interface EnvanterWriteOptions {
  company: CompanyProfile;
  fiscal: FiscalPeriod;
  /** Inventory date (ISO). */
  date: string;
  creationDate: string;
  /** Last uniqueID counter of the fiscal period's earlier E parts (0 at its start). */
  lastUniqueCounter: number;
  /** Numbered maddeler. */
  maddeler: EnvanterMadde[];
  dir: string;
  /** Part size limit in bytes (default 200,000,000). */
  maxPartBytes?: number;
}

/** `ENV` + YYYYMM + 6-digit counter (envanter_defter.sch: 15 characters, starts with ENV). */
function envanterUniqueId(date: string, counter: number): string {
  return `ENV${yyyymm(monthOf(date))}${String(counter).padStart(6, '0')}`;
}

function head(o: EnvanterWriteOptions, counter: number): string {
  const spec: HeaderSpec = {
    root: 'defter',
    stylesheet: 'envanter.xslt',
    contextId: 'assets_context',
    company: o.company,
    instant: o.creationDate,
    fiscalYearStart: o.fiscal.start,
    fiscalYearEnd: o.fiscal.end,
    documentInfo: {
      entriesType: 'assets',
      uniqueID: envanterUniqueId(o.date, counter),
      creationDate: o.creationDate,
      entriesComment: 'Envanter Defteri',
      periodCoveredStart: o.date,
      periodCoveredEnd: o.date,
      sourceApplication: o.company.sourceApplication,
    },
    // one xbrli:unit per foreign currency of gl-muc:amountOriginalAmount; defaultCurrency when a line names its amountCurrency
    currencies: foreignCurrencies(o.maddeler),
    defaultCurrency: o.maddeler.some((m) => m.lines.some((l) => l.muc?.amountCurrency)),
  };
  return documentHead(spec);
}

/**
 * Writes the E parts into `dir` (atomically, 0600).
 * @throws EdefterError(BAD_INPUT) when one madde alone passes the part limit
 */
export async function writeEnvanter(o: EnvanterWriteOptions): Promise<EnvanterPart[]> {
  const limit = (o.maxPartBytes ?? 200_000_000) - SIGNATURE_RESERVE_BYTES;
  const tail = documentTail('defter');
  const overhead = Buffer.byteLength(head(o, o.lastUniqueCounter + 1)) + Buffer.byteLength(tail);
  // Plan the parts by size: [from, to) ranges of maddeler.
  const xml = o.maddeler.map(envanterEntryXml);
  const ranges: [number, number][] = [];
  let start = 0,
    size = overhead;
  xml.forEach((x, i) => {
    const b = Buffer.byteLength(x);
    if (overhead + b > limit) {
      const m = o.maddeler[i];
      throw fail('ledger.envanterMaddeTooLarge', { file: m.pos.file, line: m.pos.line, entryNumber: m.entryNumber });
    }
    if (size + b > limit && i > start) {
      ranges.push([start, i]);
      start = i;
      size = overhead;
    }
    size += b;
  });
  ranges.push([start, xml.length]);
  const single = ranges.length === 1;
  const ym = monthOf(o.date);
  const out: EnvanterPart[] = [];
  for (let r = 0; r < ranges.length; r++) {
    const [a, b] = ranges[r];
    const counter = o.lastUniqueCounter + r + 1;
    const part = single ? 0 : r + 1;
    const name = fileName(o.company.vkn, ym, 'E', part, o.company.branch?.code);
    const file = path.join(o.dir, name);
    const f = await AtomicXmlFile.create(file);
    try {
      f.append(head(o, counter));
      for (let i = a; i < b; i++) {
        f.append(xml[i]);
        if (f.backlog) await f.flush();
      }
      await f.write(tail);
      const bytes = await f.commit();
      const ms = o.maddeler.slice(a, b);
      out.push({
        part,
        name,
        path: file,
        bytes,
        uniqueID: envanterUniqueId(o.date, counter),
        entries: ms.length,
        lines: ms.reduce((n, m) => n + m.lines.length, 0),
        firstEntry: ms[0]?.counter ?? 0,
        lastEntry: ms[ms.length - 1]?.counter ?? 0,
      });
    } catch (e) {
      await f.abort();
      throw e;
    }
  }
  return out;
}
