/**
 * XPath 2.0 atomic values as a schema-less processor sees them (XPath 2.0 §2.5, F&O §17–18):
 * element and attribute content is `xs:untypedAtomic`; literals are `xs:integer`, `xs:decimal`,
 * `xs:double` or `xs:string`. Representation: xs:string = JS string, xs:boolean = JS boolean,
 * xs:double = JS number, xs:untypedAtomic = {@link UA}, xs:integer = {@link Int} (a JS number,
 * exact below 2^53), xs:decimal = {@link Dec} (scaled BigInt, exact — never a binary float).
 *
 * General comparisons follow XPath 2.0 §3.5.2: untypedAtomic against untypedAtomic or string
 * compares as strings (Unicode codepoint collation), against a number casts to xs:double; numbers
 * are promoted integer → decimal → double. So GİB's `gl-bus:totalDebit = sum(…xs:decimal(…))`
 * compares doubles, exactly as Saxon does.
 */
import type { XNode } from './tree.ts';

/** 10^0 … 10^22, the powers of ten a double holds exactly. */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

/** xs:untypedAtomic. */
export class UA {
  constructor(readonly s: string) {}
}
/** xs:integer (safe-integer range). */
export class Int {
  constructor(readonly v: number) {}
}
/** xs:decimal: value = m / 10^s. */
export class Dec {
  constructor(
    readonly m: bigint,
    readonly s: number,
  ) {}
  /** Parses the lexical form of xs:decimal; null when invalid. */
  static parse(t: string): Dec | null {
    // Fast path: an optional sign, at most 15 digits and one '.', no blanks (amounts): exact in a double.
    const n = t.length;
    if (n > 0 && n <= 17) {
      let i = 0,
        neg = false;
      const c0 = t.charCodeAt(0);
      if (c0 === 45 || c0 === 43) {
        neg = c0 === 45;
        i = 1;
      }
      let v = 0,
        s = 0,
        digits = 0,
        dot = false,
        ok = true;
      for (; i < n; i++) {
        const c = t.charCodeAt(i);
        if (c >= 48 && c <= 57) {
          v = v * 10 + (c - 48);
          digits++;
          if (dot) s++;
        } else if (c === 46 && !dot) dot = true;
        else {
          ok = false;
          break;
        }
      }
      if (ok && digits > 0 && digits <= 15) {
        // as norm(): trailing zeros go, a zero keeps its scale
        while (s > 0 && v !== 0 && v % 10 === 0) {
          v /= 10;
          s--;
        }
        return new Dec(BigInt(neg ? -v : v), s);
      }
    }
    const m = /^\s*([+-]?)([0-9]*)(?:\.([0-9]*))?\s*$/.exec(t);
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
    const frac = m[3] ?? '';
    const v = BigInt((m[2] || '0') + frac);
    return new Dec(m[1] === '-' ? -v : v, frac.length).norm();
  }
  /** Removes trailing zero digits of the fraction. */
  norm(): Dec {
    let m = this.m,
      s = this.s;
    while (s > 0 && m % 10n === 0n) {
      m /= 10n;
      s--;
    }
    return m === this.m ? this : new Dec(m, s);
  }
  static of(i: number): Dec {
    return new Dec(BigInt(i), 0);
  }
  /** Aligns two decimals to the same scale. */
  static align(a: Dec, b: Dec): [bigint, bigint, number] {
    if (a.s === b.s) return [a.m, b.m, a.s];
    if (a.s > b.s) return [a.m, b.m * 10n ** BigInt(a.s - b.s), a.s];
    return [a.m * 10n ** BigInt(b.s - a.s), b.m, b.s];
  }
  toString(): string {
    const neg = this.m < 0n;
    let d = (neg ? -this.m : this.m).toString();
    if (this.s > 0) {
      d = d.padStart(this.s + 1, '0');
      d = `${d.slice(0, d.length - this.s)}.${d.slice(d.length - this.s)}`.replace(/\.?0+$/, '');
    }
    return (neg && d !== '0' ? '-' : '') + d;
  }
  toNumber(): number {
    // m and 10^s exact doubles: one IEEE division is the correctly rounded value, as Number(string) is.
    const m = this.m;
    if (this.s < POW10.length && m <= MAX_EXACT && m >= -MAX_EXACT) return Number(m) / POW10[this.s];
    return Number(this.toString());
  }
}

/** An atomic value. */
export type Atomic = string | boolean | number | UA | Int | Dec;
/** An item: a node or an atomic value. */
export type Item = XNode | Atomic;
/** A sequence. */
export type Seq = Item[];

/** A dynamic or type error (F&O error codes), reported as an `error` failure of the assert. */
export class XPathError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/** True for xs:integer, xs:decimal, xs:double. */
export function isNumeric(a: Atomic): a is number | Int | Dec {
  return typeof a === 'number' || a instanceof Int || a instanceof Dec;
}

/** Casts a string to xs:double (XSD lexical rules: INF, -INF, NaN, decimal/scientific; whitespace collapsed). */
export function toDouble(s: string): number {
  // Fast path: plain decimal digits with at most one '.', no sign, no spaces (amounts, counters).
  const n = s.length;
  if (n > 0 && n < 16) {
    let dot = 0,
      ok = true;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === 46) {
        if (++dot > 1 || i === 0 || i === n - 1) {
          ok = false;
          break;
        }
      } else if (c < 48 || c > 57) {
        ok = false;
        break;
      }
    }
    if (ok) return Number(s);
  }
  const t = s.trim();
  if (t === 'INF') return Infinity;
  if (t === '-INF') return -Infinity;
  if (t === 'NaN') return NaN;
  if (!/^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(t)) throw new XPathError('FORG0001', `"${s}" bir xs:double değil (not a valid xs:double)`);
  return Number(t);
}

/** Numeric value as a double. */
export function numToDouble(a: number | Int | Dec): number {
  return typeof a === 'number' ? a : a instanceof Int ? a.v : a.toNumber();
}

/** xs:double → xs:string (XPath 2.0 casting rules: decimal notation in [1e-6, 1e6), else `1.0E6` form). */
export function doubleToString(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return 'INF';
  if (d === -Infinity) return '-INF';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  const a = Math.abs(d);
  if (a >= 1e-6 && a < 1e6) {
    let s = String(d);
    if (/e/i.test(s)) s = d.toFixed(20).replace(/\.?0+$/, '');
    return s;
  }
  // Shortest round-trip digits, then the XPath mantissa form.
  const [mant, exp] = d.toExponential().split('e');
  const m = mant.includes('.') ? mant : `${mant}.0`;
  return `${m}E${Number(exp)}`;
}

/** String value of an atomic (XPath 2.0 cast to xs:string). */
export function atomicString(a: Atomic): string {
  if (typeof a === 'string') return a;
  if (a instanceof UA) return a.s;
  if (typeof a === 'boolean') return a ? 'true' : 'false';
  if (typeof a === 'number') return doubleToString(a);
  if (a instanceof Int) return String(a.v);
  return a.toString();
}

/** Compares two strings by Unicode codepoint (the default collation); -1, 0, 1. */
export function compareCodepoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i),
      y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (U+D800–DFFF) encode codepoints above U+FFFF: they sort after U+E000–FFFF.
      const xs = x >= 0xd800 && x <= 0xdfff,
        ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) return xs ? 1 : -1;
      return x < y ? -1 : 1;
    }
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function numCompare(a: number | Int | Dec, b: number | Int | Dec): number {
  if (typeof a === 'number' || typeof b === 'number') {
    const x = numToDouble(a),
      y = numToDouble(b);
    if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
    // Saxon (the oracle) compares doubles as Java's Double.compare: -0.0 < 0.0, so `-0.00 >= 0` and
    // `-0.00 = 0` are false there; NaN stays incomparable as the spec says.
    if (x === 0 && y === 0) return Object.is(x, y) ? 0 : Object.is(x, -0) ? -1 : 1;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a instanceof Int && b instanceof Int) return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
  const [x, y] = Dec.align(a instanceof Int ? Dec.of(a.v) : a, b instanceof Int ? Dec.of(b.v) : b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A comparison's result (-1, 0, 1, or NaN for incomparable values) under operator `op` (`=`, `!=`, `<`, `<=`, `>`, `>=`). */
export function opResult(c: number, op: string): boolean {
  if (Number.isNaN(c)) return op === '!=';
  switch (op) {
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    default:
      return c >= 0;
  }
}

/**
 * Value comparison of two atomics after the general-comparison conversions (§3.5.2).
 * @throws XPathError XPTY0004 for incomparable types, FORG0001 for an untyped value that is not a number
 */
export function compareAtomic(a: Atomic, b: Atomic, op: string): boolean {
  if (a instanceof UA) {
    if (b instanceof UA || typeof b === 'string') return opResult(compareCodepoints(a.s, typeof b === 'string' ? b : b.s), op);
    if (isNumeric(b)) return opResult(numCompare(toDouble(a.s), b), op);
    if (typeof b === 'boolean') return opResult(Number(castBoolean(a.s)) - Number(b), op);
  }
  if (b instanceof UA) {
    if (typeof a === 'string') return opResult(compareCodepoints(a, b.s), op);
    if (isNumeric(a)) return opResult(numCompare(a, toDouble(b.s)), op);
    if (typeof a === 'boolean') return opResult(Number(a) - Number(castBoolean(b.s)), op);
  }
  if (typeof a === 'string' && typeof b === 'string') return opResult(compareCodepoints(a, b), op);
  if (isNumeric(a) && isNumeric(b)) return opResult(numCompare(a, b), op);
  if (typeof a === 'boolean' && typeof b === 'boolean') return opResult(Number(a) - Number(b), op);
  throw new XPathError('XPTY0004', `karşılaştırılamayan türler (incomparable types) ${typeName(a)} ${op} ${typeName(b)}`);
}

function castBoolean(s: string): boolean {
  const t = s.trim();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  throw new XPathError('FORG0001', `"${s}" bir xs:boolean değil`);
}

/** Type name for messages. */
export function typeName(a: Atomic): string {
  if (typeof a === 'string') return 'xs:string';
  if (typeof a === 'boolean') return 'xs:boolean';
  if (typeof a === 'number') return 'xs:double';
  if (a instanceof UA) return 'xs:untypedAtomic';
  if (a instanceof Int) return 'xs:integer';
  return 'xs:decimal';
}

/** Arithmetic on two atomics (§3.4): untypedAtomic → double, promotion integer → decimal → double. */
export function arith(op: string, a0: Atomic, b0: Atomic): Atomic {
  const a = a0 instanceof UA ? toDouble(a0.s) : a0;
  const b = b0 instanceof UA ? toDouble(b0.s) : b0;
  if (!isNumeric(a) || !isNumeric(b))
    throw new XPathError('XPTY0004', `aritmetik işlemde sayı olmayan değer (non-numeric operand) ${typeName(a)} ${op} ${typeName(b)}`);
  if (typeof a === 'number' || typeof b === 'number') {
    const x = numToDouble(a),
      y = numToDouble(b);
    switch (op) {
      case '+':
        return x + y;
      case '-':
        return x - y;
      case '*':
        return x * y;
      case 'div':
        return x / y;
      case 'mod':
        return x % y;
      default: {
        if (y === 0 || !Number.isFinite(x)) throw new XPathError('FOAR0001', 'idiv: sıfıra bölme');
        return new Int(Math.trunc(x / y));
      }
    }
  }
  if (a instanceof Int && b instanceof Int && op !== 'div') {
    switch (op) {
      case '+':
        return new Int(a.v + b.v);
      case '-':
        return new Int(a.v - b.v);
      case '*':
        return new Int(a.v * b.v);
      default:
        if (b.v === 0) throw new XPathError('FOAR0001', 'sıfıra bölme (division by zero)');
        return new Int(op === 'mod' ? a.v % b.v : Math.trunc(a.v / b.v));
    }
  }
  const da = a instanceof Int ? Dec.of(a.v) : (a as Dec);
  const db = b instanceof Int ? Dec.of(b.v) : (b as Dec);
  const [x, y, s] = Dec.align(da, db);
  switch (op) {
    case '+':
      return new Dec(x + y, s).norm();
    case '-':
      return new Dec(x - y, s).norm();
    case '*':
      return new Dec(da.m * db.m, da.s + db.s).norm();
    default: {
      if (y === 0n) throw new XPathError('FOAR0001', 'sıfıra bölme (division by zero)');
      if (op === 'idiv') return new Int(Number(x / y));
      if (op === 'mod') return new Dec(x % y, s).norm();
      // div: 18 fractional digits, truncated (Saxon keeps more; GİB's files do not divide).
      const scale = 18;
      return new Dec((x * 10n ** BigInt(scale)) / y, scale).norm();
    }
  }
}
