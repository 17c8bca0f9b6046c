/**
 * TEST KIT — ISO Schematron → XSLT 3.0 compiler for the GİB schematron oracle (test code only).
 *
 * Compiles one `.sch` (queryBinding xslt2) the way the ISO skeleton does, so Java Saxon-HE can run
 * GİB's rules as the independent oracle ({@link ./gib-schematron.ts}):
 *  - one mode per pattern (`{key}-M{i}`); each pattern walks the whole document from `/`;
 *  - the rules of a pattern become templates in document order with DESCENDING priority, so the
 *    first rule whose context matches a node wins for that node (later rules of the pattern do not
 *    fire on it); the walk continues into the children after a rule fired;
 *  - `assert` → `xsl:choose` (failed when the test's effective boolean value is false), `report` →
 *    `xsl:if`; the message with `value-of`/`name` evaluated on the context node;
 *  - `sch:let` in a rule → `xsl:variable` in document order; schema-level `let`s are evaluated once
 *    per document with the document node as context (like global variables) and handed to every rule
 *    template as tunnel parameters, so one JVM can check many documents in a row (batch);
 *  - `sch:ns` → namespace declarations; every top-level `xsl:*` element of the schema
 *    (`xsl:function`, `xsl:key`, …) is copied through with its namespaces;
 *  - abstract rules + `sch:extends`, abstract patterns + `is-a`/`sch:param` are expanded (GİB's six
 *    files use none of them); phases and diagnostics are ignored: every pattern runs;
 *  - a dynamic error in one test (e.g. `xs:decimal('1,5')`) is caught and reported as a failure of
 *    that assert with kind `error`; one in a rule `let` as an `error` of the rule (empty test),
 *    instead of stopping the run (the ISO skeleton stops the whole document there).
 * Each failure is written as `<f k="assert|report|error" r="ruleId" p="pattern" c="rule context" i="id"
 * t="test" l="/a:b[1]/c:d[2]">message</f>` inside `<file href="…">`, parsed by the TS side.
 * `ruleId` is `<sch base name>:<n>`, n = the 1-based document-order index of the assert/report in the
 * `.sch` file (commented-out ones are not elements, so not counted): the id the product's rule engine
 * gives the GİB assert it implements (`edefter_yevmiye:12`).
 *
 * Only elements are visited (and the document node), plus attributes when a rule context names one
 * (`@`, `attribute::`, `node()`): GİB's contexts are all element or `/` patterns.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bridgeRequire } from '../ledger/helpers.ts';

const { SaxesParser } = bridgeRequire('saxes') as typeof import('../../packages/bridge/node_modules/saxes/saxes.js');

const SCH = 'http://purl.oclc.org/dsdl/schematron';
const XSL = 'http://www.w3.org/1999/XSL/Transform';
const XS = 'http://www.w3.org/2001/XMLSchema';
/** Namespace of the kit's own helper names in generated stylesheets. */
export const ORACLE_NS = 'urn:edefter:test:schematron-oracle';
/** Bump when the generated XSLT changes shape (invalidates the cache). */
const COMPILER_VERSION = '3';

/** A parsed XML element (tiny tree; text children are strings). */
export interface XNode {
  /** Qualified name as written. */
  name: string;
  uri: string;
  local: string;
  attrs: Record<string, string>;
  /** Namespace declarations made on this element (prefix '' = default). */
  decls: Record<string, string>;
  /** In-scope namespaces (prefix → URI), including inherited ones. */
  scope: Record<string, string>;
  children: (XNode | string)[];
  /** For `sch:assert`/`sch:report`: its 1-based document-order index in the schema file (kept by copies). */
  index?: number;
}

/**
 * Parses XML text into an {@link XNode} tree with saxes (no DTD: a DOCTYPE is refused).
 * @throws Error on a DOCTYPE or malformed XML
 */
export function parseTree(text: string, file = 'input'): XNode {
  const p = new SaxesParser({ xmlns: true, position: false });
  const stack: XNode[] = [];
  let root: XNode | null = null;
  let err: Error | null = null;
  p.on('doctype', () => {
    err ??= new Error(`${file}: DOCTYPE refused`);
  });
  p.on('error', (e) => {
    err ??= new Error(`${file}: ${e.message}`);
  });
  p.on('opentag', (t) => {
    const attrs: Record<string, string> = {};
    const decls: Record<string, string> = {};
    for (const a of Object.values(t.attributes)) {
      const at = a as { name: string; prefix: string; local: string; value: string };
      if (at.name === 'xmlns') decls[''] = at.value;
      else if (at.prefix === 'xmlns') decls[at.local] = at.value;
      else attrs[at.name] = at.value;
    }
    const parent = stack[stack.length - 1];
    const n: XNode = { name: t.name, uri: t.uri ?? '', local: t.local ?? t.name, attrs, decls, scope: { ...(parent?.scope ?? {}), ...decls }, children: [] };
    if (parent) parent.children.push(n);
    else root = n;
    stack.push(n);
  });
  p.on('closetag', () => {
    stack.pop();
  });
  p.on('text', (s) => {
    stack[stack.length - 1]?.children.push(s);
  });
  p.on('cdata', (s) => {
    stack[stack.length - 1]?.children.push(s);
  });
  p.write(text).close();
  if (err) throw err;
  if (!root) throw new Error(`${file}: no root element`);
  return root;
}

const els = (n: XNode, uri: string, local?: string): XNode[] =>
  n.children.filter((c): c is XNode => typeof c !== 'string' && c.uri === uri && (!local || c.local === local));

/** One assert or report as the compiler sees it (for counts and for reports). */
export interface SchAssertInfo {
  kind: 'assert' | 'report';
  /** `<sch base name>:<n>`, n = 1-based document-order index of the assert/report in the `.sch`. */
  ruleId: string;
  pattern: string;
  context: string;
  id?: string;
  test: string;
}

/** Result of {@link compileSchematron}. */
export interface CompiledSchema {
  key: string;
  file: string;
  /** The XSLT module text (to be imported by a driver, see {@link driverXslt}). */
  xslt: string;
  /** Patterns (after abstract expansion), rules, schema-level lets. */
  patterns: string[];
  rules: number;
  lets: string[];
  /** Every assert/report in document order. */
  asserts: SchAssertInfo[];
  /** Names of copied top-level xsl:* elements (`function fct:isSorted`, …). */
  copied: string[];
}

const xmlEsc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Escapes a literal for an attribute value template. */
const avt = (s: string): string => xmlEsc(s).replace(/\{/g, '{{').replace(/\}/g, '}}');

/** Re-serializes a foreign (xsl:*) element, declaring the namespaces it needs on itself. */
function serialize(n: XNode, top: boolean): string {
  const decls = top ? { ...n.scope } : n.decls;
  delete decls[''];
  const ns = Object.entries(decls)
    .map(([p, u]) => ` xmlns:${p}="${xmlEsc(u)}"`)
    .join('');
  const at = Object.entries(n.attrs)
    .map(([k, v]) => ` ${k}="${xmlEsc(v)}"`)
    .join('');
  const body = n.children.map((c) => (typeof c === 'string' ? xmlEsc(c) : serialize(c, false))).join('');
  return `<${n.name}${ns}${at}>${body}</${n.name}>`;
}

interface Rule {
  context: string;
  node: XNode;
  items: XNode[];
}
interface Pattern {
  id: string;
  rules: Rule[];
}

/** Replaces `$param` references of an abstract pattern instance (longest names first). */
function substitute(s: string, params: Record<string, string>): string {
  let out = s;
  for (const k of Object.keys(params).sort((a, b) => b.length - a.length))
    out = out.replace(new RegExp(`\\$${k.replace(/[.-]/g, '\\$&')}(?![\\w.-])`, 'g'), params[k]);
  return out;
}

function substituteNode(n: XNode, params: Record<string, string>): XNode {
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(n.attrs)) attrs[k] = ['context', 'test', 'select', 'value', 'path'].includes(k) ? substitute(v, params) : v;
  return { ...n, attrs, children: n.children.map((c) => (typeof c === 'string' ? c : substituteNode(c, params))) };
}

/** Flattens a rule's lets/asserts/reports, expanding `sch:extends` of abstract rules. */
function ruleItems(r: XNode, abstractRules: Map<string, XNode>, depth = 0): XNode[] {
  if (depth > 20) throw new Error('sch:extends loop');
  const out: XNode[] = [];
  for (const c of els(r, SCH)) {
    if (c.local === 'extends') {
      const a = abstractRules.get(c.attrs.rule ?? '');
      if (!a) throw new Error(`sch:extends: no abstract rule '${c.attrs.rule}'`);
      out.push(...ruleItems(a, abstractRules, depth + 1));
    } else if (c.local === 'let' || c.local === 'assert' || c.local === 'report') out.push(c);
  }
  return out;
}

/** The patterns of a schema with abstract patterns/rules expanded. */
function patternsOf(root: XNode): Pattern[] {
  const all = els(root, SCH, 'pattern');
  const abstractPatterns = new Map(all.filter((p) => p.attrs.abstract === 'true').map((p) => [p.attrs.id, p]));
  const abstractRules = new Map<string, XNode>();
  for (const p of all) for (const r of els(p, SCH, 'rule')) if (r.attrs.abstract === 'true') abstractRules.set(r.attrs.id, r);
  for (const r of els(root, SCH, 'rules').flatMap((g) => els(g, SCH, 'rule'))) abstractRules.set(r.attrs.id, r);
  const out: Pattern[] = [];
  all.forEach((p, i) => {
    if (p.attrs.abstract === 'true') return;
    let body = p;
    if (p.attrs['is-a']) {
      const a = abstractPatterns.get(p.attrs['is-a']);
      if (!a) throw new Error(`pattern is-a '${p.attrs['is-a']}' not found`);
      const params = Object.fromEntries(els(p, SCH, 'param').map((x) => [x.attrs.name, x.attrs.value]));
      body = substituteNode(a, params);
    }
    const rules = els(body, SCH, 'rule')
      .filter((r) => r.attrs.abstract !== 'true')
      .map((r) => ({ context: r.attrs.context, node: r, items: ruleItems(r, abstractRules) }));
    out.push({ id: p.attrs.id ?? `#${i + 1}`, rules });
  });
  return out;
}

/** Message parts of an assert/report → XSLT instructions. */
function messageXslt(n: XNode): string {
  return n.children
    .map((c) => {
      if (typeof c === 'string') return c.length ? `<xsl:text>${xmlEsc(c)}</xsl:text>` : '';
      if (c.uri === SCH && c.local === 'value-of') return `<xsl:value-of select="${xmlEsc(c.attrs.select)}"/>`;
      if (c.uri === SCH && c.local === 'name') return `<xsl:value-of select="name(${c.attrs.path ? xmlEsc(c.attrs.path) : ''})"/>`;
      if (c.uri === SCH) return messageXslt(c); // emph, dir, span: their text
      if (c.uri === XSL) return serialize(c, true);
      throw new Error(`unsupported element in a message: ${c.name}`);
    })
    .join('');
}

const refs = (s: string, name: string): boolean => new RegExp(`\\$${name.replace(/[.-]/g, '\\$&')}(?![\\w.-])`).test(s);

/**
 * Compiles `schFile` into an XSLT 3.0 module whose modes are named `{key}-doc` (entry, matches `/`)
 * and `{key}-M{i}` (pattern i). The module needs the driver's `o:path` function
 * ({@link driverXslt}).
 * @param key NCName prefix for the modes, e.g. `yevmiye`
 * @throws Error for a DOCTYPE, malformed XML, a non-Schematron root, `sch:include`, or a `let`
 *   without `value`
 */
export function compileSchematron(schFile: string, key: string): CompiledSchema {
  const text = fs.readFileSync(schFile, 'utf8');
  const root = parseTree(text, schFile);
  if (root.uri !== SCH || root.local !== 'schema') throw new Error(`${schFile}: not an ISO Schematron schema`);
  numberAsserts(root);
  const base = path.basename(schFile).replace(/\.sch$/i, '');
  if (els(root, SCH, 'include').length || text.includes(':include')) throw new Error(`${schFile}: sch:include is not supported`);
  const ns: Record<string, string> = { xs: XS };
  for (const [p, u] of Object.entries(root.scope)) if (p && u !== SCH && u !== XSL) ns[p] = u;
  for (const n of els(root, SCH, 'ns')) ns[n.attrs.prefix] = n.attrs.uri;
  const lets = els(root, SCH, 'let').map((l) => {
    if (l.attrs.value === undefined) throw new Error(`${schFile}: let ${l.attrs.name} without value`);
    return { name: l.attrs.name, value: l.attrs.value };
  });
  const copiedNodes = root.children.filter((c): c is XNode => typeof c !== 'string' && c.uri === XSL);
  for (const c of copiedNodes) for (const l of lets) if (refs(serialize(c, false), l.name)) throw new Error(`${schFile}: ${c.name} uses schema let $${l.name}`);
  const patterns = patternsOf(root);
  const asserts: SchAssertInfo[] = [];
  const out: string[] = [];
  const nsDecl = Object.entries(ns)
    .map(([p, u]) => ` xmlns:${p}="${xmlEsc(u)}"`)
    .join('');
  out.push(`<xsl:stylesheet version="3.0" xmlns:xsl="${XSL}" xmlns:o="${ORACLE_NS}"${nsDecl} exclude-result-prefixes="#all">`);
  out.push(`<!-- generated from ${xmlEsc(path.basename(schFile))} by test/kit/schematron-compile.ts; do not edit -->`);
  for (const c of copiedNodes) out.push(serialize(c, true));
  // Entry: schema lets once per document, then every pattern from the document node.
  const tunnel = (names: string[]): string => names.map((n) => `<xsl:with-param name="${n}" select="$${n}" tunnel="yes"/>`).join('');
  out.push(`<xsl:template match="/" mode="${key}-doc">`);
  for (const l of lets) out.push(`<xsl:variable name="${l.name}" select="${xmlEsc(l.value)}"/>`);
  patterns.forEach((_, i) => out.push(`<xsl:apply-templates select="." mode="${key}-M${i}">${tunnel(lets.map((l) => l.name))}</xsl:apply-templates>`));
  out.push('</xsl:template>');
  let ruleCount = 0;
  patterns.forEach((p, pi) => {
    const mode = `${key}-M${pi}`;
    const visitAttrs = p.rules.some((r) => /@|attribute::|node\(\)/.test(r.context));
    const walk = `<xsl:apply-templates select="${visitAttrs ? '@*|*' : '*'}" mode="${mode}"/>`;
    p.rules.forEach((r, ri) => {
      ruleCount++;
      const strings = r.items.flatMap((it) => [it.attrs.value ?? '', it.attrs.test ?? '', ...allSelects(it)]).join('\n');
      const used = lets.filter((l) => refs(strings, l.name)).map((l) => l.name);
      out.push(`<xsl:template match="${xmlEsc(r.context)}" priority="${1000 + p.rules.length - ri}" mode="${mode}">`);
      for (const u of used) out.push(`<xsl:param name="${u}" tunnel="yes"/>`);
      // The whole rule body in a try as well: an error in a rule let (evaluated wherever Saxon
      // chooses) becomes one `error` failure of the rule instead of aborting the document.
      out.push('<xsl:try>');
      for (const it of r.items) {
        if (it.local === 'let') {
          if (it.attrs.value === undefined) throw new Error(`${schFile}: let ${it.attrs.name} without value`);
          out.push(`<xsl:variable name="${it.attrs.name}" select="${xmlEsc(it.attrs.value)}"/>`);
          continue;
        }
        const kind = it.local as 'assert' | 'report';
        const info: SchAssertInfo = {
          kind,
          ruleId: `${base}:${it.index}`,
          pattern: p.id,
          context: r.context,
          test: it.attrs.test,
          ...(it.attrs.id ? { id: it.attrs.id } : {}),
        };
        asserts.push(info);
        const head = `r="${avt(info.ruleId)}" p="${avt(p.id)}" c="${avt(r.context)}"${info.id ? ` i="${avt(info.id)}"` : ''} t="${avt(info.test)}" l="{o:path(.)}"`;
        const fire = `<f k="${kind}" ${head}>${messageXslt(it)}</f>`;
        const check =
          kind === 'assert'
            ? `<xsl:choose><xsl:when test="${xmlEsc(info.test)}"/><xsl:otherwise>${fire}</xsl:otherwise></xsl:choose>`
            : `<xsl:if test="${xmlEsc(info.test)}">${fire}</xsl:if>`;
        out.push(
          `<xsl:try>${check}<xsl:catch><f k="error" ${head}><xsl:value-of select="$err:code, $err:description" xmlns:err="http://www.w3.org/2005/xqt-errors"/></f></xsl:catch></xsl:try>`,
        );
      }
      const ruleHead = `p="${avt(p.id)}" c="${avt(r.context)}" t="" l="{o:path(.)}"`;
      out.push(
        `<xsl:catch><f k="error" ${ruleHead}><xsl:value-of select="$err:code, $err:description" xmlns:err="http://www.w3.org/2005/xqt-errors"/></f></xsl:catch></xsl:try>`,
      );
      out.push(walk, '</xsl:template>');
    });
    out.push(`<xsl:template match="/|*|@*" priority="-2" mode="${mode}">${walk}</xsl:template>`);
  });
  out.push('</xsl:stylesheet>');
  return {
    key,
    file: schFile,
    xslt: out.join('\n'),
    patterns: patterns.map((p) => p.id),
    rules: ruleCount,
    lets: lets.map((l) => l.name),
    asserts,
    copied: copiedNodes.map((c) => `${c.local} ${c.attrs.name ?? ''}`.trim()),
  };
}

/** Sets {@link XNode.index} on every `sch:assert`/`sch:report` of the tree, 1-based, in document order. */
function numberAsserts(root: XNode): void {
  let n = 0;
  const walk = (x: XNode): void => {
    if (x.uri === SCH && (x.local === 'assert' || x.local === 'report')) x.index = ++n;
    for (const c of x.children) if (typeof c !== 'string') walk(c);
  };
  walk(root);
}

/** `select`/`path` attributes inside a message (value-of, name), recursively. */
function allSelects(n: XNode): string[] {
  const own = [n.attrs.select, n.attrs.path].filter((x): x is string => !!x);
  return [...(n.local === 'let' ? [] : own), ...n.children.flatMap((c) => (typeof c === 'string' ? [] : allSelects(c)))];
}

/**
 * The driver stylesheet importing compiled modules. Two entry points:
 *  - `-s:FILE -xsl:driver sch=KEY`: the document Saxon parsed from FILE, checked with KEY;
 *  - `-it:main list=URI`: a list file of `KEY<TAB>file URI` lines; each document is loaded with
 *    `xsl:source-document` (not kept in a pool) and checked in turn, in one JVM. A document that
 *    cannot be read gives `<file … error="…">`.
 * Output: `<r><file href="…" sch="KEY"><f …>message</f>…</file>…</r>`.
 */
export function driverXslt(modules: { key: string; href: string }[]): string {
  const when = modules.map((m) => `<xsl:when test="$key = '${m.key}'"><xsl:apply-templates select="." mode="${m.key}-doc"/></xsl:when>`).join('');
  return `<xsl:stylesheet version="3.0" xmlns:xsl="${XSL}" xmlns:xs="${XS}" xmlns:o="${ORACLE_NS}" xmlns:err="http://www.w3.org/2005/xqt-errors" exclude-result-prefixes="#all">
${modules.map((m) => `<xsl:import href="${xmlEsc(m.href)}"/>`).join('\n')}
<xsl:output method="xml" encoding="UTF-8" indent="no"/>
<xsl:param name="sch" as="xs:string" select="''"/>
<xsl:param name="list" as="xs:string" select="''"/>
<xsl:function name="o:path" as="xs:string">
  <xsl:param name="n" as="node()"/>
  <xsl:sequence select="if ($n instance of document-node()) then '/' else string-join(for $a in $n/ancestor-or-self::node()[not(self::document-node())] return if ($a instance of attribute()) then concat('/@', name($a)) else concat('/', name($a), '[', count($a/preceding-sibling::*[node-name(.) = node-name($a)]) + 1, ']'), '')"/>
</xsl:function>
<xsl:template name="o:one">
  <xsl:param name="key" as="xs:string"/>
  <file href="{document-uri(.)}" sch="{$key}"><xsl:choose>${when}<xsl:otherwise><xsl:message terminate="yes">unknown schema key <xsl:value-of select="$key"/></xsl:message></xsl:otherwise></xsl:choose></file>
</xsl:template>
<xsl:template match="/"><r><xsl:call-template name="o:one"><xsl:with-param name="key" select="$sch"/></xsl:call-template></r></xsl:template>
<xsl:template name="main">
  <r><xsl:for-each select="unparsed-text-lines($list)[normalize-space()]">
    <xsl:variable name="key" select="substring-before(., '&#9;')"/>
    <xsl:variable name="uri" select="substring-after(., '&#9;')"/>
    <xsl:try>
      <xsl:source-document href="{$uri}" streamable="no"><xsl:call-template name="o:one"><xsl:with-param name="key" select="$key"/></xsl:call-template></xsl:source-document>
      <xsl:catch><file href="{$uri}" sch="{$key}" error="{$err:code} {$err:description}"/></xsl:catch>
    </xsl:try>
  </xsl:for-each></r>
</xsl:template>
</xsl:stylesheet>
`;
}

/** Folder for compiled stylesheets: `$TMPDIR/edefter-sch-oracle-<uid>` (0700). */
export function cacheDir(): string {
  const d = path.join(os.tmpdir(), `edefter-sch-oracle-${process.getuid?.() ?? 'u'}`);
  fs.mkdirSync(d, { recursive: true, mode: 0o700 });
  return d;
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

const compiledMemo = new Map<string, { path: string; compiled: CompiledSchema }>();

/**
 * Compiles `schFile` once and caches the module on disk, named by the content hash of the `.sch`
 * and the compiler version. @returns the module's path and the compile result
 */
export function compiledModule(schFile: string, key: string): { path: string; compiled: CompiledSchema } {
  const text = fs.readFileSync(schFile);
  const h = createHash('sha256')
    .update(COMPILER_VERSION)
    .update('\0')
    .update(key)
    .update('\0')
    .update(text)
    .update(fs.readFileSync(new URL(import.meta.url)))
    .digest('hex')
    .slice(0, 16);
  const memo = compiledMemo.get(h);
  if (memo) return memo;
  const compiled = compileSchematron(schFile, key);
  const file = path.join(cacheDir(), `${key}-${h}.xsl`);
  if (!fs.existsSync(file)) writeAtomic(file, compiled.xslt);
  const r = { path: file, compiled };
  compiledMemo.set(h, r);
  return r;
}

/** Writes (once) the driver importing the given modules. @returns its path */
export function driverFor(modules: { key: string; path: string }[]): string {
  const text = driverXslt(modules.map((m) => ({ key: m.key, href: path.basename(m.path) })));
  const h = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const file = path.join(cacheDir(), `driver-${h}.xsl`);
  if (!fs.existsSync(file)) writeAtomic(file, text);
  return file;
}
