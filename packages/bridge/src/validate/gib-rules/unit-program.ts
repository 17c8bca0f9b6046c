/**
 * A unit's program (issue 14, docs/validation-shapes.md step 4): the tree the runner built for a unit of a known shape
 * (validate/unit-record.ts) — a madde, or a Kebir's streamed line — kept as a TEMPLATE and refilled with each later unit
 * of the shape, with the rules that unit needs evaluated on it.
 *
 * A record of the shape has the same tokens as the template's unit, values aside: the same start tags (so the same
 * names, attributes and shape places), the same texts in the same children. Writing a record's texts, lines, columns and
 * document-order indexes into the template gives the tree the runner would build from the record, without building it.
 * The runner then evaluates only what a place does not already decide (the rule lets, the value asserts and the
 * `following::` probes; not the structural asserts held at the place, nor a place's gated-out rules) and, when every
 * assert holds, takes the unit in (probes, feeds, accumulators, aggregates) as it would a built one. Any failure, error or
 * doubt sends the unit through the built tree instead, which makes the findings as before; the template is then left as
 * it was taken.
 */
import { END, PI, START, type RecordedTag, type UnitRecord } from '../unit-record.ts';
import type { CAssert, CRule } from './compile.ts';
import type { NsScope, XElem } from './tree.ts';
import type { Ctx, Fn } from './xpath-compile.ts';

/**
 * One rule to evaluate on one element of the template: its lets, then the asserts not decided by the element's place,
 * then (once all of them held) its probes.
 */
export interface UnitCheck {
  rule: CRule;
  /** The element, and its index in {@link UnitProgram.elems}. */
  el: XElem;
  at: number;
  /** The rule's pattern (a probe's failure names it). */
  pattern: string | undefined;
  /** The asserts to evaluate (those its place does not decide), and their tests made for {@link el} (CAssert.boolAt, else CAssert.bool). */
  asserts: CAssert[];
  tests: ((c: Ctx) => boolean)[];
  /** The rule's lets, compiled for {@link el} where they can be (CRule.letsAt), in the rule's order. */
  lets: Map<string, Fn>;
  /** Its `following::` asserts, registered as probes once every check of the unit held. */
  probes: CAssert[];
}

/** The template of one unit shape and where a record's tokens go in it (see the file comment). */
export class UnitProgram {
  /** Rules to evaluate per unit, in document order of their elements. */
  checks: UnitCheck[] = [];
  /** A streamed line's: per line accumulator (by id), its predicates and path compiled for the template (AccPath.partsAt). */
  accParts: { preds: Fn[]; rest: Fn | null }[] | null = null;
  /** Per element of {@link elems}: 1 when it can feed a pending `following::` probe (the runner's feeds). */
  feeders: Uint8Array = new Uint8Array(0);
  constructor(
    /** The unit's element (its `parent` is set to the current one per unit). */
    readonly template: XElem,
    /** Its elements in document order, and the record token of each one's start tag. */
    readonly elems: XElem[],
    readonly elemTok: Int32Array,
    /** Per element: its document-order index and the index of its last node, less the unit's base index. */
    readonly idxOff: Int32Array,
    readonly endOff: Int32Array,
    /** Per text token of the record: the element holding it, its position in that element's children, the token. */
    readonly textEl: XElem[],
    readonly textAt: Int32Array,
    readonly textTok: Int32Array,
    /** Nodes (elements and texts) the unit adds to the document order. */
    readonly nodes: number,
    /** The parent's scope and the runner's rule-plan node: a unit elsewhere is not this shape's place. */
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
 * Maps the record `rec` onto the unit `d` the runner built from it: every start tag to its element, every text token to
 * the child it became. Null when they do not correspond one to one (two texts merged into one child, a child not made
 * from a token, a dropped sub-unit, a processing instruction, a token the record holds past its own unit) or when an
 * element has no shape place: such a shape is not taken as a program.
 * @param d the unit's element, ended and evaluated, whose parent is at `parentNs` / `parentTn`
 */
export function mapUnit(rec: UnitRecord, d: XElem, parentNs: NsScope, parentTn: unknown): UnitProgram | null {
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
  return new UnitProgram(
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
