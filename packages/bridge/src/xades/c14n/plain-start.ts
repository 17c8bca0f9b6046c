/**
 * Recogniser for the start tags of a ledger body that need no namespace work (the scanner's fast path,
 * scanner.ts plainTag): `<name a="v" b="w">` with unprefixed attributes, no `xmlns`, values without `&`, `<`,
 * TAB, LF or CR (and without `"` when quoted with `'`), `="` or `='` right after each name.
 * Two outcomes for such a tag:
 * - already canonical (one space before each attribute, double quotes, names in strictly ascending byte order:
 *   C14N 1.0 §2.2 sorts unprefixed attributes by local name, and UTF-8 byte order is code-point order, and `>`
 *   right after the last value): the raw bytes are the canonical bytes, and nothing but the element name is recorded;
 * - canonical but for single quotes ({@link plainName}.requote): the raw bytes with `"` for each `'` around a value
 *   (the usual tag of a pretty-printed ledger, `<gl-cor:x contextRef='journal_context'>`);
 * - canonical after a simple rewrite ({@link plainName}.render): other whitespace between attributes or before
 *   `>`, attributes out of order, or `/>` (which C14N writes as `></name>`).
 * The attributes' offsets are recorded so that the scanner writes the tag in canonical form without the general parser.
 * Everything else, including every malformed tag and duplicate attributes, is left to {@link parseStartTag}
 * (start-tag.ts), which decides and reports errors.
 */
import { DQ, EQ, GT, IS_WS, SLASH, SP, SQ } from './bytes.ts';
import { NAME_SCAN, VAL_DQ } from './start-tag.ts';

/** Result of {@link plainStartTag}: the tag is not plain (or is malformed), parse it fully. */
export const NOT_PLAIN = -2;

/** Most attributes a plain tag may have (more go to the general parser). */
const MAX_ATTRS = 16;

/** Single-quoted value scanning: 1 = the closing `'`, 2 = a byte that makes the value non-plain (`"` included). */
const VAL_SQ_PLAIN = new Uint8Array(256);
for (let c = 0; c < 256; c++) VAL_SQ_PLAIN[c] = VAL_DQ[c] === 2 ? 2 : 0;
VAL_SQ_PLAIN[SQ] = 1;
VAL_SQ_PLAIN[DQ] = 2;

/**
 * The last tag {@link plainStartTag} accepted: element name bytes [nameStart, nameEnd), prefix colon or -1; its
 * `count` attributes: name [aName[k], aNameEnd[k]) and value [aValue[k], aValueEnd[k]). When `requote` is true the
 * tag's bytes are canonical once every value is quoted with `"`; when `render` is true the tag must be written from
 * its attributes (in `order`, already sorted); `selfClose` for `/>`.
 */
export const plainName = {
  nameStart: 0,
  nameEnd: 0,
  colon: -1,
  render: false,
  requote: false,
  selfClose: false,
  count: 0,
  aName: new Int32Array(MAX_ATTRS),
  aNameEnd: new Int32Array(MAX_ATTRS),
  aValue: new Int32Array(MAX_ATTRS),
  aValueEnd: new Int32Array(MAX_ATTRS),
  order: new Int32Array(MAX_ATTRS),
};

/** Byte order of attribute names k and m: negative, 0 (equal) or positive. */
function cmpNames(b: Uint8Array, k: number, m: number): number {
  const s1 = plainName.aName[k];
  const s2 = plainName.aName[m];
  const l1 = plainName.aNameEnd[k] - s1;
  const l2 = plainName.aNameEnd[m] - s2;
  const l = Math.min(l1, l2);
  for (let x = 0; x < l; x++) {
    const d = b[s1 + x] - b[s2 + x];
    if (d !== 0) return d;
  }
  return l1 - l2;
}

/** Sorts plainName.order by attribute name (insertion sort: a handful of attributes); false on a duplicate name. */
function sortAttrs(b: Uint8Array): boolean {
  const o = plainName.order;
  const n = plainName.count;
  for (let k = 0; k < n; k++) o[k] = k;
  for (let k = 1; k < n; k++) {
    const v = o[k];
    let j = k - 1;
    for (; j >= 0; j--) {
      const c = cmpNames(b, o[j], v);
      if (c === 0) return false;
      if (c < 0) break;
      o[j + 1] = o[j];
    }
    o[j + 1] = v;
  }
  return true;
}

/**
 * Checks the start tag whose `<` is at `b[i]` (and whose next byte is a name byte).
 * @returns offset just after `>` for a plain tag (its name and, when it must be rewritten, its attributes in
 *   {@link plainName}); -1 when the tag does not end before `n`, as far as could be told (need more bytes);
 *   {@link NOT_PLAIN} otherwise
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
  const pn = plainName;
  let render = false;
  let requote = false;
  let count = 0;
  for (;;) {
    let c = b[p];
    if (c === GT) break;
    if (c !== SP || (p + 1 < n && IS_WS[b[p + 1]] === 1)) {
      // other whitespace, several spaces, or `/>`: still plain, but written anew
      if (IS_WS[c] !== 1 && c !== SLASH) return NOT_PLAIN;
      while (p < n && IS_WS[b[p]] === 1) p++;
      if (p >= n) return -1;
      c = b[p];
      if (c === GT) {
        render = true;
        break;
      }
      if (c === SLASH) {
        if (p + 1 >= n) return -1;
        if (b[p + 1] !== GT) return NOT_PLAIN;
        pn.selfClose = true;
        pn.nameStart = ns;
        pn.nameEnd = ne;
        pn.colon = colon;
        pn.render = true;
        pn.requote = false;
        pn.count = count;
        if (!sortAttrs(b)) return NOT_PLAIN;
        return p + 2;
      }
      if (p === ne || IS_WS[b[p - 1]] !== 1) return NOT_PLAIN; // an attribute must follow whitespace
      render = true;
    } else p++;
    const an = p;
    while (p < n && NAME_SCAN[b[p]] === 0) p++;
    if (p + 1 >= n) return -1;
    const ae = p;
    // a prefixed name (`:`), `xmlns`, an empty name, or anything but `="`/`='` right after it
    if (ae === an || b[p] !== EQ) return NOT_PLAIN;
    const q = b[p + 1];
    if (q !== DQ && q !== SQ) return NOT_PLAIN;
    const nl = ae - an;
    if (nl === 5 && b[an] === 0x78 && b[an + 1] === 0x6d && b[an + 2] === 0x6c && b[an + 3] === 0x6e && b[an + 4] === 0x73) return NOT_PLAIN;
    if (count === MAX_ATTRS) return NOT_PLAIN;
    pn.aName[count] = an;
    pn.aNameEnd[count] = ae;
    if (count > 0 && !render) {
      // strictly ascending names, else written in sorted order
      const pS = pn.aName[count - 1];
      const pl = pn.aNameEnd[count - 1] - pS;
      const l = Math.min(pl, nl);
      let k = 0;
      while (k < l && b[pS + k] === b[an + k]) k++;
      if (k < l ? b[pS + k] > b[an + k] : pl >= nl) render = true;
    }
    p += 2;
    const vs = p;
    if (q === DQ) {
      while (p < n && VAL_DQ[b[p]] === 0) p++;
      if (p >= n) return -1;
      if (VAL_DQ[b[p]] !== 1) return NOT_PLAIN;
    } else {
      while (p < n && VAL_SQ_PLAIN[b[p]] === 0) p++;
      if (p >= n) return -1;
      if (VAL_SQ_PLAIN[b[p]] !== 1) return NOT_PLAIN;
      requote = true;
    }
    pn.aValue[count] = vs;
    pn.aValueEnd[count] = p;
    count++;
    p++;
    if (p >= n) return -1;
  }
  pn.nameStart = ns;
  pn.nameEnd = ne;
  pn.colon = colon;
  pn.render = render;
  pn.requote = requote && !render;
  pn.selfClose = false;
  pn.count = count;
  if (render && !sortAttrs(b)) return NOT_PLAIN;
  return p + 1;
}
