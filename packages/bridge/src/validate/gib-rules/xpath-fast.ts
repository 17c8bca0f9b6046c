/**
 * Specialised closures for the common shapes of GİB's asserts (issue 14 item 4): child paths,
 * `@attr`, string and number comparisons, `not`/`or`/`and`, `count()`, `string-length()`,
 * `normalize-space()`, `matches()` with a literal pattern, `sum()` of decimals. They work on single
 * values and node counts instead of building sequences, and make no arrays for the usual case.
 *
 * Contract: a fast closure either returns exactly what the generic closure of the same expression
 * ({@link ./xpath-compile.ts}) returns, or FALLBACK (`2` for the boolean closures) when the case is
 * not a plain one (more than one node where one is expected, a value that does not convert, an
 * XPath error, a non-element context): the caller then evaluates the generic closure, which gives
 * the answer or raises the error. A fast closure never throws and reads no more than the generic one.
 * Shapes not listed here compile to null (the generic closure alone runs).
 */
import type { Ast, NodeTest } from './xpath-parse.ts';
import { TextNode, XAttr, XDoc, XElem, stringValue } from './tree.ts';
import { Dec, Int, UA, arith, atomicString, compareAtomic, isNumeric, numToDouble, toDouble, type Atomic, type Item } from './xpath-values.ts';
import { FALSE, TRUE, ebv, type Ctx, type Fn } from './xpath-compile.ts';
import { codepointLength, normalizeSpace, toDecimal } from './xpath-functions.ts';
import { xpathRegex } from './xsd-regex.ts';

/** What the fast compiler needs of the generic one (prefix resolution, which names the streaming drops). */
export interface FastHost {
  /** Namespace URI of a prefix ('' for none). @throws on an undeclared prefix */
  uri(prefix: string): string;
  /** True when a child-axis test could select a streamed unit or sub-unit (those paths stay generic). */
  mayMatchUnit(t: NodeTest): boolean;
}

/** Marker of a value closure: use the generic closure. */
const FALLBACK: unique symbol = Symbol('fallback');
type Val = Atomic | undefined | typeof FALLBACK;
type ValFn = (c: Ctx) => Val;
/** 0 false, 1 true, 2 use the generic closure. */
type BoolFn = (c: Ctx) => 0 | 1 | 2;
/** Appends the atomized items to `out`; false = use the generic closure. */
type SeqFn = (c: Ctx, out: Atomic[]) => boolean;

const XS = 'http://www.w3.org/2001/XMLSchema';

/** A path of child name steps (optionally after `..` steps, optionally ending in `@name`), from the context or the root. */
interface NodePath {
  abs: boolean;
  ups: number;
  keys: string[];
  preds: (BoolFn[] | null)[];
  attr: string | null;
  /** Its number (its slot in a shape place's memo), -1 for a copy made while evaluating (never memoized). */
  id: number;
  /** Whether its answer from an element is fixed by the element's shape place (see {@link plainPath}); undefined until asked. */
  plain?: boolean;
}

/** What `compile` gives, or null when it throws (an undeclared prefix etc.: the generic compiler reports it). */
function orNull<T>(compile: () => T | null): T | null {
  try {
    return compile();
  } catch {
    return null;
  }
}

let pathIds = 0;
const newPath = (abs: boolean): NodePath => ({ abs, ups: 0, keys: [], preds: [], attr: null, id: pathIds++ });

/**
 * Compiles the fast form of a boolean expression (an assert test): a closure giving the generic
 * closure's effective boolean value, or null when the expression has no fast form.
 */
export function fastBoolean(host: FastHost, a: Ast, generic: Fn): ((c: Ctx) => boolean) | null {
  const fast = orNull(() => new FastCompiler(host).bool(a));
  if (!fast) return null;
  return (c) => {
    const r = fast(c);
    return r === 2 ? ebv(generic(c)) : r === 1;
  };
}

/**
 * True when the boolean test `a` depends on nothing but which elements and attributes lie below its context element:
 * plain paths (see {@link plainPath}) taken as booleans, `exists` / `empty`, `count` of a plain path compared with a
 * number literal, `not`, `boolean`, `and`, `or`, `true()`, `false()`. Its value from an element with a shape place is
 * then the same for every element at that place (as the plain paths' memo already assumes), so the runner need not
 * evaluate it again there once it held. No variable, value or function of a value may enter.
 */
export function structuralTest(host: FastHost, a: Ast): boolean {
  const fc = new FastCompiler(host);
  const plain = (x: Ast): boolean => {
    const p = orNull(() => fc.path(x));
    // `..` steps read above the context, which its own place does not fix (a Kebir line's madde, say)
    return p !== null && p.ups === 0 && plainPath(p);
  };
  const isNum = (x: Ast): boolean => x.t === 'num' || (x.t === 'seq' && x.items.length === 1 && x.items[0].t === 'num');
  const counted = (x: Ast): boolean => x.t === 'call' && x.name === 'count' && x.args.length === 1 && plain(x.args[0]);
  const walk = (x: Ast): boolean => {
    switch (x.t) {
      case 'seq':
        return x.items.length === 1 && walk(x.items[0]);
      case 'or':
      case 'and':
        return walk(x.a) && walk(x.b);
      case 'call':
        if ((x.name === 'not' || x.name === 'boolean') && x.args.length === 1) return walk(x.args[0]);
        if ((x.name === 'exists' || x.name === 'empty') && x.args.length === 1) return plain(x.args[0]);
        return (x.name === 'true' || x.name === 'false') && x.args.length === 0;
      case 'cmp':
        return !x.value && ((counted(x.a) && isNum(x.b)) || (isNum(x.a) && counted(x.b)));
      case 'step':
      case 'path':
        return plain(x);
      default:
        return false;
    }
  };
  return walk(a);
}

class FastCompiler {
  constructor(readonly host: FastHost) {}

  /** A node path, or null when `a` is not one. */
  path(a: Ast): NodePath | null {
    if (a.t === 'step') {
      const p = newPath(false);
      return this.addStep(p, a) ? p : null;
    }
    if (a.t === 'ctx') return newPath(false);
    if (a.t !== 'path' || a.desc) return null;
    let p: NodePath | null;
    if (a.a.t === 'root') p = newPath(true);
    else p = this.path(a.a);
    if (!p || a.b.t !== 'step') return null;
    return this.addStep(p, a.b) ? p : null;
  }

  private addStep(p: NodePath, s: Ast & { t: 'step' }): boolean {
    if (p.attr !== null) return false;
    if (s.axis === 'parent') {
      // `..` only before any child step: the nodes reached stay distinct and in document order
      if (s.test.k !== 'kind' || s.test.kind !== 'node' || s.preds.length || p.keys.length || p.abs) return false;
      p.ups++;
      return true;
    }
    if (s.axis === 'attribute') {
      if (s.test.k !== 'name' || s.test.prefix !== '' || s.preds.length) return false;
      p.attr = s.test.local;
      return true;
    }
    if (s.axis !== 'child' || s.test.k !== 'name' || this.host.mayMatchUnit(s.test)) return false;
    let preds: BoolFn[] | null = null;
    if (s.preds.length) {
      preds = [];
      for (const x of s.preds) {
        // a boolean-shaped predicate is never positional
        const f = this.bool(x, true);
        if (!f) return false;
        preds.push(f);
      }
    }
    p.keys.push(`${this.host.uri(s.test.prefix)} ${s.test.local}`);
    p.preds.push(preds);
    return true;
  }

  /** Boolean closure; `strict`: only shapes whose value is a boolean or nodes (safe as a predicate). */
  bool(a: Ast, strict = false): BoolFn | null {
    switch (a.t) {
      case 'seq':
        return a.items.length === 1 ? this.bool(a.items[0], strict) : null;
      case 'or':
      case 'and': {
        const x = this.bool(a.a),
          y = this.bool(a.b);
        if (!x || !y) return null;
        if (a.t === 'or')
          return (c) => {
            const r = x(c);
            return r === 0 ? y(c) : r;
          };
        return (c) => {
          const r = x(c);
          return r === 1 ? y(c) : r;
        };
      }
      case 'cmp':
        return this.cmp(a);
      case 'call': {
        if (a.name === 'not' && a.args.length === 1) {
          const x = this.bool(a.args[0]);
          if (!x) return null;
          return (c) => {
            const r = x(c);
            return r === 2 ? 2 : r === 1 ? 0 : 1;
          };
        }
        if (a.name === 'boolean' && a.args.length === 1) return this.bool(a.args[0]);
        if ((a.name === 'exists' || a.name === 'empty') && a.args.length === 1) {
          const p = this.path(a.args[0]);
          if (!p) return null;
          const neg = a.name === 'empty';
          return (c) => {
            const r = exists(p, c);
            return r === 2 ? 2 : neg ? ((1 - r) as 0 | 1) : r;
          };
        }
        if (a.name === 'true' && a.args.length === 0) return () => 1;
        if (a.name === 'false' && a.args.length === 0) return () => 0;
        const b = this.boolCall(a);
        if (b) return b;
        break;
      }
      case 'step':
      case 'path':
      case 'ctx': {
        const p = this.path(a);
        if (p) return (c) => exists(p, c);
        break;
      }
      default:
        break;
    }
    if (strict) return null;
    const v = this.val(a);
    if (!v) return null;
    return (c) => {
      const x = v(c);
      if (x === FALLBACK) return 2;
      if (x === undefined) return 0;
      if (typeof x === 'boolean') return x ? 1 : 0;
      if (typeof x === 'string') return x.length > 0 ? 1 : 0;
      try {
        return ebv([x]) ? 1 : 0;
      } catch {
        return 2;
      }
    };
  }

  /** contains / starts-with / ends-with / matches (literal pattern, no flags) as booleans. */
  private boolCall(a: Ast & { t: 'call' }): BoolFn | null {
    const name = a.name;
    if ((name === 'contains' || name === 'starts-with' || name === 'ends-with') && a.args.length === 2) {
      const x = this.val(a.args[0]),
        y = this.val(a.args[1]);
      if (!x || !y) return null;
      return (c) => {
        const s = strOf(x(c));
        if (s === FALLBACK) return 2;
        const t = strOf(y(c));
        if (t === FALLBACK) return 2;
        const r = name === 'contains' ? s.includes(t) : name === 'starts-with' ? s.startsWith(t) : s.endsWith(t);
        return r ? 1 : 0;
      };
    }
    if (name === 'matches' && a.args.length === 2 && a.args[1].t === 'str') {
      let re: RegExp;
      try {
        re = xpathRegex(a.args[1].v, '');
      } catch {
        return null;
      }
      if (re.global || re.sticky) return null;
      const x = this.val(a.args[0]);
      if (!x) return null;
      return (c) => {
        const s = strOf(x(c));
        if (s === FALLBACK) return 2;
        return re.test(s) ? 1 : 0;
      };
    }
    return null;
  }

  /** A general (`=`…) or value (`eq`…) comparison of two single values. */
  private cmp(a: Ast & { t: 'cmp' }): BoolFn | null {
    const x = this.val(a.a),
      y = this.val(a.b);
    if (!x || !y) return null;
    const op = a.op;
    const value = a.value;
    return (c) => {
      let l = x(c);
      if (l === FALLBACK) return 2;
      let r = y(c);
      if (r === FALLBACK) return 2;
      if (l === undefined || r === undefined) return 0;
      if (value) {
        // value comparison: untypedAtomic compares as xs:string
        if (l instanceof UA) l = l.s;
        if (r instanceof UA) r = r.s;
      }
      try {
        return compareAtomic(l, r, op) ? 1 : 0;
      } catch {
        return 2;
      }
    };
  }

  /** A closure giving the one atomized item of `a` (undefined for the empty sequence), or null. */
  val(a: Ast): ValFn | null {
    switch (a.t) {
      case 'str': {
        const v = a.v;
        return () => v;
      }
      case 'num': {
        const v: Atomic = a.kind === 'integer' ? new Int(Number(a.v)) : a.kind === 'decimal' ? Dec.parse(a.v)! : Number(a.v);
        return () => v;
      }
      case 'seq':
        return a.items.length === 1 ? this.val(a.items[0]) : null;
      case 'var': {
        const name = a.name;
        return (c) => {
          try {
            const s = c.vars.get(name);
            if (s.length === 0) return undefined;
            if (s.length > 1) return FALLBACK;
            return atomOf(s[0]);
          } catch {
            return FALLBACK;
          }
        };
      }
      case 'arith': {
        const x = this.val(a.a),
          y = this.val(a.b);
        if (!x || !y) return null;
        const op = a.op;
        return (c) => {
          const l = x(c);
          if (l === FALLBACK) return FALLBACK;
          const r = y(c);
          if (r === FALLBACK) return FALLBACK;
          if (l === undefined || r === undefined) return undefined;
          try {
            return arith(op, l, r);
          } catch {
            return FALLBACK;
          }
        };
      }
      case 'call':
        return this.valCall(a);
      case 'path':
      case 'step':
      case 'ctx': {
        const p = this.path(a);
        if (p) return (c) => single(p, c);
        if (a.t !== 'path' || a.desc) return null;
        // `nodes/f(…)`: f on the one node (`gl-cor:account/normalize-space(gl-cor:accountMainID)`)
        const left = this.path(a.a);
        if (!left || left.attr !== null) return null;
        const right = this.val(a.b);
        if (!right) return null;
        return (c) => {
          const n = singleNode(left, c);
          if (n === null || n === FALLBACK) return n === null ? undefined : FALLBACK;
          return right({ item: n, pos: 1, size: 1, vars: c.vars, env: c.env });
        };
      }
      default:
        return null;
    }
  }

  private valCall(a: Ast & { t: 'call' }): ValFn | null {
    const n = a.args.length;
    switch (a.name) {
      case 'normalize-space':
      case 'string-length': {
        const len = a.name === 'string-length';
        if (n === 0)
          return (c) => {
            const x = c.item;
            if (!(x instanceof XElem)) return FALLBACK;
            const s = stringValue(x);
            return len ? new Int(codepointLength(s)) : normalizeSpace(s);
          };
        if (n !== 1) return null;
        const x = this.val(a.args[0]);
        if (!x) return null;
        return (c) => {
          const s = strOf(x(c));
          if (s === FALLBACK) return FALLBACK;
          return len ? new Int(codepointLength(s)) : normalizeSpace(s);
        };
      }
      case 'number': {
        if (n !== 1) return null;
        const x = this.val(a.args[0]);
        if (!x) return null;
        return (c) => {
          const v = x(c);
          if (v === FALLBACK) return FALLBACK;
          if (v === undefined) return NaN;
          if (isNumeric(v)) return numToDouble(v);
          if (typeof v === 'boolean') return v ? 1 : 0;
          try {
            return toDouble(typeof v === 'string' ? v : v.s);
          } catch {
            return NaN;
          }
        };
      }
      case 'count': {
        if (n !== 1) return null;
        const p = this.path(a.args[0]);
        if (!p) return null;
        return (c) => {
          const k = count(p, c);
          return k < 0 ? FALLBACK : new Int(k);
        };
      }
      case 'concat': {
        if (n < 2) return null;
        const xs: ValFn[] = [];
        for (const x of a.args) {
          const f = this.val(x);
          if (!f) return null;
          xs.push(f);
        }
        return (c) => {
          let s = '';
          for (const f of xs) {
            const v = f(c);
            if (v === FALLBACK) return FALLBACK;
            if (v !== undefined) s += atomicString(v);
          }
          return s;
        };
      }
      case 'sum': {
        if (n !== 1) return null;
        const x = this.seq(a.args[0]);
        if (!x) return null;
        return (c) => {
          const s: Atomic[] = [];
          if (!x(c, s)) return FALLBACK;
          if (s.length === 0) return new Int(0);
          try {
            let acc: Atomic = s[0] instanceof UA ? toDouble(s[0].s) : s[0];
            if (!isNumeric(acc)) return FALLBACK;
            for (let i = 1; i < s.length; i++) {
              const y = s[i] instanceof UA ? toDouble((s[i] as UA).s) : s[i];
              if (!isNumeric(y)) return FALLBACK;
              acc = arith('+', acc, y);
            }
            return acc;
          } catch {
            return FALLBACK;
          }
        };
      }
      default:
        break;
    }
    const colon = a.name.indexOf(':');
    if (colon > 0 && n === 1 && a.name.slice(colon + 1) === 'decimal' && this.host.uri(a.name.slice(0, colon)) === XS) {
      const x = this.val(a.args[0]);
      if (!x) return null;
      return (c) => {
        const v = x(c);
        if (v === FALLBACK || v === undefined) return v;
        try {
          return toDecimal(v);
        } catch {
          return FALLBACK;
        }
      };
    }
    if (colon < 0 && (a.name === 'contains' || a.name === 'starts-with' || a.name === 'ends-with' || a.name === 'matches')) {
      const b = this.boolCall(a);
      if (!b) return null;
      return (c) => {
        const r = b(c);
        return r === 2 ? FALLBACK : r === 1;
      };
    }
    return null;
  }

  /** A closure appending the atomized items of `a` in order (nodes, or `nodes/f(…)` with f giving one item at most). */
  private seq(a: Ast): SeqFn | null {
    const p = this.path(a);
    if (p)
      return (c, out) => {
        const s = start(p, c);
        if (s === FALLBACK) return false;
        return s === null ? true : collect(p, s, 0, c, out);
      };
    if (a.t === 'path' && !a.desc) {
      const left = this.path(a.a);
      if (!left || left.attr !== null) return null;
      const right = this.val(a.b);
      if (!right) return null;
      return (c, out) => {
        const nodes: (XElem | XDoc)[] = [];
        const s = start(left, c);
        if (s === FALLBACK) return false;
        if (s === null) return true;
        if (!nodesOf(left, s, 0, c, nodes)) return false;
        const size = nodes.length;
        for (let i = 0; i < size; i++) {
          const v = right({ item: nodes[i], pos: i + 1, size, vars: c.vars, env: c.env });
          if (v === FALLBACK) return false;
          if (v !== undefined) out.push(v);
        }
        return true;
      };
    }
    const v = this.val(a);
    if (!v) return null;
    return (c, out) => {
      const x = v(c);
      if (x === FALLBACK) return false;
      if (x !== undefined) out.push(x);
      return true;
    };
  }
}

/** xs:string? conversion of a function argument ('' for empty); FALLBACK for other types (an error there). */
function strOf(v: Val): string | typeof FALLBACK {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  if (v instanceof UA) return v.s;
  return FALLBACK;
}

/** The atomized value of one item (a node's string value as untypedAtomic). */
export function atomOf(x: Item): Atomic {
  if (x instanceof XElem || x instanceof XDoc) return new UA(stringValue(x));
  if (x instanceof XAttr || x instanceof TextNode) return new UA(x.value);
  return x;
}

/** The node a path starts from: null = no node (the parent of the document), FALLBACK = not an element context. */
function start(p: NodePath, c: Ctx): XElem | XDoc | null | typeof FALLBACK {
  let n: XElem | XDoc | null;
  if (p.abs) n = c.env.doc;
  else {
    const x = c.item;
    if (!(x instanceof XElem || x instanceof XDoc)) return FALLBACK;
    n = x;
  }
  return upFrom(n, p.ups);
}

/** Positions in `n.children` of the element children named `key`, in document order (see XElem.childPositions). */
function kidsWith(n: XElem | XDoc, key: string): readonly number[] {
  if (n instanceof XElem) return n.childPositions(key);
  const out: number[] = [];
  const ch = n.children;
  for (let i = 0; i < ch.length; i++) if (ch[i].key === key) out.push(i);
  return out;
}

/** Whether predicate list `preds` holds for `x`: 1, 0 or 2 (fallback). */
function predsHold(preds: BoolFn[], x: XElem, c: Ctx): 0 | 1 | 2 {
  const sub: Ctx = { item: x, pos: 1, size: 1, vars: c.vars, env: c.env };
  for (let i = 0; i < preds.length; i++) {
    const r = preds[i](sub);
    if (r !== 1) return r;
  }
  return 1;
}

/**
 * True when what `p` selects from an element is fixed by the element's shape place (tree.ts ShapePlace): child steps
 * without predicates (not from the root), optionally ending in an attribute, optionally after `..` steps that stay in
 * the unit ({@link placeStart} checks that per element). Units of one shape have the same elements and attribute texts at
 * the same places, so such a path selects the same positions.
 */
function plainPath(p: NodePath): boolean {
  if (p.plain === undefined) p.plain = p.id >= 0 && !p.abs && p.keys.length > 0 && p.preds.every((x) => x === null);
  return p.plain;
}

/**
 * The node a plain path starts from at element `x` (`x` itself, or the node its `..` steps reach) when what the path
 * selects there is fixed by `x`'s shape place, whose memo (`ShapePlace.paths`) then holds the answer; null when `x` has
 * no place, or when the `..` steps leave the unit (the node they reach has no place: above the unit, nothing is fixed
 * by its shape).
 */
function placeStart(x: unknown, p: NodePath): XElem | null {
  if (!(x instanceof XElem) || x.sh === null || !plainPath(p)) return null;
  if (p.ups === 0) return x;
  const u = upFrom(x, p.ups);
  return u instanceof XElem && u.sh !== null ? u : null;
}

/** The node `ups` parents above `x` (null above the document). */
function upFrom(x: XElem | XDoc | null, ups: number): XElem | XDoc | null {
  let n = x;
  for (let i = 0; i < ups && n !== null; i++) n = n.parent;
  return n;
}

/** 1 when the path selects a node, 0 when not, 2 to fall back. */
function exists(p: NodePath, c: Ctx): 0 | 1 | 2 {
  const from = placeStart(c.item, p);
  if (from !== null) {
    const m = ((c.item as XElem).sh!.paths ??= []);
    let v = m[3 * p.id] as 0 | 1 | 2 | undefined;
    if (v === undefined) m[3 * p.id] = v = existsFrom(p, from, 0, c);
    return v;
  }
  const s = start(p, c);
  if (s === FALLBACK) return 2;
  if (s === null) return 0;
  return existsFrom(p, s, 0, c);
}

function existsFrom(p: NodePath, n: XElem | XDoc, i: number, c: Ctx): 0 | 1 | 2 {
  if (i === p.keys.length) {
    if (p.attr === null) return 1;
    return n instanceof XElem && n.plainAttr(p.attr) !== undefined ? 1 : 0;
  }
  const key = p.keys[i];
  const preds = p.preds[i];
  const ch = n.children;
  const at = kidsWith(n, key);
  for (let k = 0; k < at.length; k++) {
    const x = ch[at[k]] as XElem;
    if (preds) {
      const h = predsHold(preds, x, c);
      if (h === 2) return 2;
      if (h === 0) continue;
    }
    const r = existsFrom(p, x, i + 1, c);
    if (r !== 0) return r;
  }
  return 0;
}

/** Number of nodes the path selects; -1 to fall back. */
function count(p: NodePath, c: Ctx): number {
  const from = placeStart(c.item, p);
  if (from !== null) {
    const m = ((c.item as XElem).sh!.paths ??= []);
    let v = m[3 * p.id + 1] as number | undefined;
    if (v === undefined) m[3 * p.id + 1] = v = countFrom(p, from, 0, c);
    return v;
  }
  const s = start(p, c);
  if (s === FALLBACK) return -1;
  if (s === null) return 0;
  return countFrom(p, s, 0, c);
}

function countFrom(p: NodePath, n: XElem | XDoc, i: number, c: Ctx): number {
  if (i === p.keys.length) {
    if (p.attr === null) return 1;
    return n instanceof XElem && n.plainAttr(p.attr) !== undefined ? 1 : 0;
  }
  const key = p.keys[i];
  const preds = p.preds[i];
  const ch = n.children;
  const at = kidsWith(n, key);
  let total = 0;
  for (let k = 0; k < at.length; k++) {
    const x = ch[at[k]] as XElem;
    if (preds) {
      const h = predsHold(preds, x, c);
      if (h === 2) return -1;
      if (h === 0) continue;
    }
    const r = countFrom(p, x, i + 1, c);
    if (r < 0) return -1;
    total += r;
  }
  return total;
}

/** The one node (element) the path selects: null for none, FALLBACK for several (or a fallback predicate). */
function singleNode(p: NodePath, c: Ctx): XElem | XDoc | null | typeof FALLBACK {
  const from = placeStart(c.item, p);
  if (from !== null) {
    // the positions of the steps, found once per shape place (null: none; FALLBACK: several)
    const m = ((c.item as XElem).sh!.paths ??= []);
    let v = m[3 * p.id + 2] as Int32Array | null | typeof FALLBACK | undefined;
    if (v === undefined) m[3 * p.id + 2] = v = singleChain(p, from, c);
    if (v === null || v === FALLBACK) return v;
    let n = from;
    for (let i = 0; i < v.length; i++) n = n.children[v[i]] as XElem;
    return n;
  }
  const s = start(p, c);
  if (s === FALLBACK || s === null) return s;
  let n: XElem | XDoc = s;
  for (let i = 0; i < p.keys.length; i++) {
    const at = oneChild(p, i, n, c);
    if (at < 0) return at === NO_CHILD ? null : FALLBACK;
    n = n.children[at] as XElem;
  }
  return n;
}

/** The children positions, step by step, of the one node a plain path `p` selects from `s`: null for none, FALLBACK for several. */
function singleChain(p: NodePath, s: XElem | XDoc, c: Ctx): Int32Array | null | typeof FALLBACK {
  const chain = new Int32Array(p.keys.length);
  let n: XElem | XDoc = s;
  for (let i = 0; i < p.keys.length; i++) {
    const at = oneChild(p, i, n, c);
    if (at < 0) return at === NO_CHILD ? null : FALLBACK;
    chain[i] = at;
    n = n.children[at] as XElem;
  }
  return chain;
}

/** {@link oneChild}: no child matches step i, or several do (or a predicate falls back). */
const NO_CHILD = -1;
const MANY_CHILDREN = -2;

/** The position in `n.children` of the one child that step `i` of `p` selects, or {@link NO_CHILD} / {@link MANY_CHILDREN}. */
function oneChild(p: NodePath, i: number, n: XElem | XDoc, c: Ctx): number {
  const preds = p.preds[i];
  const ch = n.children;
  const at = kidsWith(n, p.keys[i]);
  let found = NO_CHILD;
  for (let k = 0; k < at.length; k++) {
    if (preds) {
      const h = predsHold(preds, ch[at[k]] as XElem, c);
      if (h === 2) return MANY_CHILDREN;
      if (h === 0) continue;
    }
    if (found !== NO_CHILD) return MANY_CHILDREN;
    found = at[k];
  }
  return found;
}

/** The atomized value of the one node the path selects (undefined for none). */
function single(p: NodePath, c: Ctx): Val {
  const n = singleNode(p, c);
  if (n === null) return undefined;
  if (n === FALLBACK) return FALLBACK;
  if (p.attr === null) return new UA(stringValue(n));
  if (!(n instanceof XElem)) return undefined;
  const v = n.plainAttr(p.attr);
  return v === undefined ? undefined : new UA(v);
}

/** Appends the elements the path selects (no attribute step) in document order; false to fall back. */
function nodesOf(p: NodePath, n: XElem | XDoc, i: number, c: Ctx, out: (XElem | XDoc)[]): boolean {
  if (i === p.keys.length) {
    out.push(n);
    return true;
  }
  const key = p.keys[i];
  const preds = p.preds[i];
  const ch = n.children;
  const at = kidsWith(n, key);
  for (let k = 0; k < at.length; k++) {
    const x = ch[at[k]] as XElem;
    if (preds) {
      const h = predsHold(preds, x, c);
      if (h === 2) return false;
      if (h === 0) continue;
    }
    if (!nodesOf(p, x, i + 1, c, out)) return false;
  }
  return true;
}

/** Appends the atomized values of the nodes the path selects; false to fall back. */
function collect(p: NodePath, n: XElem | XDoc, i: number, c: Ctx, out: Atomic[]): boolean {
  const nodes: (XElem | XDoc)[] = [];
  if (!nodesOf({ ...p, attr: null, id: -1 }, n, i, c, nodes)) return false;
  for (const x of nodes) {
    if (p.attr === null) out.push(new UA(stringValue(x)));
    else if (x instanceof XElem) {
      const v = x.plainAttr(p.attr);
      if (v !== undefined) out.push(new UA(v));
    }
  }
  return true;
}

/** Functions whose result depends on their arguments only (the forms with arguments). */
const PURE = new Set([
  'not',
  'boolean',
  'true',
  'false',
  'string-length',
  'normalize-space',
  'contains',
  'starts-with',
  'ends-with',
  'matches',
  'substring',
  'concat',
  'number',
  'upper-case',
  'lower-case',
  'translate',
]);

/**
 * The attribute names an expression reads when it reads nothing but unprefixed attributes of the
 * context element (`not(@decimals) or @decimals = 'INF'`), through literals, comparisons, `and`/`or`,
 * arithmetic and the pure functions above; null otherwise. Such a test has one and the same value on
 * every element that has none of these attributes (the runner checks that once and skips them).
 */
export function contextAttributes(a: Ast): string[] | null {
  const names = new Set<string>();
  const ok = (x: Ast): boolean => {
    switch (x.t) {
      case 'str':
      case 'num':
        return true;
      case 'seq':
        return x.items.every(ok);
      case 'or':
      case 'and':
      case 'cmp':
      case 'arith':
        return ok(x.a) && ok(x.b);
      case 'neg':
        return ok(x.a);
      case 'call':
        return PURE.has(x.name) && (x.args.length > 0 || x.name === 'true' || x.name === 'false') && x.args.every(ok);
      case 'step':
        if (x.axis !== 'attribute' || x.test.k !== 'name' || x.test.prefix !== '' || x.preds.length) return false;
        names.add(x.test.local);
        return true;
      default:
        return false;
    }
  };
  return ok(a) && names.size > 0 ? [...names] : null;
}

/** Functions whose result is one atomic value at most (a `let` of such a call holds no nodes). */
const ATOMIC = new Set(['normalize-space', 'string-length', 'concat', 'count', 'number', 'sum']);

/** True when `a` gives atomic values only, in a shape {@link FastCompiler.val} handles (a let whose value is one item at most). */
export function atomicShape(a: Ast): boolean {
  if (a.t === 'str' || a.t === 'num') return true;
  if (a.t === 'call') return ATOMIC.has(a.name);
  if (a.t === 'path') return !a.desc && a.b.t === 'call' && atomicShape(a.b);
  return false;
}

/**
 * Fast form of a step predicate that is a boolean test (comparisons, `or`, `and`, `not`, paths; never a number, which
 * would select by position): TRUE or FALSE, else the generic closure; null when there is no fast form.
 */
export function fastPredicate(host: FastHost, a: Ast, generic: Fn): Fn | null {
  const fast = orNull(() => new FastCompiler(host).bool(a, true));
  if (!fast) return null;
  return (c) => {
    const r = fast(c);
    return r === 2 ? generic(c) : r === 1 ? TRUE : FALSE;
  };
}

/**
 * Fast form of a `let` value (a sequence): for the atomic shapes (`gl-cor:account/normalize-space(…)`,
 * `count(…)`, literals) the one value as a sequence, else the generic closure; null when there is none.
 */
export function fastSequence(host: FastHost, a: Ast, generic: Fn): Fn | null {
  // an atomic shape's one value is what its atomized form gives
  return atomicShape(a) ? fastAtomized(host, a, generic) : null;
}

/**
 * Fast form of an expression whose caller atomizes the result at once (a probe's comparison value, a
 * following-node feed): the one atomized value as a sequence (a node path gives its string value),
 * else the generic closure; null when there is no fast form.
 */
export function fastAtomized(host: FastHost, a: Ast, generic: Fn): Fn | null {
  const fast = orNull(() => new FastCompiler(host).val(a));
  if (!fast) return null;
  return (c) => {
    const v = fast(c);
    if (v === FALLBACK) return generic(c);
    return v === undefined ? [] : [v];
  };
}
