/**
 * A small, fast streaming XML tokenizer for layer (a) checks of e-Defter files of any size.
 * It reports start tags (qualified name + raw attribute text), end tags and character data, with the
 * line number, and enforces well-formedness that matters here: matching tags, one root, no text
 * outside the root, no DOCTYPE (house rules: no DTDs, no external entities). Entity and character
 * references in text are decoded. Namespace prefixes are reported as written; the checker verifies
 * that GİB's fixed prefixes are bound to the right URIs (spec §1.2).
 *
 * It works on decoded text chunks (UTF-8 via TextDecoder in streaming mode), keeps only the
 * unfinished tail of a chunk, and never holds the document.
 */

/** Receives tokens. `attrs` is the raw text after the name (may be empty). */
export interface LexerHandler {
  start(qname: string, attrs: string, selfClosing: boolean, line: number): void;
  end(qname: string, line: number): void;
  text(s: string, line: number): void;
  /** A processing instruction before/after the root (target and data). */
  pi?(target: string, data: string, line: number): void;
}

/** A well-formedness error with its line. */
export class XmlSyntaxError extends Error {
  constructor(message: string, readonly line: number, readonly code: 'NOT_XML' | 'DOCTYPE' = 'NOT_XML') { super(message); }
}

const ENT: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes entity and character references in text or attribute values. */
export function decodeEntities(s: string, line = 0): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);|&/g, (m, g: string | undefined) => {
    if (!g) throw new XmlSyntaxError("çıplak '&' karakteri (bare '&')", line);
    if (g[0] === '#') return String.fromCodePoint(g[1] === 'x' ? parseInt(g.slice(2), 16) : parseInt(g.slice(1), 10));
    const v = ENT[g];
    if (v === undefined) throw new XmlSyntaxError(`tanımsız varlık referansı &${g}; (undefined entity)`, line);
    return v;
  });
}

/** Reads attribute `name` from raw attribute text (`name="v"` or `name='v'`), decoded; undefined when absent. */
export function attrValue(attrs: string, name: string): string | undefined {
  let i = 0;
  for (;;) {
    i = attrs.indexOf(name, i);
    if (i < 0) return undefined;
    const before = i === 0 ? ' ' : attrs[i - 1];
    let j = i + name.length;
    if ((before === ' ' || before === '\t' || before === '\n' || before === '\r') ) {
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

function countNl(s: string, from = 0, to = s.length): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Streaming tokenizer; feed decoded text with {@link push} and call {@link end} at EOF. */
export class XmlLexer {
  private buf = '';
  private line = 1;
  private stack: string[] = [];
  private rootSeen = false;
  private rootClosed = false;
  private prologDone = false;

  constructor(private readonly h: LexerHandler) {}

  /** Depth of open elements. */
  get depth(): number { return this.stack.length; }

  push(chunk: string): void {
    this.buf = this.buf.length ? this.buf + chunk : chunk;
    this.scan(false);
  }

  end(): void {
    this.scan(true);
    if (this.buf.trim().length) throw new XmlSyntaxError('belge beklenmedik biçimde bitti (unexpected end of document)', this.line);
    if (!this.rootSeen) throw new XmlSyntaxError('kök eleman yok (no root element)', this.line);
    if (this.stack.length) throw new XmlSyntaxError(`kapanmamış eleman <${this.stack[this.stack.length - 1]}> (unclosed element)`, this.line);
  }

  private scan(final: boolean): void {
    const s = this.buf;
    const h = this.h;
    let i = 0;
    const n = s.length;
    while (i < n) {
      const lt = s.indexOf('<', i);
      if (lt < 0) {
        if (!final) break;
        this.emitText(s.slice(i));
        i = n;
        break;
      }
      if (lt > i) { this.emitText(s.slice(i, lt)); i = lt; }
      if (lt + 1 >= n) { if (final) throw new XmlSyntaxError("belge '<' ile bitti", this.line); break; }
      const c = s.charCodeAt(lt + 1);
      if (c === 47 /* / */) {
        const gt = s.indexOf('>', lt + 2);
        if (gt < 0) { if (final) throw new XmlSyntaxError('bitmemiş bitiş etiketi', this.line); break; }
        const name = s.slice(lt + 2, gt).trim();
        const top = this.stack.pop();
        if (top !== name) throw new XmlSyntaxError(`bitiş etiketi </${name}> açık <${top ?? ''}> ile eşleşmiyor (mismatched end tag)`, this.line);
        h.end(name, this.line);
        if (this.stack.length === 0) this.rootClosed = true;
        i = gt + 1;
      } else if (c === 33 /* ! */) {
        if (s.startsWith('<!--', lt)) {
          const e = s.indexOf('-->', lt + 4);
          if (e < 0) { if (final) throw new XmlSyntaxError('kapanmamış yorum', this.line); break; }
          this.line += countNl(s, lt, e);
          i = e + 3;
        } else if (s.startsWith('<![CDATA[', lt)) {
          const e = s.indexOf(']]>', lt + 9);
          if (e < 0) { if (final) throw new XmlSyntaxError('kapanmamış CDATA', this.line); break; }
          if (!this.stack.length) throw new XmlSyntaxError('kök dışında CDATA', this.line);
          const t = s.slice(lt + 9, e);
          h.text(t, this.line);
          this.line += countNl(t);
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
        if (e < 0) { if (final) throw new XmlSyntaxError('kapanmamış işleme talimatı', this.line); break; }
        const body = s.slice(lt + 2, e);
        const sp = body.search(/\s/);
        const target = sp < 0 ? body : body.slice(0, sp);
        if (target === 'xml' && (lt !== 0 || this.prologDone)) throw new XmlSyntaxError('XML bildirimi yalnızca belgenin başında olabilir', this.line);
        h.pi?.(target, sp < 0 ? '' : body.slice(sp + 1), this.line);
        this.line += countNl(body);
        i = e + 2;
      } else {
        const gt = this.findTagEnd(s, lt + 1);
        if (gt < 0) { if (final) throw new XmlSyntaxError('bitmemiş başlangıç etiketi', this.line); break; }
        let j = lt + 1;
        while (j < gt) { const k = s.charCodeAt(j); if (k === 32 || k === 10 || k === 9 || k === 13 || k === 47 || k === 62) break; j++; }
        const name = s.slice(lt + 1, j);
        if (!name) throw new XmlSyntaxError('boş eleman adı', this.line);
        const selfClosing = s.charCodeAt(gt - 1) === 47;
        const attrs = s.slice(j, selfClosing ? gt - 1 : gt);
        if (this.rootClosed || (!this.stack.length && this.rootSeen)) throw new XmlSyntaxError('birden fazla kök eleman (more than one root)', this.line);
        this.rootSeen = true;
        h.start(name, attrs, selfClosing, this.line);
        if (attrs.length > 1) this.line += countNl(attrs);
        if (selfClosing) { h.end(name, this.line); if (!this.stack.length) this.rootClosed = true; }
        else this.stack.push(name);
        i = gt + 1;
      }
      this.prologDone = true;
    }
    this.buf = i >= n ? '' : s.slice(i);
  }

  /** Position of the `>` ending a start tag, skipping quoted attribute values; -1 when not yet in the buffer. */
  private findTagEnd(s: string, from: number): number {
    let gt = s.indexOf('>', from);
    if (gt < 0) return -1;
    let pos = from;
    for (;;) {
      const seg = s.slice(pos, gt);
      const dq = seg.indexOf('"'), sq = seg.indexOf("'");
      const qi = dq < 0 ? sq : sq < 0 ? dq : Math.min(dq, sq);
      if (qi < 0) {
        if (seg.indexOf('<') >= 0) throw new XmlSyntaxError("etiket içinde '<'", this.line);
        return gt;
      }
      const q = pos + qi;
      if (s.slice(pos, q).indexOf('<') >= 0) throw new XmlSyntaxError("etiket içinde '<'", this.line);
      const close = s.indexOf(s[q], q + 1);
      if (close < 0) return -1;
      if (s.slice(q + 1, close).indexOf('<') >= 0) throw new XmlSyntaxError("nitelik değerinde '<'", this.line);
      if (close > gt) { gt = s.indexOf('>', close); if (gt < 0) return -1; }
      pos = close + 1;
    }
  }

  private emitText(t: string): void {
    if (!this.stack.length) {
      if (t.trim().length) throw new XmlSyntaxError('kök eleman dışında metin (text outside the root)', this.line);
      this.line += countNl(t);
      return;
    }
    this.h.text(t.indexOf('&') >= 0 ? decodeEntities(t, this.line) : t, this.line);
    if (t.length === 1) { if (t === '\n') this.line++; }
    else this.line += countNl(t);
  }
}
