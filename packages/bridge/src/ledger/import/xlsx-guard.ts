/**
 * Zip-bomb guard for Excel workbooks (an .xlsx is itself a zip): the workbook is spooled to a
 * private temporary file (0700 folder, 0600 file), every entry is inflated once with yauzl, which
 * checks the actual inflated size against the declared one, and the total must stay under the limit
 * (the same house limit as export zips). exceljs then reads that same file, so it cannot inflate
 * more than was measured. The caller removes the folder with {@link XlsxSpool.dispose}.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { EdefterError, fail } from '@edefter/protocol';
import { DEFAULT_MAX_ZIP_BYTES } from '../export-source.ts';

/** A workbook spooled to a private temporary file. */
export interface XlsxSpool {
  file: string;
  inflatedBytes: number;
  dispose(): Promise<void>;
}

/**
 * Spools `input` and measures the workbook's inflated size.
 * @throws EdefterError(BAD_INPUT) when the workbook is not a zip, an entry lies about its size, or the
 *         inflated total passes `maxBytes` (default 8 GiB)
 */
export async function spoolWorkbook(input: Readable, name: string, maxBytes = DEFAULT_MAX_ZIP_BYTES): Promise<XlsxSpool> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'edefter-xlsx-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  const file = path.join(dir, 'workbook.xlsx');
  try {
    await pipeline(input, createWriteStream(file, { mode: 0o600 }));
    const inflatedBytes = await measure(file, name, maxBytes);
    return { file, inflatedBytes, dispose };
  } catch (e) {
    await dispose();
    if (e instanceof EdefterError) throw e;
    const msg = (e as Error)?.message ?? String(e);
    throw fail('ledger.xlsxUnreadable', { file: name, cause: msg });
  }
}

function measure(file: string, name: string, maxBytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('not a zip'));
      let total = 0;
      const tooBig = () => fail('ledger.xlsxBomb', { file: name, limit: maxBytes });
      zip.on('error', reject);
      zip.on('end', () => resolve(total));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        if (total + entry.uncompressedSize > maxBytes) {
          zip.close();
          return reject(tooBig());
        }
        zip.openReadStream(entry, (e2, s) => {
          if (e2 || !s) {
            zip.close();
            return reject(e2 ?? new Error('entry stream failed'));
          }
          s.on('data', (c: Buffer) => {
            total += c.length;
          });
          s.on('error', (e3) => {
            zip.close();
            reject(e3);
          });
          s.on('end', () => {
            if (total > maxBytes) {
              zip.close();
              reject(tooBig());
            } else zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}
