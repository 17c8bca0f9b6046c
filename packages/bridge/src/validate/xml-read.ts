/**
 * Reads one XML file through a {@link ByteLexer} in fixed-size chunks. Each region handed to the lexer ends right
 * before a `<` (an ASCII byte, never inside a UTF-8 sequence) or at the end of the file, and is checked to be UTF-8
 * (`isUtf8`, native) before it is lexed: on a bad byte, the bytes before the last `<` ahead of it are lexed first (a
 * syntax error there is the file's first problem), then a TypeError with TextDecoder's message is thrown ("The encoded
 * data was not valid for encoding utf-8"), carrying the bad byte's line and file offset ({@link Utf8ErrorPlace}). A
 * BOM at the start is skipped. Only the bytes the lexer left (from the last `<` of a chunk, or a construct a region
 * cuts) are carried over; the reads land in two reused buffers (FileHandle.read, no stream): the next chunk is read
 * while this one is lexed, and no Buffer per chunk is left for the GC to collect.
 */
import { isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import { LF, LT } from '../bytes/ascii.ts';
import { firstInvalidUtf8 } from '../bytes/utf8.ts';
import { ByteLexer } from './byte-lexer.ts';
import type { LexerHandler } from './xml-lexer.ts';

/** Options of {@link lexFile}. */
export interface LexFileOptions {
  /** Read size in bytes (default 128 KiB). */
  chunkBytes?: number;
  /** Sees every raw chunk as read (e.g. a SHA-256 of the file's bytes); the bytes are reused after the call returns. */
  onChunk?: (chunk: Buffer) => void;
  /** Bytes read so far, about every `progressEvery` bytes (default 16 MiB). */
  onProgress?: (bytesDone: number) => void;
  progressEvery?: number;
  /** Hand the subtrees of this element over as unit records, when the handler takes them (ByteLexerOptions.unitTag). */
  unitTag?: string;
}

/** Where the first byte that is not UTF-8 is: its 1-based line and its offset in the file (bytes, from 0). */
export interface Utf8ErrorPlace {
  line: number;
  offset: number;
}

/**
 * The TypeError TextDecoder (fatal) throws for bytes that are not UTF-8 (same message), with where the bad byte is;
 * layer a makes it its ENCODING finding.
 */
function notUtf8(at: Utf8ErrorPlace): TypeError & Utf8ErrorPlace {
  return Object.assign(new TypeError('The encoded data was not valid for encoding utf-8'), at);
}

/**
 * Streams `file`'s tokens to `handler` (see the module comment) and checks the document's end.
 * @returns the number of bytes read
 * @throws XmlSyntaxError (not well-formed, DOCTYPE), TypeError (not UTF-8), file system errors, and
 *   whatever the handler throws
 */
export async function lexFile(file: string, handler: LexerHandler, o: LexFileOptions = {}): Promise<number> {
  const lexer = new ByteLexer(handler, o.unitTag !== undefined ? { unitTag: o.unitTag } : {});
  const every = o.progressEvery ?? 16 << 20;
  const step = o.chunkBytes ?? 1 << 17;
  let done = 0,
    lastReport = 0;
  // One buffer for the whole file: the carried bytes move to its front and the next read lands behind them.
  let buf = Buffer.allocUnsafe(2 * step);
  /** Bytes at the front of `buf` not consumed yet, and how many of them were checked to be UTF-8. */
  let have = 0;
  let checked = 0;
  /** Whether the file starts with a BOM is known (once 3 bytes were read); a BOM is dropped from `buf`. */
  let bomChecked = false;
  // read-ahead: chunk k + 1 is read into the other buffer while chunk k is lexed
  const ahead = [Buffer.allocUnsafe(step), Buffer.allocUnsafe(step)];
  let k = 0;
  let pos = 0;
  /** File offset of `buf[0]`. */
  let origin = 0;
  /** Checks `buf[checked, to)` is UTF-8; if not, lexes what comes before its first bad byte and throws. */
  const checkUtf8 = (to: number): void => {
    if (!isUtf8(buf.subarray(checked, to))) {
      const bad = firstInvalidUtf8(buf, checked, to);
      const cut = buf.lastIndexOf(LT, bad);
      const at = cut > 0 ? lexer.feed(buf, 0, cut) : 0;
      lexer.flush();
      let line = lexer.currentLine;
      for (let i = buf.indexOf(LF, at); i >= 0 && i < bad; i = buf.indexOf(LF, i + 1)) line++;
      throw notUtf8({ line, offset: origin + bad });
    }
    checked = to;
  };
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
      let end = have + bytesRead;
      done += bytesRead;
      if (!bomChecked && end >= 3) {
        bomChecked = true;
        if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
          buf.copy(buf, 0, 3, end);
          end -= 3;
          origin = 3;
        }
      }
      if (bomChecked) {
        // Lexed up to the chunk's last `<`: the bytes before it hold only complete tokens and character data. Only the
        // new bytes are searched: a long text without markup (an embedded PDF's base64) is not searched again per read.
        const fresh = Math.max(0, end - bytesRead);
        const at = buf.subarray(fresh, end).lastIndexOf(LT);
        const last = at < 0 ? -1 : fresh + at;
        let used = 0;
        if (last > 0) {
          checkUtf8(last);
          used = lexer.feed(buf, 0, last);
        }
        if (used > 0) buf.copy(buf, 0, used, end);
        origin += used;
        have = end - used;
        checked -= used;
      } else have = end;
      if (o.onProgress && done - lastReport >= every) {
        lastReport = done;
        o.onProgress(done);
      }
    }
  } finally {
    await next?.catch(() => undefined); // a read still in flight (an error above) settles before the file closes
    await fh.close();
  }
  checkUtf8(have);
  lexer.finish(buf, 0, have);
  return done;
}
