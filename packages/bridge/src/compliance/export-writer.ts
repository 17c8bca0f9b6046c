/**
 * Writes a synthetic month as the ERP export the product reads (docs/erp-export.md): a `;`-separated UTF-8
 * CSV named `VKN-YYYYMM.csv`, decimal comma, `GG.AA.YYYY` dates, one row per line; and, when a line names a
 * PDF attachment, a `VKN-YYYYMM.zip` holding the CSV and the PDF. Files are private (0600) and atomic.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import yazl from 'yazl';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import type { ColumnName } from '../ledger/csv-rows.ts';
import { subName } from './books.ts';
import type { SynMadde } from './synthetic.ts';

/** The columns every scenario's export has (names checked against the reader's, ledger/csv-rows.ts). */
const BASE: readonly ColumnName[] = [
  'entryNumber',
  'postingDate',
  'entryComment',
  'accountMainID',
  'accountMainDescription',
  'accountSubID',
  'accountSubDescription',
  'amount',
  'debitCreditCode',
  'documentType',
  'documentTypeDescription',
  'documentNumber',
  'documentDate',
  'paymentMethod',
  'detailComment',
  'enteredBy',
];
/** The further columns of the every-element scenarios (1 and 7). */
const EVERY: readonly ColumnName[] = [
  'documentReference',
  'batchID',
  'batchDescription',
  'amountCurrency',
  'amountOriginalAmount',
  'amountOriginalCurrency',
  'amountOriginalExchangeRate',
  'amountOriginalExchangeRateDate',
  'amountOriginalExchangeRateSource',
  'amountOriginalExchangeRateComment',
  'measurableCode',
  'measurableCodeDescription',
  'measurableQualifier',
  'measurableQuantity',
  'measurableUnitOfMeasure',
  'measurableCostPerUnit',
  'attachmentFile',
];

const dmy = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
const money = (k: bigint) => `${k / 100n},${String(k % 100n).padStart(2, '0')}`;
const field = (s: string) => (/[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Options of {@link writeExport}. */
export interface ExportWriteOptions {
  dir: string;
  vkn: string;
  /** `YYYYMM`. */
  yyyymm: string;
  maddeler: SynMadde[];
  /** Write the every-element columns (documentReference = entryNumber on each line). */
  everyElement?: boolean;
  /** Files to put in a zip next to the CSV (name → bytes); a zip is written when non-empty. */
  attachments?: Map<string, Buffer>;
}

/** The written export: its path, the entry numbers by madde index, and counts. */
export interface WrittenExport {
  path: string;
  entryNumbers: string[];
  rows: number;
  columns: readonly ColumnName[];
}

/** The CSV text of a synthetic month. */
function exportCsv(o: Pick<ExportWriteOptions, 'yyyymm' | 'maddeler' | 'everyElement'>): {
  csv: string;
  entryNumbers: string[];
  rows: number;
  columns: readonly ColumnName[];
} {
  const columns = o.everyElement ? [...BASE, ...EVERY] : BASE;
  const out: string[] = [columns.join(';')];
  const entryNumbers: string[] = [];
  let rows = 0;
  o.maddeler.forEach((m, i) => {
    const entryNumber = `${o.yyyymm}-${String(i + 1).padStart(6, '0')}`;
    entryNumbers.push(entryNumber);
    for (const l of m.lines) {
      const names = subName(l.sub);
      const v: Record<string, string> = {
        entryNumber,
        postingDate: dmy(m.date),
        entryComment: m.comment,
        accountMainID: l.main,
        accountMainDescription: names.mainName,
        accountSubID: l.sub,
        accountSubDescription: names.subName,
        amount: money(l.amount),
        debitCreditCode: l.dc,
        ...(o.everyElement ? { documentReference: entryNumber } : {}),
        ...m.cols,
        ...l.cols,
      };
      out.push(columns.map((c) => field(v[c] ?? '')).join(';'));
      rows++;
    }
  });
  return { csv: out.join('\n') + '\n', entryNumbers, rows, columns };
}

/**
 * Writes the export into `dir`: `VKN-YYYYMM.csv`, or `VKN-YYYYMM.zip` (CSV + attachments) when there are attachments.
 * @throws the underlying fs error
 */
export async function writeExport(o: ExportWriteOptions): Promise<WrittenExport> {
  const { csv, entryNumbers, rows, columns } = exportCsv(o);
  const stem = `${o.vkn}-${o.yyyymm}`;
  if (!o.attachments?.size) {
    const file = path.join(o.dir, `${stem}.csv`);
    await writeFileAtomic(file, csv);
    return { path: file, entryNumbers, rows, columns };
  }
  const file = path.join(o.dir, `${stem}.zip`);
  const tmp = `${file}.${process.pid}.tmp`;
  const zip = new yazl.ZipFile();
  const mtime = new Date(Date.UTC(2000, 0, 1));
  zip.addBuffer(Buffer.from(csv, 'utf8'), `${stem}.csv`, { mtime, mode: 0o600 });
  for (const [name, bytes] of o.attachments) zip.addBuffer(bytes, name, { mtime, mode: 0o600 });
  zip.end();
  const ws = createWriteStream(tmp, { mode: 0o600 });
  zip.outputStream.pipe(ws);
  try {
    await once(ws, 'close');
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return { path: file, entryNumbers, rows, columns };
}
