/**
 * Unit records (issue 14, docs/validation-shapes.md step 1): the byte lexer can hold back the tokens of one UNIT (a
 * madde, `gl-cor:entryHeader`, or a Kebir line, `gl-cor:entryDetail`) and hand them over at the unit's end tag as one
 * {@link UnitRecord}, with the unit's SHAPE: the sequence of its start tags (name and attribute text, as the lexer's tag
 * cache remembers them), end tags and indentation, with every other text a value slot. Two units with the same shape
 * differ only in their values, so a validation layer can decide what structure alone decides once per shape and then
 * only look at the values ({@link LexerHandler.takeUnit}). A layer that does not know a shape, or finds something, replays
 * the record ({@link UnitRecord.replay}): it gets the very tokens, lines and columns the lexer would have given it.
 *
 * Shapes are numbered by a trie whose transitions are small integers ({@link ShapeTrie}); a unit with a tag the cache
 * does not keep, or a processing instruction, has no shape (id -1), nor has a unit of a new shape once the trie is full.
 */
import type { LexerHandler } from './xml-lexer.ts';

/** Token kinds of a record. */
export const START = 0;
export const END = 1;
/** Character data that is a value slot of the shape. */
export const TEXT = 2;
/** Character data that is part of the shape (the lexer's interned indentation: a newline, then 0–63 spaces). */
export const FIXED_TEXT = 3;
export const PI = 4;

/** What a record's start token refers to (the byte lexer's remembered start tag). */
export interface RecordedTag {
  readonly qname: string;
  readonly attrs: string;
  readonly selfClosing: boolean;
}

/**
 * Shape keys: a start tag's id (1 … {@link KEY_END} − 1), an end tag's id + {@link KEY_END}, {@link KEY_VALUE} for a
 * value, {@link KEY_INDENT} + length for indentation.
 */
export const KEY_END = 1 << 13;
export const KEY_VALUE = 2 * KEY_END;
export const KEY_INDENT = KEY_VALUE + 1;

/** Trie nodes kept at most (a file of ever new shapes stops numbering new ones, it does not grow without end). */
const MAX_SHAPE_NODES = 1 << 16;

/** A shape prefix: one transition inline (a ledger's shapes are long chains), the others in a map. */
export class ShapeNode {
  key = -1;
  to: ShapeNode | null = null;
  more: Map<number, ShapeNode> | null = null;
  constructor(readonly id: number) {}
}

/** Numbers shapes: each distinct key sequence from {@link root} ends at its own node. */
export class ShapeTrie {
  readonly root = new ShapeNode(0);
  private nodes = 1;

  /** The node after `n` on `key` (made when new); null when the trie is full. */
  step(n: ShapeNode, key: number): ShapeNode | null {
    if (n.key === key) return n.to;
    const m = n.more?.get(key);
    if (m !== undefined) return m;
    if (this.nodes >= MAX_SHAPE_NODES) return null;
    const x = new ShapeNode(this.nodes++);
    if (n.key === -1) {
      n.key = key;
      n.to = x;
    } else (n.more ??= new Map()).set(key, x);
    return x;
  }
}

/**
 * The tokens of one unit, in order. Reused by the lexer for the next unit: a layer reads it during
 * {@link LexerHandler.takeUnit} and keeps nothing of it but strings.
 */
export class UnitRecord {
  /** Tokens held. */
  n = 0;
  kinds = new Uint8Array(256);
  lines = new Int32Array(256);
  /** Column of a start tag's `<` (0 for other tokens). */
  cols = new Int32Array(256);
  /** Per token: the start tag, the end tag's name, the text, or a PI's [target, data]. */
  readonly refs: unknown[] = [];
  /** The unit's shape (its trie node's id), or -1 when it has none. */
  shape = -1;

  /** Appends a token (the arrays grow as needed). */
  push(kind: number, ref: unknown, line: number, col: number): void {
    const n = this.n;
    if (n === this.kinds.length) this.grow();
    this.kinds[n] = kind;
    this.lines[n] = line;
    this.cols[n] = col;
    this.refs[n] = ref;
    this.n = n + 1;
  }

  private grow(): void {
    const k = new Uint8Array(2 * this.kinds.length);
    k.set(this.kinds);
    this.kinds = k;
    const l = new Int32Array(2 * this.lines.length);
    l.set(this.lines);
    this.lines = l;
    const c = new Int32Array(2 * this.cols.length);
    c.set(this.cols);
    this.cols = c;
  }

  /** Forgets the tokens (the refs stay until overwritten: strings and remembered tags only). */
  clear(): void {
    this.n = 0;
    this.shape = -1;
  }

  /** The text of token `i` (a {@link TEXT} or {@link FIXED_TEXT} token). */
  text(i: number): string {
    return this.refs[i] as string;
  }

  /**
   * Gives `h` the record's tokens, exactly as the lexer would have.
   * @throws whatever the handler throws
   */
  replay(h: LexerHandler): void {
    const { kinds, lines, cols, refs } = this;
    for (let i = 0; i < this.n; i++) {
      const k = kinds[i];
      if (k === START) {
        const t = refs[i] as RecordedTag;
        h.start(t.qname, t.attrs, t.selfClosing, lines[i], cols[i]);
      } else if (k === END) h.end(refs[i] as string, lines[i]);
      else if (k === PI) {
        const p = refs[i] as [string, string];
        h.pi?.(p[0], p[1], lines[i]);
      } else h.text(refs[i] as string, lines[i]);
    }
  }
}
