/**
 * Layer a by unit shape (docs/validation-shapes.md, step 2). Inside a madde (or a Kebir line) the Collector
 * (collect.ts) does the same with every unit of one shape: it opens the header and line records, counts accounts,
 * sub-accounts and measurables, files each leaf's text under its name, and hands each finished line and madde to the
 * rules. What differs between two units of a shape is only which texts it files. So a shape is turned once into a
 * short program ({@link ShapeProgram}) of those steps, with the token each value comes from, and a unit of the shape
 * runs the program on its record instead of its tokens. The rules (rules-entries.ts) then see the very same records.
 *
 * Compiled only where the Collector's path is that simple: the unit is a `gl-cor:entryHeader` at depth 3 with no madde
 * open, or a `gl-cor:entryDetail` at depth 4 inside an open madde (a Kebir line); every attribute text in it already
 * passed the Collector's attribute checks; no leaf has more than one text. Anything else goes through the tokens.
 */
import { END, FIXED_TEXT, START, TEXT, type RecordedTag, type UnitRecord } from '../unit-record.ts';

/** Program steps. */
export const H_NEW = 0;
export const D_NEW = 1;
export const ACCOUNT = 2;
export const ACCOUNT_SUB = 3;
export const MEASURABLE = 4;
/** A line's leaf: `gl-cor:xbrlInclude` counted, a repeated name noted, the value filed. */
export const D_FIELD = 5;
export const D_MEASURE = 6;
export const H_FIELD = 7;
export const D_END = 8;
export const H_END = 9;

/** One shape's program: parallel arrays, one entry per step. */
export interface ShapeProgram {
  /** The Collector's stack depth at the unit's start tag, and whether a madde was open then. */
  depth: number;
  inHeader: boolean;
  op: number[];
  /** Field name of a field step. */
  name: string[];
  /** Token of the step: the start tag (its line), or the value's text (-1: the value is {@link fixed}). */
  tok: number[];
  fixed: string[];
}

/**
 * Turns the record's unit into a program, or null when the Collector's path through it is not the simple one (see the
 * module comment). `attrsPassed`: whether an attribute text passed the Collector's checks before.
 */
export function compileShape(rec: UnitRecord, depth: number, inHeader: boolean, attrsPassed: (attrs: string) => boolean): ShapeProgram | null {
  const p: ShapeProgram = { depth, inHeader, op: [], name: [], tok: [], fixed: [] };
  const first = rec.refs[0] as RecordedTag;
  if (rec.kinds[0] !== START) return null;
  if (inHeader ? depth !== 4 || first.qname !== 'gl-cor:entryDetail' : depth !== 3 || first.qname !== 'gl-cor:entryHeader') return null;
  const names: string[] = [];
  let header = inHeader;
  let detail = false;
  /** The open element has a child; the texts since the last tag. */
  let leaf = true;
  let texts: number[] = [];
  const step = (op: number, name: string, tok: number, fixed = '') => {
    p.op.push(op);
    p.name.push(name);
    p.tok.push(tok);
    p.fixed.push(fixed);
  };
  for (let i = 0; i < rec.n; i++) {
    const k = rec.kinds[i];
    if (k === TEXT || k === FIXED_TEXT) {
      texts.push(i);
      continue;
    }
    if (k !== START && k !== END) return null;
    const d = depth + names.length;
    if (k === START) {
      const t = rec.refs[i] as RecordedTag;
      if (t.attrs.length > 1 && !attrsPassed(t.attrs)) return null;
      names.push(t.qname);
      leaf = true;
      texts = [];
      const q = t.qname;
      if (d === 3 && q === 'gl-cor:entryHeader') {
        step(H_NEW, q, i);
        header = true;
      } else if (!header) return null;
      else if (d === 4 && q === 'gl-cor:entryDetail') {
        step(D_NEW, q, i);
        detail = true;
      } else if (detail) {
        if (d === 5 && q === 'gl-cor:account') step(ACCOUNT, q, i);
        else if (d === 6 && q === 'gl-cor:accountSub') step(ACCOUNT_SUB, q, i);
        else if (d === 5 && q === 'gl-bus:measurable') step(MEASURABLE, q, i);
      }
      continue;
    }
    // an end tag: its element is names' last, at depth d - 1
    const q = names.pop()!;
    const e = d - 1;
    const wasLeaf = leaf;
    const vals = texts;
    leaf = false;
    texts = [];
    if (e === 3) {
      step(H_END, q, i);
      header = false;
      continue;
    }
    if (detail) {
      if (e === 4) {
        step(D_END, q, i);
        detail = false;
        continue;
      }
      if (!wasLeaf) continue;
      const op = e === 6 && names[names.length - 1] === 'gl-bus:measurable' ? D_MEASURE : D_FIELD;
      if (!value(op, q, vals)) return null;
      continue;
    }
    if (e === 4 && wasLeaf && !value(H_FIELD, q, vals)) return null;
  }
  return names.length === 0 ? p : null;

  /** Files the leaf's texts: one value token, or fixed text (indentation), or nothing (''); two tokens: no program. */
  function value(op: number, q: string, vals: number[]): boolean {
    if (vals.length > 1) return false;
    if (vals.length === 1 && rec.kinds[vals[0]] === TEXT) step(op, q, vals[0]);
    else step(op, q, -1, vals.length === 1 ? rec.text(vals[0]) : '');
    return true;
  }
}
