/**
 * Compiled simple types (atomic restrictions with facets, unions, lists) and the value check the
 * streaming validator runs on element text and attribute values (XSD Part 2 §4.3).
 */
import { BUILTINS, normalizeWs, type Builtin, type WhiteSpace } from './builtins.ts';

/** Constraining facets gathered along a restriction chain. */
export interface Facets {
  /** Allowed values (whitespace-normalized lexical forms) of the most derived step that lists any. */
  enums?: Set<string>;
  length?: number;
  minLength?: number;
  maxLength?: number;
  minInclusive?: string;
  maxInclusive?: string;
  minExclusive?: string;
  maxExclusive?: string;
  totalDigits?: number;
  fractionDigits?: number;
  /** One list per derivation step: a value must match one pattern of every step. */
  patterns?: RegExp[][];
}

/** A compiled simple type. */
export interface SimpleType {
  kind: 'simple';
  /** Name for messages: `xs:date`, `{ns}local` or `anonim tür`. */
  name: string;
  variety: 'atomic' | 'list' | 'union';
  /** Built-in ancestor (atomic), used for the lexical check. */
  builtin: Builtin;
  ws: WhiteSpace;
  facets: Facets;
  item?: SimpleType;
  members?: SimpleType[];
  /** No check can fail (xs:string/anySimpleType without facets): text need not be kept. */
  trivial: boolean;
}

/** The simple type of a built-in, by local name; undefined when unknown. */
export function builtinType(local: string): SimpleType | undefined {
  const b = BUILTINS[local];
  if (!b) return undefined;
  return {
    kind: 'simple',
    name: `xs:${local}`,
    variety: 'atomic',
    builtin: b,
    ws: b.ws,
    facets: {},
    trivial: local === 'string' || local === 'anySimpleType' || local === 'normalizedString' || local === 'token',
  };
}

/** Why a value is invalid, Turkish and English. */
export interface ValueProblem {
  tr: string;
  en: string;
}

/** Compares two xs:decimal lexical forms numerically (-1, 0, 1). */
function compareDecimal(a: string, b: string): number {
  const norm = (s: string): [number, string, string] => {
    let sign = 1;
    if (s[0] === '-' || s[0] === '+') {
      if (s[0] === '-') sign = -1;
      s = s.slice(1);
    }
    const dot = s.indexOf('.');
    const ip = (dot < 0 ? s : s.slice(0, dot)).replace(/^0+/, '');
    const fp = (dot < 0 ? '' : s.slice(dot + 1)).replace(/0+$/, '');
    if (!ip && !fp) sign = 0;
    return [sign, ip, fp];
  };
  const [sa, ia, fa] = norm(a);
  const [sb, ib, fb] = norm(b);
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  let c = ia.length !== ib.length ? (ia.length < ib.length ? -1 : 1) : ia < ib ? -1 : ia > ib ? 1 : 0;
  if (c === 0) {
    const w = Math.max(fa.length, fb.length);
    const x = fa.padEnd(w, '0');
    const y = fb.padEnd(w, '0');
    c = x < y ? -1 : x > y ? 1 : 0;
  }
  return sa * c;
}

function digits(v: string): [number, number] {
  const s = v.replace(/^[+-]/, '');
  const dot = s.indexOf('.');
  const ip = (dot < 0 ? s : s.slice(0, dot)).replace(/^0+/, '');
  const fp = (dot < 0 ? '' : s.slice(dot + 1)).replace(/0+$/, '');
  return [ip.length + fp.length, fp.length];
}

function lengthOf(t: SimpleType, v: string): number {
  switch (t.builtin.kind) {
    case 'binary64': {
      const s = v.replace(/[ \t\r\n]/g, '');
      return (s.length / 4) * 3 - (s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0);
    }
    case 'binaryHex':
      return v.length / 2;
    default: {
      let n = 0;
      for (const _ of v) n++;
      return n;
    }
  }
}

const bad = (v: string, t: SimpleType, tr: string, en: string): ValueProblem => ({
  tr: `'${clip(v)}' ${t.name} türünde geçerli bir değer değil (${tr})`,
  en: `'${clip(v)}' is not a valid value of ${t.name} (${en})`,
});

/** Shortens a value for a message. */
export function clip(v: string): string {
  return v.length > 60 ? `${v.slice(0, 57)}…` : v;
}

/**
 * Checks a value against a simple type.
 * @param raw the value as it appears in the document (entities decoded, line ends normalized)
 * @param hasPrefix answers whether a namespace prefix is in scope (QName values)
 * @returns null when valid, else the problem
 */
export function checkSimple(t: SimpleType, raw: string, hasPrefix?: (p: string) => boolean): ValueProblem | null {
  // Values repeat (dates, codes, counters): remember the verdict of short values per type. A QName
  // depends on the prefixes in scope, so it is never remembered.
  if (raw.length > 64 || !cacheable(t)) return checkUncached(t, raw, hasPrefix);
  let memo = memos.get(t);
  if (memo === undefined) {
    memo = new Map();
    memos.set(t, memo);
  }
  const hit = memo.get(raw);
  if (hit !== undefined) return hit;
  const r = checkUncached(t, raw, hasPrefix);
  // A flat, internalized copy as the key: `raw` may be a slice of a whole decoded chunk, which a
  // kept key would hold in memory.
  if (memo.size < 512) memo.set(flat(raw), r);
  return r;
}

/** An internalized copy of `s` that does not share the memory of the string it was sliced from. */
export function flat(s: string): string {
  return Object.keys({ [s]: 0 })[0];
}

const memos = new WeakMap<SimpleType, Map<string, ValueProblem | null>>();
const cacheables = new WeakMap<SimpleType, boolean>();

/** True when a type's verdict depends on the value alone (no QName anywhere in it). */
function cacheable(t: SimpleType): boolean {
  let c = cacheables.get(t);
  if (c === undefined) {
    c = t.variety === 'union' ? t.members!.every(cacheable) : t.variety === 'list' ? cacheable(t.item!) : t.builtin.kind !== 'qname';
    cacheables.set(t, c);
  }
  return c;
}

function checkUncached(t: SimpleType, raw: string, hasPrefix?: (p: string) => boolean): ValueProblem | null {
  if (t.variety === 'union') {
    for (const m of t.members!) if (checkSimple(m, raw, hasPrefix) === null) return checkFacets(t, normalizeWs(raw, 'collapse'));
    return bad(raw, t, 'birleşimin hiçbir üyesine uymuyor', 'matches no member of the union');
  }
  const v = normalizeWs(raw, t.ws);
  if (t.variety === 'list') {
    const items = v === '' ? [] : v.split(' ');
    for (const it of items) {
      const p = checkSimple(t.item!, it, hasPrefix);
      if (p) return p;
    }
    return checkFacets(t, v, items.length);
  }
  if (!t.builtin.check(v, hasPrefix)) return bad(v, t, `${t.builtin.name} sözdizimi`, `${t.builtin.name} lexical form`);
  const r = t.builtin.range;
  if (r && ((r[0] !== null && BigInt(v) < r[0]) || (r[1] !== null && BigInt(v) > r[1]))) return bad(v, t, 'aralık dışında', 'out of range');
  return checkFacets(t, v);
}

function checkFacets(t: SimpleType, v: string, listLength?: number): ValueProblem | null {
  const f = t.facets;
  if (f.enums && !f.enums.has(v))
    return bad(v, t, `izinli değerler: ${[...f.enums].slice(0, 12).join(', ')}`, `allowed values: ${[...f.enums].slice(0, 12).join(', ')}`);
  if (f.length !== undefined || f.minLength !== undefined || f.maxLength !== undefined) {
    const n = listLength ?? lengthOf(t, v);
    if (f.length !== undefined && n !== f.length) return bad(v, t, `uzunluk ${n} ≠ ${f.length}`, `length ${n} ≠ ${f.length}`);
    if (f.minLength !== undefined && n < f.minLength) return bad(v, t, `uzunluk ${n} < ${f.minLength}`, `length ${n} < ${f.minLength}`);
    if (f.maxLength !== undefined && n > f.maxLength) return bad(v, t, `uzunluk ${n} > ${f.maxLength}`, `length ${n} > ${f.maxLength}`);
  }
  if (f.patterns) {
    for (const step of f.patterns) if (!step.some((re) => re.test(v))) return bad(v, t, 'desene uymuyor', 'does not match the pattern');
  }
  if (f.minInclusive !== undefined && compareDecimal(v, f.minInclusive) < 0) return bad(v, t, `< ${f.minInclusive}`, `< ${f.minInclusive}`);
  if (f.maxInclusive !== undefined && compareDecimal(v, f.maxInclusive) > 0) return bad(v, t, `> ${f.maxInclusive}`, `> ${f.maxInclusive}`);
  if (f.minExclusive !== undefined && compareDecimal(v, f.minExclusive) <= 0) return bad(v, t, `≤ ${f.minExclusive}`, `≤ ${f.minExclusive}`);
  if (f.maxExclusive !== undefined && compareDecimal(v, f.maxExclusive) >= 0) return bad(v, t, `≥ ${f.maxExclusive}`, `≥ ${f.maxExclusive}`);
  if (f.totalDigits !== undefined || f.fractionDigits !== undefined) {
    const [td, fd] = digits(v);
    if (f.totalDigits !== undefined && td > f.totalDigits) return bad(v, t, `${td} basamak > ${f.totalDigits}`, `${td} digits > ${f.totalDigits}`);
    if (f.fractionDigits !== undefined && fd > f.fractionDigits)
      return bad(v, t, `${fd} ondalık basamak > ${f.fractionDigits}`, `${fd} fraction digits > ${f.fractionDigits}`);
  }
  return null;
}
