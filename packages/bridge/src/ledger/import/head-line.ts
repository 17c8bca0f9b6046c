/**
 * Reads the first line of a text export without consuming the source: the source is opened, at
 * most 64 KiB are read, and the stream is closed (the row reader opens it again). Used to choose the
 * delimiter before csv-parse starts.
 */
import type { ExportSource } from '../export-source.ts';

/** Bytes read at most to find the header line. */
const MAX_HEAD = 64 * 1024;

/**
 * The header line of a text source, decoded as UTF-8 (Windows-1254 bytes only occur in non-ASCII
 * header names, which no profile uses), without BOM and line end. '' for an empty source.
 */
export async function readHeadLine(src: ExportSource): Promise<string> {
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
  const all = Buffer.concat(chunks);
  const nl = all.indexOf(0x0a);
  return all.subarray(0, nl < 0 ? Math.min(all.length, MAX_HEAD) : nl).toString('utf8').replace(/^\uFEFF/, '').replace(/\r$/, '');
}
