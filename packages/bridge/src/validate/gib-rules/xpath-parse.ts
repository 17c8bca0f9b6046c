/**
 * Parser for the XPath 2.0 subset GİB's schematron files use (W3C XPath 2.0 §3 grammar, subset):
 * `or`/`and`, general and value comparisons, `+ - * div idiv mod`, unary minus, `|`/`union`,
 * paths with the child, attribute, self, parent, ancestor(-or-self), descendant(-or-self),
 * following(-sibling) and preceding(-sibling) axes, name tests (`p:l`, `*`, `p:*`) and kind tests
 * (`node()`, `text()`, `element()`, `attribute()`, `comment()`), predicates, filter expressions,
 * any expression as a path step (`a/normalize-space(b)`), function calls, variables, literals,
 * `(…)` sequences and `.`/`..`. Anything else (`if`, `for`, `some`, `cast as`, `instance of`, …)
 * is refused with {@link XPathSyntaxError} so the compiler can name the assert it cannot handle.
 */

/** AST node kinds. */
export type Ast =
  | { t: 'num'; v: string; kind: 'integer' | 'decimal' | 'double' }
  | { t: 'str'; v: string }
  | { t: 'var'; name: string }
  | { t: 'ctx' }
  | { t: 'root' }
  | { t: 'seq'; items: Ast[] }
  | { t: 'call'; name: string; args: Ast[] }
  | { t: 'or' | 'and'; a: Ast; b: Ast }
  | { t: 'cmp'; op: CmpOp; value: boolean; a: Ast; b: Ast }
  | { t: 'arith'; op: '+' | '-' | '*' | 'div' | 'idiv' | 'mod'; a: Ast; b: Ast }
  | { t: 'neg'; a: Ast }
  | { t: 'union'; a: Ast; b: Ast }
  | { t: 'step'; axis: Axis; test: NodeTest; preds: Ast[] }
  | { t: 'filter'; base: Ast; preds: Ast[] }
  | { t: 'path'; a: Ast; b: Ast; desc: boolean };

/** Comparison operators (general `=`…, value `eq`… mapped to the same symbols with value: true). */
export type CmpOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
/** Supported axes. */
export type Axis =
  | 'child'
  | 'attribute'
  | 'self'
  | 'parent'
  | 'ancestor'
  | 'ancestor-or-self'
  | 'descendant'
  | 'descendant-or-self'
  | 'following'
  | 'following-sibling'
  | 'preceding'
  | 'preceding-sibling';
/** Node tests: a QName (prefix unresolved here), wildcards or a kind test. */
export type NodeTest =
  | { k: 'name'; prefix: string; local: string }
  | { k: 'any' }
  | { k: 'nsany'; prefix: string }
  | { k: 'localany'; local: string }
  | { k: 'kind'; kind: 'node' | 'text' | 'element' | 'attribute' | 'comment' | 'processing-instruction' | 'document-node' };

/** An expression the parser does not accept (outside the subset, or malformed). */
class XPathSyntaxError extends Error {}

type Tok = { k: 'name' | 'num' | 'str' | 'var' | 'op' | 'eof'; v: string; pos: number };

const AXES = new Set([
  'child',
  'attribute',
  'self',
  'parent',
  'ancestor',
  'ancestor-or-self',
  'descendant',
  'descendant-or-self',
  'following',
  'following-sibling',
  'preceding',
  'preceding-sibling',
]);
const KINDS = new Set(['node', 'text', 'element', 'attribute', 'comment', 'processing-instruction', 'document-node']);
const NAME_START =
  /[A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;
const NAME_CHAR =
  /[-.0-9A-Za-z_\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C-\u200D\u203F\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '(' && s[i + 1] === ':') throw new XPathSyntaxError('XPath comments are not supported');
    const start = i;
    if (c === '"' || c === "'") {
      let v = '';
      i++;
      for (;;) {
        if (i >= s.length) throw new XPathSyntaxError('unterminated string literal');
        if (s[i] === c) {
          if (s[i + 1] === c) {
            v += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += s[i++];
      }
      out.push({ k: 'str', v, pos: start });
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(s[i + 1] ?? ''))) {
      const m = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(s.slice(i))!;
      out.push({ k: 'num', v: m[0], pos: start });
      i += m[0].length;
      if (NAME_START.test(s[i] ?? '')) throw new XPathSyntaxError(`a name right after the number ${m[0]}`);
    } else if (c === '$') {
      i++;
      const n = readQName(s, i);
      if (!n) throw new XPathSyntaxError('variable name expected after $');
      out.push({ k: 'var', v: n, pos: start });
      i += n.length;
    } else if (NAME_START.test(c)) {
      const n = readQName(s, i);
      i += n.length;
      // p:* wildcard
      if (s[i] === ':' && s[i + 1] === '*' && !n.includes(':')) {
        out.push({ k: 'name', v: `${n}:*`, pos: start });
        i += 2;
        continue;
      }
      out.push({ k: 'name', v: n, pos: start });
    } else if (c === '*' && s[i + 1] === ':' && NAME_START.test(s[i + 2] ?? '')) {
      const n = readNCName(s, i + 2);
      out.push({ k: 'name', v: `*:${n}`, pos: start });
      i += 2 + n.length;
    } else {
      const two = s.slice(i, i + 2);
      if (['!=', '<=', '>=', '//', '::', '..', '<<', '>>'].includes(two)) {
        out.push({ k: 'op', v: two, pos: start });
        i += 2;
        continue;
      }
      if ('()[],=<>/|@+-*.'.includes(c)) {
        out.push({ k: 'op', v: c, pos: start });
        i++;
        continue;
      }
      throw new XPathSyntaxError(`unexpected character '${c}' at ${i}`);
    }
  }
  out.push({ k: 'eof', v: '', pos: s.length });
  return out;
}

function readNCName(s: string, i: number): string {
  let j = i;
  if (!NAME_START.test(s[j] ?? '')) return '';
  j++;
  while (j < s.length && NAME_CHAR.test(s[j])) j++;
  return s.slice(i, j);
}

function readQName(s: string, i: number): string {
  const a = readNCName(s, i);
  if (!a) return '';
  if (s[i + a.length] === ':' && NAME_START.test(s[i + a.length + 1] ?? '')) {
    const b = readNCName(s, i + a.length + 1);
    return `${a}:${b}`;
  }
  return a;
}

/** Parses one XPath expression into an {@link Ast}. @throws XPathSyntaxError */
export function parseXPath(src: string): Ast {
  const toks = tokenize(src);
  let p = 0;
  const peek = (o = 0) => toks[p + o];
  const isOp = (v: string, o = 0) => toks[p + o].k === 'op' && toks[p + o].v === v;
  const isKw = (v: string) => toks[p].k === 'name' && toks[p].v === v;
  const expect = (v: string) => {
    if (!isOp(v)) throw new XPathSyntaxError(`'${v}' expected at ${peek().pos}, found '${peek().v}'`);
    p++;
  };

  function expr(): Ast {
    const first = orExpr();
    if (!isOp(',')) return first;
    const items = [first];
    while (isOp(',')) {
      p++;
      items.push(orExpr());
    }
    return { t: 'seq', items };
  }
  function orExpr(): Ast {
    let a = andExpr();
    while (isKw('or')) {
      p++;
      a = { t: 'or', a, b: andExpr() };
    }
    return a;
  }
  function andExpr(): Ast {
    let a = cmpExpr();
    while (isKw('and')) {
      p++;
      a = { t: 'and', a, b: cmpExpr() };
    }
    return a;
  }
  const VALUE: Record<string, CmpOp> = { eq: '=', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=' };
  function cmpExpr(): Ast {
    const a = addExpr();
    const t = peek();
    if (t.k === 'op' && ['=', '!=', '<', '<=', '>', '>='].includes(t.v)) {
      p++;
      return { t: 'cmp', op: t.v as CmpOp, value: false, a, b: addExpr() };
    }
    if (t.k === 'name' && VALUE[t.v]) {
      p++;
      return { t: 'cmp', op: VALUE[t.v], value: true, a, b: addExpr() };
    }
    if (t.k === 'name' && ['is', 'to', 'instance', 'treat', 'castable', 'cast'].includes(t.v)) throw new XPathSyntaxError(`'${t.v}' is not supported`);
    if (t.k === 'op' && (t.v === '<<' || t.v === '>>')) throw new XPathSyntaxError(`'${t.v}' is not supported`);
    return a;
  }
  function addExpr(): Ast {
    let a = mulExpr();
    while (isOp('+') || isOp('-')) {
      const op = peek().v as '+' | '-';
      p++;
      a = { t: 'arith', op, a, b: mulExpr() };
    }
    return a;
  }
  function mulExpr(): Ast {
    let a = unionExpr();
    for (;;) {
      if (isOp('*')) {
        p++;
        a = { t: 'arith', op: '*', a, b: unionExpr() };
        continue;
      }
      if (isKw('div') || isKw('idiv') || isKw('mod')) {
        const op = peek().v as 'div';
        p++;
        a = { t: 'arith', op, a, b: unionExpr() };
        continue;
      }
      if (isKw('intersect') || isKw('except')) throw new XPathSyntaxError(`'${peek().v}' is not supported`);
      return a;
    }
  }
  function unionExpr(): Ast {
    let a = unaryExpr();
    while (isOp('|') || isKw('union')) {
      p++;
      a = { t: 'union', a, b: unaryExpr() };
    }
    return a;
  }
  function unaryExpr(): Ast {
    if (isOp('-')) {
      p++;
      return { t: 'neg', a: unaryExpr() };
    }
    if (isOp('+')) {
      p++;
      return unaryExpr();
    }
    return pathExpr();
  }
  function startsStep(): boolean {
    const t = peek();
    if (t.k === 'eof') return false;
    if (t.k === 'op') return ['@', '.', '..', '*', '('].includes(t.v);
    return t.k === 'name' || t.k === 'num' || t.k === 'str' || t.k === 'var';
  }
  function pathExpr(): Ast {
    if (isOp('/')) {
      p++;
      if (
        !startsStep() ||
        (peek().k === 'name' &&
          ['or', 'and', 'div', 'mod', 'idiv', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'union'].includes(peek().v) &&
          !isOp('(', 1) &&
          !isOp('::', 1) &&
          !isOp('/', 1))
      )
        return { t: 'root' };
      return relPath({ t: 'root' }, false);
    }
    if (isOp('//')) {
      p++;
      return relPath({ t: 'root' }, true);
    }
    return relPath(null, false);
  }
  function relPath(base: Ast | null, desc: boolean): Ast {
    let a: Ast = base ? { t: 'path', a: base, b: stepExpr(), desc } : stepExpr();
    for (;;) {
      if (isOp('/')) {
        p++;
        a = { t: 'path', a, b: stepExpr(), desc: false };
        continue;
      }
      if (isOp('//')) {
        p++;
        a = { t: 'path', a, b: stepExpr(), desc: true };
        continue;
      }
      return a;
    }
  }
  function preds(): Ast[] {
    const out: Ast[] = [];
    while (isOp('[')) {
      p++;
      out.push(expr());
      expect(']');
    }
    return out;
  }
  function nodeTest(): NodeTest {
    const t = peek();
    if (t.k === 'op' && t.v === '*') {
      p++;
      return { k: 'any' };
    }
    if (t.k !== 'name') throw new XPathSyntaxError(`node test expected at ${t.pos}`);
    p++;
    if (KINDS.has(t.v) && isOp('(')) {
      p++;
      if (!isOp(')')) throw new XPathSyntaxError(`${t.v}(…) with arguments is not supported`);
      p++;
      return { k: 'kind', kind: t.v as 'node' };
    }
    if (t.v.endsWith(':*')) return { k: 'nsany', prefix: t.v.slice(0, -2) };
    if (t.v.startsWith('*:')) return { k: 'localany', local: t.v.slice(2) };
    const c = t.v.indexOf(':');
    return c < 0 ? { k: 'name', prefix: '', local: t.v } : { k: 'name', prefix: t.v.slice(0, c), local: t.v.slice(c + 1) };
  }
  function stepExpr(): Ast {
    const t = peek();
    if (t.k === 'op' && t.v === '@') {
      p++;
      return { t: 'step', axis: 'attribute', test: nodeTest(), preds: preds() };
    }
    if (t.k === 'op' && t.v === '..') {
      p++;
      return { t: 'step', axis: 'parent', test: { k: 'kind', kind: 'node' }, preds: preds() };
    }
    if (t.k === 'name' && isOp('::', 1)) {
      if (!AXES.has(t.v)) throw new XPathSyntaxError(`axis ${t.v} is not supported`);
      p += 2;
      return { t: 'step', axis: t.v as Axis, test: nodeTest(), preds: preds() };
    }
    if (t.k === 'op' && t.v === '*') return { t: 'step', axis: 'child', test: nodeTest(), preds: preds() };
    if (t.k === 'name' && isOp('(', 1) && !KINDS.has(t.v)) {
      if (['if', 'for', 'some', 'every', 'let', 'typeswitch'].includes(t.v)) throw new XPathSyntaxError(`'${t.v}' expressions are not supported`);
      p += 2;
      const args: Ast[] = [];
      if (!isOp(')')) {
        args.push(orExpr());
        while (isOp(',')) {
          p++;
          args.push(orExpr());
        }
      }
      expect(')');
      return filter({ t: 'call', name: t.v, args });
    }
    if (t.k === 'name' && ['if', 'for', 'some', 'every'].includes(t.v) && (isOp('(', 1) || peek(1).k === 'var'))
      throw new XPathSyntaxError(`'${t.v}' expressions are not supported`);
    if (t.k === 'name') {
      const axis: Axis = KINDS.has(t.v) && t.v === 'attribute' ? 'attribute' : 'child';
      return { t: 'step', axis, test: nodeTest(), preds: preds() };
    }
    if (t.k === 'num') {
      p++;
      const kind = /[eE]/.test(t.v) ? 'double' : t.v.includes('.') ? 'decimal' : 'integer';
      return filter({ t: 'num', v: t.v, kind });
    }
    if (t.k === 'str') {
      p++;
      return filter({ t: 'str', v: t.v });
    }
    if (t.k === 'var') {
      p++;
      return filter({ t: 'var', name: t.v });
    }
    if (t.k === 'op' && t.v === '.') {
      p++;
      return filter({ t: 'ctx' });
    }
    if (t.k === 'op' && t.v === '(') {
      p++;
      if (isOp(')')) {
        p++;
        return filter({ t: 'seq', items: [] });
      }
      const e = expr();
      expect(')');
      return filter(e.t === 'seq' ? e : { t: 'seq', items: [e] });
    }
    throw new XPathSyntaxError(`unexpected '${t.v}' at ${t.pos}`);
  }
  function filter(base: Ast): Ast {
    const ps = preds();
    return ps.length ? { t: 'filter', base, preds: ps } : base;
  }

  const e = expr();
  if (peek().k !== 'eof') throw new XPathSyntaxError(`unexpected '${peek().v}' at ${peek().pos}`);
  return e;
}

/** Calls `f` on every node of the AST (pre-order). */
export function walkAst(a: Ast, f: (n: Ast, parent: Ast | null) => void, parent: Ast | null = null): void {
  f(a, parent);
  switch (a.t) {
    case 'seq':
      for (const x of a.items) walkAst(x, f, a);
      break;
    case 'call':
      for (const x of a.args) walkAst(x, f, a);
      break;
    case 'or':
    case 'and':
    case 'cmp':
    case 'arith':
    case 'union':
    case 'path':
      walkAst(a.a, f, a);
      walkAst(a.b, f, a);
      break;
    case 'neg':
      walkAst(a.a, f, a);
      break;
    case 'step':
      for (const x of a.preds) walkAst(x, f, a);
      break;
    case 'filter':
      walkAst(a.base, f, a);
      for (const x of a.preds) walkAst(x, f, a);
      break;
    default:
      break;
  }
}
