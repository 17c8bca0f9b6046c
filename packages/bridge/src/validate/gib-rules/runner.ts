/**
 * The streaming runner: builds the engine's small tree from lexer events, evaluates every rule of
 * a compiled `.sch` with ISO Schematron semantics (per pattern, a node is checked by the FIRST
 * rule whose context matches it), and keeps memory flat in the number of entries:
 *
 *  - each `gl-cor:entryHeader` under `…/xbrli:xbrl/gl-cor:accountingEntries` (a UNIT) is evaluated
 *    when its end tag arrives — every rule whose context lies inside it — and then dropped;
 *  - when the `.sch` allows it (no following::/preceding:: axis: the Kebir, whose madde is one account
 *    with all its lines), each LINE (`gl-cor:entryDetail` of a unit) is likewise evaluated at its end tag
 *    and dropped; the madde's own expressions over its lines (count, sum, distinct values, the first
 *    line, preceding-sibling max) read accumulators fed line by line, so memory is flat in an account's lines;
 *  - expressions of outer rules that read the units (`count(gl-cor:entryHeader)`, kebir's account
 *    lists) get ACCUMULATORS fed per unit before it is dropped;
 *  - asserts over `following::node()` (GİB's müteselsil / date-order rules) become PROBES:
 *    pending until some later node satisfies them, indexed by value so a valid file resolves each
 *    probe with the next unit; unresolved at the end = failure, exactly GİB's existential semantics;
 *  - everything else (header, context, units of measure, signature) is kept and evaluated at the
 *    end, so absolute paths (`/edefter:defter/…/gl-muc:defaultCurrency`) read the retained tree.
 */
import type { CAssert, CompiledRules, CRule, CtxStep, Chain, ProbeTerm } from './compile.ts';
import type { AccPath } from './xpath-compile.ts';
import { GL_COR, LINE_UNIT_KEY, UNIT_KEY, matchAlt } from './compile.ts';
import { UnitProgram, mapUnit, type UnitCheck } from './unit-program.ts';
import { NsScope, ShapePlace, XDoc, XElem, nameKey, stringValue } from './tree.ts';
import { END, PI, START, type RecordedTag, type UnitRecord } from '../unit-record.ts';
import { FALSE, PLACEHOLDER, Scope, StreamingUnsupported, TRUE, atomize, ebv, type Ctx, type Env, type Fn } from './xpath-compile.ts';
import { FUNCTIONS, sumInto } from './xpath-functions.ts';
import { UA, XPathError, atomicString, compareAtomic, compareCodepoints, isNumeric, numToDouble, toDouble, type Atomic, type Seq } from './xpath-values.ts';
import { isNode } from './tree.ts';
import type { RuleFailure } from './types.ts';
import type { CmpOp } from './xpath-parse.ts';

const XBRLI = 'http://www.xbrl.org/2003/instance';
const ACC_KEY = nameKey(GL_COR, 'accountingEntries');
const XBRL_KEY = nameKey(XBRLI, 'xbrl');
const COUNTER_KEY = nameKey(GL_COR, 'entryNumberCounter');
const DETAIL_KEY = nameKey(GL_COR, 'entryDetail');
const LINE_KEY = nameKey(GL_COR, 'lineNumber');

/** Shape places kept at most (a file of ever new unit shapes builds its units as without shapes from there on). */
const MAX_PLACES = 1 << 16;

/**
 * Unit shapes given programs at most (unit-program.ts): each keeps one or two templates, a tree of its unit. A ledger
 * has a handful of shapes; a file of ever new ones keeps building its units, as without programs.
 */
const MAX_PROGRAMS = 128;

/** Attribute texts a gated rule remembers as passed (a ledger repeats a handful; a file of ever new ones must not grow it without end). */
const GATE_TEXTS = 256;

/** Trie of element paths, caching which rules can match a path (structurally). */
class PathNode implements Chain {
  readonly kids = new Map<string, PathNode>();
  /** Patterns with candidate rules for this path (structural match), candidates in document order. */
  plan: { pattern?: string; cands: CRule[]; direct: boolean }[] | null = null;
  constructor(
    readonly key: string,
    readonly up: PathNode | null,
  ) {}
  child(key: string): PathNode {
    let k = this.kids.get(key);
    // Children of the document's node have no `up`: a chain ends at the root element.
    if (!k) {
      k = new PathNode(key, this.key === '' && this.up === null ? null : this);
      this.kids.set(key, k);
    }
    return k;
  }
}

/** Failure facts captured before a node is dropped. */
interface Where {
  xmlLine: number;
  column: number;
  location: string;
  entry?: string;
  line?: string;
  tr: string;
}

interface Probe {
  a: CAssert;
  rule: CRule;
  pattern?: string;
  node: XElem | null;
  where: Where | null;
  end: number;
  terms: ProbeTerm[];
  /** Index of the term that raised an error (evaluation stops there), or terms.length. */
  stop: number;
  error?: string;
  /** Per cmp term: resolved true. */
  resolved: boolean;
  dead: boolean;
  scopeMsg: Scope | null;
}

interface CmpEntry {
  p: Probe;
  term: number;
  ys: Atomic[];
  op: CmpOp;
  key: number | string;
}

/**
 * `m` without `key`, as the map to go on with. A Map that lives long has its table in V8's old space, and a delete
 * that shrinks it allocates the smaller table there too: garbage until the next full GC (~20 MiB between two of them
 * on a 200 MB Yevmiye, where the pending keys come and go once per madde). Emptied, it is replaced by a new Map, which
 * is young and dies young.
 */
function without<K, V>(m: Map<K, V>, key: K): Map<K, V> {
  if (m.size === 1 && m.has(key)) return new Map();
  m.delete(key);
  return m;
}

/**
 * Pending probes kept before the list is pruned of resolved ones (then twice the live ones, at least this). Small, so
 * that resolved probes die young instead of being promoted to V8's old space by surviving scavenges in the list.
 */
const PRUNE_MIN = 64;

/** Per-feed index of pending comparison probes. */
class FeedIndex {
  /** `=` against numbers: by double value (replaced when emptied, see {@link without}). */
  numEq = new Map<number | string, CmpEntry[]>();
  numEqSize = 0;
  /** `>=`/`>` against strings: min-heap by threshold (the smallest y). */
  readonly geHeap: CmpEntry[] = [];
  /** Everything else: checked one by one. */
  readonly generic: CmpEntry[] = [];
  lastHit = 0;
}

/** Accumulated state of one accumulator path for one node (see {@link RuleRun}). */
interface AccState {
  count: number;
  list: Atomic[];
  /** Running fn:sum (mode `sum`), null before the first value. */
  sum?: Atomic | null;
  /** Per predicate of the first step: how many lines reached it (their positions). */
  seen?: number[];
  /** Mode `distinct`: list length after the last compaction. */
  compacted?: number;
  error?: XPathError;
}

/** Incremental state of a preceding-sibling aggregate. */
interface AggState {
  parent: XElem | XDoc;
  upto: number;
  acc: Atomic | null;
  any: boolean;
  err: XPathError | null;
}

/**
 * The programs of one unit shape, used in turn. A madde whose `.sch` has probes needs two: a probe keeps its madde's
 * nodes until the end of the next madde (RuleRun.materialize), so a template is refilled only after the madde after it.
 */
interface ShapePrograms {
  progs: UnitProgram[];
  need: number;
  turn: number;
}

/** What a line accumulator evaluates per line (AccPath's own, or compiled for a template line: AccPath.partsAt). */
type AccParts = { preds: Fn[]; rest: Fn | null };

/** Options of a run. */
export interface RunOptions {
  file: string;
  baseUri: string;
  maxFindings: number;
  ignore?: (f: RuleFailure) => boolean;
}

/** One document's evaluation. Feed lexer events, then call {@link finish}. */
export class RuleRun {
  readonly doc: XDoc;
  private readonly env: Env;
  private readonly global: Scope;
  private readonly stack: XElem[] = [];
  private readonly nsStack: NsScope[] = [];
  private idx = 0;
  private readonly trie = new PathNode('', null);
  readonly failures: RuleFailure[] = [];
  count = 0;
  private unitCount = 0;
  private lastUnitIdx = 0;
  private readonly acc: Map<XElem | XDoc, AccState>[];
  /** Lines seen in the current unit (ordinal of the next streamed line). */
  private lineCount = 0;
  private readonly aggState = new Map<number, AggState>();
  private readonly feedIdx: FeedIndex[];
  private readonly openProbes: Probe[] = [];
  private pruneAt = PRUNE_MIN;
  private unitProbes: Probe[] = [];
  private prevUnitProbes: Probe[] = [];
  private readonly rootNs = new NsScope(null, new Map());
  /** Per gated rule, the attribute texts on which all its asserts passed (at most {@link GATE_TEXTS} each). */
  private readonly gatePassed = new Map<CRule, Set<string>>();
  /** Per unit shape, its places in document order; the current unit's, and the place of its next element. */
  private readonly shapes: ShapePlace[][] = [];
  private places: ShapePlace[] | null = null;
  private placeAt = 0;
  private placeCount = 0;
  /** Per unit shape: its programs (unit-program.ts), null when the shape cannot have one, undefined before the first. */
  private readonly programs: (ShapePrograms | null | undefined)[] = [];
  /** Shapes given programs (at most {@link MAX_PROGRAMS}). */
  private programCount = 0;
  /** The last madde or streamed line dropped (the one a program is learnt from). */
  private lastUnit: XElem | null = null;
  /** The rule scopes of a program's checks, while it runs. */
  private readonly scopes: Scope[] = [];
  /** Failures found, the ignored ones included (a line that found any is not learnt from). */
  private attempts = 0;

  constructor(
    readonly rules: CompiledRules,
    readonly o: RunOptions,
  ) {
    this.doc = new XDoc(o.baseUri);
    const accState = (this.acc = rules.accs.map(() => new Map()));
    this.env = {
      doc: this.doc,
      baseUri: o.baseUri,
      precedingAgg: () => [],
      accumulated: (id, node) => {
        const st = accState[id].get(node);
        if (!st) return [];
        if (st.error) throw st.error;
        const mode = rules.accs[id].mode;
        if (mode === 'count') return new Array(st.count).fill(PLACEHOLDER);
        if (mode === 'sum') return st.sum != null ? [st.sum] : []; // a double 0 is a sum too
        return st.list;
      },
    };
    this.env.precedingAgg = (id, node, rest, kind, c) => {
      const st = this.aggAdvance(id, node.parent, node.pos, rest, kind, c.vars);
      if (st.err) throw st.err;
      if (kind === 'exists') return st.any ? TRUE : FALSE;
      return st.acc === null ? [] : [st.acc];
    };
    this.global = new Scope(null, rules.lets, this.doc, this.env);
    this.feedIdx = rules.feeds.map(() => new FeedIndex());
  }

  /**
   * Folds the children of `parent` before index `upto` into aggregate `id` (incrementally; a new
   * parent, or an earlier position, starts over). Errors are kept in the state.
   */
  private aggAdvance(id: number, parent: XElem | XDoc, upto: number, rest: Fn, kind: 'max' | 'min' | 'exists', vars: Scope): AggState {
    let st = this.aggState.get(id);
    if (!st || st.parent !== parent || st.upto > upto) {
      st = { parent, upto: 0, acc: null, any: false, err: null };
      this.aggState.set(id, st);
    }
    const ch = parent.children as (XElem | string)[];
    for (; st.upto < upto && !st.err; st.upto++) {
      const x = ch[st.upto];
      // a text node: rest on it (no children) gives nothing for the child paths GİB uses
      if (typeof x === 'string') continue;
      try {
        const v = atomize(rest({ item: x, pos: 1, size: 1, vars, env: this.env }));
        if (v.length) st.any = true;
        if (kind !== 'exists')
          for (const y0 of v) {
            const y = y0 instanceof UA ? toDouble(y0.s) : y0;
            if (st.acc === null || (typeof y === 'number' && Number.isNaN(y))) st.acc = y;
            else if (!(typeof st.acc === 'number' && Number.isNaN(st.acc)) && compareAtomic(y, st.acc, kind === 'max' ? '>' : '<')) st.acc = y;
          }
      } catch (e) {
        if (!(e instanceof XPathError)) throw e;
        st.err = e;
      }
    }
    return st;
  }

  // ---- tree building (lexer handler) ----

  /**
   * A unit record (validate/unit-record.ts): its tokens build the unit as they would one by one, and each element of a
   * unit with a shape takes what its shape place decided (name key, scope, plan node) and shares the place's index of
   * children by name. Every unit is replayed here, so the loop is the runner's own (UnitRecord.replay is shared by
   * several handler classes, and its calls would not stay monomorphic).
   */
  takeUnit(rec: UnitRecord): void {
    const id = rec.shape;
    // a madde or streamed line of a shape with a program: evaluated on a template, built only when something fails there
    const depth = this.programDepth(id);
    let sp: ShapePrograms | null | undefined;
    if (depth !== 0) {
      sp = this.programs[id];
      if (sp !== undefined && sp !== null && sp.progs.length === sp.need) {
        const p = sp.progs[sp.turn];
        sp.turn = (sp.turn + 1) % sp.need;
        if (this.runProgram(p, rec, depth)) return;
      }
    }
    const attempts = this.attempts;
    this.lastUnit = null;
    let places: ShapePlace[] | null = null;
    if (id >= 0) {
      places = this.shapes[id];
      if (places === undefined && this.placeCount < MAX_PLACES) this.shapes[id] = places = [];
    }
    this.places = places ?? null;
    this.placeAt = 0;
    try {
      const { kinds, lines, cols, refs } = rec;
      for (let i = 0, n = rec.n; i < n; i++) {
        const k = kinds[i];
        if (k === START) {
          const t = refs[i] as RecordedTag;
          this.start(t.qname, t.attrs, t.selfClosing, lines[i], cols[i]);
        } else if (k === END) this.end();
        else if (k !== PI) this.text(refs[i] as string);
      }
    } finally {
      this.places = null;
    }
    const d = this.lastUnit;
    this.lastUnit = null;
    if (depth === 0 || d === null || this.attempts !== attempts || sp === null) return;
    // learnt from a unit built here that found nothing: a madde needs two templates (see ShapePrograms.need)
    if (sp === undefined && this.programCount >= MAX_PROGRAMS) return;
    const p = this.learn(rec, d, depth);
    if (p === null) this.programs[id] = null;
    else if (sp === undefined) {
      this.programs[id] = { progs: [p], need: depth === 3 && this.rules.feeds.length ? 2 : 1, turn: 0 };
      this.programCount++;
    } else if (sp.progs.length < sp.need) sp.progs.push(p);
  }

  /**
   * The depth of the parent of a unit of shape `id` that can run on a program (see unit-program.ts): 4 for a streamed
   * line (its parent a madde), 3 for a madde (its parent `gl-cor:accountingEntries` in `xbrli:xbrl`), 0 for no program.
   */
  private programDepth(id: number): number {
    if (id < 0) return 0;
    const depth = this.stack.length;
    if (depth === 4) return this.rules.streamLines && this.stack[3].nth > 0 ? 4 : 0;
    return depth === 3 && !this.rules.streamLines && this.stack[2].key === ACC_KEY && this.stack[1].key === XBRL_KEY ? 3 : 0;
  }

  /**
   * A program for the shape of unit `d` (unit-program.ts), built from `rec` and evaluated with no failure: what each
   * element's rule plan ran there, less what its place decides for every later element (a quiet place, a gated rule the
   * attribute text keeps out, a structural assert that held). Null when a plan has a rule with predicates in its context
   * or a gated rule that ran, or a streamed line has a probe.
   */
  private learn(rec: UnitRecord, d: XElem, depth: number): UnitProgram | null {
    const prog = mapUnit(rec, d, this.nsStack[depth - 1], this.stack[depth - 1].tn);
    if (prog === null) return null;
    // a streamed line's accumulators, their parts compiled for the template line (AccPath.partsAt)
    if (depth === 4) prog.accParts = this.rules.accs.map((a) => (a.level === 'line' && a.partsAt !== null ? a.partsAt(d, d) : a));
    // which elements can feed a probe is fixed by their place (RuleRun.feed); unknown counts as can
    prog.feeders = Uint8Array.from(prog.elems, (e) => (e.sh!.feeds === null || e.sh!.feeds.includes(1) ? 1 : 0));
    for (let j = 0; j < prog.elems.length; j++) {
      const e = prog.elems[j];
      const sh = e.sh!;
      if (sh.quiet) continue;
      const plan = (e.tn as PathNode).plan;
      if (plan === null) return null;
      for (const pl of plan) {
        if (!pl.direct) return null;
        const r = pl.cands[0];
        if (r.gate !== null) {
          if (!mentionsAny(e.rawAttrs, r.gate) || this.gatePassed.get(r)?.has(e.rawAttrs)) continue;
          return null;
        }
        const asserts: CAssert[] = [];
        const probes: CAssert[] = [];
        for (const a of r.asserts) {
          if (a.probe) {
            if (depth === 4) return null;
            probes.push(a);
          } else if (sh.held === null || sh.held[a.index] !== 1) asserts.push(a);
        }
        if (!r.lets.size && !asserts.length && !probes.length) continue;
        // each test compiled for this template element where it can be (xpath-gen.ts), else its fast form
        const tests = asserts.map((a) => a.boolAt?.(e, d) ?? a.bool!);
        const lets = r.lets.size ? (r.letsAt?.(e, d) ?? r.lets) : r.lets;
        prog.checks.push({ rule: r, el: e, at: j, pattern: pl.pattern, asserts, tests, lets, probes });
      }
    }
    return prog;
  }

  /**
   * Unit `rec` on template `p`, its parent on the stack at `depth`: true when every check held and the unit was taken in
   * (probes, feeds, accumulators, aggregates, dropped) as a built one would be; false, with nothing changed, when it must
   * be built and evaluated instead.
   */
  private runProgram(p: UnitProgram, rec: UnitRecord, depth: number): boolean {
    const parent = this.stack[depth - 1];
    if (parent.tn !== p.parentTn || this.nsStack[depth - 1] !== p.parentNs) return false;
    const base = this.idx;
    p.fill(rec, base);
    const d = p.template;
    d.parent = parent;
    d.pos = parent.children.length;
    const lineCount = this.lineCount;
    if (depth === 4) d.nth = ++this.lineCount;
    else {
      d.nth = ++this.unitCount;
      this.lineCount = 0;
    }
    (parent.children as XElem[]).push(d);
    this.idx = base + p.nodes;
    const checks = p.checks;
    const scopes = this.scopes;
    for (let i = 0; i < checks.length; i++) {
      const c = checks[i];
      const scope = this.holds(c);
      if (scope === null) {
        (parent.children as unknown[]).pop();
        this.idx = base;
        if (depth === 4) this.lineCount--;
        else {
          this.unitCount--;
          this.lineCount = lineCount;
        }
        scopes.length = 0;
        return false;
      }
      if (c.probes.length) scopes[i] = scope;
    }
    if (depth === 4) {
      this.dropLine(d, p.accParts);
      return true;
    }
    // in document order, as the built unit's walk: each element feeds the pending probes, then its rules' probes register
    const elems = p.elems;
    const feeds = this.rules.feeds.length > 0;
    for (let j = 0, i = 0; j < elems.length; j++) {
      const e = elems[j];
      if (feeds && p.feeders[j] === 1) this.feed(e);
      for (; i < checks.length && checks[i].at === j; i++) {
        const c = checks[i];
        if (c.probes.length === 0) continue;
        const ctx: Ctx = { item: e, pos: 1, size: 1, vars: scopes[i], env: this.env };
        for (const a of c.probes) this.probe(a, c.rule, e, ctx, c.pattern);
      }
    }
    scopes.length = 0;
    this.dropUnit(d);
    return true;
  }

  /**
   * A check's lets and asserts on its element, reporting nothing: the rule's scope (with its lets evaluated) when every
   * let evaluates and every assert holds, else null.
   */
  private holds(c: UnitCheck): Scope | null {
    const lets = c.lets;
    const scope = lets.size ? new Scope(this.global, lets, c.el, this.env) : this.global;
    const ctx: Ctx = { item: c.el, pos: 1, size: 1, vars: scope, env: this.env };
    const { asserts, tests } = c;
    try {
      if (lets.size) for (const name of lets.keys()) scope.get(name);
      for (let i = 0; i < asserts.length; i++) {
        const v = tests[i](ctx);
        if (asserts[i].report ? v : !v) return null;
      }
    } catch (e) {
      if (e instanceof XPathError || e instanceof StreamingUnsupported) return null;
      throw e;
    }
    return scope;
  }

  /** Start tag. */
  start(qname: string, attrs: string, _self: boolean, line: number, column = 0): void {
    const depth = this.stack.length;
    const parent: XElem | XDoc = depth ? this.stack[depth - 1] : this.doc;
    const parentNs = depth ? this.nsStack[depth - 1] : this.rootNs;
    const parentTn = parent instanceof XElem ? (parent.tn as PathNode) : this.trie;
    const places = this.places;
    let place = places !== null ? places[this.placeAt++] : undefined;
    let ns: NsScope, key: string, tn: PathNode;
    if (place !== undefined && place.parentNs === parentNs && place.parentTn === parentTn) {
      ns = place.ns;
      key = place.key;
      tn = place.tn as PathNode;
    } else {
      ns = parentNs;
      if (attrs.length > 4 && attrs.indexOf('xmlns') >= 0) {
        const decls = new Map<string, string>();
        const re = /(?:^|\s)xmlns(?::([^\s=]+))?\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
        let m: RegExpExecArray | null;
        while ((m = re.exec(attrs))) decls.set(m[1] ?? '', m[2] ?? m[3] ?? '');
        if (decls.size) ns = new NsScope(ns, decls);
      }
      key = ns.elementKey(qname);
      tn = parentTn.child(key);
      if (places !== null && place === undefined && this.placeCount < MAX_PLACES) {
        place = places[this.placeAt - 1] = new ShapePlace(key, ns, tn, parentNs, parentTn);
        this.placeCount++;
      } else place = undefined;
    }
    const el = new XElem(parent, key, qname, attrs, ns, ++this.idx, line, column);
    el.tn = tn;
    if (place !== undefined) el.sh = place;
    el.pos = parent.children.length;
    (parent.children as XElem[]).push(el);
    if (depth === 3 && key === UNIT_KEY && (parent as XElem).key === ACC_KEY && this.stack[1].key === XBRL_KEY) {
      el.nth = ++this.unitCount;
      this.lineCount = 0;
    } else if (depth === 4 && key === LINE_UNIT_KEY && this.rules.streamLines && (parent as XElem).nth > 0) el.nth = ++this.lineCount;
    this.stack.push(el);
    this.nsStack.push(ns);
  }

  /** End tag. */
  end(): void {
    const el = this.stack.pop()!;
    this.nsStack.pop();
    el.end = this.idx;
    if (el.nth > 0) {
      if (this.stack.length === 3) this.unit(el);
      else if (this.stack.length === 4) this.line(el);
    }
  }

  /** Character data. */
  text(s: string): void {
    const d = this.stack.length;
    if (!d) return;
    const el = this.stack[d - 1];
    const ch = el.children;
    const last = ch.length - 1;
    if (last >= 0 && typeof ch[last] === 'string') {
      // After a dropped madde this text is a new node (the madde stood between): it gets its own index
      // for following:: tests, but white space is kept once (it would grow by one string per madde).
      if (el.dropped > 0) {
        this.idx++;
        if (isWhite(s) && isWhite(ch[last] as string)) return;
      }
      ch[last] = (ch[last] as string) + s;
    } else {
      ch.push(s);
      this.idx++;
    }
  }

  // ---- evaluation ----

  /**
   * A streamed line (gl-cor:entryDetail of a unit) ended: its rules run, the unit's line accumulators
   * and the preceding-sibling aggregates take it in, then it is dropped.
   */
  private line(d: XElem): void {
    const visit = (e: XElem) => {
      this.feed(e);
      this.evalNode(e);
      const ch = e.children;
      for (let i = 0; i < ch.length; i++) {
        const c = ch[i];
        if (typeof c !== 'string') visit(c);
      }
    };
    visit(d);
    this.dropLine(d);
    this.lastUnit = d;
  }

  /**
   * Line `d`, evaluated: the unit's line accumulators and the preceding-sibling aggregates take it in, then it is dropped.
   * @param parts the accumulators' parts compiled for `d` when it is a program's template (UnitProgram.accParts), by id
   */
  private dropLine(d: XElem, parts: AccParts[] | null = null): void {
    const u = d.parent as XElem;
    for (const a of this.rules.accs) if (a.level === 'line') this.feedLine(a, u, d, parts !== null ? parts[a.id] : undefined);
    for (const g of this.rules.aggs) this.aggAdvance(g.id, u, d.pos + 1, g.rest, g.kind, this.global);
    (u.children as unknown[]).pop();
    u.droppedKids++;
    for (let p: XElem | XDoc | null = u; p; p = p.parent) p.dropped++;
    // the aggregates have folded every child up to the dropped line; the array is one shorter now
    for (const st of this.aggState.values()) if (st.parent === u && st.upto > u.children.length) st.upto = u.children.length;
  }

  /** Feeds line accumulator `a` of unit `u` with line `d` (its first-step predicates, then rest by mode; `parts`: a's, compiled for `d`). */
  private feedLine(a: AccPath, u: XElem, d: XElem, parts: AccParts = a): void {
    const m = this.acc[a.id];
    let st = m.get(u);
    if (!st) {
      st = { count: 0, list: [], sum: null, seen: a.preds.map(() => 0), compacted: 0 };
      m.set(u, st);
    }
    if (st.error) return;
    try {
      if (a.nth > 0) {
        // `[n]`: the n-th line only (what the predicate's number says, without evaluating it)
        if (++st.seen![0] !== a.nth) return;
      } else
        for (let i = 0; i < a.preds.length; i++) {
          const pos = ++st.seen![i];
          const r = parts.preds[i]({ item: d, pos, size: -1, vars: this.global, env: this.env });
          const ok = r.length === 1 && !isNode(r[0]) && isNumeric(r[0] as Atomic) ? numToDouble(r[0] as number) === pos : ebv(r);
          if (!ok) return;
        }
      const rest = parts.rest;
      if (!rest) {
        st.count++;
        return;
      }
      const r = rest({ item: d, pos: 1, size: 1, vars: this.global, env: this.env });
      st.count += r.length;
      if (a.mode === 'count' || r.length === 0) return;
      if (a.mode === 'sum') {
        // fn:sum over [the sum so far, this line's items] with fn:sum's own fold (sumInto), without building its
        // argument sequence and calling it per line
        st.sum = sumInto(st.sum ?? null, atomize(r));
        return;
      }
      for (const x of r) st.list.push(isNode(x) ? new UA(flat(stringValue(x))) : typeof x === 'string' ? flat(x) : x instanceof UA ? new UA(flat(x.s)) : x);
      if (a.mode === 'distinct' && st.list.length >= 2 * st.compacted! + 16) {
        // distinct-values(distinct-values(A), B) = distinct-values(A, B), first occurrences kept
        const l = st.list;
        st.list = FUNCTIONS['distinct-values'].f({ item: d, pos: 1, size: 1, vars: this.global, env: this.env }, [() => l]) as Atomic[];
        st.compacted = st.list.length;
      }
    } catch (e) {
      if (e instanceof XPathError) st.error = e;
      else throw e;
    }
  }

  private unit(u: XElem): void {
    // 1. every element of the unit, in document order: later node for pending probes, then its rules
    const visit = (e: XElem) => {
      this.feed(e);
      this.evalNode(e);
      const ch = e.children;
      for (let i = 0; i < ch.length; i++) {
        const c = ch[i];
        if (typeof c !== 'string') visit(c);
      }
    };
    visit(u);
    this.dropUnit(u);
    this.lastUnit = u;
  }

  /** Madde `u`, evaluated: the outer rules' accumulators take it in, its probes keep their facts, then it is dropped. */
  private dropUnit(u: XElem): void {
    // 2. accumulators for the outer rules
    const parent = u.parent as XElem;
    for (const a of this.rules.accs) {
      const m = this.acc[a.id];
      if (a.level !== 'unit') continue;
      let st = m.get(parent);
      if (!st) {
        st = { count: 0, list: [] };
        m.set(parent, st);
      }
      if (st.error) continue;
      if (!a.rest) {
        st.count++;
        continue;
      }
      try {
        const r = a.rest({ item: u, pos: 1, size: 1, vars: this.global, env: this.env });
        st.count += r.length;
        // Flat copies: a slice of the lexer's chunk would keep the whole chunk alive.
        if (a.mode === 'list')
          for (const x of r) st.list.push(isNode(x) ? new UA(flat(stringValue(x))) : typeof x === 'string' ? flat(x) : x instanceof UA ? new UA(flat(x.s)) : x);
      } catch (e) {
        if (e instanceof XPathError) st.error = e;
        else throw e;
      }
    }
    // the unit's line accumulators are spent
    for (const a of this.rules.accs) if (a.level === 'line') this.acc[a.id] = without(this.acc[a.id], u);
    // 3. probes of the unit before last that are still pending keep their facts, not the nodes
    for (const p of this.prevUnitProbes) if (!p.dead && p.node) this.materialize(p);
    this.prevUnitProbes = this.unitProbes;
    this.unitProbes = [];
    // 4. drop it
    (parent.children as unknown[]).pop();
    parent.dropped++;
    for (let p: XElem | XDoc | null = parent.parent; p; p = p.parent) p.dropped++;
    this.lastUnitIdx = u.end;
  }

  /** Rules for one node, per pattern the first rule whose context matches. */
  private evalNode(e: XElem): void {
    const sh = e.sh;
    // an element at a quiet place: its rules are all gated out by the attribute text every element there has
    if (sh !== null && sh.quiet) return;
    const tn = e.tn as PathNode;
    let plan = tn.plan;
    if (!plan) {
      plan = [];
      for (const p of this.rules.patterns) {
        const cands = p.rules.filter((r) => r.alts.some((alt) => matchAlt(alt, tn, null, () => true)));
        if (cands.length) plan.push({ pattern: p.id, cands, direct: !cands[0].hasPreds });
      }
      tn.plan = plan;
    }
    let quiet = sh !== null;
    for (let pi = 0; pi < plan.length; pi++) {
      const pl = plan[pi];
      if (pl.direct) {
        if (this.runRule(pl.cands[0], e, pl.pattern)) quiet = false;
        continue;
      }
      quiet = false;
      const cands = pl.cands;
      for (let k = 0; k < cands.length; k++) {
        const r = cands[k];
        if (r.hasPreds && !r.alts.some((alt) => matchAlt(alt, tn, e, (f, el, s) => this.pred(f, el, s)))) continue;
        this.runRule(r, e, pl.pattern);
        break;
      }
    }
    // every element here has the same attribute text, so the same gates say no (CRule.gate)
    if (quiet) sh!.quiet = true;
  }

  private pred(f: Fn, el: XElem, step: CtxStep): boolean {
    const sibs = (el.parent.children as (XElem | string)[]).filter((x): x is XElem => typeof x !== 'string' && step.testKey(x.key));
    const pos = sibs.indexOf(el) + 1;
    const r = f({ item: el, pos, size: sibs.length, vars: this.global, env: this.env });
    if (r.length === 1 && !isNode(r[0]) && isNumeric(r[0] as Atomic)) return numToDouble(r[0] as number) === pos;
    return ebv(r);
  }

  /**
   * Evaluates rule `r` on `node`. @returns false when its gate kept it from evaluating anything (an answer fixed by the
   * element's attribute text), true otherwise
   */
  private runRule(r: CRule, node: XElem | XDoc, pattern?: string): boolean {
    let passedTexts: Set<string> | undefined;
    if (r.gate !== null && node instanceof XElem) {
      if (!mentionsAny(node.rawAttrs, r.gate)) return false;
      // a gated rule reads nothing but its element's unprefixed attributes (see CRule.gate): on an attribute text
      // it passed on before, every assert passes again (GİB's `*` decimals rule, on every amount element)
      passedTexts = this.gatePassed.get(r);
      if (passedTexts === undefined) this.gatePassed.set(r, (passedTexts = new Set()));
      else if (passedTexts.has(node.rawAttrs)) return false;
    }
    const scope = r.lets.size ? new Scope(this.global, r.lets, node, this.env) : this.global;
    const ctx: Ctx = { item: node, pos: 1, size: 1, vars: scope, env: this.env };
    if (r.lets.size) {
      // Rule lets are evaluated first, in order, as the ISO skeleton's xsl:variables: an error there
      // is an error of the whole rule (its asserts are not evaluated), as the oracle reports it.
      for (const name of r.lets.keys()) {
        try {
          scope.get(name);
        } catch (e) {
          if (e instanceof StreamingUnsupported) throw new StreamingUnsupported(`${this.rules.sch.base} rule ${r.n} let $${name}: ${e.message}`);
          if (!(e instanceof XPathError)) throw e;
          this.letError(r, node, pattern, name, e.message);
          return true;
        }
      }
    }
    // a structural assert that held at the element's shape place holds again (CAssert.structural)
    const held = node instanceof XElem && node.sh !== null ? (node.sh.held ??= new Uint8Array(this.rules.count + 1)) : null;
    for (const a of r.asserts) {
      if (a.probe) {
        this.probe(a, r, node as XElem, ctx, pattern);
        continue;
      }
      if (held !== null && held[a.index] === 1) continue;
      let failed: boolean;
      let error: string | undefined;
      try {
        const v = a.bool!(ctx);
        failed = a.report ? v : !v;
      } catch (e) {
        if (e instanceof StreamingUnsupported) throw new StreamingUnsupported(`${a.ruleId}: ${e.message}`);
        if (!(e instanceof XPathError)) throw e;
        failed = true;
        error = e.message;
      }
      if (failed) {
        this.fail(a, r, node, scope, pattern, error);
        passedTexts = undefined;
      } else if (held !== null && a.structural) held[a.index] = 1;
    }
    if (passedTexts !== undefined && passedTexts.size < GATE_TEXTS) passedTexts.add(flat((node as XElem).rawAttrs));
    return true;
  }

  private probe(a: CAssert, r: CRule, node: XElem, ctx: Ctx, pattern?: string): void {
    if (this.lastUnitIdx > node.end && node.nth === 0 && !this.inUnit(node)) {
      throw new StreamingUnsupported(`${a.ruleId}: following:: bir akış biriminden önceki düğümde (before a streamed unit)`);
    }
    const p: Probe = {
      a,
      rule: r,
      pattern,
      node,
      where: null,
      end: node.end,
      terms: a.probe!,
      stop: a.probe!.length,
      resolved: false,
      dead: false,
      scopeMsg: ctx.vars,
    };
    const regs: CmpEntry[] = [];
    for (let i = 0; i < p.terms.length; i++) {
      const t = p.terms[i];
      if (t.k === 'local') {
        try {
          if (t.bool(ctx)) return;
        } catch (e) {
          if (!(e instanceof XPathError)) throw e;
          p.stop = i;
          p.error = e.message;
          break;
        }
      } else if (t.k === 'cmp') {
        let ys: Atomic[];
        try {
          ys = atomize(t.y(ctx));
        } catch (e) {
          if (!(e instanceof XPathError)) throw e;
          p.stop = i;
          p.error = e.message;
          break;
        }
        if (ys.length) regs.push({ p, term: i, ys, op: t.op, key: 0 });
      }
    }
    // Nothing pending that could still make it true: decide now.
    const open = p.terms.slice(0, p.stop).some((t) => t.k !== 'local');
    if (!open) {
      this.fail(a, r, node, ctx.vars, pattern, p.error);
      return;
    }
    for (const e of regs) this.register(e, (p.terms[e.term] as ProbeTerm & { k: 'cmp' }).feed);
    this.openProbes.push(p);
    if (this.openProbes.length >= this.pruneAt) {
      const live = this.openProbes.filter((x) => !x.dead);
      this.openProbes.splice(0, this.openProbes.length, ...live);
      this.pruneAt = Math.max(PRUNE_MIN, live.length * 2);
    }
    if (this.inUnit(node)) this.unitProbes.push(p);
  }

  private inUnit(n: XElem): boolean {
    for (let p: XElem | XDoc | null = n; p instanceof XElem; p = p.parent) if (p.nth > 0) return true;
    return false;
  }

  private register(e: CmpEntry, feed: number): void {
    const ix = this.feedIdx[feed];
    if (e.op === '=' && e.ys.every((y) => isNumeric(y))) {
      for (const y of e.ys) {
        const d = numToDouble(y as number);
        if (Number.isNaN(d)) continue;
        const k = numKey(d);
        let l = ix.numEq.get(k);
        if (!l) {
          l = [];
          ix.numEq.set(k, l);
        }
        l.push(e);
        ix.numEqSize++;
      }
      return;
    }
    if ((e.op === '>=' || e.op === '>') && e.ys.every((y) => typeof y === 'string' || y instanceof UA)) {
      let min = '';
      e.ys.forEach((y, i) => {
        const s = typeof y === 'string' ? y : (y as UA).s;
        if (i === 0 || compareCodepoints(s, min) < 0) min = s;
      });
      e.key = min as unknown as number;
      heapPush(ix.geHeap, e);
      return;
    }
    ix.generic.push(e);
  }

  /** A later element `n`: resolves pending probes whose feeds it satisfies. */
  private feed(n: XElem): void {
    const feeds = this.rules.feeds;
    if (feeds.length === 0) return;
    // which feeds the element can feed is structure: one answer per shape place (an element there has the same children)
    const sh = n.sh;
    let can = sh !== null ? sh.feeds : null;
    if (can === null && sh !== null) {
      can = sh.feeds = new Uint8Array(feeds.length);
      for (let f = 0; f < feeds.length; f++) can[f] = hasChild(n, feeds[f].childKey) ? 1 : 0;
    }
    for (let f = 0; f < feeds.length; f++) {
      const fd = feeds[f];
      if (can !== null ? can[f] === 0 : !hasChild(n, fd.childKey)) continue;
      const ix = this.feedIdx[f];
      let vals: Atomic[];
      try {
        vals = atomize(fd.fn({ item: n, pos: 1, size: 1, vars: this.global, env: this.env }));
      } catch (e) {
        if (!(e instanceof XPathError)) throw e;
        this.errorAll(ix, n, e.message);
        continue;
      }
      if (vals.length === 0) continue;
      ix.lastHit = n.idx;
      if (ix.numEqSize) {
        for (const v of vals) {
          let d: number;
          try {
            if (v instanceof UA) d = toDouble(v.s);
            else if (isNumeric(v)) d = numToDouble(v);
            else throw new XPathError('XPTY0004', `karşılaştırılamayan tür ${typeof v}`);
          } catch (e) {
            if (!(e instanceof XPathError)) throw e;
            this.errorAll(ix, n, e.message);
            break;
          }
          if (Number.isNaN(d)) continue;
          const l = ix.numEq.get(numKey(d));
          if (!l) continue;
          let w = 0;
          for (let i = 0; i < l.length; i++) {
            const e = l[i];
            if (e.p.dead) {
              ix.numEqSize--;
              continue;
            }
            if (e.p.end < n.idx) {
              this.resolve(e.p);
              ix.numEqSize--;
              continue;
            }
            l[w++] = e;
          }
          l.length = w;
          if (!w) ix.numEq = without(ix.numEq, numKey(d));
        }
      }
      const h = ix.geHeap;
      if (h.length) {
        for (const v of vals) {
          if (!(typeof v === 'string' || v instanceof UA)) {
            for (const e of [...h]) this.genericCheck(e, v, n);
            continue;
          }
          const s = typeof v === 'string' ? v : v.s;
          const keep: CmpEntry[] = [];
          while (h.length) {
            const top = h[0];
            if (top.p.dead) {
              heapPop(h);
              continue;
            }
            const c = compareCodepoints(s, top.key as unknown as string);
            if (c < 0 || (c === 0 && top.op === '>')) break;
            heapPop(h);
            if (top.p.end < n.idx) {
              if (top.op === '>=' || top.ys.some((y) => compareCodepoints(s, typeof y === 'string' ? y : (y as UA).s) > 0)) this.resolve(top.p);
              else keep.push(top);
            } else keep.push(top);
          }
          for (const e of keep) heapPush(h, e);
        }
      }
      if (ix.generic.length) {
        for (const v of vals) for (const e of ix.generic) if (!e.p.dead && e.p.end < n.idx) this.genericCheck(e, v, n);
        ix.generic.splice(0, ix.generic.length, ...ix.generic.filter((e) => !e.p.dead));
      }
    }
  }

  private genericCheck(e: CmpEntry, v: Atomic, n: XElem): void {
    if (e.p.dead || e.p.end >= n.idx) return;
    try {
      for (const y of e.ys)
        if (compareAtomic(v, y, e.op)) {
          this.resolve(e.p);
          return;
        }
    } catch (err) {
      if (!(err instanceof XPathError)) throw err;
      this.errorProbe(e.p, e.term, err.message);
    }
  }

  /** A later node raised an error in a comparison: eligible pending probes of the feed stop there. */
  private errorAll(ix: FeedIndex, n: XElem, msg: string): void {
    const all: CmpEntry[] = [...ix.generic, ...ix.geHeap];
    for (const l of ix.numEq.values()) all.push(...l);
    for (const e of all) if (!e.p.dead && e.p.end < n.idx) this.errorProbe(e.p, e.term, msg);
  }

  private errorProbe(p: Probe, term: number, msg: string): void {
    if (term < p.stop) {
      p.stop = term;
      p.error = msg;
    }
  }

  private resolve(p: Probe): void {
    p.resolved = true;
    p.dead = true;
    p.node = null;
    p.scopeMsg = null;
  }

  private materialize(p: Probe): void {
    p.where = this.where(p.a, p.node!, p.scopeMsg ?? this.global);
    p.node = null;
    p.scopeMsg = null;
  }

  /** End of the document: the retained tree's rules, then the probes still pending. */
  finish(): void {
    this.evalDoc();
    const visit = (e: XElem) => {
      if (e.idx > 0) this.feed(e);
      this.evalNode(e);
      for (const c of e.children) if (typeof c !== 'string') visit(c);
    };
    for (const c of this.doc.children) visit(c);
    const lastNode = this.idx;
    for (const p of this.openProbes) {
      if (p.dead) continue;
      let pass = false;
      for (let i = 0; i < p.stop && !pass; i++) {
        const t = p.terms[i];
        if (t.k === 'none') pass = lastNode <= p.end;
        else if (t.k === 'some') {
          const hit = this.feedIdx[t.feed].lastHit > p.end;
          pass = t.negate ? !hit : hit;
        }
      }
      if (pass) continue;
      const err = p.stop < p.terms.length ? (p.error ?? 'hata') : undefined;
      if (p.node) this.fail(p.a, p.rule, p.node, p.scopeMsg ?? this.global, p.pattern, err);
      else this.push(p.a, p.rule, p.pattern, p.where!, err);
    }
    this.failures.sort((x, y) => x.xmlLine - y.xmlLine || x.column - y.column || x.index - y.index);
  }

  private evalDoc(): void {
    for (let pi = 0; pi < this.rules.patterns.length; pi++) {
      const p = this.rules.patterns[pi];
      const r = p.rules.find((x) => x.alts.some((a) => a.root));
      if (r) this.runRule(r, this.doc, p.id);
    }
  }

  private letError(r: CRule, node: XElem | XDoc, pattern: string | undefined, name: string, error: string): void {
    const w = this.where(null, node, this.global);
    const pseudo: CAssert = {
      index: 0,
      ruleId: `${this.rules.sch.base}:let:${r.n}`,
      report: false,
      test: `let $${name}`,
      structural: false,
      fn: null,
      bool: null,
      boolAt: null,
      probe: null,
      message: [],
      messageTemplate: '',
    };
    this.push(pseudo, r, pattern, { ...w, tr: `Kuralın $${name} değişkeni hesaplanamadı (the rule's let could not be evaluated)` }, error);
  }

  private fail(a: CAssert, r: CRule, node: XElem | XDoc, scope: Scope, pattern: string | undefined, error?: string): void {
    if (this.failures.length >= this.o.maxFindings) {
      // Over the cap only the count goes on: no message or location is computed.
      const w: Where = { xmlLine: node instanceof XElem ? node.line : 0, column: node instanceof XElem ? node.column : 0, location: '', tr: '' };
      this.push(a, r, pattern, w, error);
      return;
    }
    this.push(a, r, pattern, this.where(a, node, scope), error);
  }

  private push(a: CAssert, r: CRule, pattern: string | undefined, w: Where, error?: string): void {
    this.attempts++;
    const f: RuleFailure = {
      ruleId: a.ruleId,
      sch: this.rules.sch.base,
      index: a.index,
      kind: error !== undefined ? 'error' : a.report ? 'report' : 'assert',
      ...(pattern !== undefined ? { pattern } : {}),
      context: r.context,
      test: a.test,
      tr: w.tr,
      file: this.o.file,
      xmlLine: w.xmlLine,
      column: w.column,
      location: w.location,
      ...(w.entry !== undefined ? { entry: w.entry } : {}),
      ...(w.line !== undefined ? { line: w.line } : {}),
      ...(error !== undefined ? { error } : {}),
    };
    if (this.o.ignore?.(f)) return;
    this.count++;
    if (this.failures.length < this.o.maxFindings) this.failures.push(f);
  }

  private where(a: CAssert | null, node: XElem | XDoc, scope: Scope): Where {
    const ctx: Ctx = { item: node, pos: 1, size: 1, vars: scope, env: this.env };
    let tr = '';
    for (const m of a?.message ?? []) {
      if ('text' in m) {
        tr += m.text;
        continue;
      }
      try {
        tr += atomize(m.fn(ctx) as Seq)
          .map((x) => atomicString(x))
          .join(' ');
      } catch {
        /* message part left empty, as an error would */
      }
    }
    tr = tr.replace(/\s+/g, ' ').trim();
    if (node instanceof XDoc) return { xmlLine: 0, column: 0, location: '/', tr };
    let location = '';
    let entry: string | undefined, line: string | undefined;
    for (let e: XElem | XDoc = node; e instanceof XElem; e = e.parent) {
      let nth = e.nth;
      if (!nth) {
        nth = 1;
        for (const s of e.parent.children as (XElem | string)[]) {
          if (s === e) break;
          if (typeof s !== 'string' && s.key === e.key) nth++;
        }
      }
      location = `/${e.qname}[${nth}]${location}`;
      if (e.key === UNIT_KEY && entry === undefined) entry = childText(e, COUNTER_KEY);
      if (e.key === DETAIL_KEY && line === undefined) line = childText(e, LINE_KEY);
    }
    return { xmlLine: node.line, column: node.column, location, tr, ...(entry ? { entry } : {}), ...(line ? { line } : {}) };
  }
}

/** True when `e` has an element child named `key` (always, for a null key). */
function hasChild(e: XElem, key: string | null): boolean {
  if (key === null) return true;
  const ch = e.children;
  for (let i = 0; i < ch.length; i++) {
    const c = ch[i];
    if (typeof c !== 'string' && c.key === key) return true;
  }
  return false;
}

/** True when the raw attribute text contains one of the names (a cheap over-approximation of having the attribute). */
function mentionsAny(raw: string, names: string[]): boolean {
  if (raw.length === 0) return false;
  for (let i = 0; i < names.length; i++) if (raw.indexOf(names[i]) >= 0) return true;
  return false;
}

function isWhite(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/**
 * V8 makes neither a slice (SlicedString) nor a concatenation (ConsString) shorter than this: such a string is
 * already its own flat copy (SlicedString::kMinLength and ConsString::kMinLength in V8's src/objects/string.h).
 */
const V8_MIN_SLICE = 13;

/**
 * A string that does not keep the lexer's chunk it was cut from alive (a kept value would otherwise hold a whole
 * decoded piece): short strings are returned as they are (see {@link V8_MIN_SLICE}); a longer one is copied once,
 * `(' ' + s)` being flattened by the slice. Were V8 to slice shorter strings, a kept value would only hold memory
 * longer, never read differently. Kebir line accumulators call this per line (K part, 145 MB: ~0.3 s with the
 * former property-key copy of every value).
 */
function flat(s: string): string {
  return s.length < V8_MIN_SLICE ? s : (' ' + s).slice(1);
}

/** Map key of a double for equality as the oracle sees it (-0 ≠ 0, see xpath-values.ts). */
function numKey(d: number): number | string {
  return Object.is(d, -0) ? '-0' : d;
}

function childText(e: XElem, key: string): string | undefined {
  for (const c of e.children) if (typeof c !== 'string' && c.key === key) return stringValue(c).trim();
  return undefined;
}

function heapPush(h: CmpEntry[], e: CmpEntry): void {
  h.push(e);
  let i = h.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (compareCodepoints(h[p].key as unknown as string, h[i].key as unknown as string) <= 0) break;
    [h[p], h[i]] = [h[i], h[p]];
    i = p;
  }
}

function heapPop(h: CmpEntry[]): CmpEntry | undefined {
  const top = h[0];
  const last = h.pop()!;
  if (h.length) {
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1,
        r = l + 1;
      let m = i;
      if (l < h.length && compareCodepoints(h[l].key as unknown as string, h[m].key as unknown as string) < 0) m = l;
      if (r < h.length && compareCodepoints(h[r].key as unknown as string, h[m].key as unknown as string) < 0) m = r;
      if (m === i) break;
      [h[m], h[i]] = [h[i], h[m]];
      i = m;
    }
  }
  return top;
}
