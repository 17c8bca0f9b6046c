/**
 * Rows of an Excel workbook (Elektraweb's e-Defter export, "zipped unopened") as the same records
 * csv-parse emits (`{ record: string[], info: { lines } }`), read with exceljs's streaming
 * WorkbookReader: one row at a time, first worksheet only. The header row is the first row (within
 * the first 50) whose cells name at least three known columns of any profile; rows above it (titles)
 * are skipped. Cells become text: numbers as plain `1234.56` (15 significant digits, float noise
 * removed), date cells as `YYYY-AA-GG`, formulas by their result, rich text by its characters.
 * The workbook is first spooled and measured by xlsx-guard.ts (zip-bomb limit).
 */
import { Readable } from 'node:stream';
import { EdefterError, fail } from '@edefter/protocol';
import type { ExportSource } from '../export-source.ts';
import { matchProfile, PROFILES } from './detect.ts';
import { spoolWorkbook } from './xlsx-guard.ts';

/** Rows searched for the header row. */
const HEADER_SEARCH_ROWS = 50;

/** A csv-parse style record. */
interface SheetRecord {
  record: string[];
  info: { lines: number };
}

/** Text of one cell value as exceljs gives it. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(Number(v.toPrecision(15))) : String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string; formula?: string; sharedFormula?: string };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
    if ('result' in o || o.formula || o.sharedFormula) return cellText(o.result);
    if (o.text !== undefined) return cellText(o.text);
    if (o.error) return o.error;
  }
  return String(v);
}

/** True when a row looks like a header: ≥ 3 cells name known columns of one profile. */
function isHeaderRow(cells: string[]): boolean {
  return PROFILES.some((p) => matchProfile(p, cells).score >= 3);
}

/**
 * Streams the records of the workbook's first worksheet (`maxBytes`: inflated-size limit, see xlsx-guard.ts).
 * @throws (as a stream error) EdefterError(BAD_INPUT) for an unreadable workbook, no header row
 *         in the first 50 rows, or a row with values right of the header's last column
 */
export function xlsxRecords(src: ExportSource, maxBytes?: number): Readable {
  async function* rows(): AsyncGenerator<SheetRecord> {
    const spool = await spoolWorkbook(await src.open(), src.name, maxBytes);
    let width = -1;
    try {
      // loaded on first use: exceljs is the heaviest dependency (~1 s and ~28 MiB to load on the dev machine)
      const { default: ExcelJS } = await import('exceljs');
      const wb = new ExcelJS.stream.xlsx.WorkbookReader(spool.file, {
        worksheets: 'emit',
        sharedStrings: 'cache',
        styles: 'cache',
        hyperlinks: 'ignore',
        entries: 'ignore',
      });
      for await (const ws of wb) {
        for await (const row of ws) {
          const vals = row.values as unknown[];
          const cells: string[] = [];
          for (let i = 1; i < vals.length; i++) cells.push(cellText(vals[i]));
          if (width < 0) {
            if (row.number > HEADER_SEARCH_ROWS) break;
            if (!isHeaderRow(cells)) continue;
            while (cells.length && cells[cells.length - 1].trim() === '') cells.pop();
            width = cells.length;
            yield { record: cells, info: { lines: row.number } };
            continue;
          }
          if (cells.every((c) => c.trim() === '')) continue;
          if (cells.length > width) {
            const extra = cells.slice(width).findIndex((c) => c.trim() !== '');
            if (extra >= 0) {
              throw fail('ledger.xlsxUnnamedColumn', { file: src.name, line: row.number, column: width + extra + 1 });
            }
            cells.length = width;
          }
          while (cells.length < width) cells.push('');
          yield { record: cells, info: { lines: row.number } };
        }
        break;
      }
    } catch (e) {
      if (e instanceof EdefterError) throw e;
      const msg = (e as Error)?.message ?? String(e);
      throw fail('ledger.xlsxUnreadable', { file: src.name, cause: msg });
    } finally {
      await spool.dispose();
    }
    if (width < 0) {
      throw fail('ledger.xlsxNoHeader', { file: src.name, rows: HEADER_SEARCH_ROWS });
    }
  }
  return Readable.from(rows(), { objectMode: true, highWaterMark: 256 });
}
