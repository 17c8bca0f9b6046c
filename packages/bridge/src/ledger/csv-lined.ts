/**
 * csv-parse's stream parser emitting each record as `{ record, info: { lines } }`, the shape (and the line) its
 * `info: true` option gives, without building the rest of that info object: csv-parse spreads its whole `info` state
 * into a new object per record (`__infoRecord`), about a fifth of its time on an ERP export (bench/month.ts, 1 M lines:
 * ≈ 1.6 s of CPU). `lines` is read from the parser's own counter at the moment it pushes the record, which is the
 * moment `info: true` reads it (csv-parse 7, lib/api: `__infoRecord()` right before `__push`); test/ledger/csv-lined.test.ts
 * compares both on quoted multi-line fields, CRLF, blank lines and a last line without a newline.
 */
import { Parser, type Options } from 'csv-parse';

/** A record with the 1-based line of its last physical line (csv-parse `info.lines`). */
interface LinedRecord {
  record: string[];
  info: { lines: number };
}

/** csv-parse's `Parser` whose records are {@link LinedRecord}s. Options as csv-parse's, without `info`, `raw` or `objname`. */
export class LinedCsvParser extends Parser {
  constructor(options: Omit<Options, 'info' | 'raw' | 'objname' | 'columns' | 'on_record'>) {
    super(options);
  }

  /** Wraps each record pushed by csv-parse (called synchronously while it parses a chunk); `null` ends the stream. */
  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk === null) return super.push(null, encoding);
    return super.push({ record: chunk as string[], info: { lines: this.info.lines } } satisfies LinedRecord, encoding);
  }
}
