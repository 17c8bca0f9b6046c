/**
 * The XPath 2.0 functions (W3C F&O) the engine implements — the ones GİB's schematron files call
 * and their close relatives — with the function conversion rules of a schema-less processor:
 * string parameters take one item at most (else XPTY0004), untypedAtomic becomes a string,
 * numbers are never silently turned into strings.
 */
import type { Ctx, Fn } from './xpath-compile.ts';
import { FALSE, TRUE, atomize, ebv } from './xpath-compile.ts';
import { isNode, stringValue, XDoc, XElem, XAttr } from './tree.ts';
import {
  Dec,
  Int,
  UA,
  XPathError,
  arith,
  atomicString,
  compareAtomic,
  compareCodepoints,
  isNumeric,
  numToDouble,
  toDouble,
  typeName,
  type Atomic,
  type Seq,
} from './xpath-values.ts';
import { xpathRegex } from './xsd-regex.ts';

/** A function implementation: receives the caller's context and its compiled arguments. */
export interface FnImpl {
  arity?: [number, number];
  f: (c: Ctx, args: Fn[]) => Seq;
}

function one(c: Ctx, f: Fn, what: string): Atomic | undefined {
  const s = atomize(f(c));
  if (s.length > 1) throw new XPathError('XPTY0004', `${what}: birden çok değer verildi (a sequence of more than one item is not allowed)`);
  return s[0];
}

/** xs:string? parameter: '' for the empty sequence. */
function str(c: Ctx, f: Fn, what: string): string {
  const a = one(c, f, what);
  if (a === undefined) return '';
  if (typeof a === 'string') return a;
  if (a instanceof UA) return a.s;
  throw new XPathError('XPTY0004', `${what}: xs:string beklenirken ${typeName(a)} (required type xs:string)`);
}

function dbl(c: Ctx, f: Fn, what: string): number {
  const a = one(c, f, what);
  if (a === undefined) throw new XPathError('XPTY0004', `${what}: boş dizi (empty sequence)`);
  if (a instanceof UA) return toDouble(a.s);
  if (isNumeric(a)) return numToDouble(a);
  throw new XPathError('XPTY0004', `${what}: sayı beklenirken ${typeName(a)}`);
}

const WS = /[ \t\n\r]+/g;
/** XML white space collapsed (normalize-space). */
export function normalizeSpace(s: string): string {
  // Already normal (no tab, CR, LF, no blank at either end, no two blanks in a row): as it is.
  const n = s.length;
  let prev = 32;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 9 || c === 10 || c === 13 || (c === 32 && prev === 32)) return s.replace(WS, ' ').replace(/^ | $/g, '');
    prev = c;
  }
  return prev === 32 && n > 0 ? s.replace(WS, ' ').replace(/^ | $/g, '') : s;
}

/** Length in Unicode codepoints (string-length). */
export function codepointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}

function xpathRound(x: number): number {
  return Math.floor(x + 0.5);
}

function substring(s: string, start: number, len?: number): string {
  const cps = /[\uD800-\uDFFF]/.test(s) ? Array.from(s) : null;
  const n = cps ? cps.length : s.length;
  const rs = xpathRound(start);
  const re = len === undefined ? Infinity : rs + xpathRound(len);
  if (Number.isNaN(rs) || Number.isNaN(re)) return '';
  const from = Math.max(rs, 1);
  const to = Math.min(re, n + 1);
  if (to <= from) return '';
  return cps ? cps.slice(from - 1, to - 1).join('') : s.slice(from - 1, to - 1);
}

function ctxNode(c: Ctx) {
  if (!isNode(c.item)) throw new XPathError('XPTY0004', 'bağlam öğesi düğüm değil');
  return c.item;
}

/** Casts an atomic to xs:decimal. @throws XPathError FORG0001 */
export function toDecimal(a: Atomic): Dec {
  if (a instanceof Dec) return a;
  if (a instanceof Int) return Dec.of(a.v);
  if (typeof a === 'number') {
    if (!Number.isFinite(a)) throw new XPathError('FOCA0002', `${a} xs:decimal olamaz`);
    return Dec.parse(a.toFixed(20).replace(/\.?0+$/, '')) ?? Dec.of(0);
  }
  if (typeof a === 'boolean') return Dec.of(a ? 1 : 0);
  const s = typeof a === 'string' ? a : a.s;
  const d = Dec.parse(s);
  if (!d) throw new XPathError('FORG0001', `"${s}" geçerli bir xs:decimal değil (not a valid xs:decimal)`);
  return d;
}

function distinctKey(a: Atomic): string {
  if (typeof a === 'string') return `s${a}`;
  if (a instanceof UA) return `s${a.s}`;
  if (typeof a === 'boolean') return `b${a}`;
  const d = numToDouble(a as number);
  return Number.isNaN(d) ? 'nNaN' : `n${d === 0 ? 0 : d}`;
}

/**
 * fn:sum's fold (XPath F&O §14.4.5) over `items` added to `acc` (the sum so far, null before the first item): every
 * untypedAtomic of `items` is taken as xs:double first, as fn:sum converts its whole argument before adding, then the
 * items are added in order with the `+` operator's type promotion (arith). FUNCTIONS.sum and the runner's kebir line
 * sums (one line's items at a time) share it.
 * @returns the new sum (`acc` when `items` is empty)
 * @throws XPathError FORG0001 for an untypedAtomic that is not a number, FORG0006 for an item that is no number
 */
export function sumInto(acc: Atomic | null, items: readonly Atomic[]): Atomic | null {
  const s = items.map((x) => (x instanceof UA ? toDouble(x.s) : x));
  for (const x of s) {
    if (!isNumeric(x)) throw new XPathError('FORG0006', `sum: sayı olmayan değer ${typeName(x)}`);
    acc = acc === null ? x : arith('+', acc, x);
  }
  return acc;
}

/** Built-in functions by local name (`xs:` constructors as `xs:<type>`). */
export const FUNCTIONS: Record<string, FnImpl> = {
  true: { arity: [0, 0], f: () => [true] },
  false: { arity: [0, 0], f: () => [false] },
  not: { arity: [1, 1], f: (c, [a]) => (ebv(a(c)) ? FALSE : TRUE) },
  boolean: { arity: [1, 1], f: (c, [a]) => [ebv(a(c))] },
  exists: { arity: [1, 1], f: (c, [a]) => [a(c).length > 0] },
  empty: { arity: [1, 1], f: (c, [a]) => [a(c).length === 0] },
  count: { arity: [1, 1], f: (c, [a]) => [new Int(a(c).length)] },
  position: { arity: [0, 0], f: (c) => [new Int(c.pos)] },
  last: { arity: [0, 0], f: (c) => [new Int(c.size)] },
  data: { arity: [1, 1], f: (c, [a]) => atomize(a(c)) },
  string: {
    arity: [0, 1],
    f: (c, args) => {
      if (args.length === 0) return [stringValue(ctxNode(c))];
      const s = a1(c, args[0]);
      return [s === undefined ? '' : isNode(s) ? stringValue(s) : atomicString(s as Atomic)];
    },
  },
  'string-length': { arity: [0, 1], f: (c, args) => [new Int(codepointLength(args.length ? str(c, args[0], 'string-length') : stringValue(ctxNode(c))))] },
  'normalize-space': { arity: [0, 1], f: (c, args) => [normalizeSpace(args.length ? str(c, args[0], 'normalize-space') : stringValue(ctxNode(c)))] },
  'upper-case': { arity: [1, 1], f: (c, [a]) => [str(c, a, 'upper-case').toUpperCase()] },
  'lower-case': { arity: [1, 1], f: (c, [a]) => [str(c, a, 'lower-case').toLowerCase()] },
  concat: {
    arity: [2, 999],
    f: (c, args) => {
      let s = '';
      for (const a of args) {
        const v = one(c, a, 'concat');
        if (v !== undefined) s += atomicString(v);
      }
      return [s];
    },
  },
  'string-join': {
    arity: [2, 2],
    f: (c, [a, b]) => {
      const parts = atomize(a(c)).map((x) => {
        if (typeof x === 'string') return x;
        if (x instanceof UA) return x.s;
        throw new XPathError('XPTY0004', `string-join: ${typeName(x)}`);
      });
      return [parts.join(str(c, b, 'string-join'))];
    },
  },
  contains: { arity: [2, 2], f: (c, [a, b]) => [str(c, a, 'contains').includes(str(c, b, 'contains'))] },
  'starts-with': { arity: [2, 2], f: (c, [a, b]) => [str(c, a, 'starts-with').startsWith(str(c, b, 'starts-with'))] },
  'ends-with': { arity: [2, 2], f: (c, [a, b]) => [str(c, a, 'ends-with').endsWith(str(c, b, 'ends-with'))] },
  'substring-before': {
    arity: [2, 2],
    f: (c, [a, b]) => {
      const s = str(c, a, 'substring-before'),
        t = str(c, b, 'substring-before');
      const i = s.indexOf(t);
      return [i < 0 ? '' : s.slice(0, i)];
    },
  },
  'substring-after': {
    arity: [2, 2],
    f: (c, [a, b]) => {
      const s = str(c, a, 'substring-after'),
        t = str(c, b, 'substring-after');
      const i = s.indexOf(t);
      return [i < 0 ? '' : s.slice(i + t.length)];
    },
  },
  substring: {
    arity: [2, 3],
    f: (c, args) => [substring(str(c, args[0], 'substring'), dbl(c, args[1], 'substring'), args.length > 2 ? dbl(c, args[2], 'substring') : undefined)],
  },
  translate: {
    arity: [3, 3],
    f: (c, [a, b, d]) => {
      const s = Array.from(str(c, a, 'translate')),
        from = Array.from(str(c, b, 'translate')),
        to = Array.from(str(c, d, 'translate'));
      return [
        s
          .map((ch) => {
            const i = from.indexOf(ch);
            return i < 0 ? ch : (to[i] ?? '');
          })
          .join(''),
      ];
    },
  },
  matches: {
    arity: [2, 3],
    f: (c, args) => {
      const re = xpathRegex(str(c, args[1], 'matches'), args.length > 2 ? str(c, args[2], 'matches') : '');
      if (re.test('')) {
        /* XPath allows patterns matching "" */
      }
      return [re.test(str(c, args[0], 'matches'))];
    },
  },
  number: {
    arity: [0, 1],
    f: (c, args) => {
      const a = args.length ? one(c, args[0], 'number') : new UA(stringValue(ctxNode(c)));
      if (a === undefined) return [NaN];
      if (isNumeric(a)) return [numToDouble(a)];
      if (typeof a === 'boolean') return [a ? 1 : 0];
      try {
        return [toDouble(typeof a === 'string' ? a : a.s)];
      } catch {
        return [NaN];
      }
    },
  },
  abs: {
    arity: [1, 1],
    f: (c, [a]) => {
      const v = one(c, a, 'abs');
      if (v === undefined) return [];
      const x = v instanceof UA ? toDouble(v.s) : v;
      return [compareAtomic(x, new Int(0), '<') ? arith('-', new Int(0), x) : x];
    },
  },
  floor: {
    arity: [1, 1],
    f: (c, [a]) => {
      const v = one(c, a, 'floor');
      if (v === undefined) return [];
      const x = v instanceof UA ? toDouble(v.s) : v;
      return [typeof x === 'number' ? Math.floor(x) : x instanceof Int ? x : toDecimalFloor(x as Dec)];
    },
  },
  sum: {
    arity: [1, 2],
    f: (c, args) => {
      const s = atomize(args[0](c));
      if (s.length === 0) return args.length > 1 ? atomize(args[1](c)) : [new Int(0)];
      return [sumInto(null, s)!];
    },
  },
  max: { arity: [1, 1], f: (c, [a]) => minMax(atomize(a(c)), '>') },
  min: { arity: [1, 1], f: (c, [a]) => minMax(atomize(a(c)), '<') },
  'distinct-values': {
    arity: [1, 1],
    f: (c, [a]) => {
      const seen = new Set<string>();
      const out: Atomic[] = [];
      for (const x of atomize(a(c))) {
        const k = distinctKey(x);
        if (!seen.has(k)) {
          seen.add(k);
          out.push(x instanceof UA ? x : x);
        }
      }
      return out;
    },
  },
  'base-uri': {
    arity: [0, 1],
    f: (c, args) => {
      const n = args.length ? a1(c, args[0]) : ctxNode(c);
      if (n === undefined) return [];
      if (!isNode(n)) throw new XPathError('XPTY0004', 'base-uri: düğüm bekleniyor');
      return [c.env.baseUri];
    },
  },
  name: {
    arity: [0, 1],
    f: (c, args) => {
      const n = args.length ? a1(c, args[0]) : ctxNode(c);
      return [n instanceof XElem || n instanceof XAttr ? n.qname : ''];
    },
  },
  'local-name': {
    arity: [0, 1],
    f: (c, args) => {
      const n = args.length ? a1(c, args[0]) : ctxNode(c);
      return [n instanceof XElem || n instanceof XAttr ? n.qname.replace(/^[^:]*:/, '') : ''];
    },
  },
  root: { arity: [0, 1], f: (c) => [c.env.doc as XDoc] },
  'xs:decimal': {
    arity: [1, 1],
    f: (c, [a]) => {
      const v = one(c, a, 'xs:decimal');
      return v === undefined ? [] : [toDecimal(v)];
    },
  },
  'xs:string': {
    arity: [1, 1],
    f: (c, [a]) => {
      const v = one(c, a, 'xs:string');
      return v === undefined ? [] : [atomicString(v)];
    },
  },
  'xs:double': {
    arity: [1, 1],
    f: (c, [a]) => {
      const v = one(c, a, 'xs:double');
      return v === undefined ? [] : [isNumeric(v) ? numToDouble(v) : toDouble(atomicString(v))];
    },
  },
  'xs:integer': {
    arity: [1, 1],
    f: (c, [a]) => {
      const v = one(c, a, 'xs:integer');
      if (v === undefined) return [];
      if (isNumeric(v)) return [new Int(Math.trunc(numToDouble(v)))];
      const s = atomicString(v).trim();
      if (!/^[+-]?[0-9]+$/.test(s)) throw new XPathError('FORG0001', `"${s}" geçerli bir xs:integer değil`);
      return [new Int(Number(s))];
    },
  },
};

function toDecimalFloor(d: Dec): Dec {
  if (d.s === 0) return d;
  const p = 10n ** BigInt(d.s);
  let q = d.m / p;
  if (d.m < 0n && d.m % p !== 0n) q -= 1n;
  return new Dec(q, 0);
}

function a1(c: Ctx, f: Fn) {
  const s = f(c);
  if (s.length > 1) throw new XPathError('XPTY0004', 'birden çok öğe (more than one item)');
  return s[0];
}

function minMax(s0: Atomic[], op: '<' | '>'): Seq {
  if (s0.length === 0) return [];
  const s: Atomic[] = s0.map((x) => (x instanceof UA ? toDouble(x.s) : x));
  let best: Atomic = s[0];
  let nan = typeof best === 'number' && Number.isNaN(best);
  for (let i = 1; i < s.length; i++) {
    const x = s[i];
    if (typeof x === 'number' && Number.isNaN(x)) nan = true;
    if (typeof x === 'string' && typeof best === 'string') {
      if (compareCodepoints(x, best) > 0 === (op === '>') && compareCodepoints(x, best) !== 0) best = x;
      continue;
    }
    if (compareAtomic(x, best as Atomic, op)) best = x;
  }
  if (nan) return [NaN];
  if (s.some((x) => typeof x === 'number') && isNumeric(best)) return [numToDouble(best)];
  return [best];
}
