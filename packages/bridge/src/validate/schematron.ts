/**
 * Layer (c): GİB's official ISO Schematron (`edefter_yevmiye.sch`, `edefter_kebir.sch`,
 * `edefter_berat.sch`, `edefter_rapor.sch`; queryBinding xslt2) evaluated with SaxonJS's XPath 3.1
 * engine (spec §3.1).
 *
 * Why this shape: no maintained Schematron→XSLT transpiler is published on npm (SchXslt2's
 * transpile.xsl is not), and node-schematron's XPath engine (fontoxpath) computes xs:decimal in
 * binary floating point (`sum((0.1, 0.2)) = 0.3` is false there, so a balanced madde of 0.10 + 0.20
 * would be reported unbalanced), has no `base-uri()` and cannot run `xsl:function`. SaxonJS has exact
 * decimals, regexes and `base-uri()` from the real file name. The Schematron semantics themselves are
 * small and implemented here: for each pattern, each node is checked by the first rule whose context
 * matches it; schema and rule `let`s are in scope; failed `assert`s and fired `report`s give the
 * message with its `value-of`s evaluated. Each pattern is compiled into ONE XPath expression, so the
 * engine runs once per pattern, not once per node.
 *
 * `xsl:function`s in a schema are run through small XPath ports registered in {@link FUNCTION_PORTS}
 * (GİB's kebir uses one: `fct:isSorted`).
 */
import { createRequire } from 'node:module';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DOMParser, type Element as XElement } from '@xmldom/xmldom';
import { fail } from '@edefter/protocol';
import type SaxonNS from 'saxon-js';

const require = createRequire(import.meta.url);
let saxon: typeof SaxonNS | null = null;
/** Loads SaxonJS lazily (≈ 0.3 s). */
function Saxon(): typeof SaxonNS {
  saxon ??= require('saxon-js') as typeof SaxonNS;
  return saxon;
}

const SCH = 'http://purl.oclc.org/dsdl/schematron';
const XSL = 'http://www.w3.org/1999/XSL/Transform';

/**
 * XPath 3.1 equivalents of the `xsl:function`s found in GİB's schemas, keyed by `{namespace}local`.
 * `fct:isSorted($list)`: true when the list equals itself sorted (xsl:sort default = codepoint
 * collation, as `fn:sort`), GİB `edefter_kebir.sch`.
 */
export const FUNCTION_PORTS: Record<string, string> = {
  '{localFunctions}isSorted': 'function($l as xs:string*) as xs:boolean { string-join($l, "|") = string-join(sort($l), "|") }',
};

interface MsgPart { text?: string; select?: string }
interface SchAssert { report: boolean; test: string; id?: string; message: MsgPart[] }
interface SchLet { name: string; value: string }
interface SchRule { context: string; lets: SchLet[]; asserts: SchAssert[] }
interface SchPattern { id?: string; rules: SchRule[] }

/** A schema ready to run. */
export interface CompiledSchematron {
  file: string;
  title: string;
  ns: Record<string, string>;
  lets: SchLet[];
  patterns: SchPattern[];
  /** One XPath expression per pattern. */
  expressions: string[];
  /** The same without the quadratic asserts (see {@link isQuadratic}). */
  expressionsLight: string[];
  /** Tests of the quadratic asserts. */
  quadraticTests: string[];
  /** Function-port prelude (`let $__f… := function… `) used by the expressions. */
  functionNames: Record<string, string>;
}

/** One failed assert (or fired report). */
export interface SchematronFailure {
  patternId?: string;
  assertId?: string;
  /** The assert's test expression. */
  test: string;
  /** Message with value-of's filled in (Turkish, as GİB wrote it). */
  message: string;
  /** Simple path of the context node, e.g. `/edefter:defter[1]/xbrli:xbrl[1]/…`. */
  location: string;
  /** entryNumberCounter / lineNumber of the enclosing entryHeader / entryDetail, when any. */
  entry?: string;
  line?: string;
}

/** Result of {@link runSchematron}. */
export interface SchematronResult {
  schema: string;
  failures: SchematronFailure[];
  ms: number;
  truncated: boolean;
  /** Assert tests not run because the file is large (checked by layer a instead). */
  delegated: string[];
}

const cache = new Map<string, Promise<CompiledSchematron>>();

function attr(e: XElement, n: string): string | undefined {
  const v = e.getAttribute(n);
  return v === null ? undefined : v;
}
function children(e: XElement, ns: string, local: string): XElement[] {
  const out: XElement[] = [];
  for (let c = e.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1 && (c as XElement).namespaceURI === ns && (c as XElement).localName === local) out.push(c as XElement);
  }
  return out;
}

/** Parses and compiles a `.sch` file. Results are cached per path. */
export function loadSchematron(file: string): Promise<CompiledSchematron> {
  let p = cache.get(file);
  if (!p) { p = compile(file); cache.set(file, p); }
  return p;
}

async function compile(file: string): Promise<CompiledSchematron> {
  const text = await readFile(file, 'utf8');
  if (/<!DOCTYPE/i.test(text)) throw fail('validate.schemaDoctype', { file });
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  const root = doc.documentElement as unknown as XElement;
  if (!root || root.namespaceURI !== SCH || root.localName !== 'schema') throw new Error(`${file}: not an ISO Schematron schema`);
  const ns: Record<string, string> = { xs: 'http://www.w3.org/2001/XMLSchema', fn: 'http://www.w3.org/2005/xpath-functions', map: 'http://www.w3.org/2005/xpath-functions/map', array: 'http://www.w3.org/2005/xpath-functions/array' };
  for (let i = 0; i < root.attributes.length; i++) {
    const a = root.attributes.item(i)!;
    if (a.name.startsWith('xmlns:') && a.value !== SCH && a.value !== XSL) ns[a.name.slice(6)] = a.value;
  }
  for (const n of children(root, SCH, 'ns')) ns[attr(n, 'prefix')!] = attr(n, 'uri')!;
  const functionNames: Record<string, string> = {};
  for (const f of children(root, XSL, 'function')) {
    const qn = attr(f, 'name')!;
    const [pfx, local] = qn.split(':');
    const key = `{${ns[pfx] ?? f.lookupNamespaceURI(pfx)}}${local}`;
    if (!FUNCTION_PORTS[key]) throw new Error(`${file}: xsl:function ${qn} has no XPath port`);
    functionNames[qn] = `__f_${local}`;
  }
  const lets = children(root, SCH, 'let').map((l) => ({ name: attr(l, 'name')!, value: attr(l, 'value')! }));
  const msg = (a: XElement): MsgPart[] => {
    const parts: MsgPart[] = [];
    for (let c = a.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3 || c.nodeType === 4) parts.push({ text: c.nodeValue ?? '' });
      else if (c.nodeType === 1 && (c as XElement).localName === 'value-of') parts.push({ select: attr(c as XElement, 'select')! });
      else if (c.nodeType === 1 && (c as XElement).localName === 'name') parts.push({ select: 'name()' });
    }
    return parts;
  };
  const patterns: SchPattern[] = children(root, SCH, 'pattern').map((p) => ({
    id: attr(p, 'id'),
    rules: children(p, SCH, 'rule').map((r) => ({
      context: attr(r, 'context')!,
      lets: children(r, SCH, 'let').map((l) => ({ name: attr(l, 'name')!, value: attr(l, 'value')! })),
      asserts: [
        ...children(r, SCH, 'assert').map((a) => ({ report: false, test: attr(a, 'test')!, id: attr(a, 'id'), message: msg(a) })),
        ...children(r, SCH, 'report').map((a) => ({ report: true, test: attr(a, 'test')!, id: attr(a, 'id'), message: msg(a) })),
      ],
    })),
  }));
  const c: CompiledSchematron = { file, title: children(root, SCH, 'title')[0]?.textContent?.trim() ?? path.basename(file), ns, lets, patterns, expressions: [], expressionsLight: [], quadraticTests: [], functionNames };
  c.expressions = patterns.map((p, pi) => patternExpr(c, p, pi, false));
  c.expressionsLight = patterns.map((p, pi) => patternExpr(c, p, pi, true));
  c.quadraticTests = patterns.flatMap((p) => p.rules.flatMap((r) => r.asserts.filter((a) => isQuadratic(a.test)).map((a) => a.test.replace(/\s+/g, ' ').trim())));
  return c;
}

/** Rewrites calls of ported xsl:functions into dynamic calls of the prelude's variables. */
function rewrite(c: CompiledSchematron, x: string): string {
  let s = x;
  for (const [qn, v] of Object.entries(c.functionNames)) s = s.replace(new RegExp(`\\b${qn.replace(/[-:.]/g, (m) => '\\' + m)}\\s*\\(`, 'g'), `$${v}(`);
  return s;
}

function prelude(c: CompiledSchematron): string {
  const fns = Object.entries(c.functionNames).map(([qn, v]) => {
    const [pfx, local] = qn.split(':');
    return `$${v} := ${FUNCTION_PORTS[`{${c.ns[pfx]}}${local}`]}`;
  });
  const lets = c.lets.map((l) => `$${l.name} := (${rewrite(c, l.value)})`);
  const all = [...fns, ...lets];
  return all.length ? `let ${all.join(',\n ')} return ` : '';
}

/** Turns a rule context (an XSLT pattern) into an expression selecting the matching nodes from the root. */
function contextExpr(ctx: string): string {
  return ctx.split(/\|(?![^[]*\])/).map((p) => {
    const t = p.trim();
    return t.startsWith('/') ? `(${t})` : `(//${t})`;
  }).join(' | ');
}

/**
 * True for GİB's "müteselsil" and date-order asserts (`following::node()/…` compared per node):
 * O(n²) in the number of nodes (spec §3.1: some GİB-compiled copies drop them). On large files they
 * are left to layer (a), which checks the same properties linearly.
 */
export function isQuadratic(test: string): boolean { return /following::node\(\)/.test(test); }

function patternExpr(c: CompiledSchematron, p: SchPattern, pi: number, light: boolean): string {
  const binds = p.rules.map((r, ri) => `$__r${ri} := (${contextExpr(rewrite(c, r.context))})${ri ? ` except (${p.rules.slice(0, ri).map((_, j) => `$__r${j}`).join(' | ')})` : ''}`);
  const bodies = p.rules.map((r, ri) => {
    const checks = r.asserts.map((a, ai) => (light && isQuadratic(a.test) ? '()' : `if (boolean(${rewrite(c, a.test)})) then ${a.report ? `($__n, '${pi}:${ri}:${ai}')` : '()'} else ${a.report ? '()' : `($__n, '${pi}:${ri}:${ai}')`}`));
    const lets = r.lets.length ? `let ${r.lets.map((l) => `$${l.name} := (${rewrite(c, l.value)})`).join(', ')} return ` : '';
    return `(for $__n in $__r${ri} return $__n ! (${lets}(${checks.join(',\n ') || '()'})))`;
  });
  return `${prelude(c)}let ${binds.join(',\n ')} return (${bodies.join(',\n ')})`;
}

/** Reads the first 64 KiB and refuses DOCTYPE before any parser sees the file (house rules). */
async function refuseDoctype(file: string): Promise<void> {
  const fh = await open(file, 'r');
  try {
    const b = Buffer.alloc(65536);
    const { bytesRead } = await fh.read(b, 0, b.length, 0);
    if (/<!DOCTYPE/i.test(b.toString('latin1', 0, bytesRead))) {
      throw fail('validate.xmlDoctype', { name: path.basename(file), file });
    }
  } finally { await fh.close(); }
}

/** Options of {@link runSchematron}. */
export interface RunOptions {
  /** Stop collecting failure details after this many (default 200). */
  maxFailures?: number;
  /** Drop failures of these assert tests' patterns: `signature` patterns for unsigned drafts. */
  ignorePatterns?: string[];
  /** Drop failures whose test matches (e.g. `^ds:Signature$` for drafts). */
  ignoreTests?: RegExp[];
  /**
   * Above this many `gl-cor:entryDetail`s the quadratic asserts are not run here (they are reported
   * in `delegated` and checked by layer a). Default 300; `Infinity` runs everything.
   */
  quadraticLimit?: number;
}

/**
 * Validates one XML file with a compiled schema. The document URI is the file's real `file:` URL,
 * so GİB's file-name rules (`base-uri()`) see the real name (spec §1.8).
 */
export async function runSchematron(xmlFile: string, schFile: string, o: RunOptions = {}): Promise<SchematronResult> {
  const t0 = Date.now();
  await refuseDoctype(xmlFile);
  const c = await loadSchematron(schFile);
  const S = Saxon();
  const uri = pathToFileURL(path.resolve(xmlFile)).href;
  const doc = await S.getResource({ text: await readFile(xmlFile, 'utf8'), type: 'xml', baseURI: uri });
  const failures: SchematronFailure[] = [];
  const max = o.maxFailures ?? 200;
  let truncated = false;
  const details = Number(S.XPath.evaluate('count(//*[local-name() = "entryDetail"])', doc));
  const light = details > (o.quadraticLimit ?? 300);
  const exprs = light ? c.expressionsLight : c.expressions;
  for (let pi = 0; pi < c.patterns.length; pi++) {
    const p = c.patterns[pi];
    if (p.id && o.ignorePatterns?.includes(p.id)) continue;
    const res = S.XPath.evaluate(exprs[pi], doc, { namespaceContext: c.ns, resultForm: 'array' }) as unknown[];
    for (let i = 0; i + 1 < res.length; i += 2) {
      const node = res[i];
      const [, ri, ai] = String(res[i + 1]).split(':').map(Number);
      const rule = p.rules[ri];
      const a = rule.asserts[ai];
      if (o.ignoreTests?.some((re) => re.test(a.test.trim()))) continue;
      if (failures.length >= max) { truncated = true; break; }
      failures.push(describe(c, S, node, rule, a, p.id));
    }
  }
  return { schema: path.basename(schFile), failures, ms: Date.now() - t0, truncated, delegated: light ? c.quadraticTests : [] };
}

function describe(c: CompiledSchematron, S: typeof SaxonNS, node: unknown, rule: SchRule, a: SchAssert, patternId?: string): SchematronFailure {
  const lets = [...c.lets.map((l) => ({ ...l, root: true })), ...rule.lets.map((l) => ({ ...l, root: false }))];
  const sel = a.message.filter((m) => m.select).map((m) => `string-join((${rewrite(c, m.select!)}) ! string(), ' ')`);
  const fns = Object.entries(c.functionNames).map(([qn, v]) => { const [pfx, local] = qn.split(':'); return `$${v} := ${FUNCTION_PORTS[`{${c.ns[pfx]}}${local}`]}`; });
  const rootLets = lets.filter((l) => l.root).map((l) => `$${l.name} := (${rewrite(c, l.value)})`);
  const ruleLets = lets.filter((l) => !l.root).map((l) => `$${l.name} := (${rewrite(c, l.value)})`);
  const loc = `string-join(for $a in ancestor-or-self::* return concat('/', name($a), '[', count($a/preceding-sibling::*[node-name(.) = node-name($a)]) + 1, ']'), '')`;
  const info = `(${loc}, string((ancestor-or-self::gl-cor:entryHeader)[1]/gl-cor:entryNumberCounter), string((ancestor-or-self::gl-cor:entryDetail)[1]/gl-cor:lineNumber))`;
  const body = `(${[info, ...sel].join(', ')})`;
  const expr = `let $__n := . return root($__n) ! (${[...fns, ...rootLets].length ? `let ${[...fns, ...rootLets].join(', ')} return ` : ''}$__n ! (${ruleLets.length ? `let ${ruleLets.join(', ')} return ` : ''}${body}))`;
  let vals: string[] = [];
  try {
    const ns = { ...c.ns, 'gl-cor': c.ns['gl-cor'] ?? 'http://www.xbrl.org/int/gl/cor/2006-10-25' };
    vals = (S.XPath.evaluate(expr, node, { namespaceContext: ns, resultForm: 'array' }) as unknown[]).map(String);
  } catch { vals = ['', '', '']; }
  let k = 3;
  const message = a.message.map((m) => (m.select ? vals[k++] ?? '' : m.text ?? '')).join('').replace(/\s+/g, ' ').trim();
  const f: SchematronFailure = { test: a.test.replace(/\s+/g, ' ').trim(), message, location: vals[0] || '/' };
  if (patternId) f.patternId = patternId;
  if (a.id) f.assertId = a.id;
  if (vals[1]) f.entry = vals[1];
  if (vals[2]) f.line = vals[2];
  return f;
}
