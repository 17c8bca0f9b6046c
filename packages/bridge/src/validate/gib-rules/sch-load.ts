/**
 * Reads an ISO Schematron file (GİB's `.sch`, queryBinding xslt2) into plain data: namespaces,
 * schema `let`s, patterns → rules → `let`s and asserts/reports with their messages, and the
 * top-level `xsl:function`s. Parsed with our own lexer (no DTD, no entities beyond XML's five).
 * Each assert/report gets its 1-based document-order index in the file: the `n` of the rule id
 * `<sch base name>:<n>` (comments are skipped by the lexer, so commented-out asserts do not count).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { XmlLexer, attrValue, nsDecls } from '../xml-lexer.ts';

const SCH = 'http://purl.oclc.org/dsdl/schematron';
const XSL = 'http://www.w3.org/1999/XSL/Transform';

/** A message piece: literal text, or an XPath to evaluate (`value-of select`, `name`). */
interface MsgPart {
  text?: string;
  select?: string;
}
/** One assert or report. */
interface SchAssert {
  index: number;
  report: boolean;
  test: string;
  id?: string;
  message: MsgPart[];
}
/** A `let`. */
interface SchLet {
  name: string;
  value: string;
}
/** A rule. */
interface SchRule {
  n: number;
  context: string;
  lets: SchLet[];
  asserts: SchAssert[];
  abstract: boolean;
}
/** A pattern. */
interface SchPattern {
  id?: string;
  rules: SchRule[];
}
/** A parsed `.sch`. */
export interface SchFile {
  file: string;
  base: string;
  title: string;
  ns: Record<string, string>;
  lets: SchLet[];
  patterns: SchPattern[];
  /** `xsl:function`s: expanded name `uri local`, and a whitespace-collapsed copy of the element's source for fingerprinting. */
  functions: { key: string; qname: string; source: string }[];
  count: number;
}

interface El {
  uri: string;
  local: string;
  attrs: string;
  kids: (El | string)[];
  src: string;
}

/** Parses a `.sch` file. @throws Error when it is not ISO Schematron or uses what the engine does not support */
export async function loadSch(file: string): Promise<SchFile> {
  const text = await readFile(file, 'utf8');
  const root = parse(text);
  if (root.uri !== SCH || root.local !== 'schema') throw new Error(`${file}: ISO Schematron değil (not an ISO Schematron schema)`);
  const qb = attrValue(root.attrs, 'queryBinding');
  if (qb && !/^xslt2?$|^xpath2$/.test(qb)) throw new Error(`${file}: queryBinding ${qb} desteklenmiyor`);
  const ns: Record<string, string> = { xs: 'http://www.w3.org/2001/XMLSchema', fn: 'http://www.w3.org/2005/xpath-functions' };
  for (const [p, u] of nsDecls(root.attrs)) if (p && u !== SCH && u !== XSL) ns[p] = u;
  const out: SchFile = { file, base: path.basename(file, '.sch'), title: '', ns, lets: [], patterns: [], functions: [], count: 0 };
  let index = 0;
  let ruleN = 0;
  const els = (e: El) => e.kids.filter((k): k is El => typeof k !== 'string');
  for (const c of els(root)) {
    if (c.uri === SCH && c.local === 'ns') ns[attrValue(c.attrs, 'prefix') ?? ''] = attrValue(c.attrs, 'uri') ?? '';
    else if (c.uri === SCH && c.local === 'title') out.title = textOf(c).trim();
    else if (c.uri === SCH && c.local === 'let') out.lets.push(letOf(c));
    else if (c.uri === SCH && c.local === 'pattern') {
      if (attrValue(c.attrs, 'abstract') === 'true' || attrValue(c.attrs, 'is-a'))
        throw new Error(`${file}: soyut desenler desteklenmiyor (abstract patterns)`);
      const p: SchPattern = { id: attrValue(c.attrs, 'id'), rules: [] };
      for (const r of els(c)) {
        if (r.uri === SCH && r.local === 'let') throw new Error(`${file}: desen düzeyinde let desteklenmiyor (pattern-level let)`);
        if (r.uri !== SCH || r.local !== 'rule') continue;
        const rule: SchRule = {
          n: ++ruleN,
          context: attrValue(r.attrs, 'context') ?? '',
          lets: [],
          asserts: [],
          abstract: attrValue(r.attrs, 'abstract') === 'true',
        };
        if (rule.abstract) throw new Error(`${file}: soyut kurallar desteklenmiyor (abstract rules)`);
        for (const a of els(r)) {
          if (a.uri !== SCH) continue;
          if (a.local === 'let') rule.lets.push(letOf(a));
          else if (a.local === 'extends') throw new Error(`${file}: sch:extends desteklenmiyor`);
          else if (a.local === 'assert' || a.local === 'report') {
            rule.asserts.push({
              index: ++index,
              report: a.local === 'report',
              test: attrValue(a.attrs, 'test') ?? '',
              id: attrValue(a.attrs, 'id'),
              message: message(a),
            });
          }
        }
        p.rules.push(rule);
      }
      out.patterns.push(p);
    } else if (c.uri === XSL && c.local === 'function') {
      const qn = attrValue(c.attrs, 'name') ?? '';
      const i = qn.indexOf(':');
      const uri = ns[qn.slice(0, i)] ?? '';
      out.functions.push({ key: `${uri} ${qn.slice(i + 1)}`, qname: qn, source: c.src.replace(/\s+/g, ' ').trim() });
    } else if (c.uri === XSL && c.local === 'key') throw new Error(`${file}: xsl:key desteklenmiyor`);
  }
  out.count = index;
  return out;

  function letOf(e: El): SchLet {
    const name = attrValue(e.attrs, 'name') ?? '';
    const value = attrValue(e.attrs, 'value');
    if (value === undefined) throw new Error(`${file}: let $${name} değersiz (let with content is not supported)`);
    return { name, value };
  }
  function message(a: El): MsgPart[] {
    const parts: MsgPart[] = [];
    for (const k of a.kids) {
      if (typeof k === 'string') parts.push({ text: k });
      else if (k.uri === SCH && k.local === 'value-of') parts.push({ select: attrValue(k.attrs, 'select') ?? '.' });
      else if (k.uri === SCH && k.local === 'name') parts.push({ select: `name(${attrValue(k.attrs, 'path') ?? '.'})` });
      else parts.push({ text: textOf(k) });
    }
    return parts;
  }
}

function textOf(e: El): string {
  return e.kids.map((k) => (typeof k === 'string' ? k : textOf(k))).join('');
}

/** Builds a tiny namespace-aware tree of the schema file; each element keeps its source text (for fingerprints). */
function parse(text: string): El {
  const stack: { el: El; ns: Map<string, string> }[] = [];
  let root: El | null = null;
  const lookup = (p: string): string => {
    for (let i = stack.length - 1; i >= 0; i--) {
      const u = stack[i].ns.get(p);
      if (u !== undefined) return u;
    }
    return p === 'xml' ? 'http://www.w3.org/XML/1998/namespace' : '';
  };
  const lexer = new XmlLexer({
    start(qname, attrs, selfClosing) {
      const ns = new Map(nsDecls(attrs));
      const i = qname.indexOf(':');
      const pfx = i < 0 ? '' : qname.slice(0, i);
      stack.push({ el: { uri: '', local: '', attrs, kids: [], src: '' }, ns });
      const el = stack[stack.length - 1].el;
      el.uri = lookup(pfx);
      el.local = i < 0 ? qname : qname.slice(i + 1);
      if (stack.length > 1) stack[stack.length - 2].el.kids.push(el);
      else root = el;
      el.src = `<${qname}${attrs ? ` ${attrs}` : ''}>`;
      if (selfClosing) {
        /* end() follows */
      }
    },
    end() {
      const top = stack.pop()!;
      top.el.src += top.el.kids.map((k) => (typeof k === 'string' ? k : k.src)).join('');
    },
    text(s) {
      if (stack.length) stack[stack.length - 1].el.kids.push(s);
    },
  });
  lexer.push(text);
  lexer.end();
  if (!root) throw new Error('boş şema');
  return root;
}
