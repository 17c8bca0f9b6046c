/**
 * Well-formedness checks the XML lexers share (XML 1.0, fifth edition), beyond what their scanning itself finds:
 * characters XML does not allow (§2.2 Char, §4.1 WFC Legal Character), the attribute list of a start tag (§3.1, WFC
 * Unique Att Spec), the XML declaration (§2.8), comments (§2.5) and processing-instruction targets (§2.6), and the
 * decoding of references (§4.1, §4.6: {@link decodeEntities}), which refuses bare `&` and unknown entities. A file
 * that breaks one is not XML, and GİB's parsers (and xmllint) refuse it whatever its content; both lexers
 * (xml-lexer.ts, byte-lexer.ts) call these at the same constructs, so they stop with the same error and line.
 */

/** A well-formedness error with its line. */
export class XmlSyntaxError extends Error {
  /**
   * 1-based column (UTF-16 code units) of the construct where it was found (the `<` of a tag, the first character of
   * a text), when the lexer knows it (the byte lexer does; the string lexer and the end-of-document checks do not).
   */
  column?: number;
  constructor(
    message: string,
    readonly line: number,
    readonly code: 'NOT_XML' | 'DOCTYPE' = 'NOT_XML',
  ) {
    super(message);
  }
}

/** The characters {@link firstNonChar} finds, as a regular expression (a native search over a whole string). */
const NOT_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/**
 * Index of the first character in `s[from, to)` that XML 1.0 does not allow (§2.2 Char: the C0 controls other than tab,
 * line feed and carriage return, and U+FFFE, U+FFFF); -1 when there is none. Lone surrogates cannot occur here: the
 * text comes from bytes checked to be UTF-8, and character references are checked by {@link decodeEntities}.
 */
function firstNonChar(s: string, from: number, to: number): number {
  // keep in step with NOT_CHAR
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 ? c !== 9 && c !== 10 && c !== 13 : c >= 0xfffe) return i;
  }
  return -1;
}

/**
 * Refuses a construct that holds a character XML does not allow (a raw control character or U+FFFE/U+FFFF in text, a
 * tag, a comment, a CDATA section or a processing instruction): such a file is not well-formed, and GİB's parsers
 * (and xmllint: "PCDATA invalid Char value") reject it.
 * @param s the construct's text as written (decoded from UTF-8, references not yet decoded), from `from` to `to`
 * @param line 1-based line where the construct starts (the error's line)
 * @throws XmlSyntaxError naming the character's code point
 */
export function checkChars(s: string, line: number, from = 0, to = s.length): void {
  // a whole string: one native search first (the usual answer is "none")
  const i = from === 0 && to === s.length && !NOT_CHAR.test(s) ? -1 : firstNonChar(s, from, to);
  if (i >= 0) throw new XmlSyntaxError(`XML'de izin verilmeyen karakter ${codePoint(s.charCodeAt(i))} (a character XML does not allow)`, line);
}

/**
 * Refuses character reference `ref` (as written) to code point `c` when XML does not allow that character (XML 1.0
 * §4.1, WFC: Legal Character): not `&#1;`, `&#xFFFE;`, a surrogate, or anything above U+10FFFF.
 * @throws XmlSyntaxError
 */
function checkRef(ref: string, c: number, line: number): void {
  if (isXmlChar(c)) return;
  const what = c <= 0x10ffff ? ` ${codePoint(c)}` : '';
  throw new XmlSyntaxError(`${ref}: XML'de izin verilmeyen bir karaktere${what} başvuru (a reference to a character XML does not allow)`, line);
}

/** `U+0001`: a code point as Unicode writes it. */
function codePoint(c: number): string {
  return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Whether code point `c` is a character XML 1.0 allows (§2.2 Char). */
function isXmlChar(c: number): boolean {
  return c < 0x20 ? c === 9 || c === 10 || c === 13 : c <= 0xd7ff || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

/** Hex digit of a `&#x…;` reference. */
function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** The five predefined entities (XML 1.0 §4.6); a Map, so that `&constructor;` is not found on Object's prototype. */
const ENT = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

/** ASCII letter (a predefined entity's name is one). */
function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/**
 * Decodes entity and character references in text or attribute values (XML 1.0 §4.1): `&#x41;` and `&#65;` (digits,
 * then `;`), and the five predefined entities `&lt;` `&gt;` `&amp;` `&quot;` `&apos;`.
 * @param line for the error (1-based line of the text)
 * @throws XmlSyntaxError for a `&` that starts no reference ("bare '&'": `&`, `&amp` without `;`, `&#;`, `&#X41;`)
 *   and for any other entity name ("undefined entity"), and for a reference to a character XML does not allow
 *   (`&#1;`, `&#xFFFE;`, `&#xD800;`, above U+10FFFF)
 */
export function decodeEntities(s: string, line = 0): string {
  let amp = s.indexOf('&');
  if (amp < 0) return s;
  let out = '';
  let from = 0;
  while (amp >= 0) {
    out += s.slice(from, amp);
    let k = amp + 1;
    let value: string | undefined;
    if (s.charCodeAt(k) === 35 /* # */) {
      const hex = s.charCodeAt(k + 1) === 120; /* x (lower case only) */
      k += hex ? 2 : 1;
      const d = k;
      while (k < s.length && (hex ? isHex(s.charCodeAt(k)) : s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57)) k++;
      if (k > d && s.charCodeAt(k) === 59 /* ; */) {
        const c = parseInt(s.slice(d, k), hex ? 16 : 10);
        checkRef(s.slice(amp, k + 1), c, line);
        value = String.fromCodePoint(c);
      }
    } else {
      while (k < s.length && isLetter(s.charCodeAt(k))) k++;
      if (k > amp + 1 && s.charCodeAt(k) === 59 /* ; */) {
        const name = s.slice(amp + 1, k);
        value = ENT.get(name);
        if (value === undefined) throw new XmlSyntaxError(`tanımsız varlık referansı &${name}; (undefined entity)`, line);
      }
    }
    if (value === undefined) throw new XmlSyntaxError("çıplak '&' karakteri (bare '&')", line);
    out += value;
    from = k + 1;
    amp = s.indexOf('&', from);
  }
  return out + s.slice(from);
}

/** `=`, `"` or `'`: where an attribute name ends, if white space does not end it first. */
function isNameEnd(c: number): boolean {
  return c === 61 || c === 34 || c === 39;
}

/** XML white space (§2.3 S): space, tab, line feed, carriage return. */
function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** NameStartChar without `:` (XML 1.0 fifth edition §2.3; Namespaces in XML's NCName), as a character class body. */
export const NCNAME_START =
  'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F' +
  '\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
/** NameChar without `:`, as a character class body. */
export const NCNAME_CHAR = `${NCNAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
const RE_NAME = new RegExp(`^[${NCNAME_START}:][${NCNAME_CHAR}:]*$`, 'u');

/** Whether `s` is an XML Name (§2.3 Name: an element, attribute or PI target name; also XSD's `xs:Name`). */
export function isXmlName(s: string): boolean {
  return RE_NAME.test(s);
}

/**
 * Checks the attribute list of a start tag (§3.1): white space before each attribute, a name, `=`, a value in quotes,
 * and no name written twice (WFC: Unique Att Spec; `xmlns:p` counts as a name), and each value's references decoded
 * once ({@link decodeEntities}: a bare `&`, an unknown entity, a reference to a character XML does not allow). A `<`
 * in a value is refused by the lexers' tag scan.
 * @param attrs what follows the element name up to `>` (or `/>`), as written
 * @param line 1-based line of the tag's `<`
 * @throws XmlSyntaxError naming what is wrong
 */
export function checkAttrs(attrs: string, line: number): void {
  const n = attrs.length;
  let names: string[] | null = null;
  let i = 0;
  for (;;) {
    const ws = i;
    while (i < n && isWs(attrs.charCodeAt(i))) i++;
    if (i >= n) return;
    if (i === ws) throw new XmlSyntaxError('nitelikler arasında boşluk olmalı (white space is required between attributes)', line);
    const from = i;
    while (i < n && !isWs(attrs.charCodeAt(i)) && !isNameEnd(attrs.charCodeAt(i))) i++;
    const name = attrs.slice(from, i);
    if (!isXmlName(name)) throw new XmlSyntaxError(`geçersiz nitelik adı (invalid attribute name) '${name || attrs.slice(from, from + 1)}'`, line);
    while (i < n && isWs(attrs.charCodeAt(i))) i++;
    if (attrs.charCodeAt(i) !== 61 /* = */) throw new XmlSyntaxError(`${name} niteliğinin değeri yok (attribute without a value)`, line);
    i++;
    while (i < n && isWs(attrs.charCodeAt(i))) i++;
    const q = attrs.charCodeAt(i);
    if (q !== 34 && q !== 39) throw new XmlSyntaxError(`${name} niteliğinin değeri tırnak içinde olmalı (an attribute value must be quoted)`, line);
    const end = attrs.indexOf(q === 34 ? '"' : "'", i + 1);
    if (end < 0) throw new XmlSyntaxError(`${name} niteliğinin değeri kapanmamış (unterminated attribute value)`, line);
    // its references, as the value's reader will decode them: a bare '&', an unknown entity, a character XML does not allow
    const amp = attrs.indexOf('&', i + 1);
    if (amp >= 0 && amp < end) decodeEntities(attrs.slice(i + 1, end), line);
    if (names === null) names = [name];
    else if (names.includes(name)) throw new XmlSyntaxError(`${name} niteliği iki kez yazılmış (attribute written twice)`, line);
    else names.push(name);
    i = end + 1;
  }
}

/** §2.8: version, then optionally encoding, then optionally standalone, each `name="value"` or with `'`. */
const XML_DECL = /^\s+version\s*=\s*(["'])(1\.[0-9]+)\1(?:\s+encoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._-]*)\3)?(?:\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*$/;

/**
 * Checks the XML declaration's pseudo-attributes (§2.8 XMLDecl: `version`, then `encoding`, then `standalone`), and
 * that a declared encoding is UTF-8: the lexers read every file as UTF-8, and GİB's e-Defter files are UTF-8.
 * @param data what follows `<?xml` up to `?>`
 * @param line 1-based line of the declaration
 * @throws XmlSyntaxError for a malformed declaration or another encoding
 */
export function checkXmlDecl(data: string, line: number): void {
  const m = XML_DECL.exec(data);
  if (m === null) throw new XmlSyntaxError('XML bildirimi hatalı: sırasıyla version, encoding, standalone olmalı (malformed XML declaration)', line);
  if (m[4] !== undefined && m[4].toLowerCase() !== 'utf-8')
    throw new XmlSyntaxError(`XML bildirimi ${m[4]} kodlamasını bildiriyor; e-Defter dosyaları UTF-8 olmalı (the declared encoding must be UTF-8)`, line);
}

/**
 * Checks a processing instruction's target (§2.6 PITarget): a name, and not `xml` in any case, which is reserved (the
 * declaration itself, at the start of the file, is checked by {@link checkXmlDecl}).
 * @throws XmlSyntaxError
 */
export function checkPiTarget(target: string, line: number): void {
  if (!isXmlName(target)) throw new XmlSyntaxError(`geçersiz işleme talimatı adı '${target}' (invalid processing-instruction target)`, line);
  if (target.length === 3 && target.toLowerCase() === 'xml')
    throw new XmlSyntaxError(`işleme talimatı adı ${target} ayrılmış bir addır (a reserved processing-instruction target)`, line);
}

/**
 * Checks a comment's text (§2.5): it may not hold `--` nor end with `-`.
 * @param s holds the comment's text at `s[from, to)` (between `<!--` and `-->`)
 * @throws XmlSyntaxError
 */
export function checkComment(s: string, from: number, to: number, line: number): void {
  const dd = s.indexOf('--', from);
  if ((dd >= 0 && dd + 1 < to) || (to > from && s.charCodeAt(to - 1) === 45))
    throw new XmlSyntaxError("yorumda '--' olamaz, yorum '-' ile bitemez (a comment may not hold '--')", line);
}
