/**
 * Compiles an XPath AST ({@link ./xpath-parse.ts}) into a JS closure `(ctx) => Seq` over the
 * engine's tree ({@link ./tree.ts}). Semantics of a schema-less XPath 2.0 processor (as Saxon-HE
 * runs GİB's rules): untypedAtomic content, general comparisons, exact decimals, effective boolean
 * values, document order, and the functions of {@link ./xpath-functions.ts}.
 *
 * Streaming hooks (see {@link ./runner.ts}): a relative path whose first step selects GİB's unit
 * (`gl-cor:entryHeader`) is marked as an ACCUMULATOR path: evaluated on a node whose units were
 * already dropped, it returns what the runner accumulated per unit. Navigating into dropped units
 * any other way throws {@link StreamingUnsupported} instead of answering wrongly.
 */
import type { Ast, Axis, NodeTest } from './xpath-parse.ts';
import { TextNode, XAttr, XDoc, XElem, isNode, nameKey, stringValue, type XNode } from './tree.ts';
import { Dec, Int, UA, XPathError, arith, compareAtomic, isNumeric, type Atomic, type Item, type Seq } from './xpath-values.ts';
import { FUNCTIONS, type FnImpl } from './xpath-functions.ts';

/** Variable scope: lazily evaluated, memoised `let`s chained to the outer scope. */
export class Scope {
  private values: Map<string, Seq> | null = null;
  private busy: string | null = null;
  constructor(
    readonly parent: Scope | null,
    readonly defs: Map<string, Fn>,
    readonly node: Item,
    readonly env: Env,
  ) {}
  get(name: string): Seq {
    for (let s: Scope | null = this; s; s = s.parent) {
      const d = s.defs.get(name);
      if (d === undefined) continue;
      let v = s.values?.get(name);
      if (v === undefined) {
        // lets refer only to earlier lets (document order), so one name in evaluation at a time per scope suffices
        if (s.busy === name) throw new XPathError('XPST0008', `$${name} kendisine başvuruyor (circular)`);
        const outer = s.busy;
        s.busy = name;
        try {
          v = d({ item: s.node, pos: 1, size: 1, vars: s, env: s.env });
        } finally {
          s.busy = outer;
        }
        (s.values ??= new Map()).set(name, v);
      }
      return v;
    }
    throw new XPathError('XPST0008', `tanımsız değişken (undefined variable) $${name}`);
  }
}

/** What an evaluation needs besides the context item. */
export interface Env {
  /** The document node. */
  doc: XDoc;
  /** What `base-uri()` returns (the file name GİB's rules see). */
  baseUri: string;
  /** Accumulated result of accumulator path `id` for `node` (see the runner). */
  accumulated(id: number, node: XElem | XDoc): Seq;
  /**
   * Aggregate over the preceding siblings of `node` of `rest` evaluated on each (`max`, `min`), or
   * whether any gives a non-empty result (`exists`); computed incrementally in document order.
   */
  precedingAgg(id: number, node: XElem, rest: Fn, kind: 'max' | 'min' | 'exists', c: Ctx): Seq;
}

/** Evaluation context. */
export interface Ctx {
  item: Item;
  pos: number;
  size: number;
  vars: Scope;
  env: Env;
}
/** A compiled expression. */
export type Fn = (c: Ctx) => Seq;

/** An expression needing data the streaming pass has already dropped (or not yet read). */
export class StreamingUnsupported extends Error {}

/**
 * How an accumulator path's per-unit results are kept: `count` (how many), `list` (every value),
 * `sum` (the running `fn:sum`, left to right as fn:sum folds), `distinct` (the distinct values so far,
 * first occurrences, as fn:distinct-values keeps them).
 */
type AccMode = 'count' | 'list' | 'sum' | 'distinct';
/**
 * An accumulator path: `rest` is evaluated on each streamed subtree (null = the subtree itself counts).
 * `level`: `unit` = a madde (gl-cor:entryHeader) fed on its parent, `line` = a Kebir line
 * (gl-cor:entryDetail) fed on its madde; `preds` are the first step's predicates (lines only), applied
 * in order with the line's ordinal among those passing the earlier predicates as position (`last()` unknown).
 */
export interface AccPath {
  id: number;
  rest: Fn | null;
  mode: AccMode;
  text: string;
  level: 'unit' | 'line';
  preds: Fn[];
  /** When the line step's one predicate is an integer literal (`gl-cor:entryDetail[1]`): that position; else 0. */
  nth: number;
  /**
   * {@link preds} and {@link rest} compiled for a unit program's template line `el` (CompileOptions.accGen), each the
   * one above where not compiled; null without the hook or for a unit accumulator.
   */
  partsAt: ((el: XElem, root: XElem) => { preds: Fn[]; rest: Fn | null }) | null;
}

/** An incremental preceding-sibling aggregate (`max(preceding-sibling::node()/R)` …), fed before a line is dropped. */
export interface PrecAgg {
  id: number;
  rest: Fn;
  kind: 'max' | 'min' | 'exists';
}

/** Compile-time settings. */
export interface CompileOptions {
  /** Prefix → namespace URI of the schema (`sch:ns` and `xmlns:` declarations). */
  ns: Record<string, string>;
  /** Expanded-name key of the streaming unit (gl-cor:entryHeader). */
  unitKey: string;
  /** Registry the accumulator paths are added to. */
  accs: AccPath[];
  /**
   * Expanded-name key of the streamed sub-unit (gl-cor:entryDetail: a Kebir madde's lines), or null when
   * units are held whole while their rules run.
   */
  subUnitKey?: string | null;
  /** Registry the incremental preceding-sibling aggregates are added to. */
  aggs?: PrecAgg[];
  /** `xsl:function` ports by expanded name key. */
  userFunctions: Map<string, FnImpl>;
  /**
   * Faster closures for the parts of a line accumulator (xpath-fast.ts, given by compile.ts): `pred` a predicate of the
   * line step that is a boolean test (TRUE or FALSE as its result), `rest` the path below the line, whose items the
   * accumulator atomizes at once. Null (or no hook) keeps the generic closure.
   */
  accFast?: (part: 'pred' | 'rest', a: Ast, generic: Fn) => Fn | null;
  /** The parts of a line accumulator compiled for a unit program's template line `el` (xpath-gen.ts), or null. */
  accGen?: (part: 'pred' | 'rest', a: Ast, generic: Fn, el: XElem, root: XElem) => Fn | null;
}

const XS = 'http://www.w3.org/2001/XMLSchema';
const FN = 'http://www.w3.org/2005/xpath-functions';

/** Shared one-item results (never modified). */
export const TRUE: Seq = Object.freeze([true]) as unknown as Seq;
export const FALSE: Seq = Object.freeze([false]) as unknown as Seq;

/** Placeholder node standing for a dropped unit in an accumulated count. */
const PLACEHOLDER: XNode = new XDoc('about:placeholder');

/** Effective boolean value (XPath 2.0 §2.4.3). @throws XPathError FORG0006 */
export function ebv(s: Seq): boolean {
  if (s === TRUE) return true;
  if (s === FALSE || s.length === 0) return false;
  const a = s[0];
  if (isNode(a)) return true;
  if (s.length > 1) throw new XPathError('FORG0006', 'birden çok atomik değerin mantıksal değeri yok (EBV of a sequence of atomics)');
  if (typeof a === 'boolean') return a;
  if (typeof a === 'string') return a.length > 0;
  if (a instanceof UA) return a.s.length > 0;
  if (typeof a === 'number') return !(a === 0 || Number.isNaN(a));
  if (a instanceof Int) return a.v !== 0;
  if (a instanceof Dec) return a.m !== 0n;
  throw new XPathError('FORG0006', 'mantıksal değer alınamıyor (no EBV)');
}

/** Atomizes a sequence (nodes → untypedAtomic of their string value). */
export function atomize(s: Seq): Atomic[] {
  let all = true;
  for (const x of s)
    if (isNode(x)) {
      all = false;
      break;
    }
  if (all) return s as Atomic[];
  return s.map((x) => (isNode(x) ? new UA(stringValue(x)) : x));
}

/** Document-order key of a node (elements and text share the pre-order index; attributes follow their element). */
function orderKey(n: XNode): number {
  if (n instanceof XElem) return n.idx;
  if (n instanceof XAttr) return n.parent.idx + 0.25;
  if (n instanceof TextNode) return n.parent.idx + 0.5 + n.pos / (2 * (n.parent.children.length + 1));
  return 0;
}

function sortDedupe(nodes: XNode[]): XNode[] {
  if (nodes.length < 2) return nodes;
  const seen = new Set<XNode>();
  const out: XNode[] = [];
  for (const n of nodes)
    if (!seen.has(n)) {
      seen.add(n);
      out.push(n);
    }
  out.sort((a, b) => orderKey(a) - orderKey(b));
  return out;
}

/** Compiles node tests and expressions for one schema. */
export class Compiler {
  /** Number of incremental preceding-sibling aggregates compiled. */
  aggs = 0;
  constructor(readonly o: CompileOptions) {}

  /** Namespace URI of a prefix of the schema ('' for none). @throws XPathError XPST0081 */
  uri(prefix: string): string {
    if (prefix === '') return '';
    const u = this.o.ns[prefix];
    if (u === undefined) throw new XPathError('XPST0081', `tanımsız önek (undeclared prefix) ${prefix}:`);
    return u;
  }

  /** A node-test predicate for the given axis (principal node kind element, or attribute on the attribute axis). */
  nodeTest(t: NodeTest, axis: Axis): (n: XNode) => boolean {
    const attr = axis === 'attribute';
    switch (t.k) {
      case 'name': {
        const key = nameKey(this.uri(t.prefix), t.local);
        return attr ? (n) => n instanceof XAttr && n.key === key : (n) => n instanceof XElem && n.key === key;
      }
      case 'any':
        return attr ? (n) => n instanceof XAttr : (n) => n instanceof XElem;
      case 'nsany': {
        const u = `${this.uri(t.prefix)} `;
        return attr ? (n) => n instanceof XAttr && n.key.startsWith(u) : (n) => n instanceof XElem && n.key.startsWith(u);
      }
      case 'localany': {
        const l = ` ${t.local}`;
        return attr ? (n) => n instanceof XAttr && n.key.endsWith(l) : (n) => n instanceof XElem && n.key.endsWith(l);
      }
      default:
        switch (t.kind) {
          case 'node':
            return () => true;
          case 'text':
            return (n) => n instanceof TextNode;
          case 'element':
            return (n) => n instanceof XElem;
          case 'attribute':
            return (n) => n instanceof XAttr;
          case 'document-node':
            return (n) => n instanceof XDoc;
          default:
            return () => false;
        }
    }
  }

  /** True when the test could select a unit (or streamed sub-unit) element on the child axis. */
  mayMatchUnit(t: NodeTest): boolean {
    const sub = this.o.subUnitKey;
    for (const k of sub ? [this.o.unitKey, sub] : [this.o.unitKey]) {
      switch (t.k) {
        case 'name':
          if (nameKey(this.uri(t.prefix), t.local) === k) return true;
          break;
        case 'any':
          return true;
        case 'nsany':
          if (k.startsWith(`${this.uri(t.prefix)} `)) return true;
          break;
        case 'localany':
          if (k.endsWith(` ${t.local}`)) return true;
          break;
        default:
          if (t.kind === 'node' || t.kind === 'element') return true;
      }
    }
    return false;
  }

  /** `unit` / `line` when `a` is a child step selecting the streamed unit / sub-unit by name, else null. */
  private unitStepLevel(a: Ast): 'unit' | 'line' | null {
    if (a.t !== 'step' || a.axis !== 'child' || a.test.k !== 'name') return null;
    const k = nameKey(this.uri(a.test.prefix), a.test.local);
    return k === this.o.unitKey ? 'unit' : this.o.subUnitKey && k === this.o.subUnitKey ? 'line' : null;
  }

  /** Compiles an expression. `parent` is the enclosing AST node (for accumulator modes). */
  compile(a: Ast, parent: Ast | null = null, top: 'bool' | 'value' = 'value'): Fn {
    // Accumulator path: `gl-cor:entryHeader…` relative to the context node.
    const first = leftmost(a);
    const level = first ? this.unitStepLevel(first) : null;
    if (first && level && (a === first || a.t === 'path')) return this.accumulator(a, first, parent, top, level);
    switch (a.t) {
      case 'num': {
        const v: Atomic = a.kind === 'integer' ? new Int(Number(a.v)) : a.kind === 'decimal' ? Dec.parse(a.v)! : Number(a.v);
        const s = [v];
        return () => s;
      }
      case 'str': {
        const s = [a.v];
        return () => s;
      }
      case 'var': {
        const n = a.name;
        return (c) => c.vars.get(n);
      }
      case 'ctx':
        return (c) => [c.item];
      case 'root':
        return (c) => [c.env.doc];
      case 'seq': {
        if (a.items.length === 1) return this.compile(a.items[0], parent, top);
        const fs = a.items.map((x) => this.compile(x, a));
        return (c) => {
          const out: Seq = [];
          for (const f of fs) for (const x of f(c)) out.push(x);
          return out;
        };
      }
      case 'or': {
        const x = this.compile(a.a, a),
          y = this.compile(a.b, a);
        return (c) => (ebv(x(c)) || ebv(y(c)) ? TRUE : FALSE);
      }
      case 'and': {
        const x = this.compile(a.a, a),
          y = this.compile(a.b, a);
        return (c) => (ebv(x(c)) && ebv(y(c)) ? TRUE : FALSE);
      }
      case 'cmp':
        return this.comparison(a.op, a.value, this.compile(a.a, a), this.compile(a.b, a));
      case 'arith': {
        const x = this.compile(a.a, a),
          y = this.compile(a.b, a),
          op = a.op;
        return (c) => {
          const l = atomize(x(c)),
            r = atomize(y(c));
          if (l.length === 0 || r.length === 0) return [];
          if (l.length > 1 || r.length > 1) throw new XPathError('XPTY0004', 'aritmetik işlemde birden çok değer (more than one item in arithmetic)');
          return [arith(op, l[0], r[0])];
        };
      }
      case 'neg': {
        const x = this.compile(a.a, a);
        return (c) => {
          const l = atomize(x(c));
          if (l.length === 0) return [];
          if (l.length > 1) throw new XPathError('XPTY0004', 'birden çok değer');
          return [arith('-', new Int(0), l[0])];
        };
      }
      case 'union': {
        const x = this.compile(a.a, a),
          y = this.compile(a.b, a);
        return (c) => {
          const all = [...x(c), ...y(c)];
          if (all.some((i) => !isNode(i))) throw new XPathError('XPTY0004', 'birleşimde düğüm olmayan öğe (union of non-nodes)');
          return sortDedupe(all as XNode[]);
        };
      }
      case 'call': {
        // max/min/not/exists/empty/boolean over `preceding-sibling::node()/R`: incremental (linear, not quadratic).
        const arg = a.args.length === 1 ? a.args[0] : null;
        const lm = arg ? leftmost(arg) : null;
        if (
          arg &&
          lm === arg &&
          lm.axis === 'preceding-sibling' &&
          lm.test.k === 'kind' &&
          lm.test.kind === 'node' &&
          lm.preds.length === 0 &&
          (a.name === 'not' || a.name === 'exists' || a.name === 'empty' || a.name === 'boolean')
        ) {
          // `not(preceding-sibling::node())`: whether anything (text included) precedes, without listing it
          const neg = a.name === 'not' || a.name === 'empty';
          const slow = this.call(a);
          return (c) => {
            const n = c.item;
            if (!(n instanceof XElem) || n.pos < 0 || n.parent.children[n.pos] !== n) return slow(c);
            // a dropped streamed sibling (a Kebir line before this one) still precedes
            return (n.pos > 0 || n.parent.droppedKids > 0) !== neg ? TRUE : FALSE;
          };
        }
        if (
          arg &&
          lm &&
          lm !== arg &&
          arg.t === 'path' &&
          !arg.desc &&
          lm.axis === 'preceding-sibling' &&
          lm.test.k === 'kind' &&
          lm.test.kind === 'node' &&
          lm.preds.length === 0 &&
          (a.name === 'max' || a.name === 'min' || a.name === 'not' || a.name === 'exists' || a.name === 'empty' || a.name === 'boolean')
        ) {
          const rest = this.compile(stripLeftmost(arg), arg);
          const id = this.aggs++;
          const kind = a.name === 'max' || a.name === 'min' ? a.name : 'exists';
          this.o.aggs?.push({ id, rest, kind });
          const neg = a.name === 'not' || a.name === 'empty';
          const slow = this.call(a);
          return (c) => {
            const n = c.item;
            if (!(n instanceof XElem) || n.pos < 0) return slow(c);
            const r = c.env.precedingAgg(id, n, rest, kind, c);
            if (kind !== 'exists') return r;
            return (r[0] === true) !== neg ? TRUE : FALSE;
          };
        }
        return this.call(a);
      }
      case 'step':
        return this.step(
          a.axis,
          a.test,
          a.preds.map((p) => this.compile(p, a)),
          null,
        );
      case 'filter': {
        const base = this.compile(a.base, a);
        const preds = a.preds.map((p) => this.compile(p, a));
        return (c) => applyPreds(base(c), preds, c);
      }
      case 'path': {
        const left = this.compile(a.a, a);
        const right = this.compile(a.b, a);
        const desc = a.desc;
        const dos = this.step('descendant-or-self', { k: 'kind', kind: 'node' }, [], null);
        const sortNeeded = !(a.b.t === 'step' && (a.b.axis === 'child' || a.b.axis === 'attribute' || a.b.axis === 'self'));
        return (c) => {
          let ctxs = left(c);
          if (desc) ctxs = mapNodes(ctxs, dos, c);
          return mapNodes(ctxs, right, c, sortNeeded || desc);
        };
      }
      default:
        throw new XPathError('XPST0003', `desteklenmeyen ifade ${(a as Ast).t}`);
    }
  }

  private accumulator(a: Ast, first: Ast & { t: 'step' }, parent: Ast | null, top: 'bool' | 'value', level: 'unit' | 'line'): Fn {
    if (first.preds.length && level === 'unit')
      throw new XPathError('XPST0017', 'akış birimine koşullu adım desteklenmiyor (predicate on the streamed unit step)');
    const preds = first.preds.map((p) => this.compile(p, first));
    const rest = a === first ? null : this.compile(stripLeftmost(a), a);
    // a line accumulator runs on every line of a Kebir: its parts take the fast forms where they have one
    const fastPart = (part: 'pred' | 'rest', x: Ast, g: Fn): Fn => (level === 'line' ? this.o.accFast?.(part, x, g) : null) ?? g;
    const p0 = first.preds.length === 1 ? first.preds[0] : null;
    const nth = p0 !== null && p0.t === 'num' && p0.kind === 'integer' && Number(p0.v) >= 1 ? Number(p0.v) : 0;
    const call = parent !== null && parent.t === 'call' && parent.args.length === 1 ? parent.name : '';
    const countOnly =
      (parent === null && top === 'bool') || ['count', 'not', 'exists', 'empty', 'boolean'].includes(call) || parent?.t === 'or' || parent?.t === 'and';
    if (!countOnly && rest === null)
      throw new XPathError('XPST0017', 'akış birimlerinin kendileri yalnızca sayılabilir (streamed units can only be counted or tested here)');
    // Kebir lines: a sum or the distinct values is kept as it runs (memory flat in the lines of an account).
    const mode: AccMode = countOnly
      ? 'count'
      : level === 'line' && call === 'sum'
        ? 'sum'
        : level === 'line' && call === 'distinct-values'
          ? 'distinct'
          : 'list';
    const id = this.o.accs.length;
    const restAst = rest && stripLeftmost(a);
    const restFn = rest && fastPart('rest', restAst!, rest);
    const predFns = preds.map((f, i) => fastPart('pred', first.preds[i], f));
    const gen = level === 'line' ? this.o.accGen : undefined;
    this.o.accs.push({
      id,
      rest: restFn,
      mode,
      text: '',
      level,
      preds: predFns,
      nth,
      partsAt: gen
        ? (el, root) => ({
            preds: predFns.map((f, i) => (nth > 0 ? f : (gen('pred', first.preds[i], f, el, root) ?? f))),
            rest: restFn && (gen('rest', restAst!, restFn, el, root) ?? restFn),
          })
        : null,
    });
    const normal = a === first ? this.step('child', first.test, preds, null) : this.compilePlain(a as Ast & { t: 'path' }, preds);
    return (c) => {
      const n = c.item;
      if ((n instanceof XElem || n instanceof XDoc) && n.dropped > 0) {
        const r = c.env.accumulated(id, n);
        return r;
      }
      return normal(c);
    };
  }

  /** Compiles a path without the accumulator rewrite (for contexts with no dropped units). */
  private compilePlain(a: Ast & { t: 'path' }, preds: Fn[]): Fn {
    const left = this.step('child', (leftmost(a) as Ast & { t: 'step' }).test, preds, null, true);
    const rest = stripLeftmost(a);
    const right = this.compile(rest, a);
    return (c) => {
      const l = left(c);
      return mapNodes(l, right, c, true);
    };
  }

  private comparison(op: string, value: boolean, x: Fn, y: Fn): Fn {
    return (c) => {
      const l = atomize(x(c)),
        r = atomize(y(c));
      if (value) {
        if (l.length === 0 || r.length === 0) return [];
        if (l.length > 1 || r.length > 1) throw new XPathError('XPTY0004', 'değer karşılaştırmasında birden çok değer');
        const a0 = l[0] instanceof UA ? (l[0] as UA).s : l[0],
          b0 = r[0] instanceof UA ? (r[0] as UA).s : r[0];
        return compareAtomic(a0, b0, op) ? TRUE : FALSE;
      }
      for (const p of l) for (const q of r) if (compareAtomic(p, q, op)) return TRUE;
      return FALSE;
    };
  }

  private call(a: Ast & { t: 'call' }): Fn {
    const c = a.name.indexOf(':');
    const uri = c < 0 ? FN : this.uri(a.name.slice(0, c));
    const local = c < 0 ? a.name : a.name.slice(c + 1);
    const args = a.args.map((x) => this.compile(x, a));
    let impl: FnImpl | undefined;
    if (uri === FN) impl = FUNCTIONS[local];
    else if (uri === XS) impl = FUNCTIONS[`xs:${local}`];
    else impl = this.o.userFunctions.get(nameKey(uri, local));
    if (!impl) throw new XPathError('XPST0017', `bilinmeyen işlev (unknown function) ${a.name}#${args.length}`);
    if (impl.arity && (args.length < impl.arity[0] || args.length > impl.arity[1]))
      throw new XPathError('XPST0017', `${a.name}: ${args.length} bağımsız değişken (wrong arity)`);
    const f = impl.f;
    return (ctx) => f(ctx, args);
  }

  /**
   * One axis step with predicates. `plain`: do not guard against dropped units (the caller knows).
   */
  step(axis: Axis, test: NodeTest, preds: Fn[], _unused: null, plain = false): Fn {
    const match = this.nodeTest(test, axis);
    const guardUnits = (!plain && axis === 'child' && this.mayMatchUnit(test)) || axis === 'descendant' || axis === 'descendant-or-self';
    const reverse = axis === 'parent' || axis === 'ancestor' || axis === 'ancestor-or-self' || axis === 'preceding-sibling' || axis === 'preceding';
    // Fast paths: child::name and @name without predicates.
    if (axis === 'child' && test.k === 'name' && preds.length === 0) {
      const key = nameKey(this.uri(test.prefix), test.local);
      return (c) => {
        const n = c.item;
        if (!(n instanceof XElem || n instanceof XDoc)) {
          if (!isNode(n)) throw notNode();
          return [];
        }
        if (guardUnits && n.dropped > 0) throw new StreamingUnsupported('akışta düşürülmüş birimlere erişim (access to dropped units)');
        if (n instanceof XElem) return n.childrenByKey(key);
        const out: XElem[] = [];
        for (const x of n.children) if (x.key === key) out.push(x);
        return out;
      };
    }
    if (axis === 'attribute' && test.k === 'name' && test.prefix === '' && preds.length === 0) {
      const local = test.local;
      const key = nameKey('', local);
      return (c) => {
        const n = c.item;
        if (!(n instanceof XElem)) {
          if (!isNode(n)) throw notNode();
          return [];
        }
        const v = n.plainAttr(local);
        if (v === undefined) return [];
        return [new XAttr(n, key, local, v)];
      };
    }
    return (c) => {
      const n = c.item;
      if (!isNode(n)) throw notNode();
      if (guardUnits && (n instanceof XElem || n instanceof XDoc) && n.dropped > 0)
        throw new StreamingUnsupported('akışta düşürülmüş birimlere erişim (access to dropped units)');
      const cand = axisNodes(n, axis, this.o.unitKey).filter(match);
      if (preds.length === 0) return reverse ? cand.reverse() : cand;
      const r = applyPreds(cand, preds, c);
      return reverse ? r.reverse() : r;
    };
  }
}

function notNode(): XPathError {
  return new XPathError('XPTY0020', 'bağlam öğesi düğüm değil (context item is not a node)');
}

/** Leftmost step of a relative path (null when the path starts at the root, a variable, etc.). */
function leftmost(a: Ast): (Ast & { t: 'step' }) | null {
  let x = a;
  while (x.t === 'path') x = x.a;
  return x.t === 'step' ? x : null;
}

function stripLeftmost(a: Ast): Ast {
  if (a.t !== 'path') throw new Error('not a path');
  if (a.a.t !== 'path') {
    if (a.desc) throw new XPathError('XPST0017', 'akış birimi sonrası // desteklenmiyor');
    return a.b;
  }
  return { ...a, a: stripLeftmost(a.a) };
}

/** Applies predicates (numeric = position, else EBV) to a sequence in axis order. */
function applyPreds(s: Seq, preds: Fn[], c: Ctx): Seq {
  let cur = s;
  for (const p of preds) {
    const out: Seq = [];
    const size = cur.length;
    for (let i = 0; i < size; i++) {
      const r = p({ item: cur[i], pos: i + 1, size, vars: c.vars, env: c.env });
      if (r.length === 1 && isNumeric(r[0] as Atomic) && !isNode(r[0])) {
        const v = r[0] as number | Int | Dec;
        const num = typeof v === 'number' ? v : v instanceof Int ? v.v : v.toNumber();
        if (num === i + 1) out.push(cur[i]);
      } else if (ebv(r)) out.push(cur[i]);
    }
    cur = out;
  }
  return cur;
}

/** Evaluates `f` for each node of `ctxs` and concatenates (nodes sorted and deduplicated when asked). */
function mapNodes(ctxs: Seq, f: Fn, c: Ctx, sort = false): Seq {
  if (ctxs.length === 1) {
    if (!isNode(ctxs[0])) throw new XPathError('XPTY0019', 'yol adımı düğüm olmayan öğeye uygulandı (path step on a non-node)');
    return f({ item: ctxs[0], pos: 1, size: 1, vars: c.vars, env: c.env });
  }
  const out: Seq = [];
  const size = ctxs.length;
  let nodes = 0;
  for (let i = 0; i < size; i++) {
    if (!isNode(ctxs[i])) throw new XPathError('XPTY0019', 'yol adımı düğüm olmayan öğeye uygulandı (path step on a non-node)');
    for (const x of f({ item: ctxs[i], pos: i + 1, size, vars: c.vars, env: c.env })) {
      out.push(x);
      if (isNode(x)) nodes++;
    }
  }
  if (nodes > 0 && nodes < out.length) throw new XPathError('XPTY0018', 'yolun son adımı düğüm ve atomik değer karışık (mixed nodes and atomics)');
  return sort && nodes > 1 ? sortDedupe(out as XNode[]) : out;
}

function kids(n: XElem | XDoc): XNode[] {
  if (n instanceof XDoc) return n.children;
  const out: XNode[] = [];
  const ch = n.children;
  for (let i = 0; i < ch.length; i++) {
    const x = ch[i];
    out.push(typeof x === 'string' ? new TextNode(n, x, i) : x);
  }
  return out;
}

function siblingIndex(n: XNode): number {
  const p = n.parent;
  if (!p || n instanceof XAttr) return -1;
  if (n instanceof TextNode) return n.pos;
  if (n instanceof XElem && n.pos >= 0 && p.children[n.pos] === n) return n.pos;
  return (p.children as unknown[]).indexOf(n);
}

/** Nodes on an axis, in document order. */
function axisNodes(n: XNode, axis: Axis, unitKey: string): XNode[] {
  switch (axis) {
    case 'child':
      return n instanceof XElem || n instanceof XDoc ? kids(n) : [];
    case 'attribute':
      return n instanceof XElem ? n.attrs() : [];
    case 'self':
      return [n];
    case 'parent':
      return n.parent ? [n.parent] : [];
    case 'ancestor':
    case 'ancestor-or-self': {
      const out: XNode[] = [];
      for (let p = axis === 'ancestor' ? n.parent : n; p; p = p.parent) out.push(p);
      return out.reverse();
    }
    case 'descendant':
    case 'descendant-or-self': {
      const out: XNode[] = axis === 'descendant-or-self' ? [n] : [];
      const walk = (x: XNode) => {
        if (x instanceof XElem || x instanceof XDoc)
          for (const k of kids(x)) {
            out.push(k);
            walk(k);
          }
      };
      walk(n);
      return out;
    }
    case 'following-sibling':
    case 'preceding-sibling': {
      if (n instanceof XElem && n.key === unitKey && n.nth > 0)
        throw new StreamingUnsupported('akış biriminin kardeşleri okunamaz (siblings of a streamed unit)');
      const p = n.parent;
      if (!p || n instanceof XAttr || n instanceof XDoc) return [];
      // siblings dropped before, or a streamed Kebir line whose later siblings are not read yet
      if (p.droppedKids > 0 || (n instanceof XElem && n.nth > 0 && p instanceof XElem && p.nth > 0)) {
        throw new StreamingUnsupported('akışta düşürülmüş kardeşlere erişim (siblings of a streamed line)');
      }
      const all = kids(p);
      const i = siblingIndex(n);
      return axis === 'following-sibling' ? all.slice(i + 1) : all.slice(0, i);
    }
    default: {
      // following / preceding over the retained tree (the runner guarantees nothing was dropped).
      const doc = rootOf(n);
      if (doc.dropped > 0) throw new StreamingUnsupported(`${axis}:: ekseni akışta bu biçimde desteklenmiyor (axis not streamable here)`);
      const all = axisNodes(doc, 'descendant', unitKey);
      const anc = new Set<XNode>();
      for (let p: XNode | null = n; p; p = p.parent) anc.add(p);
      const me = n instanceof XAttr ? n.parent : n;
      const k = orderKey(me);
      const endK = me instanceof XElem ? me.end : k;
      return axis === 'following' ? all.filter((x) => orderKey(x) > endK && !(x instanceof XAttr)) : all.filter((x) => orderKey(x) < k && !anc.has(x));
    }
  }
}

function rootOf(n: XNode): XDoc {
  let p: XNode = n;
  while (p.parent) p = p.parent;
  return p as XDoc;
}

export { PLACEHOLDER };
