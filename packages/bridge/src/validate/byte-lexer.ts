/**
 * The validator's streaming XML tokenizer over bytes (issue 14 item 4): the same tokens, lines, columns and errors as
 * {@link XmlLexer} (the string lexer, which stays the reference and lexes strings: GİB's schemas, tests), without
 * decoding the file into strings first. It finds each `<` with Buffer.indexOf (native), recognises a start tag by
 * comparing its bytes with the tag that followed the previous start tag last time (a ledger repeats a few dozen tags,
 * byte for byte, in the same order: 95 % of a Yevmiye's start tags) and an end tag by comparing with `</name>` of the
 * open element, and decodes only character data and, on a miss, the tag itself, which then goes through the string
 * lexer's rules. A known tag's name, attribute text and newlines were decided once, from the same bytes, by those
 * rules.
 *
 * Input: UTF-8 bytes the caller has checked ({@link lexFile} checks each region with `isUtf8` before feeding it), in
 * regions that end right before a `<` or at the end of the file; a construct a region cuts (a comment holding a `<`)
 * is left unconsumed for the next feed. Columns are UTF-16 code units, as the string lexer's: the bytes of the
 * current line seen so far minus what its non-ASCII characters take beyond one unit ({@link ByteLexer.adj}).
 */
import { BANG, DQ, GT, LF as NL, LT, QMARK, SLASH, SQ } from '../bytes/ascii.ts';
import { AsciiIntern, MAX_BYTES } from '../bytes/ascii-intern.ts';
import { matches, tagWords } from '../bytes/match.ts';
import { END, FIXED_TEXT, KEY_END, KEY_INDENT, KEY_VALUE, PI, ShapeTrie, START, TEXT, UnitRecord, type ShapeNode } from './unit-record.ts';
import { countNl, endTagMatches, INDENT, startTagNameEnd, type LexerHandler } from './xml-lexer.ts';
import { checkAttrs, checkChars, checkComment, checkPiTarget, checkXmlDecl, decodeEntities, XmlSyntaxError } from './xml-wf.ts';

/** Tags remembered at most, and the longest remembered (bytes): a file of ever-new tags does not grow the cache. */
const MAX_TAGS = 4096;
const MAX_TAG_BYTES = 512;
/**
 * Tokens a unit record holds at most: a longer unit (a madde of hundreds of lines) is handed over token by token from
 * there on, as without records.
 */
const MAX_UNIT_TOKENS = 4096;

/** Options of a {@link ByteLexer}. */
export interface ByteLexerOptions {
  /**
   * Qualified name (as written) of the element whose subtrees are handed over as unit records, when the handler takes
   * them ({@link LexerHandler.takeUnit}): the first such element that is not inside another starts a unit.
   */
  unitTag?: string;
}

/** An end tag `</name>` as bytes, with the element name it closes. */
class EndTag {
  readonly raw: Uint8Array;
  readonly words: Int32Array;
  /** Bytes minus UTF-16 units of the tag (its name's non-ASCII characters). */
  readonly adj: number;
  /** Its number among the remembered end tags (1 …), 0 when not remembered: its shape key is {@link KEY_END} + id. */
  id = 0;
  constructor(readonly name: string) {
    this.raw = Buffer.from(`</${name}>`, 'utf8');
    this.words = tagWords(this.raw);
    this.adj = this.raw.length - (name.length + 3);
  }
}

/** A start tag the string lexer's rules read once: its bytes and what they mean. */
class StartTag {
  readonly words: Int32Array;
  /** The tags that came next the last times (tried in this order); only remembered tags are linked. */
  next: StartTag | null = null;
  alt: StartTag | null = null;
  /** In the lexer's map of remembered tags (false: too long, or the map was full). */
  kept = false;
  /** Its number among the remembered tags (1 …, its shape key), 0 when not remembered. */
  id = 0;
  constructor(
    /** `<` to `>`, as written. */
    readonly raw: Uint8Array,
    readonly qname: string,
    readonly attrs: string,
    readonly selfClosing: boolean,
    /** Newlines inside the tag. */
    readonly nl: number,
    /** Bytes after its last newline (all when none), and those bytes minus their UTF-16 units. */
    readonly tailBytes: number,
    readonly tailAdj: number,
    readonly end: EndTag,
  ) {
    this.words = tagWords(raw);
  }
}

/** Offset of ASCII `lit` in `b[from, n)`, or -1 (the bytes after `n` are not looked at: they may be stale). */
function within(b: Buffer, lit: string, from: number, n: number): number {
  return b.subarray(0, n).indexOf(lit, from, 'latin1');
}

/** Streaming tokenizer over UTF-8 bytes; see the module comment. */
export class ByteLexer {
  /** Bytes consumed so far (the offset of the next byte fed, from the first byte after a BOM). */
  private pos = 0;
  private line = 1;
  /** Offset (as {@link pos}) where the current line starts, and bytes minus UTF-16 units of the line so far. */
  private lineStart = 0;
  private adj = 0;
  private readonly stack: EndTag[] = [];
  private rootSeen = false;
  private rootClosed = false;
  private prologDone = false;
  private readonly tags = new Map<string, StartTag>();
  private readonly ends = new Map<string, EndTag>();
  /**
   * The last start tag when it is a remembered one (its `next` / `alt` are tried first); null after one that is not,
   * so that tags outside the map are never linked to (a file of ever-new tags would chain them all).
   */
  private last: StartTag | null = null;
  /** Interned whitespace texts other than {@link INDENT} (tabs), by content. */
  private readonly blanks = new Map<string, string>();
  /** Short ASCII texts by their bytes (values repeat: dates, codes, accounts). */
  private readonly ascii = new AsciiIntern();
  /** See {@link ByteLexerOptions.unitTag}; null when the handler takes no records. */
  private readonly unitTag: string | null;
  /** The record being filled (null when not in a unit, or in one handed over token by token). */
  private cur: UnitRecord | null = null;
  private readonly record = new UnitRecord();
  /** Depth of the open unit's element (the stack's length with it open), 0 outside a unit. */
  private unitDepth = 0;
  private readonly trie = new ShapeTrie();
  /** The open unit's shape so far (null: it has none). */
  private at: ShapeNode | null = null;

  constructor(
    private readonly h: LexerHandler,
    o: ByteLexerOptions = {},
  ) {
    this.unitTag = o.unitTag !== undefined && h.takeUnit !== undefined ? o.unitTag : null;
  }

  /** The line (1-based) of the next byte to be fed. */
  get currentLine(): number {
    return this.line;
  }

  /**
   * Lexes `b[from, to)`: the bytes after those consumed so far, ending right before a `<` (so character data at the
   * end is complete). Returns where it stopped: `to`, or the start of a construct the region cuts, to be fed again
   * with the bytes after it.
   * @throws XmlSyntaxError (not well-formed, DOCTYPE), and whatever the handler throws
   */
  feed(b: Buffer, from: number, to: number): number {
    return this.scan(b, from, to, false);
  }

  /**
   * Lexes the last bytes, `b[from, to)` (all of them: what is cut now is an error), and checks the document ended
   * well (one root, closed).
   * @throws XmlSyntaxError
   */
  finish(b: Buffer, from: number, to: number): void {
    this.scan(b, from, to, true);
    this.flush();
    if (!this.rootSeen) throw new XmlSyntaxError('kök eleman yok (no root element)', this.line);
    if (this.stack.length) throw new XmlSyntaxError(`kapanmamış eleman <${this.stack[this.stack.length - 1].name}> (unclosed element)`, this.line);
  }

  private scan(b: Buffer, from: number, n: number, final: boolean): number {
    const h = this.h;
    const v = new DataView(b.buffer, b.byteOffset, b.length);
    // pos of b[k] is base + k
    const base = this.pos - from;
    let i = from;
    try {
      while (i < n) {
        let lt = b.indexOf(LT, i);
        if (lt >= n) lt = -1;
        if (lt < 0) {
          this.text(b, i, n, base);
          i = n;
          break;
        }
        if (lt > i) {
          this.text(b, i, lt, base);
          i = lt;
        }
        if (lt + 1 >= n) {
          if (final) throw new XmlSyntaxError("belge '<' ile bitti", this.line);
          break;
        }
        const c = b[lt + 1];
        if (c === SLASH) {
          const top = this.stack.length ? this.stack[this.stack.length - 1] : undefined;
          if (top !== undefined && matches(top, b, v, lt, n)) {
            this.stack.pop();
            if (this.unitDepth === 0) h.end(top.name, this.line);
            else this.unitEnd(top);
            if (this.stack.length === 0) this.rootClosed = true;
            this.adj += top.adj;
            i = lt + top.raw.length;
          } else {
            let gt = b.indexOf(GT, lt + 2);
            if (gt >= n) gt = -1;
            if (gt < 0) {
              if (final) throw new XmlSyntaxError('bitmemiş bitiş etiketi', this.line);
              break;
            }
            const s = b.toString('utf8', lt, gt + 1);
            if (top === undefined || !endTagMatches(s, 2, s.length - 1, top.name)) {
              const name = s.slice(2, -1).trim();
              throw new XmlSyntaxError(`bitiş etiketi </${name}> açık <${top?.name ?? ''}> ile eşleşmiyor (mismatched end tag)`, this.line);
            }
            this.stack.pop();
            if (this.unitDepth === 0) h.end(top.name, this.line);
            else this.unitEnd(top);
            if (this.stack.length === 0) this.rootClosed = true;
            this.advance(b, lt, gt + 1, s, base);
            i = gt + 1;
          }
        } else if (c === BANG) {
          const e = this.markup(b, lt, n, final, base);
          if (e < 0) break;
          i = e;
        } else if (c === QMARK) {
          const e = within(b, '?>', lt + 2, n);
          if (e < 0) {
            if (final) throw new XmlSyntaxError('kapanmamış işleme talimatı', this.line);
            break;
          }
          const body = b.toString('utf8', lt + 2, e);
          checkChars(body, this.line);
          const sp = body.search(/\s/);
          const target = sp < 0 ? body : body.slice(0, sp);
          if (target === 'xml' && (base + lt !== 0 || this.prologDone)) throw new XmlSyntaxError('XML bildirimi yalnızca belgenin başında olabilir', this.line);
          if (target === 'xml') checkXmlDecl(body.slice(3), this.line);
          else checkPiTarget(target, this.line);
          if (this.cur === null) h.pi?.(target, sp < 0 ? '' : body.slice(sp + 1), this.line);
          else this.keep(PI, [target, sp < 0 ? '' : body.slice(sp + 1)], 0, -1);
          this.advance(b, lt, e + 2, `<?${body}?>`, base);
          i = e + 2;
        } else {
          const last = this.last;
          let t = last === null ? null : last.next;
          if (t !== null && !matches(t, b, v, lt, n)) {
            t = last!.alt;
            if (t !== null && !matches(t, b, v, lt, n)) t = null;
          }
          if (t === null) {
            t = this.startTag(b, lt, n);
            if (t === null) {
              if (final) throw new XmlSyntaxError('bitmemiş başlangıç etiketi', this.line);
              break;
            }
            if (last !== null && t.kept && last.next !== t) {
              last.alt = last.next;
              last.next = t;
            }
          }
          this.report(t, lt, base);
          i = lt + t.raw.length;
        }
        this.prologDone = true;
      }
    } catch (e) {
      // `i` is where the token being read starts, and the line's start and width are up to it
      if (e instanceof XmlSyntaxError && e.column === undefined) e.column = base + i - this.lineStart - this.adj + 1;
      // the handler gets the tokens before the error first, as without records (a handler error there comes first)
      this.flush();
      throw e;
    } finally {
      this.pos = base + i;
    }
    return i;
  }

  /** Reports start tag `t` found at `b[lt]` (and its end when self-closing), then moves past it. */
  private report(t: StartTag, lt: number, base: number): void {
    if (this.rootClosed || (!this.stack.length && this.rootSeen)) throw new XmlSyntaxError('birden fazla kök eleman (more than one root)', this.line);
    this.rootSeen = true;
    this.last = t.kept ? t : null;
    const column = base + lt - this.lineStart - this.adj + 1;
    if (this.cur !== null) this.keep(START, t, column, t.id === 0 ? -1 : t.id);
    else if (this.unitDepth === 0 && this.unitTag !== null && t.qname === this.unitTag) {
      this.unitDepth = this.stack.length + 1;
      this.cur = this.record;
      this.record.clear();
      this.at = this.trie.root;
      this.keep(START, t, column, t.id === 0 ? -1 : t.id);
    } else this.h.start(t.qname, t.attrs, t.selfClosing, this.line, column);
    if (t.nl) {
      this.line += t.nl;
      this.lineStart = base + lt + t.raw.length - t.tailBytes;
      this.adj = t.tailAdj;
    } else this.adj += t.tailAdj;
    if (t.selfClosing) {
      if (this.unitDepth === 0) this.h.end(t.qname, this.line);
      else this.unitEnd(t.end);
      if (!this.stack.length) this.rootClosed = true;
    } else this.stack.push(t.end);
  }

  /**
   * Adds a token to the open record and moves its shape on `key` (-1: the unit has no shape any more); a record grown
   * to {@link MAX_UNIT_TOKENS} is handed over token by token.
   */
  private keep(kind: number, ref: unknown, column: number, key: number): void {
    const r = this.cur!;
    r.push(kind, ref, this.line, column);
    const a = this.at;
    if (a !== null) this.at = key < 0 ? null : a.key === key ? a.to : this.trie.step(a, key);
    if (r.n >= MAX_UNIT_TOKENS) this.flush();
  }

  /** End tag `e` popped inside a unit: recorded, or passed on; the unit's own end hands the record over. */
  private unitEnd(e: EndTag): void {
    const r = this.cur;
    if (r === null) this.h.end(e.name, this.line);
    else this.keep(END, e.name, 0, e.id === 0 ? -1 : KEY_END + e.id);
    if (this.stack.length >= this.unitDepth) return;
    this.unitDepth = 0;
    const rec = this.cur;
    if (rec === null) return;
    this.cur = null;
    rec.shape = this.at === null ? -1 : this.at.id;
    this.h.takeUnit!(rec);
  }

  /**
   * Gives the handler the open record's tokens now, one by one; the rest of that unit follows token by token. Called
   * before an error is thrown, so that the handler has seen everything before it.
   * @throws whatever the handler throws
   */
  flush(): void {
    const r = this.cur;
    if (r === null) return;
    this.cur = null;
    r.replay(this.h);
  }

  /**
   * Reads the start tag at `b[lt]` with the string lexer's rules (the `>` outside quoted values, no `<` in the tag, the
   * name up to white space, `/` or `>`) and remembers it; null when its `>` is not in `b[lt, n)`.
   */
  private startTag(b: Buffer, lt: number, n: number): StartTag | null {
    let q = 0;
    let gt = -1;
    for (let k = lt + 1; k < n; k++) {
      const c = b[k];
      if (q !== 0) {
        if (c === q) q = 0;
        else if (c === LT) throw new XmlSyntaxError("nitelik değerinde '<'", this.line);
      } else if (c === GT) {
        gt = k;
        break;
      } else if (c === DQ || c === SQ) q = c;
      else if (c === LT) throw new XmlSyntaxError("etiket içinde '<'", this.line);
    }
    if (gt < 0) return null;
    const key = b.toString('latin1', lt, gt + 1);
    const known = this.tags.get(key);
    if (known !== undefined) return known;
    const s = b.toString('utf8', lt, gt + 1);
    // a tag seen before (above) was checked when it was first decoded here
    checkChars(s, this.line);
    const e = s.length - 1;
    const j = startTagNameEnd(s, 1, e);
    if (j === 1) throw new XmlSyntaxError('boş eleman adı', this.line);
    const qname = s.slice(1, j);
    const selfClosing = s.charCodeAt(e - 1) === 47;
    const attrs = s.slice(j, selfClosing ? e - 1 : e);
    checkAttrs(attrs, this.line);
    const nl = countNl(s);
    const raw = Uint8Array.from(b.subarray(lt, gt + 1));
    const lastNl = raw.lastIndexOf(NL);
    const tailBytes = raw.length - (lastNl + 1);
    const tailUnits = s.length - (s.lastIndexOf('\n') + 1);
    const t = new StartTag(raw, qname, attrs, selfClosing, nl, tailBytes, tailBytes - tailUnits, this.endTag(qname));
    if (raw.length <= MAX_TAG_BYTES && this.tags.size < MAX_TAGS) {
      t.kept = true;
      this.tags.set(key, t);
      t.id = this.tags.size;
    }
    return t;
  }

  /** The end tag of element `name` (remembered, as the start tags are). */
  private endTag(name: string): EndTag {
    let e = this.ends.get(name);
    if (e === undefined) {
      e = new EndTag(name);
      if (this.ends.size < MAX_TAGS) {
        this.ends.set(name, e);
        e.id = this.ends.size;
      }
    }
    return e;
  }

  /** Comments, CDATA sections and what else starts with `<!` at `b[lt]`; returns the offset after it, -1 when cut. */
  private markup(b: Buffer, lt: number, n: number, final: boolean, base: number): number {
    const at = (lit: string): boolean => lt + lit.length <= n && b.toString('latin1', lt, lt + lit.length) === lit;
    if (at('<!--')) {
      const e = within(b, '-->', lt + 4, n);
      if (e < 0) {
        if (final) throw new XmlSyntaxError('kapanmamış yorum', this.line);
        return -1;
      }
      const comment = b.toString('utf8', lt, e + 3);
      checkChars(comment, this.line);
      checkComment(comment, 4, comment.length - 3, this.line);
      this.advance(b, lt, e + 3, comment, base);
      return e + 3;
    }
    if (at('<![CDATA[')) {
      const e = within(b, ']]>', lt + 9, n);
      if (e < 0) {
        if (final) throw new XmlSyntaxError('kapanmamış CDATA', this.line);
        return -1;
      }
      if (!this.stack.length) throw new XmlSyntaxError('kök dışında CDATA', this.line);
      const t = b.toString('utf8', lt + 9, e);
      checkChars(t, this.line);
      if (this.cur === null) this.h.text(t, this.line);
      else this.keep(TEXT, t, 0, KEY_VALUE);
      this.advance(b, lt, e + 3, `<![CDATA[${t}]]>`, base);
      return e + 3;
    }
    if (n - lt < 9 && !final) return -1;
    if (at('<!DOCTYPE') || at('<!doctype')) throw new XmlSyntaxError('DOCTYPE içeren XML reddedilir (DTDs are refused)', this.line, 'DOCTYPE');
    throw new XmlSyntaxError('geçersiz işaretleme <!', this.line);
  }

  /** Character data `b[from, to)`: checked outside the root, decoded (references too) and reported inside it. */
  private text(b: Buffer, from: number, to: number, base: number): void {
    const len = to - from;
    if (b[from] === NL && len <= 64 && this.stack.length) {
      // Indentation (a newline, then blanks): the string lexer's interned copy (len ≥ 1 here), its one newline counted without a search.
      let k = from + 1;
      while (k < to && b[k] === 0x20) k++;
      let t: string | null = k === to ? INDENT[len] : null;
      const indent = t !== null;
      if (t === null) {
        while (k < to && (b[k] === 0x20 || b[k] === 0x09)) k++;
        if (k === to) {
          const s = b.toString('latin1', from, to);
          t = this.blanks.get(s) ?? s;
          if (this.blanks.size < 256) this.blanks.set(s, t);
        }
      }
      if (t !== null) {
        if (this.cur === null) this.h.text(t, this.line);
        else if (indent) this.keep(FIXED_TEXT, t, 0, KEY_INDENT + len);
        else this.keep(TEXT, t, 0, KEY_VALUE);
        this.line++;
        this.lineStart = base + from + 1;
        this.adj = 0;
        return;
      }
    }
    const s = (len <= MAX_BYTES ? this.ascii.get(b, from, to) : null) ?? this.decoded(b, from, to);
    if (!this.stack.length) {
      if (s.trim().length) throw new XmlSyntaxError('kök eleman dışında metin (text outside the root)', this.line);
    } else {
      const d = s.indexOf('&') >= 0 ? decodeEntities(s, this.line) : s;
      if (this.cur === null) this.h.text(d, this.line);
      else this.keep(TEXT, d, 0, KEY_VALUE);
    }
    this.advance(b, from, to, s, base);
  }

  /**
   * Character data that is not short printable ASCII (which {@link AsciiIntern} hands out): decoded, and checked for
   * characters XML does not allow. @throws XmlSyntaxError for one
   */
  private decoded(b: Buffer, from: number, to: number): string {
    const s = b.toString('utf8', from, to);
    checkChars(s, this.line);
    return s;
  }

  /** Moves the line, its start and {@link adj} past `b[from, to)`, which decodes to `s`. */
  private advance(b: Buffer, from: number, to: number, s: string, base: number): void {
    const nl = s.indexOf('\n');
    if (nl < 0) {
      this.adj += to - from - s.length;
      return;
    }
    this.line += countNl(s);
    const after = b.lastIndexOf(NL, to - 1) + 1;
    this.lineStart = base + after;
    this.adj = to - after - (s.length - (s.lastIndexOf('\n') + 1));
  }
}
