/**
 * Groups the export's rows into yevmiye maddeleri (consecutive rows with the same `entryNumber`)
 * and numbers them: `entryNumberCounter` and `lineNumber` continue from the previous month
 * (spec §1.4, GİB-UK §19–20). Checks that need a whole madde happen here: ≥ 2 lines,
 * Borç = Alacak, one date per madde, dates inside the month and in order.
 */
import { type EdefterError, fail } from '@edefter/protocol';
import { formatAmountTr, type DecimalMode } from './amount.ts';
import { readCsvRows, rowError, type CsvOptions } from './csv-rows.ts';
import { monthOf, yyyymm, type YearMonth } from './dates.ts';
import type { ExportSource } from './export-source.ts';
import { parseLine } from './parse-line.ts';
import type { LedgerLine, Madde } from './types.ts';

/** Options of {@link readMaddeler}. */
export interface MaddeOptions extends CsvOptions {
  decimal?: DecimalMode;
  /** The month every date must fall in; when absent the first row's month is taken. */
  month?: YearMonth;
  /** Last madde no / line no already used in the fiscal period. */
  lastEntryNumberCounter: number;
  lastLineNumber: number;
  /** enteredBy when the export has none (≥ 2 chars). */
  defaultEnteredBy: string;
}

function maddeError(m: { pos: { file: string; line: number }; entryNumber: string }, tr: string, en: string, extra: { debit?: string; credit?: string } = {}): EdefterError {
  return fail('ledger.maddeInvalid', { file: m.pos.file, line: m.pos.line, entryNumber: m.entryNumber, problem: { tr, en }, ...extra });
}

/**
 * Yields the maddeler of the export in order, numbered.
 * @throws EdefterError(BAD_INPUT) with file:line for the first problem
 */
export async function* readMaddeler(sources: ExportSource[], opts: MaddeOptions): AsyncGenerator<Madde> {
  let month = opts.month;
  let counter = opts.lastEntryNumberCounter;
  let lineNo = opts.lastLineNumber;
  let prevDate = '';
  let cur: LedgerLine[] = [];
  const decimal = opts.decimal ?? 'auto';

  const finish = (): Madde | null => {
    if (cur.length === 0) return null;
    const first = cur[0];
    const head = { pos: first.pos, entryNumber: first.entryNumber };
    if (cur.length < 2) throw maddeError(head, 'yevmiye maddesi en az iki satır (borç ve alacak) içermelidir', 'a madde needs at least two lines');
    let d = 0n, c = 0n;
    for (const l of cur) { if (l.debitCreditCode === 'D') d += l.amount; else c += l.amount; }
    if (d !== c) throw maddeError(head, `madde dengesiz: borç toplamı ${formatAmountTr(d)} ≠ alacak toplamı ${formatAmountTr(c)} (fark ${formatAmountTr(d > c ? d - c : c - d)})`, `unbalanced madde: debit ${d} ≠ credit ${c} (kuruş)`, { debit: d.toString(), credit: c.toString() });
    if (first.postingDate < prevDate) throw maddeError(head, `maddeler tarih sırasına göre olmalı: ${first.postingDate}, önceki maddenin tarihi ${prevDate}'ten önce`, `maddeler must be in date order: ${first.postingDate} is before the previous madde's ${prevDate}`);
    prevDate = first.postingDate;
    counter += 1;
    if (first.entryNumberCounter !== undefined && first.entryNumberCounter !== counter) {
      throw maddeError(head, `ERP'nin yevmiye madde numarası ${first.entryNumberCounter}, beklenen ${counter} (madde numaraları dönem boyunca müteselsil olmalı)`, `the ERP's entryNumberCounter is ${first.entryNumberCounter}, expected ${counter} (must be consecutive over the fiscal period)`);
    }
    const m: Madde = {
      entryNumber: first.entryNumber, date: first.postingDate, comment: first.entryComment,
      enteredBy: first.enteredBy ?? opts.defaultEnteredBy,
      lines: cur, counter, firstLineNumber: lineNo + 1, total: d, pos: first.pos,
    };
    if (first.batchID) m.batchID = first.batchID;
    if (first.batchDescription) m.batchDescription = first.batchDescription;
    lineNo += cur.length;
    cur = [];
    return m;
  };

  for (const src of sources) {
    for await (const row of readCsvRows(src, opts)) {
      const line = parseLine(row, decimal);
      const lm = monthOf(line.postingDate);
      if (!month) month = lm;
      else if (lm.year !== month.year || lm.month !== month.month) {
        throw rowError(row, 'postingDate', opts.month
          ? `tarih ${line.postingDate} defter döneminin (${yyyymm(month)}) dışında`
          : `dışa aktarımda birden çok ay var: ${line.postingDate}, ilk satırların ayı ${yyyymm(month)} (her ay ayrı oluşturulmalı)`,
          opts.month ? `date ${line.postingDate} is outside the period ${yyyymm(month)}` : `the export mixes months: ${line.postingDate} vs ${yyyymm(month)} (build each month separately)`);
      }
      if (cur.length > 0 && cur[0].entryNumber !== line.entryNumber) {
        const m = finish();
        if (m) yield m;
      }
      if (cur.length > 0) {
        const f = cur[0];
        if (line.postingDate !== f.postingDate) throw rowError(row, 'postingDate', `aynı maddenin (fiş ${f.entryNumber}) satırlarında farklı tarih: ${line.postingDate} ≠ ${f.postingDate}`, `lines of one madde (entry ${f.entryNumber}) have different dates: ${line.postingDate} ≠ ${f.postingDate}`);
        if (line.entryNumberCounter !== f.entryNumberCounter) throw rowError(row, 'entryNumberCounter', `aynı maddenin satırlarında farklı madde numarası`, `lines of one madde carry different entryNumberCounter values`);
      }
      cur.push(line);
    }
    const m = finish();
    if (m) yield m;
  }
}
