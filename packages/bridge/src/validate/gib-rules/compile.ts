/**
 * Compiles a parsed `.sch` ({@link ./sch-load.ts}) into a rule set the streaming runner executes:
 * rule contexts → matchers, `let`s and asserts → closures ({@link ./xpath-compile.ts}), and the
 * asserts that look at `following::` nodes → PROBES the runner resolves as later nodes stream by
 * (GİB's müteselsil and date-order rules). Any assert the compiler cannot handle is a hard error
 * naming it (`edefter_yevmiye:17 …`), so a new GİB package never runs with rules silently skipped.
 *
 * Probe form (an `or` of terms, in order; the assert holds when a term is true — errors as Saxon
 * evaluates left to right):
 *  - a term without `following::` — evaluated on the context node;
 *  - `not(following::node())`;
 *  - `following::node()/R` or `not(following::node()/R)` — R a relative expression;
 *  - `following::node()/E op Y` (or `Y op E`) — general comparison, Y without `following::`:
 *    true when SOME later node's E compares true with Y (GİB's existential semantics, exactly).
 */
import { createHash } from 'node:crypto';
import { loadSch, type SchFile } from './sch-load.ts';
import { parseXPath, walkAst, type Ast, type CmpOp, type NodeTest } from './xpath-parse.ts';
import { Compiler, atomize, ebv, type AccPath, type Ctx, type Fn, type PrecAgg } from './xpath-compile.ts';
import { contextAttributes, fastAtomized, fastBoolean, fastPredicate, fastSequence, structuralTest } from './xpath-fast.ts';
import type { FnImpl } from './xpath-functions.ts';
import { genAtomizedAt, genBooleanAt, genPredicateAt, genSequenceAt } from './xpath-gen.ts';
import { NsScope, nameKey, XDoc, XElem } from './tree.ts';
import { XPathError, compareCodepoints, UA } from './xpath-values.ts';

/** Namespace of GİB's XBRL GL core. */
export const GL_COR = 'http://www.xbrl.org/int/gl/cor/2006-10-25';
/** The streamed unit: each gl-cor:entryHeader under accountingEntries is checked and dropped. */
export const UNIT_KEY = nameKey(GL_COR, 'entryHeader');
/** The streamed sub-unit: a line (gl-cor:entryDetail) of a madde, checked and dropped when the rules allow it. */
export const LINE_UNIT_KEY = nameKey(GL_COR, 'entryDetail');

/** A compiled pattern step of a rule context. */
export interface CtxStep {
  testKey: (key: string) => boolean;
  preds: Fn[];
  desc: boolean;
}
/** One alternative of a rule context (`a | b`). */
export interface CtxAlt {
  root: boolean;
  absolute: boolean;
  steps: CtxStep[];
}

/** A term of a probe assert. */
export type ProbeTerm =
  | { k: 'local'; fn: Fn; bool: BoolTest }
  | { k: 'none' }
  | { k: 'some'; feed: number; negate: boolean }
  | { k: 'cmp'; feed: number; op: CmpOp; y: Fn };

/** A compiled assert/report. */
export interface CAssert {
  index: number;
  ruleId: string;
  report: boolean;
  test: string;
  fn: Fn | null;
  /** The test's effective boolean value (the fast form when it has one, else `ebv(fn)`); null for a probe. */
  bool: BoolTest | null;
  /**
   * {@link bool} compiled for one element of a unit program's template (xpath-gen.ts genBooleanAt: called only with
   * that element as its context); null when the test has no such form (or for a probe, or without fast forms).
   */
  boolAt: ((el: XElem, root: XElem) => BoolTest | null) | null;
  probe: ProbeTerm[] | null;
  /**
   * The test reads only the structure below its context (xpath-fast.ts structuralTest): once it held on an element
   * with a shape place, it holds on every element at that place, and the runner skips it there.
   */
  structural: boolean;
  message: ({ text: string } | { fn: Fn })[];
  messageTemplate: string;
}

/** An assert's test as a boolean. @throws XPathError as the test's closure does */
type BoolTest = (c: Ctx) => boolean;

/** `ebv(fn)`, through the fast closure of {@link fastBoolean} when the expression has one (and `fast`). */
function boolTest(cmp: Compiler, a: Ast, fn: Fn, fast: boolean): BoolTest {
  return (fast ? fastBoolean(cmp, a, fn) : null) ?? ((c) => ebv(fn(c)));
}

/** A compiled rule. */
export interface CRule {
  n: number;
  context: string;
  alts: CtxAlt[];
  hasPreds: boolean;
  lets: Map<string, Fn>;
  /** {@link lets} compiled for one element of a unit program's template (xpath-gen.ts genSequenceAt) where they can be. */
  letsAt: ((el: XElem, root: XElem) => Map<string, Fn>) | null;
  asserts: CAssert[];
  /**
   * Attribute names: when an element's raw attribute text mentions none of them, every assert of the
   * rule holds there (the rule reads only these attributes of its context, see {@link contextAttributes})
   * and the runner skips it (GİB's `*` decimals rule on the elements without `decimals`). Null: always run.
   */
  gate: string[] | null;
}
/** A compiled pattern. */
interface CPattern {
  id?: string;
  rules: CRule[];
}
/** A following-node expression evaluated on every later element (shared by the probes using it). */
interface Feed {
  id: number;
  fn: Fn;
  text: string;
  childKey: string | null;
}

/** Everything the runner needs for one `.sch`. */
export interface CompiledRules {
  sch: SchFile;
  lets: Map<string, Fn>;
  patterns: CPattern[];
  accs: AccPath[];
  feeds: Feed[];
  /** Incremental preceding-sibling aggregates (fed with each line before it is dropped). */
  aggs: PrecAgg[];
  /**
   * True when a madde's lines are streamed too (checked at their end tag, then dropped; the madde's own
   * rules read accumulators): the `.sch` has no following::/preceding:: axis (Kebir). Otherwise a madde
   * is held whole while its rules run (Yevmiye and Envanter maddeler, whose probes look across lines).
   */
  streamLines: boolean;
  count: number;
}

/** An assert the engine cannot compile. */
export class RuleCompileError extends Error {}

/**
 * Ports of the `xsl:function`s found in GİB's files, by expanded name, with the SHA-256 of the
 * function's whitespace-collapsed source they were written for: a changed function is a compile
 * error, never a silently different rule.
 */
const PORTS: Record<string, { sha256: string[]; impl: FnImpl }> = {
  // edefter_kebir.sch fct:isSorted($list as xs:string*): string-join of the list = string-join of
  // the list sorted (xsl:sort, default codepoint collation), both with '|'.
  'localFunctions isSorted': {
    sha256: [],
    impl: {
      arity: [1, 1],
      f: (c, [a]) => {
        const list = atomize(a(c)).map((x) => {
          if (typeof x === 'string') return x;
          if (x instanceof UA) return x.s;
          throw new XPathError('XPTY0004', 'fct:isSorted: xs:string* bekleniyor');
        });
        const sorted = [...list].sort(compareCodepoints);
        return [list.join('|') === sorted.join('|')];
      },
    },
  },
};

/**
 * True when every assert holds (and no report fires) on an element without attributes: then, for a
 * rule whose asserts read only context attributes, it holds on every element lacking them.
 */
function holdsWithout(asserts: CAssert[]): boolean {
  const doc = new XDoc('about:gate');
  const el = new XElem(doc, nameKey('', 'gate'), 'gate', '', new NsScope(null, new Map()), 1, 0, 0);
  const c = { item: el, pos: 1, size: 1, vars: null, env: null } as unknown as Ctx;
  try {
    return asserts.every((a) => a.bool !== null && a.bool(c) !== a.report);
  } catch {
    return false;
  }
}

/** Fingerprint of an xsl:function source (for {@link PORTS}). */
function functionFingerprint(source: string): string {
  return createHash('sha256').update(source).digest('hex');
}

const cache = new Map<string, { mtime: number; p: Promise<CompiledRules> }>();

/**
 * Loads and compiles a `.sch` (cached per path and mtime by the caller). `fast: false` leaves out the
 * specialised closures of xpath-fast.ts and the attribute gates (every test through the generic
 * closures: the tests compare both).
 */
export async function compileSchFile(file: string, o: { fast?: boolean } = {}): Promise<CompiledRules> {
  return compileSch(await loadSch(file), o.fast !== false);
}

/** Compiles parsed schematron. @throws RuleCompileError naming the first assert it cannot handle */
function compileSch(sch: SchFile, fast: boolean): CompiledRules {
  const accs: AccPath[] = [];
  const userFunctions = new Map<string, FnImpl>();
  for (const f of sch.functions) {
    const port = PORTS[f.key];
    if (!port) throw new RuleCompileError(`${sch.base}: xsl:function ${f.qname} için port yok (no port for this xsl:function)`);
    if (port.sha256.length && !port.sha256.includes(functionFingerprint(f.source))) {
      throw new RuleCompileError(`${sch.base}: xsl:function ${f.qname} değişmiş (changed since it was ported; fingerprint ${functionFingerprint(f.source)})`);
    }
    userFunctions.set(f.key, port.impl);
  }
  // Lines stream when no expression looks across them: no following/preceding(-sibling) axis but the
  // preceding-sibling aggregates, no way up to a line's siblings (Kebir; not Yevmiye, Envanter, berat, DR).
  const crossLine = (src: string) => acrossLines(src, sch.ns);
  const streamLines =
    !sch.lets.some((l) => crossLine(l.value)) &&
    !sch.patterns.some((p) =>
      p.rules.some(
        (r) =>
          r.lets.some((l) => crossLine(l.value)) ||
          r.asserts.some((a) => crossLine(a.test) || a.message.some((m) => m.select !== undefined && crossLine(m.select))),
      ),
    );
  const aggs: PrecAgg[] = [];
  const cmp: Compiler = new Compiler({
    ns: sch.ns,
    unitKey: UNIT_KEY,
    accs,
    userFunctions,
    subUnitKey: streamLines ? LINE_UNIT_KEY : null,
    aggs,
    accFast: fast ? (part, a, g) => (part === 'pred' ? fastPredicate(cmp, a, g) : fastAtomized(cmp, a, g)) : undefined,
    accGen: fast ? (part, a, g, el, root) => (part === 'pred' ? genPredicateAt(cmp, a, g, el, root) : genAtomizedAt(cmp, a, g, el, root)) : undefined,
  });
  const feeds: Feed[] = [];
  const feedOf = (a: Ast, where: string): number => {
    const text = JSON.stringify(a);
    const old = feeds.find((f) => f.text === text);
    if (old) return old.id;
    if (hasFollowing(a)) throw new RuleCompileError(`${where}: iç içe following:: desteklenmiyor`);
    // the runner atomizes what a feed gives at once
    const generic = cmp.compile(a);
    const fn = (fast ? fastAtomized(cmp, a, generic) : null) ?? generic;
    let childKey: string | null = null;
    const lm = leftStep(a);
    if (lm && lm.axis === 'child' && lm.test.k === 'name') childKey = nameKey(sch.ns[lm.test.prefix] ?? '', lm.test.local);
    // A text node (no children) must give nothing (or only NaN) for the feed to skip text nodes.
    feeds.push({ id: feeds.length, fn, text, childKey });
    return feeds.length - 1;
  };
  const expr = (src: string, where: string): Ast => {
    try {
      return parseXPath(src);
    } catch (e) {
      throw new RuleCompileError(`${where}: XPath çözümlenemedi (cannot parse) "${src}": ${(e as Error).message}`);
    }
  };
  const fnOf = (src: string, where: string, seq = false): Fn => fnOfAst(expr(src, where), where, seq);
  const fnOfAst = (a: Ast, where: string, seq = false): Fn => {
    if (hasFollowing(a)) throw new RuleCompileError(`${where}: following:: burada desteklenmiyor (only in an assert's top-level or-terms)`);
    try {
      const fn = cmp.compile(a);
      return (seq && fast ? fastSequence(cmp, a, fn) : null) ?? fn;
    } catch (e) {
      throw new RuleCompileError(`${where}: ${(e as Error).message}`);
    }
  };
  const lets = new Map<string, Fn>();
  for (const l of sch.lets) lets.set(l.name, fnOf(l.value, `${sch.base} let $${l.name}`));
  const patterns: CPattern[] = sch.patterns.map((p) => ({
    id: p.id,
    rules: p.rules.map((r) => {
      const where = `${sch.base} rule ${r.n} (${r.context})`;
      const alts = contextAlts(cmp, sch, r.context, where);
      const rl = new Map<string, Fn>();
      const letAsts: [string, Ast][] = [];
      for (const l of r.lets) {
        const w = `${where} let $${l.name}`;
        const ast = expr(l.value, w);
        rl.set(l.name, fnOfAst(ast, w, true));
        letAsts.push([l.name, ast]);
      }
      const letsAt = fast
        ? (el: XElem, root: XElem) => {
            const m = new Map<string, Fn>();
            for (const [name, ast] of letAsts) {
              const fn = rl.get(name)!;
              m.set(name, genSequenceAt(cmp, ast, fn, el, root) ?? fn);
            }
            return m;
          }
        : null;
      const gateNames = new Set<string>();
      let gated = fast && r.lets.length === 0;
      const asserts: CAssert[] = r.asserts.map((a) => {
        const ruleId = `${sch.base}:${a.index}`;
        const w = `${ruleId} (${a.test.replace(/\s+/g, ' ').trim()})`;
        const ast = expr(a.test, w);
        const names = contextAttributes(ast);
        if (names) for (const x of names) gateNames.add(x);
        else gated = false;
        let fn: Fn | null = null;
        let bool: BoolTest | null = null;
        let boolAt: ((el: XElem, root: XElem) => BoolTest | null) | null = null;
        let probe: ProbeTerm[] | null = null;
        let structural = false;
        try {
          if (hasFollowing(ast)) probe = probeTerms(ast, cmp, feedOf, w, a.report, fast);
          else {
            fn = cmp.compile(ast, null, 'bool');
            bool = boolTest(cmp, ast, fn, fast);
            structural = fast && structuralTest(cmp, ast);
            const generic = fn;
            if (fast) boolAt = (el, root) => genBooleanAt(cmp, ast, generic, el, root);
          }
        } catch (e) {
          if (e instanceof RuleCompileError) throw e;
          throw new RuleCompileError(`${w}: ${(e as Error).message}`);
        }
        const message = a.message.map((m) => (m.select !== undefined ? { fn: fnOf(m.select, `${w} value-of`) } : { text: m.text ?? '' }));
        const messageTemplate = a.message
          .map((m) => (m.select !== undefined ? `{${m.select}}` : m.text))
          .join('')
          .replace(/\s+/g, ' ')
          .trim();
        return {
          index: a.index,
          ruleId,
          report: a.report,
          test: a.test.replace(/\s+/g, ' ').trim(),
          fn,
          bool,
          boolAt,
          probe,
          structural,
          message,
          messageTemplate,
        };
      });
      const gate = gated && asserts.length > 0 && holdsWithout(asserts) ? [...gateNames] : null;
      return { n: r.n, context: r.context, alts, hasPreds: alts.some((x) => x.steps.some((s) => s.preds.length > 0)), lets: rl, letsAt, asserts, gate };
    }),
  }));
  return { sch, lets, patterns, accs, feeds, aggs, streamLines, count: sch.count };
}

/**
 * True when the XPath source may look across a madde's lines: a following, preceding or
 * following-sibling step, or a parent/ancestor step in an expression that names gl-cor:entryDetail
 * (a parse error is left to the compiler, which reports it).
 */
function acrossLines(src: string, ns: Record<string, string>): boolean {
  let ast: Ast;
  try {
    ast = parseXPath(src);
  } catch {
    return false;
  }
  let across = false,
    up = false,
    line = false;
  walkAst(ast, (n) => {
    if (n.t !== 'step') return;
    if (n.axis === 'following' || n.axis === 'preceding' || n.axis === 'following-sibling') across = true;
    if (n.axis === 'parent' || n.axis === 'ancestor' || n.axis === 'ancestor-or-self') up = true;
    if (n.test.k === 'name' && nameKey(ns[n.test.prefix] ?? '', n.test.local) === LINE_UNIT_KEY) line = true;
  });
  return across || (up && line);
}

function hasFollowing(a: Ast): boolean {
  let found = false;
  walkAst(a, (n) => {
    if (n.t === 'step' && (n.axis === 'following' || n.axis === 'preceding')) found = true;
  });
  return found;
}

function leftStep(a: Ast): (Ast & { t: 'step' }) | null {
  let x = a;
  for (;;) {
    if (x.t === 'path') x = x.a;
    else if (x.t === 'call' && x.args.length === 1) x = x.args[0];
    else break;
  }
  return x.t === 'step' ? x : null;
}

/** `following::node()` step without predicates. */
function isFollowingNode(a: Ast): boolean {
  return a.t === 'step' && a.axis === 'following' && a.test.k === 'kind' && a.test.kind === 'node' && a.preds.length === 0;
}

/** Splits `following::node()/REST` into REST; null when `a` is not of that shape. */
function followingRest(a: Ast): Ast | null {
  if (a.t !== 'path' || a.desc) return null;
  if (isFollowingNode(a.a)) return a.b;
  if (a.a.t === 'path') {
    const inner = followingRest(a.a);
    return inner ? { t: 'path', a: inner, b: a.b, desc: false } : null;
  }
  return null;
}

function orTerms(a: Ast): Ast[] {
  if (a.t === 'or') return [...orTerms(a.a), ...orTerms(a.b)];
  if (a.t === 'seq' && a.items.length === 1) return orTerms(a.items[0]);
  return [a];
}

const SWAP: Record<CmpOp, CmpOp> = { '=': '=', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function probeTerms(ast: Ast, cmp: Compiler, feedOf: (a: Ast, w: string) => number, where: string, report: boolean, fast: boolean): ProbeTerm[] {
  if (report) throw new RuleCompileError(`${where}: following:: içeren report desteklenmiyor`);
  return orTerms(ast).map((t): ProbeTerm => {
    if (!hasFollowing(t)) {
      const fn = cmp.compile(t, null, 'bool');
      return { k: 'local', fn, bool: boolTest(cmp, t, fn, fast) };
    }
    if (t.t === 'call' && t.name === 'not' && t.args.length === 1) {
      const x = t.args[0];
      if (isFollowingNode(x)) return { k: 'none' };
      const rest = followingRest(x);
      if (rest) return { k: 'some', feed: feedOf(rest, where), negate: true };
    }
    const rest = followingRest(t);
    if (rest) return { k: 'some', feed: feedOf(rest, where), negate: false };
    if (t.t === 'cmp' && !t.value) {
      const ra = followingRest(t.a),
        rb = followingRest(t.b);
      // the runner atomizes the compared value at once
      const y = (e: Ast): Fn => {
        const generic = cmp.compile(e);
        return (fast ? fastAtomized(cmp, e, generic) : null) ?? generic;
      };
      if (ra && !hasFollowing(t.b)) return { k: 'cmp', feed: feedOf(ra, where), op: t.op, y: y(t.b) };
      if (rb && !hasFollowing(t.a)) return { k: 'cmp', feed: feedOf(rb, where), op: SWAP[t.op], y: y(t.a) };
    }
    throw new RuleCompileError(`${where}: bu following:: biçimi akışta desteklenmiyor (unsupported following:: form)`);
  });
}

/** Compiles a rule context (an XSLT pattern: `/`, `*`, `/a/b[p]/c`, `a//b`, unions). */
function contextAlts(cmp: Compiler, sch: SchFile, context: string, where: string): CtxAlt[] {
  let ast: Ast;
  try {
    ast = parseXPath(context);
  } catch (e) {
    throw new RuleCompileError(`${where}: bağlam çözümlenemedi: ${(e as Error).message}`);
  }
  const alts: Ast[] = [];
  const un = (a: Ast) => {
    if (a.t === 'union') {
      un(a.a);
      un(a.b);
    } else alts.push(a);
  };
  un(ast);
  return alts.map((a): CtxAlt => {
    if (a.t === 'root') return { root: true, absolute: true, steps: [] };
    const steps: CtxStep[] = [];
    let absolute = false;
    const walk = (x: Ast, desc: boolean): void => {
      if (x.t === 'path') {
        if (x.a.t === 'root') {
          absolute = true;
          if (x.desc) {
            absolute = false;
          }
        } else walk(x.a, false);
        pushStep(x.b, x.desc);
        return;
      }
      pushStep(x, desc);
    };
    const pushStep = (s: Ast, desc: boolean) => {
      if (s.t !== 'step' || s.axis !== 'child')
        throw new RuleCompileError(`${where}: bağlamda yalnızca çocuk adımları desteklenir (only child steps in a rule context)`);
      if (s.test.k === 'kind' && s.test.kind !== 'element')
        throw new RuleCompileError(`${where}: bağlam öğe olmayan düğümleri seçiyor (context selects non-elements)`);
      if (desc && s.preds.length) throw new RuleCompileError(`${where}: // ile koşul desteklenmiyor`);
      steps.push({ testKey: keyTest(sch, s.test), preds: s.preds.map((p) => cmp.compile(p)), desc });
    };
    walk(a, false);
    return { root: false, absolute, steps };
  });
}

function keyTest(sch: SchFile, t: NodeTest): (key: string) => boolean {
  const uri = (p: string) => {
    if (p === '') return '';
    const u = sch.ns[p];
    if (u === undefined) throw new RuleCompileError(`tanımsız önek ${p}:`);
    return u;
  };
  switch (t.k) {
    case 'name': {
      const k = nameKey(uri(t.prefix), t.local);
      return (x) => x === k;
    }
    case 'nsany': {
      const u = `${uri(t.prefix)} `;
      return (x) => x.startsWith(u);
    }
    case 'localany': {
      const l = ` ${t.local}`;
      return (x) => x.endsWith(l);
    }
    default:
      return () => true;
  }
}

/** A chain link for structural matching (a trie node or an element). */
export interface Chain {
  key: string;
  up: Chain | null;
}

/**
 * True when the element `e` matches the context alternative; `chain` gives keys only
 * (structural check, predicates skipped) when `e` is null.
 */
export function matchAlt(alt: CtxAlt, chain: Chain, e: XElem | null, evalPred: (p: Fn, el: XElem, step: CtxStep) => boolean): boolean {
  if (alt.root) return false;
  const steps = alt.steps;
  const go = (si: number, ch: Chain | null, el: XElem | null): boolean => {
    if (si < 0) return !alt.absolute || ch === null;
    if (ch === null) return false;
    const s = steps[si];
    if (!s.testKey(ch.key)) return false;
    if (el && s.preds.length && !s.preds.every((p) => evalPred(p, el, s))) return false;
    const upEl = el && el.parent instanceof XElem ? el.parent : null;
    if (s.desc && si > 0) {
      // any ancestor may match the previous step
      let c: Chain | null = ch.up,
        x: XElem | null = upEl;
      while (c) {
        if (go(si - 1, c, x)) return true;
        c = c.up;
        x = x && x.parent instanceof XElem ? x.parent : null;
      }
      return false;
    }
    if (s.desc && si === 0) return true;
    return go(si - 1, ch.up, upEl);
  };
  return go(steps.length - 1, chain, e);
}

/** Cached {@link compileSchFile} per path and modification time. */
export function cachedCompile(file: string, mtime: number): Promise<CompiledRules> {
  const c = cache.get(file);
  if (c && c.mtime === mtime) return c.p;
  const p = compileSchFile(file);
  cache.set(file, { mtime, p });
  p.catch(() => cache.delete(file));
  return p;
}
