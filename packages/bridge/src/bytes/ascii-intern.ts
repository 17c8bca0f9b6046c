/**
 * Short ASCII texts interned by their bytes (issue 14): a ledger writes the same dates, codes, account numbers and
 * descriptions on line after line, and decoding each one anew (Buffer#toString, a call into C++ and a new string) was
 * about a tenth of the validator's time. A text found here costs a hash and a comparison of its bytes, and every
 * occurrence shares one string. A slot holds the last text that hashed to it, so the table stays {@link SLOTS} strings
 * of at most {@link MAX_BYTES} characters whatever the file.
 */

/** Slots of the table (a power of two). */
const SLOTS = 4096;
/** Longest text interned (bytes); longer ones are decoded as before. */
export const MAX_BYTES = 32;

/** See the module comment. One per reader: not shared between threads or files. */
export class AsciiIntern {
  private readonly strs: (string | undefined)[] = new Array(SLOTS).fill(undefined);
  private readonly hashes = new Int32Array(SLOTS);

  /**
   * The text of `b[from, to)` when it is printable ASCII (0x20–0x7F, tab, line feed, carriage return: no other control
   * character) and at most {@link MAX_BYTES} bytes long (the interned string, the same characters as a UTF-8 decode);
   * null otherwise, so that the caller decodes and checks anything else.
   */
  get(b: Buffer, from: number, to: number): string | null {
    const n = to - from;
    if (n > MAX_BYTES) return null;
    // FNV-1a, 32 bits
    let h = 0x811c9dc5 | 0;
    for (let i = from; i < to; i++) {
      const c = b[i];
      // one compare for printable ASCII: below 0x20 or from 0x80 on, only tab, LF and CR stay
      if ((c - 0x20) >>> 0 >= 0x60 && (c >= 0x80 || (c !== 9 && c !== 10 && c !== 13))) return null;
      h = Math.imul(h ^ c, 0x01000193);
    }
    const slot = (h ^ (h >>> 16)) & (SLOTS - 1);
    const s = this.strs[slot];
    if (s !== undefined && this.hashes[slot] === h && s.length === n) {
      let k = 0;
      while (k < n && s.charCodeAt(k) === b[from + k]) k++;
      if (k === n) return s;
    }
    const t = b.toString('latin1', from, to);
    this.strs[slot] = t;
    this.hashes[slot] = h;
    return t;
  }
}
