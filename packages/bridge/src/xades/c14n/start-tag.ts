/**
 * Parses one XML start tag (`<name attr="v" ...>` or `.../>`) in place, recording byte offsets
 * only: no strings are made on the fast path. Used by the streaming C14N scanner.
 */
import { ATTR_SPECIAL, COLON, DQ, EQ, GT, IS_WS, LT, NAME_STOP, SLASH, SP, SQ } from './bytes.ts';

/** NAME_STOP with `:` marked 2: one table load per name byte finds both the end and the prefix colon. */
export const NAME_SCAN = new Uint8Array(256);
for (let c = 0; c < 256; c++) NAME_SCAN[c] = NAME_STOP[c];
NAME_SCAN[COLON] = 2;
/** Attribute value scanning: 1 = the closing quote, 2 = a byte that makes the value non-canonical. */
export const VAL_DQ = new Uint8Array(256);
const VAL_SQ = new Uint8Array(256);
for (let c = 0; c < 256; c++) VAL_DQ[c] = VAL_SQ[c] = ATTR_SPECIAL[c] === 1 ? 2 : 0;
VAL_DQ[DQ] = 1;
VAL_SQ[SQ] = 1;
VAL_SQ[DQ] = 2;

/** Attribute flag: the value has `&`, TAB, LF or CR, or a `"` inside `'…'`: it must be re-escaped. */
export const A_REWRITE = 1;
/** Attribute flag: the value was quoted with `'`. */
const A_SQUOTE = 2;
/** Attribute flag: the name is `xmlns` or `xmlns:…` (a namespace declaration). */
export const A_XMLNS = 4;

/** Reusable result of {@link parseStartTag}; arrays grow as needed. */
export class TagParse {
  nameStart = 0;
  nameEnd = 0;
  /** Offset of the `:` in the element name, or -1. */
  colon = -1;
  count = 0;
  /** True when whitespace and quoting are already canonical (single spaces, `"`, no space before `>`). */
  layoutOk = true;
  /** True when the whitespace alone is canonical (`layoutOk` but for `'` quotes). */
  spacingOk = true;
  selfClose = false;
  /** Number of attributes that are namespace declarations. */
  nsDecls = 0;
  /** Number of ordinary attributes with a prefix. */
  prefixed = 0;
  aNameStart = new Int32Array(16);
  aNameEnd = new Int32Array(16);
  aColon = new Int32Array(16);
  aValStart = new Int32Array(16);
  aValEnd = new Int32Array(16);
  aFlags = new Uint8Array(16);

  grow(): void {
    const n = this.aNameStart.length * 2;
    const g32 = (a: Int32Array) => {
      const r = new Int32Array(n);
      r.set(a);
      return r;
    };
    this.aNameStart = g32(this.aNameStart);
    this.aNameEnd = g32(this.aNameEnd);
    this.aColon = g32(this.aColon);
    this.aValStart = g32(this.aValStart);
    this.aValEnd = g32(this.aValEnd);
    const f = new Uint8Array(n);
    f.set(this.aFlags);
    this.aFlags = f;
  }
}

/** Thrown (and turned into an EdefterError by the scanner) for malformed markup. */
export class MarkupError extends Error {
  constructor(
    readonly reason: string,
    readonly pos: number,
  ) {
    super(reason);
  }
}

/**
 * Parses the start tag whose `<` is at `b[i]`.
 * @returns offset just after `>`, or -1 when the tag does not end before `n` (need more bytes)
 * @throws MarkupError on malformed syntax (missing `=`, unquoted value, `<` in a value, ...)
 */
export function parseStartTag(b: Uint8Array, i: number, n: number, t: TagParse): number {
  let p = i + 1;
  t.nameStart = p;
  t.colon = -1;
  for (;;) {
    while (p < n && NAME_SCAN[b[p]] === 0) p++;
    if (p < n && NAME_SCAN[b[p]] === 2) {
      if (t.colon === -1) t.colon = p;
      p++;
      continue;
    }
    break;
  }
  if (p >= n) return -1;
  t.nameEnd = p;
  if (p === t.nameStart) throw new MarkupError('element name expected', i);
  t.count = 0;
  t.layoutOk = true;
  t.spacingOk = true;
  t.selfClose = false;
  t.nsDecls = 0;
  t.prefixed = 0;
  for (;;) {
    let c = b[p];
    if (c === GT) return p + 1;
    if (c === SLASH) {
      if (p + 1 >= n) return -1;
      if (b[p + 1] !== GT) throw new MarkupError("'/>' expected", p);
      t.selfClose = true;
      return p + 2;
    }
    if (IS_WS[c] !== 1) throw new MarkupError('whitespace expected between attributes', p);
    const ws = p;
    p++;
    while (p < n && IS_WS[b[p]] === 1) p++;
    if (p >= n) return -1;
    c = b[p];
    if (c === GT || c === SLASH) {
      t.layoutOk = t.spacingOk = false;
      continue;
    }
    if (p - ws !== 1 || b[ws] !== SP) t.layoutOk = t.spacingOk = false;
    // attribute name
    const an = p;
    let colon = -1;
    for (;;) {
      while (p < n && NAME_SCAN[b[p]] === 0) p++;
      if (p < n && NAME_SCAN[b[p]] === 2) {
        if (colon === -1) colon = p;
        p++;
        continue;
      }
      break;
    }
    if (p >= n) return -1;
    const ae = p;
    if (ae === an) throw new MarkupError('attribute name expected', p);
    if (IS_WS[b[p]] === 1) {
      t.layoutOk = t.spacingOk = false;
      while (p < n && IS_WS[b[p]] === 1) p++;
      if (p >= n) return -1;
    }
    if (b[p] !== EQ) throw new MarkupError("'=' expected after attribute name", p);
    p++;
    if (p < n && IS_WS[b[p]] === 1) {
      t.layoutOk = t.spacingOk = false;
      while (p < n && IS_WS[b[p]] === 1) p++;
    }
    if (p >= n) return -1;
    const q = b[p];
    if (q !== DQ && q !== SQ) throw new MarkupError('quoted attribute value expected', p);
    let flags = 0;
    if (q === SQ) {
      flags = A_SQUOTE;
      t.layoutOk = false;
    }
    p++;
    const vs = p;
    const tbl = q === DQ ? VAL_DQ : VAL_SQ;
    for (;;) {
      while (p < n && tbl[b[p]] === 0) p++;
      if (p >= n || tbl[b[p]] === 1) break;
      if (b[p] === LT) throw new MarkupError("'<' not allowed in attribute value", p);
      flags |= A_REWRITE;
      p++;
    }
    if (p >= n) return -1;
    const ve = p;
    p++;
    if (p >= n) return -1;
    // xmlns / xmlns:*
    const nl = ae - an;
    if (
      nl >= 5 &&
      b[an] === 0x78 &&
      b[an + 1] === 0x6d &&
      b[an + 2] === 0x6c &&
      b[an + 3] === 0x6e &&
      b[an + 4] === 0x73 &&
      (nl === 5 || b[an + 5] === COLON)
    ) {
      flags |= A_XMLNS;
      t.nsDecls++;
    } else if (colon !== -1) t.prefixed++;
    const k = t.count;
    if (k === t.aNameStart.length) t.grow();
    t.aNameStart[k] = an;
    t.aNameEnd[k] = ae;
    t.aColon[k] = colon;
    t.aValStart[k] = vs;
    t.aValEnd[k] = ve;
    t.aFlags[k] = flags;
    t.count = k + 1;
  }
}
