/**
 * A small, fast streaming XML tokenizer for layer (a) checks of e-Defter files of any size.
 * It reports start tags (qualified name + raw attribute text), end tags and character data, with the
 * line number, and enforces well-formedness that matters here: matching tags, one root, no text
 * outside the root, no DOCTYPE (house rules: no DTDs, no external entities), and xml-wf.ts's checks (characters XML
 * allows, attribute lists, the XML declaration, comments, PI targets). Entity and character references in text are
 * decoded. Namespace prefixes are reported as written; the checker verifies
 * that GİB's fixed prefixes are bound to the right URIs (spec §1.2).
 *
 * It works on decoded text chunks (UTF-8 via TextDecoder in streaming mode), keeps only the
 * unfinished tail of a chunk, and never holds the document.
 */

import type { UnitRecord } from './unit-record.ts';
import { checkAttrs, checkChars, checkComment, checkPiTarget, checkXmlDecl, decodeEntities, XmlSyntaxError } from './xml-wf.ts';

/** Receives tokens. `attrs` is the raw text after the name (may be empty). */
export interface LexerHandler {
  /** `column`: 1-based column (UTF-16 code units) of the tag's `<` on `line`. */
  start(qname: string, attrs: string, selfClosing: boolean, line: number, column: number): void;
  end(qname: string, line: number): void;
  text(s: string, line: number): void;
  /** A processing instruction before/after the root (target and data). */
  pi?(target: string, data: string, line: number): void;
  /**
   * A whole unit's tokens at once (the byte lexer, when asked for units: its `unitTag` option). The handler
   * either decides the unit from the record or replays it to its own start / end / text ({@link UnitRecord.replay});
   * the record is reused after the call.
   */
  takeUnit?(rec: UnitRecord): void;
}

/** Reads attribute `name` from raw attribute text (`name="v"` or `name='v'`), decoded; undefined when absent. */
export function attrValue(attrs: string, name: string): string | undefined {
  let i = 0;
  for (;;) {
    i = attrs.indexOf(name, i);
    if (i < 0) return undefined;
    const before = i === 0 ? ' ' : attrs[i - 1];
    let j = i + name.length;
    if (before === ' ' || before === '\t' || before === '\n' || before === '\r') {
      while (attrs[j] === ' ' || attrs[j] === '\t' || attrs[j] === '\n' || attrs[j] === '\r') j++;
      if (attrs[j] === '=') {
        j++;
        while (attrs[j] === ' ' || attrs[j] === '\t' || attrs[j] === '\n' || attrs[j] === '\r') j++;
        const q = attrs[j];
        if (q === '"' || q === "'") {
          const e = attrs.indexOf(q, j + 1);
          if (e > 0) return decodeEntities(attrs.slice(j + 1, e));
        }
        return undefined;
      }
    }
    i = j;
  }
}

/** Lists `xmlns` / `xmlns:p` declarations in raw attribute text as [prefix ('' for default), uri]. */
export function nsDecls(attrs: string): [string, string][] {
  if (attrs.indexOf('xmlns') < 0) return [];
  const out: [string, string][] = [];
  const re = /(?:^|\s)xmlns(?::([^\s=]+))?\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(attrs))) out.push([m[1] ?? '', decodeEntities(m[2] ?? m[3] ?? '')]);
  return out;
}

/** True when `name` occurs in `s` at `from` (no substring). */
function sameAt(s: string, from: number, name: string): boolean {
  return s.startsWith(name, from);
}

/** True when `s[from, to)` is `name` followed only by XML white space (an end tag's content). */
export function endTagMatches(s: string, from: number, to: number, name: string): boolean {
  const e = from + name.length;
  if (e > to || !sameAt(s, from, name)) return false;
  for (let k = e; k < to; k++) {
    const c = s.charCodeAt(k);
    if (c !== 32 && c !== 10 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** Counts `\n` in `s[from, to)`. */
export function countNl(s: string, from = 0, to = s.length): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * End of a start tag's name: the first white space, `/` or `>` in `s[from, to)` (`from` right after the `<`), else
 * `to`. The name is empty when it returns `from`.
 */
export function startTagNameEnd(s: string, from: number, to: number): number {
  let j = from;
  while (j < to) {
    const c = s.charCodeAt(j);
    if (c === 32 || c === 10 || c === 9 || c === 13 || c === 47 || c === 62) break;
    j++;
  }
  return j;
}

/** Element names the start-tag guesses remember at most (a file with ever new names must not grow them without end). */
const MAX_REMEMBERED = 4096;

/** Streaming tokenizer; feed decoded text with {@link push} and call {@link end} at EOF. */
export class XmlLexer {
  private buf = '';
  private line = 1;
  private stack: string[] = [];
  private rootSeen = false;
  private rootClosed = false;
  private prologDone = false;
  /** Offset of `buf[0]` in the whole decoded text, and of the first character of the current line. */
  private base = 0;
  private lineStart = 0;

  constructor(private readonly h: LexerHandler) {}

  /** Depth of open elements. */
  get depth(): number {
    return this.stack.length;
  }

  /**
   * Feeds the next piece of text. `atMarkup`: the text so far ends right before a `<` (or the
   * document ends), so trailing character data is complete and is reported now instead of being
   * kept for the next piece. Feeding such pieces keeps the buffer empty between pushes, so each
   * piece is scanned as the flat string it arrived as (a concatenated string is several times
   * slower to index).
   */
  push(chunk: string, atMarkup = false): void {
    this.buf = this.buf.length ? this.buf + chunk : chunk;
    this.scan(false, atMarkup);
  }

  end(): void {
    this.scan(true);
    if (this.buf.trim().length) throw new XmlSyntaxError('belge beklenmedik biçimde bitti (unexpected end of document)', this.line);
    if (!this.rootSeen) throw new XmlSyntaxError('kök eleman yok (no root element)', this.line);
    if (this.stack.length) throw new XmlSyntaxError(`kapanmamış eleman <${this.stack[this.stack.length - 1]}> (unclosed element)`, this.line);
  }

  private scan(final: boolean, atMarkup = false): void {
    const s = this.buf;
    const h = this.h;
    let i = 0;
    const n = s.length;
    while (i < n) {
      const lt = s.indexOf('<', i);
      if (lt < 0) {
        if (!final && !atMarkup) break;
        this.emitText(s, i, n);
        i = n;
        break;
      }
      if (lt > i) {
        this.emitText(s, i, lt);
        i = lt;
      }
      if (lt + 1 >= n) {
        if (final) throw new XmlSyntaxError("belge '<' ile bitti", this.line);
        break;
      }
      const c = s.charCodeAt(lt + 1);
      if (c === 47 /* / */) {
        // The name must equal the open element's: compared in place (a slice only for the error);
        // `</name>` with nothing else is checked without searching for the `>`.
        const top = this.stack[this.stack.length - 1];
        let gt = top === undefined ? -1 : lt + 2 + top.length;
        if (gt < 0 || gt >= n || s.charCodeAt(gt) !== 62 || !sameAt(s, lt + 2, top!)) {
          gt = s.indexOf('>', lt + 2);
          if (gt < 0) {
            if (final) throw new XmlSyntaxError('bitmemiş bitiş etiketi', this.line);
            break;
          }
          if (top === undefined || !endTagMatches(s, lt + 2, gt, top)) {
            const name = s.slice(lt + 2, gt).trim();
            throw new XmlSyntaxError(`bitiş etiketi </${name}> açık <${top ?? ''}> ile eşleşmiyor (mismatched end tag)`, this.line);
          }
        }
        this.stack.pop();
        h.end(top!, this.line);
        if (this.stack.length === 0) this.rootClosed = true;
        this.nl(s, lt, gt);
        i = gt + 1;
      } else if (c === 33 /* ! */) {
        if (s.startsWith('<!--', lt)) {
          const e = s.indexOf('-->', lt + 4);
          if (e < 0) {
            if (final) throw new XmlSyntaxError('kapanmamış yorum', this.line);
            break;
          }
          checkChars(s, this.line, lt, e + 3);
          checkComment(s, lt + 4, e, this.line);
          this.nl(s, lt, e);
          i = e + 3;
        } else if (s.startsWith('<![CDATA[', lt)) {
          const e = s.indexOf(']]>', lt + 9);
          if (e < 0) {
            if (final) throw new XmlSyntaxError('kapanmamış CDATA', this.line);
            break;
          }
          if (!this.stack.length) throw new XmlSyntaxError('kök dışında CDATA', this.line);
          const t = s.slice(lt + 9, e);
          checkChars(t, this.line);
          h.text(t, this.line);
          this.nl(s, lt + 9, e);
          i = e + 3;
        } else if (n - lt < 9 && !final) {
          break;
        } else if (s.startsWith('<!DOCTYPE', lt) || s.startsWith('<!doctype', lt)) {
          throw new XmlSyntaxError('DOCTYPE içeren XML reddedilir (DTDs are refused)', this.line, 'DOCTYPE');
        } else {
          throw new XmlSyntaxError('geçersiz işaretleme <!', this.line);
        }
      } else if (c === 63 /* ? */) {
        const e = s.indexOf('?>', lt + 2);
        if (e < 0) {
          if (final) throw new XmlSyntaxError('kapanmamış işleme talimatı', this.line);
          break;
        }
        const body = s.slice(lt + 2, e);
        checkChars(body, this.line);
        const sp = body.search(/\s/);
        const target = sp < 0 ? body : body.slice(0, sp);
        if (target === 'xml' && (lt !== 0 || this.prologDone)) throw new XmlSyntaxError('XML bildirimi yalnızca belgenin başında olabilir', this.line);
        if (target === 'xml') checkXmlDecl(body.slice(3), this.line);
        else checkPiTarget(target, this.line);
        h.pi?.(target, sp < 0 ? '' : body.slice(sp + 1), this.line);
        this.nl(s, lt + 2, e);
        i = e + 2;
      } else {
        const gt = this.startTag(s, lt, n);
        if (gt < 0) {
          if (final) throw new XmlSyntaxError('bitmemiş başlangıç etiketi', this.line);
          break;
        }
        i = gt + 1;
      }
      this.prologDone = true;
    }
    this.buf = i >= n ? '' : s.slice(i);
    this.base += Math.min(i, n);
  }

  /** The raw attribute text last seen on each element name (interned), with its newline count. */
  private lastAttrs = new Map<string, { raw: string; nl: number }>();

  /**
   * Lexes the start tag at `lt` and reports it; returns the position of its `>`, or -1 when the
   * tag is not complete in `s[0, n)`. The fast path reads the name up to its first delimiter and
   * recognises the attribute text the same element name had last time with one native compare
   * (`startsWith`): that text was checked whole once (quotes balanced, no `<`), so when it is
   * followed by `>` or `/>` here the tag ends there. Anything else goes through
   * {@link findTagEnd}, character by character, as before.
   */
  private startTag(s: string, lt: number, n: number): number {
    let j = lt + 1;
    let k = 0;
    let name = this.follows.get(this.lastStart);
    if (name !== undefined && s.startsWith(name, j)) {
      // The name that followed the previous start tag's name last time, if a delimiter ends it here.
      j += name.length;
      k = s.charCodeAt(j);
      if (!(k === 32 || k === 10 || k === 9 || k === 13 || k === 47 || k === 62)) name = undefined;
    } else name = undefined;
    if (name === undefined) {
      for (j = lt + 1; j < n; j++) {
        k = s.charCodeAt(j);
        // white space, '/', '>', '<', '"', "'" end the fast name scan
        if (k <= 62 && (k === 32 || k === 10 || k === 9 || k === 13 || k === 47 || k === 62 || k === 60 || k === 34 || k === 39)) break;
      }
    }
    if (j < n && j > lt + 1) {
      if (name === undefined) {
        name = this.piece(s, lt + 1, j);
        if (this.follows.size < MAX_REMEMBERED || this.follows.has(this.lastStart)) this.follows.set(this.lastStart, name);
      }
      let gt = -1;
      let attrs = '';
      let selfClosing = false;
      let nl = 0;
      if (k === 62) gt = j;
      else if (k === 47) {
        if (s.charCodeAt(j + 1) === 62) {
          gt = j + 1;
          selfClosing = true;
        }
      } else if (k !== 60 && k !== 34 && k !== 39) {
        const last = this.lastAttrs.get(name);
        if (last !== undefined && s.startsWith(last.raw, j)) {
          const e = j + last.raw.length;
          const c = s.charCodeAt(e);
          if (c === 62) gt = e;
          else if (c === 47 && s.charCodeAt(e + 1) === 62) {
            gt = e + 1;
            selfClosing = true;
          }
          if (gt >= 0) {
            attrs = last.raw;
            nl = last.nl;
          }
        }
      }
      if (gt >= 0) {
        this.tagNl = nl;
        this.report(s, lt, gt, name, attrs, selfClosing);
        return gt;
      }
    }
    const gt = this.findTagEnd(s, lt + 1, n);
    if (gt < 0) return -1;
    j = startTagNameEnd(s, lt + 1, gt);
    if (j === lt + 1) throw new XmlSyntaxError('boş eleman adı', this.line);
    const qname = this.piece(s, lt + 1, j);
    const selfClosing = s.charCodeAt(gt - 1) === 47;
    const attrs = this.piece(s, j, selfClosing ? gt - 1 : gt);
    if (attrs.length > 0 && attrs.length <= 200 && (this.lastAttrs.size < MAX_REMEMBERED || this.lastAttrs.has(qname))) {
      this.lastAttrs.set(qname, { raw: attrs, nl: this.tagNl });
    }
    this.report(s, lt, gt, qname, attrs, selfClosing);
    return gt;
  }

  /** The element name of the last start tag, and for each name the one whose start tag came next last time. */
  private lastStart = '';
  private follows = new Map<string, string>();

  /** Reports the start tag `s[lt, gt]` (and its end when self-closing); {@link tagNl} holds its newlines. */
  private report(s: string, lt: number, gt: number, name: string, attrs: string, selfClosing: boolean): void {
    checkChars(s, this.line, lt, gt + 1);
    checkAttrs(attrs, this.line);
    if (this.rootClosed || (!this.stack.length && this.rootSeen)) throw new XmlSyntaxError('birden fazla kök eleman (more than one root)', this.line);
    this.rootSeen = true;
    this.lastStart = name;
    this.h.start(name, attrs, selfClosing, this.line, this.base + lt - this.lineStart + 1);
    if (this.tagNl) {
      this.line += this.tagNl;
      this.lineStart = this.base + s.lastIndexOf('\n', gt) + 1;
    }
    if (selfClosing) {
      this.h.end(name, this.line);
      if (!this.stack.length) this.rootClosed = true;
    } else this.stack.push(name);
  }

  /** Counts the newlines of `s[from, to)` into the line number and remembers where the last line starts. */
  private nl(s: string, from: number, to: number): void {
    const k = countNl(s, from, to);
    if (k) {
      this.line += k;
      this.lineStart = this.base + s.lastIndexOf('\n', to - 1) + 1;
    }
  }

  /** Interned copies of tag names and attribute texts by length and last code (≤ 8 each). */
  private interned = new Map<number, string[]>();
  private internedCount = 0;

  /**
   * `s.slice(from, to)`, answered from the interned copies when the same text was seen before:
   * the few names and attribute texts that repeat on every entry are then neither sliced from the
   * chunk nor hashed again by the handler's lookups (an interned string carries its hash).
   */
  private piece(s: string, from: number, to: number): string {
    const len = to - from;
    if (len <= 0) return '';
    const key = len * 65536 + s.charCodeAt(to - 1);
    const list = this.interned.get(key);
    if (list !== undefined) for (let k = 0; k < list.length; k++) if (sameAt(s, from, list[k])) return list[k];
    const v = s.slice(from, to);
    if (len > 200 || this.internedCount >= 4096 || (list !== undefined && list.length >= 8)) return v;
    // A property key is stored internalized; Object.keys hands back that flat copy.
    const flat = Object.keys({ [v]: 0 })[0];
    this.internedCount++;
    if (list !== undefined) list.push(flat);
    else this.interned.set(key, [flat]);
    return flat;
  }

  /** Newlines inside the last start tag {@link findTagEnd} found. */
  private tagNl = 0;

  /**
   * Position of the `>` ending a start tag, skipping quoted attribute values; -1 when not yet in
   * the buffer. One pass over the character codes (no substrings), counting the tag's newlines
   * into {@link tagNl}: a `<` outside or inside a quoted value is an error.
   */
  private findTagEnd(s: string, from: number, n: number): number {
    let q = 0,
      nl = 0;
    for (let k = from; k < n; k++) {
      const c = s.charCodeAt(k);
      if (q !== 0) {
        if (c === q) q = 0;
        else if (c === 60) throw new XmlSyntaxError("nitelik değerinde '<'", this.line);
        else if (c === 10) nl++;
      } else if (c === 62) {
        this.tagNl = nl;
        return k;
      } else if (c === 34 || c === 39) q = c;
      else if (c === 60) throw new XmlSyntaxError("etiket içinde '<'", this.line);
      else if (c === 10) nl++;
    }
    return -1;
  }

  private emitText(s: string, from: number, to: number): void {
    checkChars(s, this.line, from, to);
    if (!this.stack.length) {
      if (s.slice(from, to).trim().length) throw new XmlSyntaxError('kök eleman dışında metin (text outside the root)', this.line);
      this.nl(s, from, to);
      return;
    }
    // Indentation between tags (a newline, then blanks) repeats on every line: handed out as the
    // interned copy (no new string per line) and its one newline counted without a search.
    if (s.charCodeAt(from) === 10 && to - from <= 64) {
      const ind = INDENT[to - from];
      const t = s.startsWith(ind, from) ? ind : isBlanks(s, from + 1, to) ? this.piece(s, from, to) : null;
      if (t !== null) {
        this.h.text(t, this.line);
        this.line++;
        this.lineStart = this.base + from + 1;
        return;
      }
    }
    const t = s.slice(from, to);
    this.h.text(t.indexOf('&') >= 0 ? decodeEntities(t, this.line) : t, this.line);
    this.nl(s, from, to);
  }
}

/** A newline then `k - 1` spaces, by length `k` ≤ 64: the usual indentation, recognised with one compare. */
export const INDENT: string[] = Array.from({ length: 65 }, (_, k) => (k === 0 ? '\u0000' : `\n${' '.repeat(k - 1)}`));

/** True when `s[from, to)` holds only spaces and tabs. */
function isBlanks(s: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}
