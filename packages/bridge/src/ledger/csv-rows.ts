/**
 * Streams the rows of an ERP export CSV: decoding (UTF-8 with or without BOM, or Windows-1254,
 * detected or forced), csv-parse with the chosen delimiter, and header-name based column lookup.
 * Memory stays flat: one row at a time.
 */
import { Transform, type Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { parse, type CsvError } from 'csv-parse';
import { EdefterError, ErrorCode } from '@edefter/protocol';
import type { ExportSource } from './export-source.ts';

/** Text encoding of the export (`--encoding`). `auto`: UTF-8 when the bytes are valid UTF-8, else Windows-1254. */
export type ExportEncoding = 'auto' | 'utf8' | 'windows-1254';

/** Column names of the export (matched case-insensitively, any order). */
export const REQUIRED_COLUMNS = ['entryNumber', 'postingDate', 'entryComment', 'accountMainID', 'accountMainDescription', 'amount', 'debitCreditCode'] as const;
export const OPTIONAL_COLUMNS = ['entryNumberCounter', 'accountSubID', 'accountSubDescription', 'documentType', 'documentTypeDescription', 'documentNumber', 'documentDate', 'paymentMethod', 'detailComment', 'enteredBy', 'enteredDate', 'batchID', 'batchDescription'] as const;
export type ColumnName = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

/** One data row: its fields, where it is, and the column lookup. */
export interface CsvRow {
  file: string;
  /** 1-based line number in the CSV (of the row's last physical line). */
  line: number;
  /** Field text by column name ('' when the column is absent). */
  get(col: ColumnName): string;
  /** 1-based position of the column (for `file:line:column`), 0 when absent. */
  colIndex(col: ColumnName): number;
  has(col: ColumnName): boolean;
}

/** Options of {@link readCsvRows}. */
export interface CsvOptions { encoding?: ExportEncoding; delimiter?: string }

/** Builds the error for a bad field: `dosya.csv:12:5 (amount): …`. */
export function rowError(row: Pick<CsvRow, 'file' | 'line' | 'colIndex'>, col: ColumnName | null, tr: string, en: string): EdefterError {
  const c = col ? row.colIndex(col) : 0;
  const where = `${row.file}:${row.line}${c ? ':' + c : ''}${col ? ` (${col})` : ''}`;
  return new EdefterError(ErrorCode.BadInput, `${where}: ${tr}. Hiçbir dosya yazılmadı.`, `${where}: ${en}. Nothing was written.`,
    { file: row.file, line: row.line, ...(c ? { column: c } : {}), ...(col ? { field: col } : {}) });
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

/** Decodes a byte stream to text, sniffing the encoding from the first chunk when `auto`. */
function decoder(enc: ExportEncoding, file: string): Transform {
  let inner: NodeJS.ReadWriteStream | null = null;
  let chosen: 'utf8' | 'windows-1254' | null = enc === 'auto' ? null : enc;
  let offset = 0;
  const out = new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _e, cb) {
      if (!inner) {
        chosen ??= sniffEncoding(chunk.subarray(0, 65536));
        inner = iconv.decodeStream(chosen, { stripBOM: true });
        inner.on('data', (s: string) => {
          if (chosen === 'utf8' && s.includes('\uFFFD')) {
            out.destroy(new EdefterError(ErrorCode.BadInput,
              `${file}: geçersiz UTF-8 baytları (yaklaşık ${offset}. bayt civarı). Dosya Windows-1254 ise --encoding windows-1254 kullanın. Hiçbir dosya yazılmadı.`,
              `${file}: invalid UTF-8 bytes (around byte ${offset}). Use --encoding windows-1254 for Windows-1254 files. Nothing was written.`, { file }));
            return;
          }
          out.push(s);
        });
      }
      offset += chunk.length;
      inner.write(chunk);
      cb();
    },
    flush(cb) {
      if (inner) { inner.once('end', () => cb()); inner.end(); } else cb();
    },
  });
  return out;
}

/**
 * Yields the data rows of one CSV source, after checking the header has every required column.
 * @throws EdefterError(BAD_INPUT) with `file:line` for a malformed row or a missing column
 */
export async function* readCsvRows(src: ExportSource, opts: CsvOptions = {}): AsyncGenerator<CsvRow> {
  const raw: Readable = await src.open();
  const parser = parse({
    delimiter: opts.delimiter ?? ';',
    info: true,
    skip_empty_lines: true,
    relax_column_count: false,
    max_record_size: 1 << 20,
  });
  const dec = decoder(opts.encoding ?? 'auto', src.name);
  raw.on('error', (e) => dec.destroy(e));
  dec.on('error', (e) => parser.destroy(e));
  raw.pipe(dec).pipe(parser);
  let header: Map<string, number> | null = null;
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) {
        header = new Map();
        rec.record.forEach((h, i) => header!.set(h.replace(/^\uFEFF/, '').trim().toLowerCase(), i));
        const missing = REQUIRED_COLUMNS.filter((c) => !header!.has(c.toLowerCase()));
        if (missing.length) {
          throw new EdefterError(ErrorCode.BadInput,
            `${src.name}:1: başlık satırında zorunlu sütun(lar) yok: ${missing.join(', ')} (ayraç '${opts.delimiter ?? ';'}' mı? --delimiter ile değiştirilebilir). Hiçbir dosya yazılmadı.`,
            `${src.name}:1: the header lacks required column(s): ${missing.join(', ')} (delimiter '${opts.delimiter ?? ';'}'? change it with --delimiter). Nothing was written.`,
            { file: src.name, line: 1, missing });
        }
        continue;
      }
      const fields = rec.record;
      const h = header;
      yield {
        file: src.name,
        line: rec.info.lines,
        get: (c) => { const i = h.get(c.toLowerCase()); return i === undefined ? '' : (fields[i] ?? '').trim(); },
        colIndex: (c) => { const i = h.get(c.toLowerCase()); return i === undefined ? 0 : i + 1; },
        has: (c) => h.has(c.toLowerCase()),
      };
    }
  } catch (e) {
    if (e instanceof EdefterError) throw e;
    const ce = e as CsvError & { lines?: number; column?: number | string };
    if (ce && typeof ce.code === 'string' && ce.code.startsWith('CSV_')) {
      const line = typeof ce.lines === 'number' ? ce.lines : 0;
      throw new EdefterError(ErrorCode.BadInput,
        `${src.name}:${line}: bozuk CSV satırı (${csvReason(ce.code)}). Hiçbir dosya yazılmadı.`,
        `${src.name}:${line}: malformed CSV row (${ce.message}). Nothing was written.`, { file: src.name, line, csvCode: ce.code });
    }
    throw e;
  } finally {
    raw.destroy();
  }
  if (!header) {
    throw new EdefterError(ErrorCode.BadInput, `${src.name}: dosya boş (başlık satırı yok)`, `${src.name}: empty file (no header row)`, { file: src.name });
  }
}

function csvReason(code: string): string {
  switch (code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH': return 'sütun sayısı başlık satırından farklı';
    case 'CSV_QUOTE_NOT_CLOSED': return 'kapanmamış tırnak';
    case 'CSV_INVALID_CLOSING_QUOTE': case 'INVALID_OPENING_QUOTE': return 'hatalı tırnak kullanımı';
    case 'CSV_MAX_RECORD_SIZE': return 'satır çok uzun';
    default: return code;
  }
}
