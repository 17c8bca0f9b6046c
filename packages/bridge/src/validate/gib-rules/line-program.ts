/**
 * A streamed line's program (issue 14, docs/validation-shapes.md step 4, the Kebir line): the tree the runner built for
 * the first line of a unit shape (validate/unit-record.ts), kept as a TEMPLATE and refilled with each later line of the
 * shape, with the rules that line needs evaluated on it.
 *
 * A record of the shape has the same tokens as the template's line, values aside: the same start tags (so the same
 * names, attributes and shape places), the same texts in the same children. Writing a record's texts, lines, columns and
 * document-order indexes into the template gives the tree the runner would build from the record, without building it.
 * The runner then evaluates only what a place does not already decide (the value asserts and the rule lets, not the
 * structural asserts held at the place, nor a place's gated-out rules) and, when every one holds, takes the line into its
 * accumulators as it would a built one. Any failure, error or doubt sends the line through the built tree instead, which
 * makes the findings as before; the template is then left as it was taken.
 */
import { END, PI, START, type RecordedTag, type UnitRecord } from '../unit-record.ts';
import type { CAssert, CRule } from './compile.ts';
import type { NsScope, XElem } from './tree.ts';

/** One rule to evaluate on one element of the template: its lets, then the asserts not decided by the element's place. */
export interface LineCheck {
  rule: CRule;
  el: XElem;
  asserts: CAssert[];
}

/** The template of one line shape and where a record's tokens go in it (see the file comment). */
export class LineProgram {
  /** Rules to evaluate per line, in document order of their elements. */
  checks: LineCheck[] = [];
  constructor(
    /** The line element (its `parent` is set to the current madde per line). */
    readonly template: XElem,
    /** Its elements in document order, and the record token of each one's start tag. */
    readonly elems: XElem[],
    readonly elemTok: Int32Array,
    /** Per element: its document-order index and the index of its last node, less the line's base index. */
    readonly idxOff: Int32Array,
    readonly endOff: Int32Array,
    /** Per text token of the record: the element holding it, its position in that element's children, the token. */
    readonly textEl: XElem[],
    readonly textAt: Int32Array,
    readonly textTok: Int32Array,
    /** Nodes (elements and texts) the line adds to the document order. */
    readonly nodes: number,
    /** The madde's scope and the runner's rule-plan node: a line elsewhere is not this shape's place. */
    readonly parentNs: NsScope,
    readonly parentTn: unknown,
  ) {}

  /** Writes the record's texts, lines and columns, and the indexes from `base` on, into the template. */
  fill(rec: UnitRecord, base: number): void {
    const refs = rec.refs;
    const { textEl, textAt, textTok } = this;
    for (let k = 0; k < textEl.length; k++) (textEl[k].children as (XElem | string)[])[textAt[k]] = refs[textTok[k]] as string;
    const { elems, elemTok, idxOff, endOff } = this;
    const lines = rec.lines;
    const cols = rec.cols;
    for (let j = 0; j < elems.length; j++) {
      const e = elems[j];
      e.idx = base + idxOff[j];
      e.end = base + endOff[j];
      e.line = lines[elemTok[j]];
      e.column = cols[elemTok[j]];
    }
  }
}

/**
 * Maps the record `rec` onto the line `d` the runner built from it: every start tag to its element, every text token to
 * the child it became. Null when they do not correspond one to one (two texts merged into one child, a child not made
 * from a token, a dropped sub-unit, a processing instruction, a token the record holds past its own unit) or when an
 * element has no shape place: such a shape is not taken as a program.
 * @param d the line element, ended and evaluated, whose parent is the madde at `parentNs` / `parentTn`
 */
export function mapLine(rec: UnitRecord, d: XElem, parentNs: NsScope, parentTn: unknown): LineProgram | null {
  const { kinds, refs } = rec;
  const elems: XElem[] = [];
  const elemTok: number[] = [];
  const textEl: XElem[] = [];
  const textAt: number[] = [];
  const textTok: number[] = [];
  const stack: XElem[] = [];
  const cursor: number[] = [];
  for (let i = 0, n = rec.n; i < n; i++) {
    const k = kinds[i];
    if (k === START) {
      let el: XElem;
      if (stack.length === 0) {
        if (i !== 0) return null;
        el = d;
      } else {
        const top = stack.length - 1;
        const c = stack[top].children[cursor[top]++];
        if (c === undefined || typeof c === 'string') return null;
        el = c;
      }
      if (el.qname !== (refs[i] as RecordedTag).qname || el.sh === null || el.dropped !== 0 || el.droppedKids !== 0) return null;
      elems.push(el);
      elemTok.push(i);
      stack.push(el);
      cursor.push(0);
    } else if (k === END) {
      const top = stack.length - 1;
      if (top < 0 || cursor[top] !== stack[top].children.length) return null;
      stack.pop();
      cursor.pop();
      if (stack.length === 0 && i !== n - 1) return null;
    } else if (k === PI) return null;
    else {
      const top = stack.length - 1;
      if (top < 0) return null;
      const at = cursor[top]++;
      if (typeof stack[top].children[at] !== 'string') return null;
      textEl.push(stack[top]);
      textAt.push(at);
      textTok.push(i);
    }
  }
  if (stack.length !== 0 || elems.length === 0) return null;
  const base = d.idx - 1;
  return new LineProgram(
    d,
    elems,
    Int32Array.from(elemTok),
    Int32Array.from(elems, (e) => e.idx - base),
    Int32Array.from(elems, (e) => e.end - base),
    textEl,
    Int32Array.from(textAt),
    Int32Array.from(textTok),
    d.end - base,
    parentNs,
    parentTn,
  );
}
