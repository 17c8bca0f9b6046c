/**
 * Reads one XML file into an {@link XmlLexer} in fixed-size chunks, decoding UTF-8 in streaming
 * mode (fatal: invalid UTF-8 throws a TypeError). Each piece handed to the lexer ends right before a
 * `<` (an ASCII byte, never inside a UTF-8 sequence), so the lexer scans flat strings and never
 * joins a held-back tail to the next text (see XmlLexer.push). Only the bytes from the last `<` of a
 * chunk are carried over; no chunk is retained after it was lexed.
 */
import { createReadStream } from 'node:fs';
import type { XmlLexer } from './xml-lexer.ts';

/** Options of {@link lexFile}. */
export interface LexFileOptions {
  /** Read size in bytes (default 64 KiB: smaller decoded strings keep the peak RSS low at the same speed). */
  chunkBytes?: number;
  /** Sees every raw chunk as read (e.g. a SHA-256 of the file's bytes). */
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
  let done = 0,
    lastReport = 0;
  let carry: Buffer | null = null;
  for await (const raw of createReadStream(file, { highWaterMark: o.chunkBytes ?? 1 << 16 })) {
    const chunk = raw as Buffer;
    o.onChunk?.(chunk);
    const b: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    const cut = b.lastIndexOf(0x3c);
    if (cut > 0) {
      lexer.push(dec.decode(b.subarray(0, cut), { stream: true }), true);
      carry = b.subarray(cut);
    } else if (b.length < 4 << 20) {
      carry = b;
    } else {
      lexer.push(dec.decode(b, { stream: true }));
      carry = null;
    }
    done += chunk.length;
    if (o.onProgress && done - lastReport >= every) {
      lastReport = done;
      o.onProgress(done);
    }
  }
  if (carry) lexer.push(dec.decode(carry, { stream: true }));
  lexer.push(dec.decode());
  lexer.end();
  return done;
}
