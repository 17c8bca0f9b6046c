/**
 * The streaming canonicalizer's hot path in WebAssembly (AssemblyScript source; built by scripts/build-wasm.mjs into
 * src/xades/c14n/fast-wasm.ts, which the product loads; src/xades/c14n/fast-path.ts is the JavaScript side).
 *
 * It replays, on a window of the input copied into linear memory, exactly what the scanner's JavaScript fast path
 * (scanner.ts loop and plainTag) does inside a ledger body once the tag cache (tag-cache.ts) knows the tags:
 * - character data: copied; `>` becomes `&gt;`, CRLF becomes LF, a lone CR becomes LF (C14N 1.0 §2.3, XML 1.0 §2.11);
 * - a start tag predicted by the cache (the entry that followed the last tag, or the one before that), compared byte
 *   for byte: written as it is, with `"` for its `'` quotes, or as the cache's canonical form (`/>` expanded);
 * - the end tag of an element opened in this call, written as it is.
 * It stops, with everything before the stop written, at anything else: `&`, a comment, PI, CDATA section, an unknown
 * tag, an end tag of an element it did not open, a construct cut by the window's end. The scanner
 * then handles that construct itself and calls again. No decision is made here that JavaScript did not make first:
 * a tag is only accepted if its exact bytes were accepted and described by the JavaScript path before.
 *
 * Layout of linear memory (byte offsets, fixed; see the exported constants).
 */

/** Return values of {@link run}: [0] output length, [1] last tag entry, [2] elements opened and still open. */
export const CTL: i32 = 65536;
/** 256 bytes: 1 for the bytes that end a text run (`<`, `&`, `>`, CR), written by the JavaScript side. */
export const STOP: i32 = CTL + 256;
/** Elements opened in this call and not closed: (name offset in the window, name length) i32 pairs. */
export const STACK: i32 = CTL + 1024;
/** Most elements open at once in one call. */
export const STACK_MAX: i32 = 2048;
/** Tag cache entries, {@link ENTRY_SIZE} bytes each: i32 raw offset, raw length, kind, data offset, data length, name length, next, alt. */
export const ENTRIES: i32 = 131072;
export const ENTRY_SIZE: i32 = 32;
export const MAX_ENTRIES: i32 = 4096;
/** Bytes of the entries (raw tags, canonical forms, quote offsets), filled from the start by the JavaScript side. */
export const BYTES: i32 = ENTRIES + MAX_ENTRIES * ENTRY_SIZE;
export const BYTES_SIZE: i32 = 1 << 20;
/** The input window. */
export const IN: i32 = BYTES + BYTES_SIZE;
export const IN_SIZE: i32 = 256 << 10;
/**
 * The canonical bytes written by one call: never more than 4 per input byte (`>` → `&gt;`; a canonical tag is never
 * longer than twice the tag as written, `<a/>` → `<a></a>`; everything else is copied or shrinks), so one window's
 * output always fits and a call never has to stop for room (only the pages it writes are touched).
 */
export const OUT: i32 = IN + IN_SIZE;
export const OUT_SIZE: i32 = 4 * IN_SIZE;

/** Entry kinds (tag-cache.ts): raw bytes are canonical; `'` quotes become `"`; canonical form instead; the same for `<a/>`. */
const K_REQUOTE: i32 = 1;
const K_RENDER: i32 = 2;
const K_RENDER_CLOSED: i32 = 3;

/** True when the `len` bytes at `a` equal those at `b`. */
function same(a: i32, b: i32, len: i32): bool {
  let k = 0;
  for (; k + 8 <= len; k += 8) if (load<u64>(a + k) !== load<u64>(b + k)) return false;
  for (; k < len; k++) if (load<u8>(a + k) !== load<u8>(b + k)) return false;
  return true;
}

/** Copies `len` bytes from `src` to `dst` (not overlapping); returns `dst + len`. */
function put(dst: i32, src: i32, len: i32): i32 {
  if (len > 256) {
    memory.copy(dst, src, len);
    return dst + len;
  }
  let k = 0;
  for (; k + 8 <= len; k += 8) store<u64>(dst + k, load<u64>(src + k));
  for (; k < len; k++) store<u8>(dst + k, load<u8>(src + k));
  return dst + len;
}

/** True when entry `e`'s raw bytes are at window offset `i` (and end before `n`). */
function matches(e: i32, i: i32, n: i32): bool {
  if (e < 0) return false;
  const rec = ENTRIES + e * ENTRY_SIZE;
  const len = load<i32>(rec, 4);
  return i + len <= n && same(IN + i, load<i32>(rec), len);
}

/**
 * Canonicalizes the window from offset `start` (a `<` in character data, below the root's children, with the writer's
 * pending run already written) up to `n` at most; `last` is the cache entry of the last start tag (-1: none).
 * @returns the window offset where it stopped; CTL holds the output length (bytes at OUT), the last entry and the
 *   number of elements opened and still open (their names at STACK)
 */
export function run(start: i32, n: i32, last: i32): i32 {
  let i = start;
  let rs = start; // the pending run of input bytes that are their own canonical form: [rs, i)
  let o = OUT;
  let sp = 0;
  while (true) {
    while (i < n && load<u8>(STOP + load<u8>(IN + i)) === 0) i++;
    if (i >= n) break;
    const c = load<u8>(IN + i);
    if (c === 0x3c) {
      if (i + 1 >= n) break;
      if (load<u8>(IN + i + 1) === 0x2f) {
        if (sp === 0) break;
        const top = STACK + (sp - 1) * 8;
        const ns = load<i32>(top);
        const nl = load<i32>(top, 4);
        const q = i + 2;
        if (q + nl >= n || !same(IN + q, IN + ns, nl) || load<u8>(IN + q + nl) !== 0x3e) break;
        sp--;
        i = q + nl + 1;
        continue;
      }
      if (last < 0) break;
      const lrec = ENTRIES + last * ENTRY_SIZE;
      let e = load<i32>(lrec, 24);
      if (!matches(e, i, n)) {
        e = load<i32>(lrec, 28);
        if (!matches(e, i, n)) break;
      }
      const rec = ENTRIES + e * ENTRY_SIZE;
      const kind = load<i32>(rec, 8);
      if (kind !== K_RENDER_CLOSED && sp === STACK_MAX) break;
      const len = load<i32>(rec, 4);
      last = e;
      if (kind === K_REQUOTE) {
        // the run and the tag in one copy, then `"` at each value's quotes
        o = put(o, IN + rs, i + len - rs);
        const at = o - len;
        const vv = load<i32>(rec, 12);
        const count = load<i32>(rec, 16);
        for (let k = 0; k < count; k++) {
          store<u8>(at + load<i32>(vv + k * 8) - 1, 0x22);
          store<u8>(at + load<i32>(vv + k * 8, 4), 0x22);
        }
        rs = i + len;
      } else if (kind >= K_RENDER) {
        o = put(o, IN + rs, i - rs);
        o = put(o, load<i32>(rec, 12), load<i32>(rec, 16));
        rs = i + len;
        if (kind === K_RENDER_CLOSED) {
          i += len;
          continue;
        }
      }
      const top = STACK + sp * 8;
      store<i32>(top, i + 1);
      store<i32>(top, load<i32>(rec, 20), 4);
      sp++;
      i += len;
      continue;
    }
    if (c === 0x3e) {
      o = put(o, IN + rs, i - rs);
      store<u32>(o, 0x3b746726); // "&gt;"
      o += 4;
      i++;
      rs = i;
      continue;
    }
    if (c === 0x0d) {
      if (i + 1 >= n) break;
      o = put(o, IN + rs, i - rs);
      if (load<u8>(IN + i + 1) !== 0x0a) {
        store<u8>(o, 0x0a);
        o++;
      }
      i++;
      rs = i;
      continue;
    }
    break; // `&`
  }
  o = put(o, IN + rs, i - rs);
  store<i32>(CTL, o - OUT);
  store<i32>(CTL, last, 4);
  store<i32>(CTL, sp, 8);
  return i;
}
