/**
 * Reads the first line of a text export without consuming the source: the source is opened, at
 * most 64 KiB are read, and the stream is closed (the row reader opens it again). Used to choose the
 * delimiter before csv-parse starts, and to notice UTF-16 text (Excel's "Unicode Text" save, a
 * common way to make a tab-separated txt), which is then transcoded to UTF-8 for the row reader.
 */
import { pipeline, type Readable } from 'node:stream';
import iconv from 'iconv-lite';
import type { ExportSource } from '../export-source.ts';

/** Bytes read at most to find the header line. */
const MAX_HEAD = 64 * 1024;

/** UTF-16 byte order of a source (from its BOM), or null for byte encodings (UTF-8, Windows-1254). */
export type Utf16 = 'utf16le' | 'utf16be' | null;

/** The header line and the UTF-16 byte order, if any. */
export interface HeadLine {
  line: string;
  utf16: Utf16;
}

/**
 * The header line of a text source, decoded as UTF-8 or UTF-16 (by BOM), without BOM and line end
 * (Windows-1254 bytes only occur in non-ASCII header names, which no profile uses). '' when empty.
 */
export async function readHeadLine(src: ExportSource): Promise<HeadLine> {
  const raw = await src.open();
  const chunks: Buffer[] = [];
  let n = 0;
  try {
    for await (const c of raw) {
      const b = c as Buffer;
      chunks.push(b);
      n += b.length;
      if (b.includes(0x0a) || n >= MAX_HEAD) break;
    }
  } finally {
    raw.destroy();
  }
  const all = Buffer.concat(chunks).subarray(0, MAX_HEAD);
  const utf16: Utf16 = all[0] === 0xff && all[1] === 0xfe ? 'utf16le' : all[0] === 0xfe && all[1] === 0xff ? 'utf16be' : null;
  const text = utf16 ? iconv.decode(all, utf16 === 'utf16le' ? 'utf-16le' : 'utf-16be') : all.toString('utf8');
  const nl = text.indexOf('\n');
  return { line: (nl < 0 ? text : text.slice(0, nl)).replace(/^\uFEFF/, '').replace(/\r$/, ''), utf16 };
}

/** The source's bytes transcoded from UTF-16 to UTF-8 (BOM dropped); errors reach the returned stream. */
export async function openAsUtf8(src: ExportSource, utf16: Exclude<Utf16, null>): Promise<Readable> {
  const raw = await src.open();
  return pipeline(raw, iconv.decodeStream(utf16 === 'utf16le' ? 'utf-16le' : 'utf-16be'), iconv.encodeStream('utf8'), () => undefined) as unknown as Readable;
}
