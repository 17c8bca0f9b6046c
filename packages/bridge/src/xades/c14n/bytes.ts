/**
 * Byte tables and small byte helpers shared by the streaming C14N scanner.
 * All input is UTF-8 (W3C C14N 1.0 §2.1: canonical form is UTF-8; we refuse other encodings).
 */

import { AMP, BANG, CR, DQ, EQ, GT, LF, LT, QMARK, SEMI, SLASH, SP, SQ, TAB } from '../../bytes/ascii.ts';

// the ASCII codes live in bytes/ascii.ts (the validator's byte lexer reads them too); the scanner's modules take them from here
export { AMP, BANG, COLON, CR, DASH, DQ, EQ, GT, HASH, LF, LT, QMARK, RBRACKET, SEMI, SLASH, SP, SQ, TAB } from '../../bytes/ascii.ts';

/** 1 for the XML whitespace bytes (S production: #x20 | #x9 | #xD | #xA). */
export const IS_WS = new Uint8Array(256);
IS_WS[SP] = IS_WS[TAB] = IS_WS[LF] = IS_WS[CR] = 1;

/** 1 for bytes that end a run of character data inside an element: `<`, `&`, `>`, CR. */
export const TEXT_STOP = new Uint8Array(256);
TEXT_STOP[LT] = TEXT_STOP[AMP] = TEXT_STOP[GT] = TEXT_STOP[CR] = 1;

/** 1 for bytes that can not be part of an XML Name (cheap superset check, not the full Name production). */
export const NAME_STOP = new Uint8Array(256);
for (const c of [
  SP,
  TAB,
  LF,
  CR,
  SLASH,
  GT,
  EQ,
  LT,
  DQ,
  SQ,
  AMP,
  QMARK,
  BANG,
  SEMI,
  0x28,
  0x29,
  0x5b,
  0x5d,
  0x7b,
  0x7d,
  0x2c,
  0x40,
  0x24,
  0x25,
  0x7c,
  0x5e,
  0x60,
  0x7e,
  0x2a,
  0x2b,
  0x5c,
])
  NAME_STOP[c] = 1;
for (let c = 0; c < 0x20; c++) NAME_STOP[c] = 1;

/** 1 for attribute-value bytes that make the value non-canonical (need re-escaping or normalization). */
export const ATTR_SPECIAL = new Uint8Array(256);
ATTR_SPECIAL[AMP] = ATTR_SPECIAL[LT] = ATTR_SPECIAL[TAB] = ATTR_SPECIAL[LF] = ATTR_SPECIAL[CR] = 1;

/** Compares two byte ranges in code-point order (UTF-8 byte order equals code-point order). */
export function compareBytes(a: Uint8Array, as: number, ae: number, b: Uint8Array, bs: number, be: number): number {
  const la = ae - as;
  const lb = be - bs;
  const l = Math.min(la, lb);
  for (let k = 0; k < l; k++) {
    const d = a[as + k] - b[bs + k];
    if (d !== 0) return d;
  }
  return la - lb;
}

/** Compares two JS strings by Unicode code point (C14N 1.0 §2.2 "lexicographic" order), not UTF-16 units. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const d = (x.value.codePointAt(0) as number) - (y.value.codePointAt(0) as number);
    if (d !== 0) return d;
  }
}

/** True when bytes [s, e) of `b` equal the ASCII string `str`. */
export function bytesEqualAscii(b: Uint8Array, s: number, e: number, str: string): boolean {
  if (e - s !== str.length) return false;
  for (let k = 0; k < str.length; k++) if (b[s + k] !== str.charCodeAt(k)) return false;
  return true;
}

/** True for a code point allowed by the XML 1.0 Char production. */
export function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}
