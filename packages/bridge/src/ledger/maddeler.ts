/**
 * Groups the export's rows into yevmiye maddeleri (consecutive rows with the same `entryNumber`)
 * and numbers them: `entryNumberCounter` and `lineNumber` continue from the previous month
 * (spec §1.4, GİB-UK §19–20). Checks that need a whole madde happen here: ≥ 2 lines,
 * Borç = Alacak, one date per madde, dates inside the month and in order.
 */
import { fail } from '@edefter/protocol';
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

/** The place of a madde (its first line) as catalog parameters. */
function maddeAt(m: { pos: { file: string; line: number }; entryNumber: string }): { file: string; line: number; entryNumber: string } {
  return { file: m.pos.file, line: m.pos.line, entryNumber: m.entryNumber };
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
    if (cur.length < 2) throw fail('ledger.maddeTooFewLines', maddeAt(head));
    let d = 0n,
      c = 0n;
    for (const l of cur) {
      if (l.debitCreditCode === 'D') d += l.amount;
      else c += l.amount;
    }
    if (d !== c)
      throw fail('ledger.maddeUnbalanced', {
        ...maddeAt(head),
        debit: d.toString(),
        credit: c.toString(),
        debitTr: formatAmountTr(d),
        creditTr: formatAmountTr(c),
        differenceTr: formatAmountTr(d > c ? d - c : c - d),
      });
    if (first.postingDate < prevDate) throw fail('ledger.maddeDateOrder', { ...maddeAt(head), date: first.postingDate, previous: prevDate });
    prevDate = first.postingDate;
    counter += 1;
    if (first.entryNumberCounter !== undefined && first.entryNumberCounter !== counter) {
      throw fail('ledger.maddeCounter', { ...maddeAt(head), counter: first.entryNumberCounter, expected: counter });
    }
    const m: Madde = {
      entryNumber: first.entryNumber,
      date: first.postingDate,
      comment: first.entryComment,
      enteredBy: first.enteredBy ?? opts.defaultEnteredBy,
      lines: cur,
      counter,
      firstLineNumber: lineNo + 1,
      total: d,
      pos: first.pos,
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
        throw rowError(row, 'postingDate', opts.month ? 'outsidePeriod' : 'mixedMonths', { date: line.postingDate, period: yyyymm(month) });
      }
      if (cur.length > 0 && cur[0].entryNumber !== line.entryNumber) {
        const m = finish();
        if (m) yield m;
      }
      if (cur.length > 0) {
        const f = cur[0];
        if (line.postingDate !== f.postingDate)
          throw rowError(row, 'postingDate', 'maddeDatesDiffer', { entryNumber: f.entryNumber, date: line.postingDate, other: f.postingDate });
        if (line.entryNumberCounter !== f.entryNumberCounter) throw rowError(row, 'entryNumberCounter', 'maddeCountersDiffer', {});
      }
      cur.push(line);
    }
    const m = finish();
    if (m) yield m;
  }
}
