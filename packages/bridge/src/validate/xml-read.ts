/**
 * Reads one XML file into an {@link XmlLexer} in fixed-size chunks, decoding UTF-8 in streaming
 * mode (fatal: invalid UTF-8 throws a TypeError). Each piece handed to the lexer ends right before a
 * `<` (an ASCII byte, never inside a UTF-8 sequence), so the lexer scans flat strings and never
 * joins a held-back tail to the next text (see XmlLexer.push). Only the bytes from the last `<` of a
 * chunk are carried over; no chunk is retained after it was lexed. The reads land in two reused buffers
 * (FileHandle.read, no stream): the next chunk is read while this one is lexed, and no Buffer per chunk
 * is left for the GC to collect.
 */
import { open } from 'node:fs/promises';
import type { XmlLexer } from './xml-lexer.ts';

/** Options of {@link lexFile}. */
export interface LexFileOptions {
  /** Read size in bytes (default 128 KiB). */
  chunkBytes?: number;
  /**
   * Bytes decoded into one string at a time (default 16 KiB). Small pieces keep the peak RSS low at
   * the same speed: the decoded text of 64 KiB of Turkish UTF-8 is a two-byte string of about 128 KiB,
   * and V8 grows its young generation with the size of such strings (200 MB Yevmiye, lexer alone: new
   * space 32 MiB with 64 KiB pieces, 16 with 32 KiB, 8 with 16 KiB; peak RSS 70, 63, 56-58 MiB).
   */
  pieceBytes?: number;
  /** Sees every raw chunk as read (e.g. a SHA-256 of the file's bytes); the bytes are reused after the call returns. */
  onChunk?: (chunk: Buffer) => void;
  /** Bytes read so far, about every `progressEvery` bytes (default 16 MiB). */
  onProgress?: (bytesDone: number) => void;
  progressEvery?: number;
}

/**
 * Streams `file` through `lexer` and ends it ({@link XmlLexer.end}).
 * @returns the number of bytes read
 * @throws XmlSyntaxError (not well-formed, DOCTYPE), TypeError (not UTF-8), file system errors, and
 *   whatever the lexer's handler throws
 */
export async function lexFile(file: string, lexer: XmlLexer, o: LexFileOptions = {}): Promise<number> {
  const dec = new TextDecoder('utf-8', { fatal: true });
  const every = o.progressEvery ?? 16 << 20;
  const step = o.chunkBytes ?? 1 << 17;
  const piece = o.pieceBytes ?? 1 << 14;
  let done = 0,
    lastReport = 0;
  // One buffer for the whole file: the carried tail (from the last `<`) moves to its front and the
  // next read lands behind it, so reading allocates nothing per chunk.
  let buf = Buffer.allocUnsafe(2 * step);
  let have = 0;
  // read-ahead: chunk k + 1 is read into the other buffer while chunk k is lexed (200 MB Yevmiye, a+b+c: the
  // lexing thread otherwise waited ~0.3 s in all for reads), then copied behind the carried tail
  const ahead = [Buffer.allocUnsafe(step), Buffer.allocUnsafe(step)];
  let k = 0;
  let pos = 0;
  const fh = await open(file, 'r');
  let next: ReturnType<typeof fh.read> | null = fh.read(ahead[0], 0, step, 0);
  try {
    for (;;) {
      const { bytesRead } = await next!;
      next = null;
      if (bytesRead === 0) break;
      const chunk = ahead[k];
      pos += bytesRead;
      k = 1 - k;
      next = fh.read(ahead[k], 0, step, pos);
      if (buf.length - have < bytesRead) {
        const wider = Buffer.allocUnsafe(2 * (have + step));
        buf.copy(wider, 0, 0, have);
        buf = wider;
      }
      chunk.copy(buf, have, 0, bytesRead);
      o.onChunk?.(chunk.subarray(0, bytesRead));
      const end = have + bytesRead;
      // Decoded in pieces of about `piece` bytes, each ending right before a `<`.
      let from = 0;
      while (end - from > piece) {
        let cut = buf.lastIndexOf(0x3c, from + piece);
        if (cut <= from) {
          cut = buf.indexOf(0x3c, from + piece);
          if (cut < 0 || cut >= end) break;
        }
        lexer.push(dec.decode(buf.subarray(from, cut), { stream: true }), true);
        from = cut;
      }
      const last = buf.lastIndexOf(0x3c, end - 1);
      if (last > from) {
        lexer.push(dec.decode(buf.subarray(from, last), { stream: true }), true);
        from = last;
      }
      if (from > 0) {
        buf.copy(buf, 0, from, end);
        have = end - from;
      } else if (end < 4 << 20) {
        have = end;
      } else {
        lexer.push(dec.decode(buf.subarray(0, end), { stream: true }));
        have = 0;
      }
      done += bytesRead;
      if (o.onProgress && done - lastReport >= every) {
        lastReport = done;
        o.onProgress(done);
      }
    }
  } finally {
    await next?.catch(() => undefined); // a read still in flight (an error above) settles before the file closes
    await fh.close();
  }
  if (have) lexer.push(dec.decode(buf.subarray(0, have), { stream: true }));
  lexer.push(dec.decode());
  lexer.end();
  return done;
}
