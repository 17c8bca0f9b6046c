/**
 * Assert tests compiled to JavaScript for one element of a unit program's template (issue 14, docs/validation-shapes.md
 * step 4; gib-rules/unit-program.ts).
 *
 * A template's elements and attributes are the same for every unit of its shape, and the program writes each unit's
 * texts into it before it evaluates. So for a test evaluated with template element `el` as its context, every path from
 * `el` that has child steps only and stays in the unit selects template elements known when the test is compiled: a path
 * becomes a read of a fixed element's text, `exists` and `count` become constants, and the value types are known. The
 * test is then emitted as one JavaScript function (through `new Function`), without the closures, the node walks and the
 * untypedAtomic objects of its fast form (xpath-fast.ts), which cost about 200 ns an assert on a ledger.
 *
 * The generated code is made of this file's templates only: every value taken from the schematron (a literal, a
 * variable's name, a regular expression, a template element) is passed in the constants array `K` and never becomes
 * source text. It computes what the fast form computes, with the same helpers (xpath-values.ts, xpath-functions.ts), and
 * returns 2 where the fast form would fall back to the generic closure (an error, a value that does not convert, several
 * nodes): the caller then evaluates the generic closure, which gives the answer or raises the error. A test with any part
 * this file does not know is not compiled (null), and the caller keeps its fast form.
 */
import { FALSE, TRUE, ebv, type Ctx, type Fn } from './xpath-compile.ts';
import { codepointLength, normalizeSpace, toDecimal } from './xpath-functions.ts';
import type { Ast } from './xpath-parse.ts';
import { XElem, nameKey, stringValue } from './tree.ts';
import { Dec, Int, UA, arith, compareAtomic, compareCodepoints, numToDouble, isNumeric, opResult, toDouble, type Seq } from './xpath-values.ts';
import { atomOf, atomicShape } from './xpath-fast.ts';
import { xpathRegex } from './xsd-regex.ts';

const XS = 'http://www.w3.org/2001/XMLSchema';

/**
 * Static types of the generated values: U a node's string value (untypedAtomic), S an xs:string, I an xs:integer as a
 * JavaScript number, N any numeric atomic (number, Int, Dec), A any atomic (a variable's value), B a boolean. U, S, I, N
 * and A may be undefined (the empty sequence); B never is.
 */
type T = 'U' | 'S' | 'I' | 'N' | 'A' | 'B';
interface V {
  t: T;
  /** A JavaScript expression without side effects (a variable or a constant). */
  x: string;
}

/** Thrown while compiling a test for anything not handled here (the test is then not compiled). */
class NoGen extends Error {}

/** What the generated code calls (its only free names, besides `K` and `c`). */
const HELPERS = {
  TV: stringValue,
  NS: normalizeSpace,
  CPL: codepointLength,
  CCP: compareCodepoints,
  TD: toDouble,
  TDEC: toDecimal,
  CA: compareAtomic,
  UA,
  INT: Int,
  EBV: ebv,
  NTD: numToDouble,
  ARITH: arith,
  ISNUM: isNumeric,
  /** The atomized value of a variable's one item. */
  ATOM: atomOf,
  OPR: opResult,
};

/** What the generator needs of the rules' compiler (prefix resolution). */
export interface GenHost {
  /** Namespace URI of a prefix ('' for none). @throws on an undeclared prefix */
  uri(prefix: string): string;
}

/**
 * The test `a` compiled for context element `el` of a template whose unit element is `root` (see the file comment): a
 * function giving the test's effective boolean value there, through `generic` where the generated code cannot decide.
 * Null when the test has a part this file does not compile.
 */
export function genBooleanAt(host: GenHost, a: Ast, generic: Fn, el: XElem, root: XElem): ((c: Ctx) => boolean) | null {
  const g = new Gen(host, root);
  let src: string;
  try {
    const b = g.bool(a, el);
    src = `${g.lines.join('\n')}\nreturn ${b} ? 1 : 0;`;
  } catch (e) {
    if (e instanceof NoGen) return null;
    throw e;
  }
  const f = build(src, g.k) as ((c: Ctx) => 0 | 1 | 2) | null;
  if (f === null) return null;
  return (c) => {
    const r = f(c);
    return r === 2 ? ebv(generic(c)) : r === 1;
  };
}

/**
 * A rule let's value compiled for context element `el` (see {@link genBooleanAt}), for an expression of one atomic value
 * at most (xpath-fast.ts fastSequence's shapes): a function giving the let's sequence, through `generic` where the
 * generated code cannot decide. Null when not compiled.
 */
export function genSequenceAt(host: GenHost, a: Ast, generic: Fn, el: XElem, root: XElem): Fn | null {
  return atomicShape(a) ? genAtomizedAt(host, a, generic, el, root) : null;
}

/**
 * An expression whose caller atomizes its result at once (a line accumulator's path below the line, as xpath-fast.ts
 * fastAtomized) compiled for context element `el`: its one atomized value as a sequence, through `generic` where the
 * generated code cannot decide. Null when not compiled.
 */
export function genAtomizedAt(host: GenHost, a: Ast, generic: Fn, el: XElem, root: XElem): Fn | null {
  const g = new Gen(host, root);
  let src: string;
  try {
    const v = g.val(a, el);
    const seq = v.t === 'U' ? `[new UA(${v.x})]` : v.t === 'I' ? `[new INT(${v.x})]` : `[${v.x}]`;
    src = `${g.lines.join('\n')}\nreturn ${v.x} === undefined ? [] : ${seq};`;
  } catch (e) {
    if (e instanceof NoGen) return null;
    throw e;
  }
  const f = build(src, g.k) as ((c: Ctx) => Seq | 2) | null;
  if (f === null) return null;
  return (c) => {
    const r = f(c);
    return r === 2 ? generic(c) : r;
  };
}

/**
 * A step predicate that is a boolean test (`or`, `and`, a comparison: never a number, which would select by position;
 * xpath-fast.ts fastPredicate) compiled for the step's node `el`: TRUE or FALSE, through `generic` where the generated
 * code cannot decide. Null when not compiled.
 */
export function genPredicateAt(host: GenHost, a: Ast, generic: Fn, el: XElem, root: XElem): Fn | null {
  if (!(a.t === 'or' || a.t === 'and' || a.t === 'cmp')) return null;
  const b = genBooleanAt(host, a, generic, el, root);
  if (b === null) return null;
  // genBooleanAt's own fallback gives ebv(generic): the predicate's generic value is that boolean here (not a number)
  return (c) => (b(c) ? TRUE : FALSE);
}

/** A generated function's maker: called with its constants and the helpers, it gives the function. */
type Maker = (k: unknown[], h: typeof HELPERS) => (c: Ctx) => unknown;

/**
 * Makers by generated source. A test compiled for two template elements of the same structure (a line of one shape and
 * of another, the two templates of a madde) has the same source and other constants: V8 compiles it once. A month's
 * Yevmiye part makes 846 functions from 18 sources.
 */
const MAKERS = new Map<string, Maker>();
/** Sources kept at most (a ledger's asserts have a few structures each). */
const MAX_MAKERS = 4096;

/**
 * The function of generated body `src` (its free names: `c`, `K`, the helpers) with constants `k`; null where code
 * generation from strings is disallowed (Node's `--disallow-code-generation-from-strings`: V8 throws EvalError), so that
 * the fast forms run.
 */
function build(src: string, k: unknown[]): ((c: Ctx) => unknown) | null {
  let make = MAKERS.get(src);
  if (make === undefined) {
    const names = Object.keys(HELPERS);
    try {
      make = new Function('K', 'H', `const {${names.join(', ')}} = H;\nreturn function genAssert(c) {\n${src}\n};`) as Maker;
    } catch (e) {
      if (e instanceof EvalError) return null;
      throw e;
    }
    if (MAKERS.size < MAX_MAKERS) MAKERS.set(src, make);
  }
  return make(k, HELPERS);
}

class Gen {
  readonly lines: string[] = [];
  readonly k: unknown[] = [];
  private n = 0;
  constructor(
    readonly host: GenHost,
    readonly root: XElem,
  ) {}

  private tmp(): string {
    return `v${this.n++}`;
  }
  private konst(v: unknown): string {
    this.k.push(v);
    return `K[${this.k.length - 1}]`;
  }
  private emit(s: string): void {
    this.lines.push(s);
  }

  /** A boolean-valued variable for `a`'s effective boolean value at context `el`. */
  bool(a: Ast, el: XElem): string {
    switch (a.t) {
      case 'seq':
        if (a.items.length !== 1) throw new NoGen();
        return this.bool(a.items[0], el);
      case 'or':
      case 'and': {
        // a side fixed by the shape decides alone (`not(gl-muc:amountCurrency) or /…`): the other is not compiled
        const x = this.bool(a.a, el);
        if (x === (a.t === 'or' ? 'true' : 'false')) return x;
        if (x === (a.t === 'or' ? 'false' : 'true')) return this.bool(a.b, el);
        const r = this.tmp();
        this.emit(`let ${r} = ${x};`);
        this.emit(a.t === 'or' ? `if (!${r}) {` : `if (${r}) {`);
        this.emit(`${r} = ${this.bool(a.b, el)};`);
        this.emit('}');
        return r;
      }
      case 'cmp':
        return this.cmp(a, el);
      case 'call': {
        const n = a.args.length;
        if (a.name === 'not' && n === 1) {
          const x = this.bool(a.args[0], el);
          return x === 'true' ? 'false' : x === 'false' ? 'true' : `!${x}`;
        }
        if (a.name === 'boolean' && n === 1) return this.bool(a.args[0], el);
        if ((a.name === 'exists' || a.name === 'empty') && n === 1) {
          const k = this.nodes(a.args[0], el);
          if (k === null) throw new NoGen();
          return k.length > 0 === (a.name === 'exists') ? 'true' : 'false';
        }
        if (a.name === 'true' && n === 0) return 'true';
        if (a.name === 'false' && n === 0) return 'false';
        if ((a.name === 'contains' || a.name === 'starts-with' || a.name === 'ends-with') && n === 2) {
          const s = this.str(this.val(a.args[0], el));
          const t = this.str(this.val(a.args[1], el));
          const m = a.name === 'contains' ? 'includes' : a.name === 'starts-with' ? 'startsWith' : 'endsWith';
          return `${s}.${m}(${t})`;
        }
        if (a.name === 'matches' && n === 2 && a.args[1].t === 'str') {
          let re: RegExp;
          try {
            re = xpathRegex(a.args[1].v, '');
          } catch {
            throw new NoGen();
          }
          if (re.global || re.sticky) throw new NoGen();
          const s = this.str(this.val(a.args[0], el));
          return `${this.konst(re)}.test(${s})`;
        }
        break;
      }
      case 'step':
      case 'path':
      case 'ctx': {
        const k = this.nodes(a, el);
        if (k !== null) return k.length > 0 ? 'true' : 'false';
        break;
      }
      default:
        break;
    }
    return this.ebv(this.val(a, el));
  }

  /** The effective boolean value of a value (xpath-fast.ts: the generic closure's, through ebv). */
  private ebv(v: V): string {
    const r = this.tmp();
    switch (v.t) {
      case 'B':
        return v.x;
      case 'U':
      case 'S':
        this.emit(`const ${r} = ${v.x} !== undefined && ${v.x}.length > 0;`);
        return r;
      case 'I':
        this.emit(`const ${r} = ${v.x} !== undefined && ${v.x} !== 0;`);
        return r;
      default:
        this.emit(`let ${r} = false;`);
        this.emit(`if (${v.x} === undefined) ${r} = false;`);
        this.emit(`else if (typeof ${v.x} === 'boolean') ${r} = ${v.x};`);
        this.emit(`else if (typeof ${v.x} === 'string') ${r} = ${v.x}.length > 0;`);
        this.emit(`else try { ${r} = EBV([${v.x}]); } catch { return 2; }`);
        return r;
    }
  }

  /** A comparison of two single values (xpath-fast.ts cmp; compareAtomic's rules by static type). */
  private cmp(a: Ast & { t: 'cmp' }, el: XElem): string {
    const x = this.val(a.a, el);
    const y = this.val(a.b, el);
    if (x.t === 'B' || y.t === 'B') throw new NoGen();
    const op = a.op;
    const opk = this.konst(op);
    const r = this.tmp();
    this.emit(`let ${r} = false;`);
    this.emit(`if (${x.x} !== undefined && ${y.x} !== undefined) {`);
    const str = (t: T) => t === 'U' || t === 'S';
    const num = (t: T) => t === 'I' || t === 'N';
    if (str(x.t) && str(y.t)) {
      if (op === '=') this.emit(`${r} = ${x.x} === ${y.x};`);
      else if (op === '!=') this.emit(`${r} = ${x.x} !== ${y.x};`);
      else this.emit(`${r} = OPR(CCP(${x.x}, ${y.x}), ${opk});`);
    } else if (!a.value && ((x.t === 'U' && num(y.t)) || (num(x.t) && y.t === 'U'))) {
      // untypedAtomic against a number: as xs:double (an xs:integer as a JavaScript number is that double)
      const l = x.t === 'U' ? `TD(${x.x})` : x.t === 'I' ? x.x : `NTD(${x.x})`;
      const rr = y.t === 'U' ? `TD(${y.x})` : y.t === 'I' ? y.x : `NTD(${y.x})`;
      this.emit(`try { ${r} = CA(${l}, ${rr}, ${opk}); } catch { return 2; }`);
    } else if (x.t === 'I' && y.t === 'I') {
      this.emit(`${r} = OPR(${x.x} < ${y.x} ? -1 : ${x.x} > ${y.x} ? 1 : 0, ${opk});`);
    } else if (x.t === 'A' || y.t === 'A' || (num(x.t) && num(y.t))) {
      const atom = (v: V): string => {
        if (v.t === 'A') {
          if (!a.value) return v.x;
          // a value comparison takes an untypedAtomic as xs:string
          const s = this.tmp();
          this.emit(`const ${s} = ${v.x} instanceof UA ? ${v.x}.s : ${v.x};`);
          return s;
        }
        if (v.t === 'U') return a.value ? v.x : `new UA(${v.x})`;
        if (v.t === 'I') return `new INT(${v.x})`;
        return v.x;
      };
      const l = atom(x);
      const rr = atom(y);
      this.emit(`try { ${r} = CA(${l}, ${rr}, ${opk}); } catch { return 2; }`);
    } else throw new NoGen();
    this.emit('}');
    return r;
  }

  /** A value as a string for a string function's argument ('' for empty; xpath-fast.ts strOf). */
  private str(v: V): string {
    const s = this.tmp();
    if (v.t === 'U' || v.t === 'S') {
      this.emit(`const ${s} = ${v.x} === undefined ? '' : ${v.x};`);
      return s;
    }
    if (v.t !== 'A') throw new NoGen();
    this.emit(`let ${s};`);
    this.emit(`if (${v.x} === undefined) ${s} = '';`);
    this.emit(`else if (typeof ${v.x} === 'string') ${s} = ${v.x};`);
    this.emit(`else if (${v.x} instanceof UA) ${s} = ${v.x}.s;`);
    this.emit('else return 2;');
    return s;
  }

  /** The one value of `a` at context `el` (xpath-fast.ts val). */
  val(a: Ast, el: XElem): V {
    switch (a.t) {
      case 'str':
        return { t: 'S', x: this.konst(a.v) };
      case 'num': {
        if (a.kind === 'integer') {
          const v = Number(a.v);
          if (Number.isSafeInteger(v)) return { t: 'I', x: String(v) };
          return { t: 'N', x: this.konst(new Int(v)) };
        }
        if (a.kind === 'decimal') {
          const d = Dec.parse(a.v);
          if (!d) throw new NoGen();
          return { t: 'N', x: this.konst(d) };
        }
        return { t: 'N', x: this.konst(Number(a.v)) };
      }
      case 'seq':
        if (a.items.length !== 1) throw new NoGen();
        return this.val(a.items[0], el);
      case 'var': {
        const r = this.tmp();
        const name = this.konst(a.name);
        this.emit(`let ${r};`);
        this.emit(`try { const s = c.vars.get(${name}); if (s.length > 1) return 2; ${r} = s.length ? ATOM(s[0]) : undefined; } catch { return 2; }`);
        return { t: 'A', x: r };
      }
      case 'call':
        return this.call(a, el);
      case 'path':
      case 'step':
      case 'ctx': {
        const one = this.single(a, el);
        if (one !== undefined) return one;
        if (a.t !== 'path' || a.desc) throw new NoGen();
        // `nodes/f(…)`: f on the one node the left side selects (`gl-cor:account/normalize-space(gl-cor:accountMainID)`)
        const lp = this.plainPath(a.a);
        if (lp === null || lp.attr !== null) throw new NoGen();
        const left = this.select(lp.steps, el);
        if (left === null || left.length > 1) throw new NoGen();
        if (left.length === 0) return { t: 'U', x: 'undefined' };
        return this.val(a.b, left[0]);
      }
      default:
        throw new NoGen();
    }
  }

  /** A path's one value, when it selects at most one template element or an attribute of one; undefined otherwise. */
  private single(a: Ast, el: XElem): V | undefined {
    const p = this.plainPath(a);
    if (p === null) return undefined;
    const ns = this.select(p.steps, el);
    if (ns === null) return undefined;
    if (ns.length > 1) throw new NoGen();
    if (ns.length === 0) return { t: 'U', x: 'undefined' };
    const n = ns[0];
    if (p.attr !== null) {
      const v = n.plainAttr(p.attr);
      return { t: 'U', x: v === undefined ? 'undefined' : this.konst(v) };
    }
    const r = this.tmp();
    this.emit(`const ${r} = TV(${this.konst(n)});`);
    return { t: 'U', x: r };
  }

  private call(a: Ast & { t: 'call' }, el: XElem): V {
    const n = a.args.length;
    switch (a.name) {
      case 'normalize-space':
      case 'string-length': {
        let s: string;
        if (n === 0) {
          s = this.tmp();
          this.emit(`const ${s} = TV(${this.konst(el)});`);
        } else if (n === 1) s = this.str(this.val(a.args[0], el));
        else throw new NoGen();
        const r = this.tmp();
        if (a.name === 'normalize-space') {
          this.emit(`const ${r} = NS(${s});`);
          return { t: 'S', x: r };
        }
        this.emit(`const ${r} = CPL(${s});`);
        return { t: 'I', x: r };
      }
      case 'count': {
        if (n !== 1) throw new NoGen();
        const k = this.nodes(a.args[0], el);
        if (k === null) throw new NoGen();
        return { t: 'I', x: String(k.length) };
      }
      case 'sum':
        if (n !== 1) throw new NoGen();
        return this.sum(a.args[0], el);
      case 'number': {
        if (n !== 1) throw new NoGen();
        const v = this.val(a.args[0], el);
        const r = this.tmp();
        this.emit(`let ${r};`);
        this.emit(`if (${v.x} === undefined) ${r} = NaN;`);
        if (v.t === 'I') this.emit(`else ${r} = ${v.x};`);
        else if (v.t === 'B') this.emit(`else ${r} = ${v.x} ? 1 : 0;`);
        else {
          this.emit(`else if (ISNUM(${v.x})) ${r} = NTD(${v.x});`);
          this.emit(`else if (typeof ${v.x} === 'boolean') ${r} = ${v.x} ? 1 : 0;`);
          this.emit(`else try { ${r} = TD(typeof ${v.x} === 'string' ? ${v.x} : ${v.x}.s); } catch { ${r} = NaN; }`);
        }
        return { t: 'N', x: r };
      }
      default:
        break;
    }
    const colon = a.name.indexOf(':');
    if (colon > 0 && n === 1 && a.name.slice(colon + 1) === 'decimal' && this.host.uri(a.name.slice(0, colon)) === XS) {
      const v = this.val(a.args[0], el);
      const r = this.tmp();
      const arg = v.t === 'I' ? `new INT(${v.x})` : v.x;
      this.emit(`let ${r};`);
      this.emit(`if (${v.x} !== undefined) try { ${r} = TDEC(${arg}); } catch { return 2; }`);
      return { t: 'N', x: r };
    }
    throw new NoGen();
  }

  /**
   * `sum(P)` or `sum(P/f(…))` where P has child steps whose predicates are boolean tests (GİB's line sums,
   * `sum(gl-cor:entryDetail[gl-cor:debitCreditCode = 'D' or …]/xs:decimal(gl-cor:amount))`): the candidates are fixed by
   * the shape, each one's predicates and value are compiled for it, and the values are added as xpath-fast.ts's `sum`
   * adds them (an untypedAtomic as xs:double, then `+`).
   */
  private sum(a: Ast, el: XElem): V {
    let path = a;
    let right: Ast | null = null;
    if (a.t === 'path' && !a.desc && a.b.t === 'call') {
      path = a.a;
      right = a.b;
    }
    const steps: (Ast & { t: 'step' })[] = [];
    const walk = (x: Ast): boolean => {
      if (x.t === 'step') {
        steps.push(x);
        return true;
      }
      return x.t === 'path' && !x.desc && x.a.t !== 'root' && x.b.t === 'step' && walk(x.a) && walk(x.b);
    };
    if (!walk(path) || steps.length === 0) throw new NoGen();
    const acc = this.tmp();
    this.emit(`let ${acc};`);
    // the candidates of each step, document order; a predicate's test decides per candidate at run time
    const visit = (ns: XElem, i: number): void => {
      if (i === steps.length) {
        const v = right === null ? this.single({ t: 'ctx' }, ns) : this.val(right, ns);
        if (v === undefined) throw new NoGen();
        this.add(acc, v);
        return;
      }
      const s = steps[i];
      if (s.axis !== 'child' || s.test.k !== 'name') throw new NoGen();
      let key: string;
      try {
        key = nameKey(this.host.uri(s.test.prefix), s.test.local);
      } catch {
        throw new NoGen();
      }
      for (const c of ns.children) {
        if (typeof c === 'string' || c.key !== key) continue;
        let open = 0;
        for (const p of s.preds) {
          // a boolean test only: a number would select by position
          if (!(p.t === 'or' || p.t === 'and' || p.t === 'cmp')) throw new NoGen();
          this.emit(`if (${this.bool(p, c)}) {`);
          open++;
        }
        visit(c, i + 1);
        for (let k = 0; k < open; k++) this.emit('}');
      }
    };
    visit(el, 0);
    const r = this.tmp();
    this.emit(`const ${r} = ${acc} === undefined ? ${this.konst(new Int(0))} : ${acc};`);
    return { t: 'N', x: r };
  }

  /** Adds value `v` to the running sum `acc` (undefined before the first value). */
  private add(acc: string, v: V): void {
    let y: string;
    if (v.t === 'S' || v.t === 'B') {
      this.emit(`if (${v.x} !== undefined) return 2;`);
      return;
    }
    if (v.t === 'U') {
      y = this.tmp();
      this.emit(`let ${y};`);
      this.emit(`if (${v.x} !== undefined) try { ${y} = TD(${v.x}); } catch { return 2; }`);
    } else if (v.t === 'I') y = `(${v.x} === undefined ? undefined : new INT(${v.x}))`;
    else if (v.t === 'A') {
      y = this.tmp();
      this.emit(`let ${y} = ${v.x};`);
      this.emit(`if (${y} instanceof UA) try { ${y} = TD(${y}.s); } catch { return 2; }`);
      this.emit(`if (${y} !== undefined && !ISNUM(${y})) return 2;`);
    } else y = v.x;
    const t = this.tmp();
    this.emit(`const ${t} = ${y};`);
    this.emit(`if (${t} !== undefined) { if (${acc} === undefined) ${acc} = ${t}; else try { ${acc} = ARITH('+', ${acc}, ${t}); } catch { return 2; } }`);
  }

  /** A path of child steps (after `..` steps, optionally ending in `@name`) without predicates, or null. */
  private plainPath(a: Ast): { steps: Ast[]; attr: string | null } | null {
    const steps: Ast[] = [];
    const walk = (x: Ast): boolean => {
      if (x.t === 'ctx') return true;
      if (x.t === 'step') {
        steps.push(x);
        return true;
      }
      if (x.t === 'path' && !x.desc && x.a.t !== 'root' && x.b.t === 'step') return walk(x.a) && walk(x.b);
      return false;
    };
    if (!walk(a)) return null;
    let attr: string | null = null;
    const last = steps[steps.length - 1];
    if (last !== undefined && last.t === 'step' && last.axis === 'attribute') {
      if (last.test.k !== 'name' || last.test.prefix !== '' || last.preds.length) return null;
      attr = last.test.local;
      steps.pop();
    }
    return { steps, attr };
  }

  /** The template elements a plain path's element steps select from `el`; null when that is not fixed by the shape. */
  private select(steps: Ast[], el: XElem): XElem[] | null {
    let ns: XElem[] = [el];
    let down = false;
    for (const s of steps) {
      if (s.t !== 'step' || s.preds.length) return null;
      if (s.axis === 'parent' && s.test.k === 'kind' && s.test.kind === 'node') {
        // `..` only before the child steps (as xpath-fast.ts): the elements reached stay distinct
        if (down) return null;
        const up: XElem[] = [];
        for (const n of ns) {
          if (n === this.root || !(n.parent instanceof XElem)) return null;
          up.push(n.parent);
        }
        ns = up;
        continue;
      }
      if (s.axis !== 'child' || s.test.k !== 'name') return null;
      down = true;
      let key: string;
      try {
        key = nameKey(this.host.uri(s.test.prefix), s.test.local);
      } catch {
        return null;
      }
      const next: XElem[] = [];
      for (const n of ns) for (const c of n.children) if (typeof c !== 'string' && c.key === key) next.push(c);
      ns = next;
    }
    return ns;
  }

  /** The template elements (or attributes, as their elements) a plain path selects from `el`; null when not fixed. */
  private nodes(a: Ast, el: XElem): XElem[] | null {
    const p = this.plainPath(a);
    if (p === null) return null;
    const ns = this.select(p.steps, el);
    if (ns === null || p.attr === null) return ns;
    const attr = p.attr;
    return ns.filter((n) => n.plainAttr(attr) !== undefined);
  }
}
