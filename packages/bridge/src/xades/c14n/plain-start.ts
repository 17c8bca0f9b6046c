/**
 * Recogniser for start tags that are already canonical and need no namespace work (the scanner's fast
 * path, scanner.ts plainTag): `<name a="v" b="w">` with unprefixed attributes in strictly ascending
 * byte order (C14N 1.0 §2.2: unprefixed attributes sort by local name; UTF-8 byte order is code-point
 * order), one space before each attribute, `="` with no whitespace, double quotes, values without
 * `&`, `<`, TAB, LF or CR, no `xmlns`, and `>` right after the last value (not `/>`).
 * It makes one pass over the tag and records nothing but the element name, so the common tag of a
 * ledger body costs a few table loads per byte. Everything else, including every malformed tag, is
 * left to {@link parseStartTag} (start-tag.ts), which decides and reports errors.
 */
import { DQ, EQ, GT, SP } from './bytes.ts';
import { NAME_SCAN, VAL_DQ } from './start-tag.ts';

/** Result of {@link plainStartTag}: the tag is not plain (or is malformed), parse it fully. */
export const NOT_PLAIN = -2;

/** Element name bytes of the last tag {@link plainStartTag} accepted: [nameStart, nameEnd), prefix colon or -1. */
export const plainName = { nameStart: 0, nameEnd: 0, colon: -1 };

/**
 * Checks the start tag whose `<` is at `b[i]` (and whose next byte is a name byte).
 * @returns offset just after `>` for a plain tag (its name in {@link plainName}); -1 when the tag does
 *   not end before `n`, as far as could be told (need more bytes); {@link NOT_PLAIN} otherwise
 */
export function plainStartTag(b: Uint8Array, i: number, n: number): number {
  let p = i + 1;
  const ns = p;
  let colon = -1;
  for (;;) {
    while (p < n && NAME_SCAN[b[p]] === 0) p++;
    if (p < n && NAME_SCAN[b[p]] === 2 && colon === -1 && p > ns) {
      colon = p;
      p++;
      continue;
    }
    break;
  }
  if (p >= n) return -1;
  const ne = p;
  if (ne === ns || (colon !== -1 && colon === ne - 1)) return NOT_PLAIN;
  let prevS = 0;
  let prevE = 0;
  for (;;) {
    const c = b[p];
    if (c === GT) {
      plainName.nameStart = ns;
      plainName.nameEnd = ne;
      plainName.colon = colon;
      return p + 1;
    }
    if (c !== SP) return NOT_PLAIN;
    p++;
    const an = p;
    while (p < n && NAME_SCAN[b[p]] === 0) p++;
    if (p + 1 >= n) return -1;
    const ae = p;
    // a prefixed name (`:`), `xmlns`, an empty name, or anything but `="` right after it
    if (ae === an || b[p] !== EQ || b[p + 1] !== DQ) return NOT_PLAIN;
    const nl = ae - an;
    if (nl === 5 && b[an] === 0x78 && b[an + 1] === 0x6d && b[an + 2] === 0x6c && b[an + 3] === 0x6e && b[an + 4] === 0x73) return NOT_PLAIN;
    if (prevE !== 0) {
      // strictly ascending names
      const pl = prevE - prevS;
      const l = pl < nl ? pl : nl;
      let k = 0;
      while (k < l && b[prevS + k] === b[an + k]) k++;
      if (k < l ? b[prevS + k] > b[an + k] : pl >= nl) return NOT_PLAIN;
    }
    prevS = an;
    prevE = ae;
    p += 2;
    while (p < n && VAL_DQ[b[p]] === 0) p++;
    if (p >= n) return -1;
    if (VAL_DQ[b[p]] !== 1) return NOT_PLAIN;
    p++;
    if (p >= n) return -1;
  }
}
