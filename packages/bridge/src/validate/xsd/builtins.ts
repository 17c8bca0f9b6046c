/**
 * Lexical checks of the XML Schema 1.0 built-in simple types GİB's schemas use (XSD Part 2, §3.2
 * and §3.3), on the whitespace-normalized value. Each check answers whether the lexical form is
 * valid; a numeric or date type also gives a comparable value for range facets.
 */

import { isXmlName, NCNAME_CHAR, NCNAME_START } from '../xml-wf.ts';

/** Whitespace handling of a simple type (XSD Part 2 §4.3.6). */
export type WhiteSpace = 'preserve' | 'replace' | 'collapse';

/** A built-in primitive or derived type's lexical check. */
export interface Builtin {
  name: string;
  ws: WhiteSpace;
  /** Numeric or date kinds compare with the range facets; strings and lists compare lengths. */
  kind: 'string' | 'decimal' | 'float' | 'boolean' | 'date' | 'binary64' | 'binaryHex' | 'qname' | 'uri' | 'duration' | 'any';
  /** True when `v` (already normalized) is a valid lexical form. `hasPrefix` answers whether a QName prefix is bound. */
  check(v: string, hasPrefix?: (p: string) => boolean): boolean;
  /** Inclusive range of integer types. */
  range?: [bigint | null, bigint | null];
}

const RE_NCNAME = new RegExp(`^[${NCNAME_START}][${NCNAME_CHAR}]*$`, 'u');
const RE_NMTOKEN = new RegExp(`^[${NCNAME_CHAR}:]+$`, 'u');
const RE_QNAME = new RegExp(`^(?:([${NCNAME_START}][${NCNAME_CHAR}]*):)?[${NCNAME_START}][${NCNAME_CHAR}]*$`, 'u');
const RE_DECIMAL = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;
const RE_INTEGER = /^[+-]?[0-9]+$/;
const RE_FLOAT = /^(?:[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|INF|-INF|NaN)$/;
const RE_LANGUAGE = /^[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*$/;
const RE_DURATION = /^-?P(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?$/;
const RE_HEX = /^(?:[0-9a-fA-F]{2})*$/;
const TZ = '(Z|[+-](?:(?:0\\d|1[0-3]):[0-5]\\d|14:00))?';
const YEAR = '(-?(?:[1-9]\\d{4,}|\\d{4}))';
const RE_DATE = new RegExp(`^${YEAR}-(\\d{2})-(\\d{2})${TZ}$`);
const RE_DATETIME = new RegExp(`^${YEAR}-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.\\d+)?${TZ}$`);
const RE_TIME = new RegExp(`^(\\d{2}):(\\d{2}):(\\d{2})(?:\\.\\d+)?${TZ}$`);
const RE_GYEAR = new RegExp(`^${YEAR}${TZ}$`);
const RE_GYEARMONTH = new RegExp(`^${YEAR}-(\\d{2})${TZ}$`);
const RE_GMONTH = new RegExp(`^--(\\d{2})${TZ}$`);
const RE_GDAY = new RegExp(`^---(\\d{2})${TZ}$`);
const RE_GMONTHDAY = new RegExp(`^--(\\d{2})-(\\d{2})${TZ}$`);

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function okYear(y: string): boolean {
  return y !== '0000' && y !== '-0000';
}
function okMonth(m: string): boolean {
  const v = +m;
  return v >= 1 && v <= 12;
}
function okDay(y: string, m: string, d: string): boolean {
  const v = +d;
  return v >= 1 && v <= daysIn(+y < 0 ? -+y : +y, +m);
}
function okTime(h: string, mi: string, s: string): boolean {
  // 24:00:00 is allowed (end of day) in XSD 1.0.
  if (+h === 24) return +mi === 0 && +s === 0;
  return +h < 24 && +mi < 60 && +s < 60;
}

function date(v: string): boolean {
  const m = RE_DATE.exec(v);
  return !!m && okYear(m[1]) && okMonth(m[2]) && okDay(m[1], m[2], m[3]);
}

function dateTime(v: string): boolean {
  const m = RE_DATETIME.exec(v);
  return !!m && okYear(m[1]) && okMonth(m[2]) && okDay(m[1], m[2], m[3]) && okTime(m[4], m[5], m[6]);
}

const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const B64_LAST2 = /[AQgw]==$/;
const B64_LAST3 = /[AEIMQUYcgkosw048]=$/;

/** base64Binary lexical check (XSD 1.0 with its errata: whitespace allowed between characters, canonical padding bits). */
function checkBase64(v: string): boolean {
  const s = v.indexOf(' ') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\t') >= 0 || v.indexOf('\r') >= 0 ? v.replace(/[ \t\r\n]+/g, '') : v;
  if (!B64.test(s)) return false;
  if (s.endsWith('==')) return B64_LAST2.test(s);
  if (s.endsWith('=')) return B64_LAST3.test(s);
  return true;
}

const U_UNRES = 'A-Za-z0-9\\-._~';
const U_SUB = "!$&'()*+,;=";
const U_PCT = '%[0-9A-Fa-f]{2}';
const U_PCHAR = `(?:[${U_UNRES}${U_SUB}:@]|${U_PCT})`;
const U_AUTH = `(?:(?:[${U_UNRES}${U_SUB}:]|${U_PCT})*@)?(?:\\[[0-9A-Fa-f:.vV${U_UNRES}${U_SUB}]*\\]|(?:[${U_UNRES}${U_SUB}]|${U_PCT})*)(?::[0-9]*)?`;
const U_TAIL = `(?:\\?(?:${U_PCHAR}|[/?])*)?(?:#(?:${U_PCHAR}|[/?])*)?$`;
const U_SEG = `${U_PCHAR}*`;
const U_SEG_NC = `(?:[${U_UNRES}${U_SUB}@]|${U_PCT})+`;
const RE_URI_ABS = new RegExp(`^[A-Za-z][A-Za-z0-9+.\\-]*:(?://${U_AUTH}(?:/${U_SEG})*|/(?:${U_PCHAR}+(?:/${U_SEG})*)?|${U_PCHAR}+(?:/${U_SEG})*|)${U_TAIL}`);
const RE_URI_REL = new RegExp(`^(?://${U_AUTH}(?:/${U_SEG})*|/(?:${U_PCHAR}+(?:/${U_SEG})*)?|${U_SEG_NC}(?:/${U_SEG})*|)${U_TAIL}`);

/**
 * anyURI the way libxml2 checks it (xmlschemastypes.c): characters a URI may not hold literally
 * (controls, space, non-ASCII, <>"{}|\^`') are first replaced (libxml2 escapes them), then the
 * value must be an RFC 3986 URI-reference: a valid scheme before a ':' in the first segment,
 * well-formed %XX escapes, one '#'.
 */
function anyUri(v: string): boolean {
  const s = v.replace(/[\u0000-\u0020\u007f-\u{10FFFF}<>"{}|\\^`']/gu, '_');
  return RE_URI_ABS.test(s) || RE_URI_REL.test(s);
}

const T = (name: string, kind: Builtin['kind'], ws: WhiteSpace, check: Builtin['check'], range?: Builtin['range']): Builtin => ({
  name,
  kind,
  ws,
  check,
  range,
});
const yes = (): boolean => true;
const integer = (name: string, lo: bigint | null, hi: bigint | null) => T(name, 'decimal', 'collapse', (v) => RE_INTEGER.test(v), [lo, hi]);
const P64 = 2n ** 63n;

/** Built-in simple types by local name (namespace XS). */
export const BUILTINS: Record<string, Builtin> = {
  anySimpleType: T('anySimpleType', 'any', 'preserve', yes),
  string: T('string', 'string', 'preserve', yes),
  normalizedString: T('normalizedString', 'string', 'replace', yes),
  token: T('token', 'string', 'collapse', yes),
  language: T('language', 'string', 'collapse', (v) => RE_LANGUAGE.test(v)),
  Name: T('Name', 'string', 'collapse', (v) => isXmlName(v)),
  NCName: T('NCName', 'string', 'collapse', (v) => RE_NCNAME.test(v)),
  NMTOKEN: T('NMTOKEN', 'string', 'collapse', (v) => RE_NMTOKEN.test(v)),
  ID: T('ID', 'string', 'collapse', (v) => RE_NCNAME.test(v)),
  IDREF: T('IDREF', 'string', 'collapse', (v) => RE_NCNAME.test(v)),
  ENTITY: T('ENTITY', 'string', 'collapse', (v) => RE_NCNAME.test(v)),
  QName: T('QName', 'qname', 'collapse', (v, has) => {
    const m = RE_QNAME.exec(v);
    return !!m && (m[1] === undefined || !has || has(m[1]));
  }),
  NOTATION: T('NOTATION', 'qname', 'collapse', (v) => RE_QNAME.test(v)),
  anyURI: T('anyURI', 'uri', 'collapse', anyUri),
  boolean: T('boolean', 'boolean', 'collapse', (v) => v === 'true' || v === 'false' || v === '1' || v === '0'),
  decimal: T('decimal', 'decimal', 'collapse', (v) => RE_DECIMAL.test(v)),
  float: T('float', 'float', 'collapse', (v) => RE_FLOAT.test(v)),
  double: T('double', 'float', 'collapse', (v) => RE_FLOAT.test(v)),
  integer: integer('integer', null, null),
  nonPositiveInteger: integer('nonPositiveInteger', null, 0n),
  negativeInteger: integer('negativeInteger', null, -1n),
  nonNegativeInteger: integer('nonNegativeInteger', 0n, null),
  positiveInteger: integer('positiveInteger', 1n, null),
  long: integer('long', -P64, P64 - 1n),
  int: integer('int', -(2n ** 31n), 2n ** 31n - 1n),
  short: integer('short', -32768n, 32767n),
  byte: integer('byte', -128n, 127n),
  unsignedLong: integer('unsignedLong', 0n, 2n ** 64n - 1n),
  unsignedInt: integer('unsignedInt', 0n, 2n ** 32n - 1n),
  unsignedShort: integer('unsignedShort', 0n, 65535n),
  unsignedByte: integer('unsignedByte', 0n, 255n),
  duration: T('duration', 'duration', 'collapse', (v) => RE_DURATION.test(v)),
  dateTime: T('dateTime', 'date', 'collapse', dateTime),
  date: T('date', 'date', 'collapse', date),
  time: T('time', 'date', 'collapse', (v) => {
    const m = RE_TIME.exec(v);
    return !!m && okTime(m[1], m[2], m[3]);
  }),
  gYear: T('gYear', 'date', 'collapse', (v) => {
    const m = RE_GYEAR.exec(v);
    return !!m && okYear(m[1]);
  }),
  gYearMonth: T('gYearMonth', 'date', 'collapse', (v) => {
    const m = RE_GYEARMONTH.exec(v);
    return !!m && okYear(m[1]) && okMonth(m[2]);
  }),
  gMonth: T('gMonth', 'date', 'collapse', (v) => {
    const m = RE_GMONTH.exec(v);
    return !!m && okMonth(m[1]);
  }),
  gDay: T('gDay', 'date', 'collapse', (v) => {
    const m = RE_GDAY.exec(v);
    return !!m && +m[1] >= 1 && +m[1] <= 31;
  }),
  gMonthDay: T('gMonthDay', 'date', 'collapse', (v) => {
    const m = RE_GMONTHDAY.exec(v);
    return !!m && okMonth(m[1]) && +m[2] >= 1 && +m[2] <= daysIn(2000, +m[1]);
  }),
  base64Binary: T('base64Binary', 'binary64', 'collapse', checkBase64),
  hexBinary: T('hexBinary', 'binaryHex', 'collapse', (v) => RE_HEX.test(v)),
};

/** Applies a whitespace facet (the usual value needs no change and is returned as it is, without a regex). */
export function normalizeWs(v: string, ws: WhiteSpace): string {
  if (ws === 'preserve') return v;
  const n = v.length;
  let clean = true;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c === 9 || c === 10 || c === 13 || (c === 32 && ws === 'collapse' && (i === 0 || i === n - 1 || v.charCodeAt(i + 1) === 32))) {
      clean = false;
      break;
    }
  }
  if (clean) return v;
  const r = v.replace(/[\t\n\r]/g, ' ');
  return ws === 'replace' ? r : r.replace(/ {2,}/g, ' ').trim();
}
