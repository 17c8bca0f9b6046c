/**
 * Reads an Envanter Defteri export (`.csv`, or a `.zip` of CSVs) into envanter maddeleri. The file
 * conventions are the Yevmiye export's (ledger/csv-rows.ts: UTF-8 or Windows-1254, `;` by default,
 * header names in any order and case) — see ./columns.ts for the column list. Every field is checked
 * against GİB's Envanter rules before anything is written (`dosya:satır:sütun (alan): …`).
 * An envanter is small next to a month's Yevmiye, so each CSV is read whole (at most 256 MiB).
 */
import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { type EdefterError, fail, type LedgerFieldFacts, type LedgerFieldProblem } from '@edefter/protocol';
import type { DecimalMode } from '../amount.ts';
import type { ExportEncoding } from '../csv-rows.ts';
import { openExport, type ZipLimits } from '../export-source.ts';
import { fieldInvalid } from '../field-error.ts';
import { ENVANTER_OPTIONAL, ENVANTER_REQUIRED, YEVMIYE_ONLY, type EnvanterColumn } from './columns.ts';
import { parseEnvanterLine, type Row } from './parse-line.ts';
import type { EnvanterLine, EnvanterMadde } from './types.ts';

/** Largest CSV read (bytes). */
const MAX_ENVANTER_CSV_BYTES = 256 * 1024 * 1024;

/** Options of {@link readEnvanterExport}. */
export interface EnvanterReadOptions {
  /** Inventory date (ISO): every madde's date. */
  date: string;
  encoding?: ExportEncoding;
  delimiter?: string;
  decimal?: DecimalMode;
  zipLimits?: ZipLimits;
  /** Default enteredBy (company.json `enteredBy`). */
  enteredBy?: string;
  /** Columns dropped on purpose (`--ignore-columns`), any case. */
  ignoreColumns?: string[];
}

async function readAll(s: Readable, name: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const c of s) {
    n += (c as Buffer).length;
    if (n > MAX_ENVANTER_CSV_BYTES) {
      s.destroy();
      throw fail('ledger.envanterExportTooLarge', { file: name, limit: MAX_ENVANTER_CSV_BYTES });
    }
    parts.push(c as Buffer);
  }
  return Buffer.concat(parts);
}

function decode(b: Buffer, enc: ExportEncoding, name: string): string {
  let body = b;
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);
  const utf8 = enc === 'utf8' || (enc === 'auto' && isUtf8(body));
  if (utf8) {
    if (!isUtf8(body)) throw fail('ledger.invalidUtf8', { file: name });
    return body.toString('utf8');
  }
  return iconv.decode(body, 'windows-1254');
}

/** Column positions: the envanter columns, and the Yevmiye-only columns present (they must stay empty). */
interface Columns {
  idx: Record<EnvanterColumn, number>;
  yevmiyeOnly: [string, number][];
}

/** Column index by name from a header row; throws for a missing required or an unknown column. */
function columnIndex(header: string[], name: string, delimiter: string, ignore: Set<string>): Columns {
  const pos = new Map<string, number>();
  header.forEach((h, i) =>
    pos.set(
      h
        .replace(/^\uFEFF/, '')
        .trim()
        .toLowerCase(),
      i,
    ),
  );
  const missing = ENVANTER_REQUIRED.filter((c) => !pos.has(c.toLowerCase()));
  if (missing.length) {
    throw fail('ledger.envanterHeaderMissing', { file: name, line: 1, missing, delimiter });
  }
  const known = new Set<string>([...ENVANTER_REQUIRED, ...ENVANTER_OPTIONAL].map((c) => c.toLowerCase()));
  const yevmiyeOnly: [string, number][] = [];
  for (const c of YEVMIYE_ONLY) {
    const i = pos.get(c.toLowerCase());
    if (i !== undefined) yevmiyeOnly.push([c, i]);
  }
  const yev = new Set(YEVMIYE_ONLY.map((c) => c.toLowerCase()));
  const unknown = header
    .map((h) => h.replace(/^\uFEFF/, '').trim())
    .filter((h) => h && !known.has(h.toLowerCase()) && !yev.has(h.toLowerCase()) && !ignore.has(h.toLowerCase()));
  if (unknown.length) {
    const list = [...ENVANTER_REQUIRED, ...ENVANTER_OPTIONAL].join(', ');
    throw fail('ledger.envanterUnknownColumns', { file: name, line: 1, unknown, known: list });
  }
  const idx = {} as Record<EnvanterColumn, number>;
  for (const c of [...ENVANTER_REQUIRED, ...ENVANTER_OPTIONAL]) idx[c] = ignore.has(c.toLowerCase()) ? -1 : (pos.get(c.toLowerCase()) ?? -1);
  return { idx, yevmiyeOnly: yevmiyeOnly.filter(([c]) => !ignore.has(c.toLowerCase())) };
}

/** Groups consecutive lines with the same entryNumber into maddeler (numbers assigned later). */
function group(lines: EnvanterLine[], date: string, enteredBy?: string): EnvanterMadde[] {
  const out: EnvanterMadde[] = [];
  const seen = new Set<string>();
  for (const l of lines) {
    const last = out[out.length - 1];
    if (last && last.entryNumber === l.entryNumber) {
      if (l.entryComment !== last.comment) throw lineError(l, 'entryComment', 'envanterCommentChanges', { entryNumber: l.entryNumber });
      if ((l.batchID ?? '') !== (last.batchID ?? '')) throw lineError(l, 'batchID', 'envanterBranchChanges', { entryNumber: l.entryNumber });
      last.lines.push(l);
      continue;
    }
    if (seen.has(l.entryNumber)) throw lineError(l, 'entryNumber', 'envanterMaddeNotConsecutive', { entryNumber: l.entryNumber });
    seen.add(l.entryNumber);
    const by = l.enteredBy ?? enteredBy;
    if (!by) throw lineError(l, 'enteredBy', 'envanterEnteredByEmpty', {});
    out.push({
      entryNumber: l.entryNumber,
      date,
      comment: l.entryComment,
      enteredBy: by,
      lines: [l],
      counter: 0,
      firstLineNumber: 0,
      pos: l.pos,
      ...(l.batchID ? { batchID: l.batchID } : {}),
      ...(l.batchDescription ? { batchDescription: l.batchDescription } : {}),
    });
  }
  return out;
}

function lineError<N extends LedgerFieldProblem>(l: EnvanterLine, field: string, problem: N, facts: LedgerFieldFacts<N>): EdefterError {
  return fieldInvalid({ file: l.pos.file, line: l.pos.line, field }, problem, facts);
}

/**
 * Reads and checks the export; the maddeler come back in file order with counter 0 (numbered by the builder).
 * @throws EdefterError(BAD_INPUT) with `file:line:column (field)` for the first bad field
 */
export async function readEnvanterExport(file: string, o: EnvanterReadOptions): Promise<EnvanterMadde[]> {
  const delimiter = o.delimiter ?? ';';
  const lines: EnvanterLine[] = [];
  for (const src of await openExport(file, o.zipLimits)) {
    const text = decode(await readAll(await src.open(), src.name), o.encoding ?? 'auto', src.name);
    let records: { record: string[]; info: { lines: number } }[];
    try {
      records = parse(text, {
        delimiter,
        info: true,
        skip_empty_lines: true,
        relax_column_count: false,
        max_record_size: 1 << 20,
      }) as unknown as typeof records;
    } catch (e) {
      const ce = e as { code?: string; lines?: number; message: string };
      throw fail('ledger.csvMalformedRow', { file: src.name, line: ce.lines ?? 0, reason: { tr: ce.code ?? ce.message, en: ce.message } });
    }
    if (!records.length) throw fail('ledger.emptyFile', { file: src.name });
    const ignore = new Set((o.ignoreColumns ?? []).map((c) => c.trim().toLowerCase()).filter(Boolean));
    const { idx, yevmiyeOnly } = columnIndex(records[0].record, src.name, delimiter, ignore);
    for (let i = 1; i < records.length; i++) {
      const row: Row = { file: src.name, line: records[i].info.lines, fields: records[i].record, idx };
      for (const [c, at] of yevmiyeOnly) {
        const v = (row.fields[at] ?? '').trim();
        if (v) {
          const where = `${src.name}:${row.line}:${at + 1} (${c})`;
          throw fail('ledger.envanterYevmiyeOnlyColumn', { where, file: src.name, line: row.line, column: at + 1, field: c, value: v });
        }
      }
      lines.push(parseEnvanterLine(row, o.date, o.decimal ?? 'auto'));
    }
  }
  return group(lines, o.date, o.enteredBy);
}
