/**
 * Where UTF-8 goes wrong in a byte range: the validator's reader checks each region with Node's `isUtf8` (native)
 * and, only when that fails, finds the first bad byte here, so that what comes before it is still lexed and the
 * file's first problem is the one reported.
 */

/**
 * Offset of the first byte of `b[from, to)` that does not begin or continue a well-formed UTF-8 sequence (Unicode
 * 15.0 §3.9, Table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF), or of a sequence `to` cuts; -1 when
 * the whole range is well-formed.
 */
export function firstInvalidUtf8(b: Uint8Array, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else return i;
    if (i + n >= to) return i;
    const c1 = b[i + 1];
    if (c1 < lo || c1 > hi) return i;
    for (let k = 2; k <= n; k++) if (b[i + k] < 0x80 || b[i + k] > 0xbf) return i;
    i += n + 1;
  }
  return -1;
}
