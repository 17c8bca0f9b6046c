/**
 * Where the ERP export comes from: a plain `.csv` file or a zip named like `VKN-YYYYMM.zip`
 * holding one or more CSV files. Each source is opened as a byte stream on demand, so the
 * builder can read the export twice (check pass, write pass) without holding it in memory.
 *
 * Zip safety (house rules): entries with `..` segments, absolute paths or backslashes are refused,
 * and the declared uncompressed size of all CSV entries must stay under a limit (yauzl also
 * verifies that the actual inflated size equals the declared size, so a lying header cannot
 * smuggle more bytes through).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { type EdefterError, fail } from '@edefter/protocol';

/** One CSV (or tab-separated txt, or Excel workbook) inside the export. */
export interface ExportSource {
  /** Name used in messages: `export.csv` or `6090408038-202601.zip:ocak.csv`. */
  name: string;
  /** `xlsx`: an Excel workbook read by import/xlsx-records.ts; `text` (default): CSV/txt for csv-parse. */
  kind?: 'text' | 'xlsx';
  /** Opens the raw bytes (still encoded). */
  open(): Promise<Readable>;
}

/** Limits for zip input. */
export interface ZipLimits {
  /** Maximum total uncompressed bytes of the CSV entries; default 8 GiB. */
  maxUncompressedBytes?: number;
  /** Maximum number of entries in the zip; default 1000. */
  maxEntries?: number;
}

/** What a zip's file name says (`VKN-YYYYMM.zip`), when it follows the pattern. */
export interface ExportNameHint {
  vkn: string;
  yyyymm: string;
}

/** Default limit on inflated CSV bytes in a zip (8 GiB). */
export const DEFAULT_MAX_ZIP_BYTES = 8 * 1024 ** 3;

/** Reads `VKN-YYYYMM` from an export file name (`6090408038-201901.zip`), if present. */
export function exportNameHint(file: string): ExportNameHint | null {
  const m = /^([0-9]{10,11})-([0-9]{6})\.(zip|csv|txt|xlsx)$/i.exec(path.basename(file));
  return m ? { vkn: m[1], yyyymm: m[2] } : null;
}

/** True when a zip entry name is unsafe: absolute, drive-qualified, with `..` segments or backslashes. */
export function isUnsafeEntryName(name: string): boolean {
  if (name.startsWith('/') || name.includes('\\') || /^[A-Za-z]:/.test(name)) return true;
  return name.split('/').some((seg) => seg === '..');
}

/** Kind of a source from its name (`.xlsx` → workbook). */
function kindOf(name: string): 'text' | 'xlsx' {
  return /\.xlsx$/i.test(name) ? 'xlsx' : 'text';
}

/**
 * Lists the sources of an export: a `.csv`, `.txt` or `.xlsx` file, or the `.csv` and `.xlsx`
 * entries of a `.zip` in name order (its `.txt` entries when it holds neither: Turkcell e-Şirket).
 * @throws EdefterError(BAD_INPUT) for a missing file, an unsafe zip entry, a zip without CSVs,
 *         too many entries or entries expanding past the limit
 */
export async function openExport(file: string, limits: ZipLimits = {}): Promise<ExportSource[]> {
  try {
    await stat(file);
  } catch {
    throw fail('ledger.exportNotFound', { file });
  }
  if (!/\.zip$/i.test(file)) {
    return [{ name: path.basename(file), kind: kindOf(file), open: async () => createReadStream(file, { highWaterMark: 1 << 20 }) }];
  }
  const maxBytes = limits.maxUncompressedBytes ?? DEFAULT_MAX_ZIP_BYTES;
  const maxEntries = limits.maxEntries ?? 1000;
  const base = path.basename(file);
  const entries = await listZip(file, base, maxEntries);
  let csv = entries.filter((e) => /\.(csv|xlsx)$/i.test(e.name));
  if (csv.length === 0) csv = entries.filter((e) => /\.txt$/i.test(e.name));
  csv.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (csv.length === 0) {
    const xls = entries.some((e) => /\.xls$/i.test(e.name));
    throw fail('ledger.zipNoTables', { file, name: base, xls });
  }
  const total = csv.reduce((s, e) => s + e.size, 0);
  if (total > maxBytes) {
    throw fail('ledger.zipBomb', { file, name: base, uncompressedBytes: total, limit: maxBytes });
  }
  return csv.map((e) => ({
    name: `${base}:${e.name}`,
    kind: kindOf(e.name),
    open: () => openZipEntry(file, e.name),
  }));
}

interface ZipEntryInfo {
  name: string;
  size: number;
}

function zipError(base: string, e: Error): EdefterError {
  const msg = e.message || String(e);
  if (/invalid relative path|absolute path|invalid characters/.test(msg)) {
    return fail('ledger.zipUnsafeEntry', { file: base, cause: { tr: msg.replace(/^.*?: /, ''), en: msg } });
  }
  return fail('ledger.zipUnreadable', { file: base, cause: msg });
}

function listZip(file: string, base: string, maxEntries: number): Promise<ZipEntryInfo[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return reject(zipError(base, err ?? new Error('open failed')));
      const out: ZipEntryInfo[] = [];
      zip.on('error', (e: Error) => reject(zipError(base, e)));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (isUnsafeEntryName(entry.fileName)) {
          zip.close();
          return reject(zipError(base, new Error(`invalid relative path: ${entry.fileName}`)));
        }
        if (out.length >= maxEntries) {
          zip.close();
          return reject(fail('ledger.zipTooManyEntries', { file, name: base, maxEntries }));
        }
        if (entry.isEncrypted()) {
          zip.close();
          return reject(fail('ledger.zipEncrypted', { file, name: base, entry: entry.fileName }));
        }
        if (!entry.fileName.endsWith('/')) out.push({ name: entry.fileName, size: entry.uncompressedSize });
        zip.readEntry();
      });
      zip.on('end', () => resolve(out));
      zip.readEntry();
    });
  });
}

function openZipEntry(file: string, name: string): Promise<Readable> {
  const base = path.basename(file);
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return reject(zipError(base, err ?? new Error('open failed')));
      zip.on('error', (e: Error) => reject(zipError(base, e)));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return zip.readEntry();
        zip.openReadStream(entry, (e2, stream) => {
          if (e2 || !stream) {
            zip.close();
            return reject(zipError(base, e2 ?? new Error('stream failed')));
          }
          stream.on('end', () => zip.close());
          stream.on('error', () => zip.close());
          // A reader that stops early (import/head-line.ts reads only the header) destroys the stream: close the zip too.
          stream.on('close', () => zip.close());
          resolve(stream);
        });
      });
      zip.on('end', () => reject(zipError(base, new Error(`entry vanished: ${name}`))));
      zip.readEntry();
    });
  });
}
