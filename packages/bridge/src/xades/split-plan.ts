/**
 * Where a large ledger is cut into blocks for canonicalizing on two threads (split-scan.ts): at the start tags of
 * `entryHeader` elements, the yevmiye maddeleri and kebir hesapları of GİB's XBRL-GL files (GİB e-Defter Uygulama
 * Kılavuzu: gl-cor:accountingEntries/gl-cor:entryHeader). The cuts are found by byte search near evenly spaced
 * targets. A match is only a guess (it may sit in a comment or CDATA): the threads check the scanner state at every
 * cut (c14n/boundary.ts), so a bad guess costs speed, not correctness.
 */
import type { FileHandle } from 'node:fs/promises';

/** Local name of the element the blocks start at. */
const SIBLING = Buffer.from('entryHeader');
/** How far past a target the next cut is looked for before giving up on the rest of the file (bytes). */
const SEARCH_LIMIT = 4 << 20;
/** Bytes read per search step. */
const WINDOW = 64 << 10;

/** The first block boundary of a document: the first `<…entryHeader` start tag. */
export interface FirstSibling {
  /** Byte offset of its `<`. */
  offset: number;
  /** `<` and the qualified name as written (e.g. `<gl-cor:entryHeader`), the pattern of every later cut. */
  pattern: Buffer;
}

/** True when byte `c` may follow an element name in a start tag (whitespace, `>`, `/`). */
function endsName(c: number | undefined): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x3e || c === 0x2f;
}

/**
 * Finds the first start tag whose local name is `entryHeader` in `head` (the first bytes of the file).
 * @param head the file's first bytes (e.g. its first MiB)
 * @returns its offset and pattern, or null when `head` has none
 */
export function findFirstSibling(head: Buffer): FirstSibling | null {
  for (let at = head.indexOf(SIBLING); at >= 0; at = head.indexOf(SIBLING, at + 1)) {
    if (!endsName(head[at + SIBLING.length])) continue;
    let s = at - 1;
    if (head[s] === 0x3a) {
      // a prefix: back to the `<`
      s--;
      while (s >= 0 && head[s] !== 0x3c && !endsName(head[s]) && head[s] !== 0x3a) s--;
    }
    if (s < 0 || head[s] !== 0x3c) continue;
    return { offset: s, pattern: Buffer.from(head.subarray(s, at + SIBLING.length)) };
  }
  return null;
}

/**
 * Offset of the first start tag `pattern` (followed by whitespace, `>` or `/`) at or after `from`, searching at most
 * {@link SEARCH_LIMIT} bytes; -1 when there is none.
 */
async function nextCut(fh: FileHandle, pattern: Buffer, from: number, total: number): Promise<number> {
  const buf = Buffer.allocUnsafe(WINDOW + pattern.length);
  for (let pos = from; pos < total && pos < from + SEARCH_LIMIT; pos += WINDOW) {
    const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
    const view = buf.subarray(0, bytesRead);
    for (let at = view.indexOf(pattern); at >= 0; at = view.indexOf(pattern, at + 1)) {
      if (at + pattern.length >= bytesRead) break; // the byte after the name is in the next window
      if (endsName(view[at + pattern.length])) return pos + at;
    }
  }
  return -1;
}

/**
 * Block boundaries for a file of `total` bytes whose first sibling is `first`: cuts near `first.offset + k × block`,
 * increasing, an even number of them (the last block, after the last cut, is the calling thread's: it holds the
 * root's end). Fewer than two cuts means the file is not worth splitting.
 * @param block target block size in bytes
 * @returns cut offsets (each the `<` of a sibling start tag), possibly empty
 */
export async function findCuts(fh: FileHandle, first: FirstSibling, total: number, block: number): Promise<number[]> {
  const cuts: number[] = [];
  // the last block is kept short: the thread that takes it also hashes what the other thread canonicalized
  for (let target = first.offset + block; target < total - block / 4; target += block) {
    const at = await nextCut(fh, first.pattern, Math.max(target, (cuts.at(-1) ?? first.offset) + 1), total);
    if (at < 0) break;
    cuts.push(at);
  }
  if (cuts.length % 2 === 1) cuts.pop();
  return cuts;
}
