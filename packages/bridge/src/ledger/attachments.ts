/**
 * PDF attachments of the Yevmiye (`defterek:binaryObject`, e.g. a ticari rehin sözleşmesi; spec §1.4,
 * GİB edefter_yevmiye.sch pattern `binaryObject`: mimeCode `application/pdf`, filename ending `.pdf`,
 * non-empty content; edefter_kebir.sch: journal only).
 *
 * Two ways in:
 *  - the export's `attachmentFile` column names a PDF inside the export zip (or, for a plain `.csv`
 *    export, a file in the CSV's folder), on any line of the madde;
 *  - `--attach MADDE=file.pdf` (repeatable) on `edefter build` / `edefter month`, MADDE being the
 *    madde's entryNumber (fiş no).
 * Every PDF is checked before anything is written: a real PDF (`%PDF-` magic), not empty, at most
 * {@link MAX_ATTACHMENT_BYTES}, a file name ending in `.pdf`. The bytes are streamed as base64 into
 * the Y part that holds the madde ({@link writeBinaryObjects}); they are never held in memory whole.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { type EdefterError, fail, type MessageParams } from '@edefter/protocol';
import { isUnsafeEntryName } from './export-source.ts';
import type { AttachmentRef } from './types.ts';
import { escAttr, type AtomicXmlFile } from './xml-out.ts';

/** Largest PDF we embed (bytes); base64 makes it 4/3 larger inside the part (limit 200 MB). */
const MAX_ATTACHMENT_BYTES = 64 * 1024 * 1024;
/** Namespace of GİB's extension schema (edefter_ek.xsd). */
const DEFTEREK_NS = 'http://www.edefter.gov.tr/ek';

/** One `--attach MADDE=file.pdf` option, parsed. */
export interface AttachOption {
  entryNumber: string;
  file: string;
}

/** The refusal of one attachment (texts: catalog `ledger.attachmentInvalid`). */
function bad(p: Omit<MessageParams<'ledger.attachmentInvalid'>, 'reason'>): EdefterError {
  return fail('ledger.attachmentInvalid', { ...p, reason: 'attachment' });
}

/**
 * Parses `--attach` values (`MADDE=file.pdf`).
 * @throws EdefterError(BAD_INPUT) for a value without `=`, an empty side, or the same madde twice with the same file
 */
export function parseAttachOptions(values: string[]): AttachOption[] {
  return values.map((v) => {
    const i = v.indexOf('=');
    const entryNumber = i > 0 ? v.slice(0, i).trim() : '';
    const file = i > 0 ? v.slice(i + 1).trim() : '';
    if (!entryNumber || !file) throw bad({ problem: 'option', value: v });
    return { entryNumber, file };
  });
}

/** Checks name, size and magic of a PDF whose first bytes and size are known. */
function checkPdf(source: string, filename: string, size: number, head: Buffer): void {
  if (!filename.endsWith('.pdf')) {
    throw bad({ problem: 'nameNotPdf', source });
  }
  if (size === 0) throw bad({ problem: 'empty', source });
  if (size > MAX_ATTACHMENT_BYTES) throw bad({ problem: 'tooLarge', source, size, max: MAX_ATTACHMENT_BYTES });
  if (head.subarray(0, 5).toString('latin1') !== '%PDF-') {
    throw bad({ problem: 'notPdf', source });
  }
}

/** A PDF on disk (an `--attach` file, or one next to a `.csv` export). */
export async function fileAttachment(entryNumber: string, file: string, source: string): Promise<AttachmentRef> {
  let size: number;
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    throw bad({ problem: 'notFound', source, file });
  }
  const head = Buffer.alloc(5);
  const fh = await open(file, 'r');
  try {
    await fh.read(head, 0, 5, 0);
  } finally {
    await fh.close();
  }
  const filename = path.basename(file);
  checkPdf(source, filename, size, head);
  return { entryNumber, filename, bytes: size, source, open: async () => createReadStream(file, { highWaterMark: 1 << 20 }) };
}

/** Entries of a zip (name → uncompressed size), read once. */
function zipEntries(zipPath: string): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true, autoClose: true }, (err, zip) => {
      if (err || !zip) return reject(bad({ problem: 'zipUnreadable', zip: path.basename(zipPath) }));
      const out = new Map<string, number>();
      zip.on('error', reject);
      zip.on('entry', (e: yauzl.Entry) => {
        if (!e.fileName.endsWith('/') && !e.isEncrypted()) out.set(e.fileName, e.uncompressedSize);
        zip.readEntry();
      });
      zip.on('end', () => resolve(out));
      zip.readEntry();
    });
  });
}

/** Opens one zip entry's inflated bytes (yauzl checks the declared size). */
function openZipEntry(zipPath: string, name: string): Promise<Readable> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('zip open failed'));
      zip.on('error', reject);
      zip.on('entry', (e: yauzl.Entry) => {
        if (e.fileName !== name) return zip.readEntry();
        zip.openReadStream(e, (e2, s) => {
          if (e2 || !s) {
            zip.close();
            return reject(e2 ?? new Error('zip stream failed'));
          }
          s.on('end', () => zip.close());
          s.on('error', () => zip.close());
          resolve(s);
        });
      });
      zip.on('end', () => reject(new Error(`zip entry vanished: ${name}`)));
      zip.readEntry();
    });
  });
}

async function readHead(s: Readable, n: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let have = 0;
  for await (const c of s) {
    parts.push(c as Buffer);
    have += (c as Buffer).length;
    if (have >= n) break;
  }
  s.destroy();
  return Buffer.concat(parts).subarray(0, n);
}

/**
 * Resolves `attachmentFile` values against the export: entries of the export zip, or files in the
 * folder of a `.csv` export. Names with `..`, absolute paths or backslashes are refused.
 */
export class ExportAttachments {
  private entries: Promise<Map<string, number>> | null = null;
  constructor(private readonly exportPath: string) {}

  /** @param where `file:line:column (attachmentFile)` of the row naming it */
  async resolve(entryNumber: string, name: string, where: string): Promise<AttachmentRef> {
    if (isUnsafeEntryName(name)) throw bad({ problem: 'unsafeName', where, name });
    const base = path.basename(this.exportPath);
    if (!/\.zip$/i.test(this.exportPath)) return fileAttachment(entryNumber, path.join(path.dirname(this.exportPath), name), `${where}: ${name}`);
    this.entries ??= zipEntries(this.exportPath);
    const size = (await this.entries).get(name);
    if (size === undefined) throw bad({ problem: 'notInZip', where, name, zip: base });
    const source = `${base}:${name}`;
    checkPdf(`${where}: ${source}`, path.posix.basename(name), size, size > 0 ? await readHead(await openZipEntry(this.exportPath, name), 5) : Buffer.alloc(0));
    return { entryNumber, filename: path.posix.basename(name), bytes: size, source, open: () => openZipEntry(this.exportPath, name) };
  }
}

/** Upper bound of the bytes one attachment adds to a Y part. */
export function attachmentXmlBytes(a: AttachmentRef): number {
  return Math.ceil(a.bytes / 3) * 4 + 200 + Buffer.byteLength(a.filename) * 6;
}

/**
 * Streams `<extensions>` with one `<extension><defterek:binaryObject …>base64</…></extension>` per
 * attachment into a Y part (between `</xbrli:xbrl>` and the root's end tag; edefter.xsd order).
 * The namespace is declared on the element (canonical form: first use). Checks again that the bytes
 * start with `%PDF-` and that their count did not change since they were checked.
 * @throws EdefterError(BAD_INPUT) when an attachment changed on disk meanwhile
 */
export async function writeBinaryObjects(y: AtomicXmlFile, list: AttachmentRef[]): Promise<void> {
  if (!list.length) return;
  y.append('<extensions>\n');
  for (const a of list) {
    y.append(`<extension>\n<defterek:binaryObject xmlns:defterek="${DEFTEREK_NS}" filename="${escAttr(a.filename)}" mimeCode="application/pdf">`);
    const s = await a.open();
    let carry: Buffer = Buffer.alloc(0);
    let n = 0;
    let head: Buffer | null = null;
    for await (const chunk of s as AsyncIterable<Buffer>) {
      n += chunk.length;
      const b = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      if (!head && b.length >= 5) head = b.subarray(0, 5);
      const keep = b.length % 3;
      if (b.length - keep > 0) y.append(b.subarray(0, b.length - keep).toString('base64'));
      carry = Buffer.from(b.subarray(b.length - keep));
      if (y.backlog) await y.flush();
    }
    if (carry.length) y.append(carry.toString('base64'));
    if (n !== a.bytes || !head || head.toString('latin1') !== '%PDF-') {
      throw bad({ problem: 'changed', source: a.source, size: a.bytes, now: n });
    }
    y.append('</defterek:binaryObject>\n</extension>\n');
  }
  y.append('</extensions>\n');
  if (y.backlog) await y.flush();
}
