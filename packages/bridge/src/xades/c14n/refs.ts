/**
 * Character and entity references (XML 1.0 §4.1, §4.6) and their canonical rewriting
 * (C14N 1.0 §2.3 / §5.2: text escapes `&` `<` `>` CR; attribute values escape `&` `<` `"` TAB LF CR).
 * Only the five predefined entities exist: documents with a DTD are refused, so nothing else can be expanded.
 */
import { AMP, CR, DQ, HASH, LF, SEMI, SP, TAB } from './bytes.ts';
import { isXmlChar } from './bytes.ts';
import { MarkupError } from './start-tag.ts';
import type { CanonicalWriter } from './writer.ts';

/** Longest reference we accept: `&#x0010FFFF;` is 12 bytes; leave room for leading zeros. */
const MAX_REF = 16;

/**
 * Result of the last {@link parseRef}: `cp` the code point; `canonicalInText` true for `&amp;` `&lt;`
 * `&gt;`, which are already canonical in text.
 */
export const refResult = { cp: 0, canonicalInText: false };

/**
 * Parses the reference whose `&` is at `b[i]`.
 * @returns offset after `;`, or -1 when `n` cuts it (need more bytes)
 * @throws MarkupError for an unknown entity or an invalid character reference
 */
export function parseRef(b: Uint8Array, i: number, n: number): number {
  let j = i + 1;
  const lim = Math.min(n, i + MAX_REF);
  while (j < lim && b[j] !== SEMI) j++;
  if (j >= lim) {
    if (lim === n && n - i < MAX_REF) return -1;
    throw new MarkupError("malformed reference: ';' expected", i);
  }
  refResult.canonicalInText = false;
  if (b[i + 1] === HASH) {
    let cp = 0;
    let k = i + 2;
    const hex = b[k] === 0x78; // x
    if (hex) k++;
    if (k === j) throw new MarkupError('empty character reference', i);
    for (; k < j; k++) {
      const c = b[k];
      let d: number;
      if (c >= 0x30 && c <= 0x39) d = c - 0x30;
      else if (hex && c >= 0x61 && c <= 0x66) d = c - 0x57;
      else if (hex && c >= 0x41 && c <= 0x46) d = c - 0x37;
      else throw new MarkupError('invalid character reference', i);
      cp = cp * (hex ? 16 : 10) + d;
      if (cp > 0x10ffff) throw new MarkupError('character reference out of range', i);
    }
    if (!isXmlChar(cp)) throw new MarkupError('character reference to a character XML does not allow', i);
    refResult.cp = cp;
    return j + 1;
  }
  const len = j - i - 1;
  const c0 = b[i + 1];
  if (len === 3 && c0 === 0x61 && b[i + 2] === 0x6d && b[i + 3] === 0x70) {
    refResult.cp = AMP;
    refResult.canonicalInText = true;
  } else if (len === 2 && c0 === 0x6c && b[i + 2] === 0x74) {
    refResult.cp = 0x3c;
    refResult.canonicalInText = true;
  } else if (len === 2 && c0 === 0x67 && b[i + 2] === 0x74) {
    refResult.cp = 0x3e;
    refResult.canonicalInText = true;
  } else if (len === 4 && c0 === 0x71 && b[i + 2] === 0x75 && b[i + 3] === 0x6f && b[i + 4] === 0x74) refResult.cp = DQ;
  else if (len === 4 && c0 === 0x61 && b[i + 2] === 0x70 && b[i + 3] === 0x6f && b[i + 4] === 0x73) refResult.cp = 0x27;
  else
    throw new MarkupError(`undeclared entity '&${Buffer.from(b.subarray(i + 1, j)).toString('utf8')};' (no DTD: only the five predefined entities exist)`, i);
  return j + 1;
}

const AMP_E = Buffer.from('&amp;');
const LT_E = Buffer.from('&lt;');
const GT_E = Buffer.from('&gt;');
const QUOT_E = Buffer.from('&quot;');
const TAB_E = Buffer.from('&#x9;');
const LF_E = Buffer.from('&#xA;');
const CR_E = Buffer.from('&#xD;');

/** Writes code point `cp` as UTF-8. */
function writeCodePoint(out: CanonicalWriter, cp: number): void {
  if (cp < 0x80) out.byte(cp);
  else out.str(String.fromCodePoint(cp));
}

/** Writes a referenced character as canonical text (C14N §5.2 text nodes). */
export function writeTextChar(out: CanonicalWriter, cp: number): void {
  if (cp === AMP) out.bytes(AMP_E);
  else if (cp === 0x3c) out.bytes(LT_E);
  else if (cp === 0x3e) out.bytes(GT_E);
  else if (cp === CR) out.bytes(CR_E);
  else writeCodePoint(out, cp);
}

/**
 * Writes attribute value bytes [vs, ve) in canonical form: attribute-value normalization for CDATA
 * attributes (XML 1.0 §3.3.3: literal whitespace → space, references expanded) then C14N escaping.
 */
export function writeAttrValue(out: CanonicalWriter, b: Uint8Array, vs: number, ve: number): void {
  let run = vs;
  let p = vs;
  while (p < ve) {
    const c = b[p];
    if (c !== AMP && c !== TAB && c !== LF && c !== CR && c !== DQ) {
      p++;
      continue;
    }
    out.run(b, run, p);
    if (c === AMP) {
      p = parseRef(b, p, ve);
      if (p < 0) throw new MarkupError('malformed reference in attribute value', vs);
      const cp = refResult.cp;
      if (cp === AMP) out.bytes(AMP_E);
      else if (cp === 0x3c) out.bytes(LT_E);
      else if (cp === DQ) out.bytes(QUOT_E);
      else if (cp === TAB) out.bytes(TAB_E);
      else if (cp === LF) out.bytes(LF_E);
      else if (cp === CR) out.bytes(CR_E);
      else writeCodePoint(out, cp);
    } else if (c === DQ) {
      out.bytes(QUOT_E);
      p++;
    } else {
      out.byte(SP);
      p += c === CR && p + 1 < ve && b[p + 1] === LF ? 2 : 1;
    }
    run = p;
  }
  out.run(b, run, ve);
}

/** Decodes an attribute value to its normalized string value (XML 1.0 §3.3.3, CDATA type). */
export function decodeAttrValue(b: Uint8Array, vs: number, ve: number): string {
  let hasSpecial = false;
  for (let p = vs; p < ve; p++) {
    const c = b[p];
    if (c === AMP || c === TAB || c === LF || c === CR) {
      hasSpecial = true;
      break;
    }
  }
  if (!hasSpecial) return Buffer.from(b.buffer, b.byteOffset + vs, ve - vs).toString('utf8');
  let s = '';
  let run = vs;
  let p = vs;
  const flush = (e: number) => {
    if (e > run) s += Buffer.from(b.buffer, b.byteOffset + run, e - run).toString('utf8');
  };
  while (p < ve) {
    const c = b[p];
    if (c === AMP) {
      flush(p);
      p = parseRef(b, p, ve);
      if (p < 0) throw new MarkupError('malformed reference in attribute value', vs);
      s += String.fromCodePoint(refResult.cp);
      run = p;
    } else if (c === TAB || c === LF || c === CR) {
      flush(p);
      s += ' ';
      p += c === CR && p + 1 < ve && b[p + 1] === LF ? 2 : 1;
      run = p;
    } else p++;
  }
  flush(ve);
  return s;
}
