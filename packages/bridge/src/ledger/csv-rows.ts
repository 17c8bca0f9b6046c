/**
 * Streams the rows of an ERP export CSV: decoding (UTF-8 with or without BOM, or Windows-1254,
 * detected or forced), csv-parse with the chosen delimiter, and header-name based column lookup.
 * Memory stays flat: one row at a time.
 */
import { isUtf8 } from 'node:buffer';
import { Transform, type Readable } from 'node:stream';
import iconv from 'iconv-lite';
import type { CsvError } from 'csv-parse';
import { EdefterError, fail, type LedgerFieldFacts, type LedgerFieldProblem } from '@edefter/protocol';
import { LinedCsvParser } from './csv-lined.ts';
import type { ExportSource } from './export-source.ts';
import { fieldInvalid } from './field-error.ts';
import { planImport, type ImportOptions } from './import/plan.ts';

/** Text encoding of the export (`--encoding`). `auto`: UTF-8 when the bytes are valid UTF-8, else Windows-1254. */
export type ExportEncoding = 'auto' | 'utf8' | 'windows-1254';

/**
 * Column names of the export (matched case-insensitively, any order). Each is named after the XBRL-GL
 * element it fills (docs/erp-export.md), except `attachmentFile` (a PDF inside the export zip, written as
 * `defterek:binaryObject`) and `taxNumber` (the counterparty's VKN/TCKN, check digits verified).
 */
export const REQUIRED_COLUMNS = ['entryNumber', 'postingDate', 'entryComment', 'accountMainID', 'accountMainDescription', 'amount', 'debitCreditCode'] as const;
const OPTIONAL_COLUMNS = [
  'entryNumberCounter',
  'accountSubID',
  'accountSubDescription',
  'documentType',
  'documentTypeDescription',
  'documentNumber',
  'documentReference',
  'documentDate',
  'paymentMethod',
  'detailComment',
  'enteredBy',
  'enteredDate',
  'batchID',
  'batchDescription',
  // gl-muc: foreign currency of the line (GİB yevmiye/kebir .sch: an original amount needs its currency and rate date; a currency needs its rate)
  'amountCurrency',
  'amountOriginalAmount',
  'amountOriginalCurrency',
  'amountOriginalExchangeRate',
  'amountOriginalExchangeRateDate',
  'amountOriginalExchangeRateSource',
  'amountOriginalExchangeRateComment',
  // gl-bus:measurable (at most one per line; GİB's .sch fixes code NT / "Maddi Olmayan Kalemler" / Fon / Adet and amount = costPerUnit × quantity)
  'measurableCode',
  'measurableCodeDescription',
  'measurableQualifier',
  'measurableQuantity',
  'measurableUnitOfMeasure',
  'measurableCostPerUnit',
  'attachmentFile',
  'taxNumber',
] as const;
export type ColumnName = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

/**
 * Every canonical column, required first, in the order docs/erp-export.md lists them. Import profiles
 * (izibiz, nilvera, turkcell, xlsx) map their own headers onto these names; a header that maps onto none
 * of them is refused (no silent loss) unless dropped on purpose with `--ignore-columns`.
 */
export const CANONICAL_COLUMNS: readonly ColumnName[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];

const CANONICAL_LOWER = new Set(CANONICAL_COLUMNS.map((c) => c.toLowerCase()));

/** Column positions of a file: index of each known column, -1 when absent. */
type ColumnIndex = Record<ColumnName, number>;

/** One data row: its fields, where it is, and the column positions. */
export interface CsvRow {
  file: string;
  /** 1-based line number in the CSV (of the row's last physical line). */
  line: number;
  fields: string[];
  idx: ColumnIndex;
  /** Field text by column name, trimmed ('' when the column is absent). */
  get(col: ColumnName): string;
  /** 1-based position of the column (for `file:line:column`), 0 when absent. */
  colIndex(col: ColumnName): number;
  has(col: ColumnName): boolean;
}

/** Row accessors shared by all rows (no per-row closures). */
const rowProto = {
  get(this: CsvRow, c: ColumnName): string {
    const i = this.idx[c];
    if (i < 0) return '';
    const v = this.fields[i];
    return v === undefined ? '' : v.trim();
  },
  colIndex(this: CsvRow, c: ColumnName): number {
    return this.idx[c] + 1;
  },
  has(this: CsvRow, c: ColumnName): boolean {
    return this.idx[c] >= 0;
  },
};

/** What the header of one CSV held: the file, its column names as written, the ones dropped on purpose. */
interface HeaderInfo {
  file: string;
  columns: string[];
  ignored: string[];
  /** Import profile of the header (import/detect.ts) and the columns it reads but cannot write (no XBRL-GL element: ERP keys). */
  format?: string;
  notWritten?: string[];
}

/** Options of {@link readCsvRows}; ImportOptions: `--format`, company facts for profile checks (import/plan.ts). */
export interface CsvOptions extends ImportOptions {
  encoding?: ExportEncoding;
  delimiter?: string;
  /**
   * Columns to drop on purpose (`--ignore-columns a,b`, matched case-insensitively). Any other column
   * that is not canonical is an error (no silent loss of export data).
   */
  ignoreColumns?: string[];
  /** Called once per CSV after its header was checked (summaries list the ignored columns). */
  onHeader?: (h: HeaderInfo) => void;
}

/**
 * Checks a header row and indexes the canonical columns (case-insensitive, any order).
 * Refused: a missing required column, a column that is neither canonical nor in `ignoreColumns`
 * (named, with the list of known columns), a canonical column given twice. Unnamed columns are
 * returned in `blank` (their values must stay empty; see readCsvRows).
 * @throws EdefterError(BAD_INPUT) `file:1: …`
 */
function indexHeader(
  file: string,
  names: string[],
  opts: Pick<CsvOptions, 'delimiter' | 'ignoreColumns'> = {},
): { idx: ColumnIndex; ignored: string[]; blank: number[] } {
  const ignore = new Set((opts.ignoreColumns ?? []).map((c) => c.trim().toLowerCase()).filter(Boolean));
  const header = new Map<string, number>();
  const unknown: string[] = [],
    ignored: string[] = [],
    dup: string[] = [],
    blank: number[] = [];
  names.forEach((raw, i) => {
    const h = raw.replace(/^\uFEFF/, '').trim();
    const k = h.toLowerCase();
    if (!h) {
      blank.push(i);
      return;
    }
    if (ignore.has(k)) {
      ignored.push(h);
      return;
    }
    if (!CANONICAL_LOWER.has(k)) {
      unknown.push(h);
      return;
    }
    if (header.has(k)) {
      dup.push(h);
      return;
    }
    header.set(k, i);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !header.has(c.toLowerCase()));
  if (missing.length) {
    throw fail('ledger.headerMissing', { file, line: 1, missing, delimiter: opts.delimiter ?? ';' });
  }
  if (unknown.length) {
    throw fail('ledger.unknownColumns', { file, line: 1, unknown, known: [...CANONICAL_COLUMNS] });
  }
  if (dup.length) {
    throw fail('ledger.duplicateColumns', { file, line: 1, duplicate: dup });
  }
  const idx = {} as ColumnIndex;
  for (const c of CANONICAL_COLUMNS) idx[c] = header.get(c.toLowerCase()) ?? -1;
  return { idx, ignored, blank };
}

/** Builds the error for a bad field: `dosya.csv:12:5 (amount): …` (texts: catalog `ledger.fieldInvalid`, one problem name). */
export function rowError<N extends LedgerFieldProblem>(
  row: Pick<CsvRow, 'file' | 'line' | 'colIndex'>,
  col: ColumnName | null,
  problem: N,
  facts: LedgerFieldFacts<N>,
): EdefterError {
  const c = col ? row.colIndex(col) : 0;
  return fieldInvalid({ file: row.file, line: row.line, ...(c ? { column: c } : {}), ...(col ? { field: col } : {}) }, problem, facts);
}

/** Picks the decoder from the first bytes: BOM → UTF-8; valid UTF-8 → UTF-8; else Windows-1254. */
function sniffEncoding(head: Buffer): 'utf8' | 'windows-1254' {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf8';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf8';
  } catch {
    return 'windows-1254';
  }
}

/** Length of `b` without a trailing UTF-8 sequence that the next chunk completes. */
function completeUtf8(b: Buffer): number {
  let i = b.length - 1,
    cont = 0;
  while (i >= 0 && cont < 3 && (b[i] & 0xc0) === 0x80) {
    i--;
    cont++;
  }
  if (i < 0 || b[i] < 0xc0) return b.length;
  const need = b[i] >= 0xf0 ? 4 : b[i] >= 0xe0 ? 3 : 2;
  return b.length - i < need ? i : b.length;
}

/** Prepares a byte stream for csv-parse, sniffing the encoding from the first chunk when `auto`.
 *  UTF-8 stays bytes (csv-parse works on UTF-8 bytes; decoding first would only be re-encoded):
 *  each chunk is checked with `isUtf8` (invalid bytes are an error, never U+FFFD) and a sequence
 *  split across chunks waits for the next one; the BOM is dropped. Windows-1254 goes through iconv-lite. */
function decoder(enc: ExportEncoding, file: string): Transform {
  let chosen: 'utf8' | 'windows-1254' | null = enc === 'auto' ? null : enc;
  let cp: ReturnType<typeof iconv.getDecoder> | null = null;
  let carry: Buffer | null = null;
  let offset = 0;
  let first = true;
  const bad = () => fail('ledger.invalidUtf8', { file, offset });
  return new Transform({
    transform(chunk: Buffer, _e, cb) {
      if (first) {
        chosen ??= sniffEncoding(chunk.subarray(0, 65536));
        if (chosen !== 'utf8') cp = iconv.getDecoder('windows-1254');
      }
      if (cp) {
        let s = cp.write(chunk);
        if (first && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
        first = false;
        offset += chunk.length;
        return cb(null, s);
      }
      let b = carry ? Buffer.concat([carry, chunk]) : chunk;
      carry = null;
      if (first && b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
      first = false;
      const n = completeUtf8(b);
      if (n < b.length) carry = Buffer.from(b.subarray(n));
      const body = b.subarray(0, n);
      if (!isUtf8(body)) return cb(bad());
      offset += chunk.length;
      cb(null, body.length ? body : undefined);
    },
    flush(cb) {
      if (carry) return cb(bad());
      try {
        const s = cp ? (cp.end() ?? '') : '';
        cb(null, s || undefined);
      } catch {
        cb(bad());
      }
    },
  });
}

/**
 * Yields the data rows of one CSV source, after checking the header has every required column.
 * @throws EdefterError(BAD_INPUT) with `file:line` for a malformed row or a missing column
 */
export async function* readCsvRows(src: ExportSource, opts: CsvOptions = {}): AsyncGenerator<CsvRow> {
  // Import profile (import/plan.ts): delimiter from the header, workbook records instead of csv-parse.
  const plan = await planImport(src, opts);
  const raw: Readable = plan.records ?? (await plan.open());
  const parser =
    plan.records ??
    new LinedCsvParser({
      delimiter: plan.delimiter,
      skip_empty_lines: true,
      relax_column_count: false,
      max_record_size: 1 << 20,
    });
  if (!plan.records) {
    const dec = decoder(opts.encoding ?? 'auto', src.name);
    raw.on('error', (e) => dec.destroy(e));
    dec.on('error', (e) => parser.destroy(e));
    raw.pipe(dec).pipe(parser as Transform);
  }
  let idx: ColumnIndex | null = null;
  let blank: number[] = [];
  // Records are taken from the parser in batches (one await per batch, not per record).
  const batch: { record: string[]; info: { lines: number } }[] = [];
  let ended = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  parser.on('data', (r) => {
    batch.push(r);
    if (batch.length >= 4096) {
      parser.pause();
      notify();
    }
  });
  parser.on('end', () => {
    ended = true;
    notify();
  });
  parser.on('error', (e) => {
    failure = e;
    ended = true;
    notify();
  });
  try {
    for (;;) {
      if (!batch.length && !ended)
        await new Promise<void>((res) => {
          wake = res;
          if (batch.length || ended) notify();
        });
      if (failure) throw failure;
      const recs = batch.splice(0, batch.length);
      if (!ended) parser.resume();
      for (const rec of recs) {
        if (!idx) {
          const names = plan.header(rec.record, rec.info.lines);
          const h = indexHeader(src.name, names, { delimiter: plan.delimiter, ignoreColumns: [...(opts.ignoreColumns ?? []), ...plan.consumed] });
          idx = h.idx;
          blank = h.blank;
          opts.onHeader?.({
            file: src.name,
            columns: rec.record.map((c) => c.replace(/^\uFEFF/, '').trim()),
            ignored: h.ignored.filter((c) => !plan.consumed.includes(c)),
            format: plan.format ?? undefined,
            notWritten: plan.notWritten,
          });
          continue;
        }
        for (const b of blank) {
          if ((rec.record[b] ?? '').trim() !== '') {
            throw fail('ledger.unnamedColumnValue', { file: src.name, line: rec.info.lines, column: b + 1, value: rec.record[b].trim().slice(0, 40) });
          }
        }
        const row = Object.create(rowProto) as CsvRow;
        row.file = src.name;
        row.line = rec.info.lines;
        row.fields = rec.record;
        row.idx = idx;
        if (plan.prepare) plan.prepare(row);
        yield row;
      }
      if (ended && !batch.length) {
        if (failure) throw failure;
        break;
      }
    }
  } catch (e) {
    if (e instanceof EdefterError) throw e;
    const ce = e as CsvError & { lines?: number; column?: number | string };
    if (ce && typeof ce.code === 'string' && ce.code.startsWith('CSV_')) {
      const line = typeof ce.lines === 'number' ? ce.lines : 0;
      throw fail('ledger.csvMalformedRow', { file: src.name, line, reason: { tr: csvReason(ce.code), en: ce.message }, csvCode: ce.code });
    }
    throw e;
  } finally {
    raw.destroy();
  }
  if (!idx) {
    throw fail('ledger.emptyFile', { file: src.name });
  }
}

function csvReason(code: string): string {
  switch (code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
      return 'sütun sayısı başlık satırından farklı';
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'kapanmamış tırnak';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
      return 'hatalı tırnak kullanımı';
    case 'CSV_MAX_RECORD_SIZE':
      return 'satır çok uzun';
    default:
      return code;
  }
}
