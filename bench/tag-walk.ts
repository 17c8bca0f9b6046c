/**
 * A measuring probe, not a validator: how fast a byte-level walk with a start-tag cache (the signer's idea,
 * packages/bridge/src/xades/c14n/tag-cache.ts) gets through a ledger. It finds every markup `<` with Buffer.indexOf
 * (native memchr), compares the bytes at a start tag with the tag that followed the previous one last time (bytes/match.ts
 * `matches`), and only on a miss looks for the tag's `>` and remembers the tag. It checks nothing (no well-formedness, no
 * names, no entities, no UTF-8) and decodes no text: the floor under the validator's byte lexer
 * (validate/byte-lexer.ts), which does all that on the same idea. bench/validate.ts prints it as a row.
 */
import { openSync, readSync, closeSync } from 'node:fs';
import { matches, tagWords } from '../packages/bridge/src/bytes/match.ts';

/** One remembered start tag: its bytes and, as 32-bit words, the tag that came next last time. */
interface Known {
  raw: Uint8Array;
  words: Int32Array;
  next: Known | null;
}

/** Counts of a walk: start tags, how many the cache recognised, distinct tags, end tags. */
export interface TagWalk {
  starts: number;
  hits: number;
  distinct: number;
  ends: number;
}

/**
 * Walks `file` in 1 MiB reads (see the file comment).
 * @returns the counts; throws on I/O errors only
 */
export function tagWalk(file: string): TagWalk {
  const fd = openSync(file, 'r');
  const CH = 1 << 20;
  let buf = Buffer.allocUnsafe(2 * CH);
  const byBytes = new Map<string, Known>();
  let last = null as Known | null;
  let have = 0;
  let pos = 0;
  const r: TagWalk = { starts: 0, hits: 0, distinct: 0, ends: 0 };
  try {
    for (;;) {
      if (buf.length - have < CH) {
        const g = Buffer.allocUnsafe(2 * (have + CH));
        buf.copy(g, 0, 0, have);
        buf = g;
      }
      const got = readSync(fd, buf, have, CH, pos);
      if (got === 0) break;
      pos += got;
      const n = have + got;
      const v = new DataView(buf.buffer, buf.byteOffset, n);
      let i = 0;
      let stop = n;
      while (i < n) {
        const lt = buf.indexOf(0x3c, i);
        if (lt < 0 || lt + 1 >= n) {
          // the buffer holds stale bytes past n: a `<` found there is not in this chunk
          stop = lt < 0 || lt >= n ? n : lt;
          break;
        }
        const c = buf[lt + 1];
        const e: Known | null = last?.next ?? null;
        if (c !== 0x2f && c !== 0x3f && c !== 0x21 && e !== null && matches(e, buf, v, lt, n)) {
          r.starts++;
          r.hits++;
          last = e;
          i = lt + e.raw.length;
          continue;
        }
        const gt = buf.indexOf(0x3e, lt);
        if (gt < 0 || gt >= n) {
          stop = lt;
          break;
        }
        if (c === 0x2f) r.ends++;
        else if (c !== 0x3f && c !== 0x21) {
          r.starts++;
          const key = buf.toString('latin1', lt, gt + 1);
          let k = byBytes.get(key);
          if (k === undefined) {
            const raw = Uint8Array.from(buf.subarray(lt, gt + 1));
            k = { raw, words: tagWords(raw), next: null };
            byBytes.set(key, k);
          }
          if (last !== null) last.next = k;
          last = k;
        }
        i = gt + 1;
      }
      buf.copy(buf, 0, stop, n);
      have = n - stop;
    }
  } finally {
    closeSync(fd);
  }
  r.distinct = byBytes.size;
  return r;
}
