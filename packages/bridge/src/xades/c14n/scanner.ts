/**
 * Streaming, byte-level Canonical XML 1.0 (W3C REC-xml-c14n-20010315) for documents of any size.
 *
 * Feed the UTF-8 bytes of a document in chunks of any size with {@link C14nScanner.push}; the canonical
 * form goes to a {@link CanonicalWriter} (normally SHA-256) as it is found. There is no DOM and no string
 * of the document: memory stays constant (the largest single tag is the only thing ever buffered).
 * Runs that are already canonical (most of a well-written ledger) are handed to the hash unchanged;
 * only what C14N changes is rewritten: the XML declaration and whitespace outside the root (dropped),
 * attribute order/quoting/escaping, superfluous namespace declarations, `<a/>` → `<a></a>`, CRLF → LF,
 * character references, CDATA sections, comments (dropped unless `withComments`), PIs.
 *
 * Modes:
 * - whole document (default): what `Reference URI=""` digests (XMLDSig §4.3.3.3: comments removed).
 * - `subset`: only the subtree of one element (e.g. SignedInfo or `#SignedProperties_…`) with the
 *   namespace and `xml:*` inheritance rules for a document subset (C14N §2.4, §4.7).
 * DTDs are refused (no entity is ever expanded), as are non-UTF-8 documents.
 */
import { BANG, CR, DASH, GT, IS_WS, LF, LT, NAME_STOP, QMARK, RBRACKET, SLASH, TEXT_STOP, AMP, bytesEqualAscii } from './bytes.ts';
import { EMPTY_SCOPE, NsScope, elementUri, readNsDecls, xmlAttrsOf } from './namespaces.ts';
import { parseRef, refResult, writeTextChar } from './refs.ts';
import { renderStartTag, renderResult, type ApexContext } from './render-tag.ts';
import { MarkupError, parseStartTag, TagParse } from './start-tag.ts';
import { CanonicalWriter } from './writer.ts';
import { errAlreadySigned, errDoctype, errEmpty, errEncoding, errNotXml } from '../errors.ts';

/** XMLDSig namespace (XMLDSig §4). */
export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
/** XBRL instance namespace (the `xbrli:` prefix, GİB-TK §2.1.1). */
export const XBRLI_NS = 'http://www.xbrl.org/2003/instance';

/** Which element a subset canonicalization starts at (the first match in document order). */
export interface SubsetSelector {
  /** Element carrying an unprefixed `Id`, `ID` or `id` attribute with this value (same-document `#id` URI). */
  id?: string;
  /** Element with this namespace URI and local name. */
  uri?: string;
  local?: string;
}

/** Options of {@link C14nScanner}. */
export interface ScannerOptions {
  /** Keep comments (`…#WithComments`). Default false (what `URI=""` and `#id` references digest). */
  withComments?: boolean;
  /** Canonicalize only this element's subtree (document subset). */
  subset?: SubsetSelector;
  /**
   * `ds:Signature` children of the root: 'reject' (signing: throws ALREADY_SIGNED), 'segment'
   * (verification: each becomes writer segment k and its raw bytes are captured), 'ignore' (ordinary content).
   */
  topLevelSignature?: 'reject' | 'segment' | 'ignore';
  /** Called for 'segment' mode right before signature k's bytes are written (writer flushed). */
  onSignatureStart?: (k: number) => void;
}

/** What the scanner learned about the root element. */
export interface RootInfo {
  /** Qualified name as written, e.g. `edefter:defter`. */
  qname: string;
  /** Raw bytes of the root start tag as written. */
  startTag: Buffer;
  /** In-scope namespaces of the root (its own declarations). */
  scope: NsScope;
  /** The root's `xml:*` attributes (local name → value). */
  xmlAttrs: ReadonlyMap<string, string>;
  /** True for `<root …/>`. */
  selfClosing: boolean;
  /** Byte offset of the root's `<` in the input. */
  offset: number;
}

const enum St { Text = 0, Comment = 1, CData = 2 }

const GT_E = Buffer.from('&gt;');
const AMP_E = Buffer.from('&amp;');
const LT_E = Buffer.from('&lt;');
const CLOSE_OPEN = Buffer.from('</');
const COMMENT_OPEN = Buffer.from('<!--');
const COMMENT_CLOSE = Buffer.from('-->');

/** See the file comment. One instance canonicalizes one document. */
export class C14nScanner {
  readonly out: CanonicalWriter;
  private readonly withComments: boolean;
  private readonly subset: SubsetSelector | null;
  private readonly sigMode: 'reject' | 'segment' | 'ignore';
  private readonly onSignatureStart?: (k: number) => void;

  // document state
  private depth = 0;
  private rootSeen = false;
  private rootDone = false;
  private atStart = true;
  private sawMarkup = false;
  private on = false;
  private st: St = St.Text;
  private skipLF = false;
  private dashes = 0;
  private commentEmit = 0; // 0 no, 1 inside, 2 before root, 3 after root
  // element stack
  private nameBuf = Buffer.allocUnsafe(1024);
  private nameTop = 0;
  private readonly nameStarts: number[] = [];
  private readonly scopes: NsScope[] = [EMPTY_SCOPE];
  private readonly xmlStack: ReadonlyMap<string, string>[] = [new Map()];
  private apexDepth = 0;
  private apexDone = false;
  private identDepth = 0;
  private sigDepth = 0;
  // buffers
  private cur: Uint8Array = Buffer.alloc(0);
  private base = 0;
  private runStart = -1;
  private inPend = false;
  private pend: Buffer = Buffer.allocUnsafe(0);
  private pendLen = 0;
  private pendOffset = 0;
  private hasPend = false;
  private readonly tag = new TagParse();
  // raw capture of top-level signatures
  private capturing = false;
  private capParts: Buffer[] = [];
  private capFrom = 0;
  private capStartReq = false;
  private capStopReq = false;

  /** Bytes pushed so far. */
  bytesIn = 0;
  /** Root element facts, once its start tag was read. */
  root: RootInfo | null = null;
  /** Byte offset of `</root>`'s `<` (or of `/>` of a self-closing root); -1 until seen. */
  rootEndOffset = -1;
  /** Text of the first `xbrli:identifier` element (trimmed), the VKN/TCKN of a GİB ledger. */
  identifier: string | undefined;
  /** Number of `ds:Signature` children of the root seen. */
  signatureCount = 0;
  /** Raw bytes of the last complete `ds:Signature` child of the root ('segment' mode). */
  lastSignatureRaw: Buffer | null = null;
  /** Byte offset of the last top-level `ds:Signature`'s `<` ('segment' mode). */
  lastSignatureOffset = -1;
  /** Offset up to which every input byte is fully processed (the start of a construct split across pushes). */
  get safeOffset(): number {
    return this.hasPend ? this.pendOffset : this.bytesIn;
  }
  /** True once a subset apex was found and closed. */
  get subsetFound(): boolean {
    return this.apexDone;
  }

  constructor(out: CanonicalWriter, opts: ScannerOptions = {}) {
    this.out = out;
    this.withComments = opts.withComments === true;
    this.subset = opts.subset ?? null;
    this.sigMode = opts.topLevelSignature ?? 'ignore';
    this.onSignatureStart = opts.onSignatureStart;
  }

  /**
   * Canonicalizes bytes [s, e) of `b`, the next part of the document.
   * @throws EdefterError NOT_XML / DOCTYPE_FORBIDDEN / BAD_INPUT (encoding) / ALREADY_SIGNED
   */
  push(b: Uint8Array, s = 0, e = b.length): void {
    if (e <= s) return;
    const fileStart = this.bytesIn;
    this.bytesIn += e - s;
    let i = s;
    if (this.capturing) this.capFrom = s;
    if (this.skipLF) {
      this.skipLF = false;
      if (b[i] === LF) i++;
    }
    if (this.hasPend) {
      i = this.resumePending(b, i, e);
      if (i < 0) {
        // the whole chunk went into the pending construct
        if (this.capturing) this.capParts.push(Buffer.from(b.subarray(this.capFrom, e)));
        return;
      }
      this.cur = b;
      this.base = fileStart - s;
      if (this.capStartReq) { this.capStartReq = false; this.capFrom = i; }
      if (this.capStopReq) { this.capStopReq = false; this.finishCapture(b, i); }
    } else {
      this.cur = b;
      this.base = fileStart - s;
    }
    this.runStart = this.on && this.st === St.Text ? i : -1;
    const stop = this.loop(b, i, e);
    if (this.runStart !== -1) this.out.run(b, this.runStart, stop);
    this.runStart = -1;
    if (stop < e) this.savePending(b, stop, e);
    if (this.capturing) this.capParts.push(Buffer.from(b.subarray(this.capFrom, e)));
  }

  /**
   * Ends the document and flushes the writer.
   * @throws EdefterError EMPTY_FILE when nothing but whitespace was seen, NOT_XML when truncated
   */
  finish(): void {
    if (this.hasPend) throw errNotXml('dosya bir etiketin ortasında bitiyor / file ends inside markup', this.pendOffset);
    if (this.st === St.Comment) throw errNotXml('kapanmamış yorum / unterminated comment', this.bytesIn);
    if (this.st === St.CData) throw errNotXml('kapanmamış CDATA / unterminated CDATA section', this.bytesIn);
    if (!this.rootSeen) {
      if (!this.sawMarkup) throw errEmpty();
      throw errNotXml('kök eleman yok / no root element', this.bytesIn);
    }
    if (this.depth > 0) throw errNotXml(`<${this.topName()}> kapanmadan dosya bitti / file ends before </${this.topName()}>`, this.bytesIn);
    this.out.flush();
  }

  // ---------------------------------------------------------------- main loop

  private loop(b: Uint8Array, i: number, n: number): number {
    while (i < n) {
      if (this.st !== St.Text) {
        i = this.st === St.Comment ? this.commentBytes(b, i, n) : this.cdataBytes(b, i, n);
        continue;
      }
      if (this.depth > 0) {
        while (i < n && TEXT_STOP[b[i]] === 0) i++;
        if (i >= n) break;
        const c = b[i];
        if (c === LT) {
          const j = this.markup(b, i, n);
          if (j < 0) return i;
          i = j;
        } else if (c === AMP) {
          const j = this.textRef(b, i, n);
          if (j < 0) return i;
          i = j;
        } else if (c === GT) {
          if (this.on) {
            this.flushRun(i);
            this.out.bytes(GT_E);
            this.runStart = i + 1;
          }
          i++;
        } else {
          // CR: CRLF and lone CR become LF (XML 1.0 §2.11)
          if (this.on) {
            this.flushRun(i);
            this.out.byte(LF);
          }
          if (i + 1 < n) i += b[i + 1] === LF ? 2 : 1;
          else {
            i++;
            this.skipLF = true;
          }
          if (this.on) this.runStart = i;
        }
        continue;
      }
      // prolog / epilog: whitespace (dropped), comments, PIs, the root element
      const c = b[i];
      if (IS_WS[c] === 1) {
        i++;
        this.atStart = false;
        continue;
      }
      if (c === LT) {
        const j = this.markup(b, i, n);
        if (j < 0) return i;
        i = j;
        continue;
      }
      if (this.base + i === 0 && (c === 0xef || c === 0xfe || c === 0xff)) {
        if (c !== 0xef) throw errEncoding('UTF-16');
        if (n - i < 3) return i;
        if (b[i + 1] !== 0xbb || b[i + 2] !== 0xbf) throw errNotXml("belge '<' ile başlamalı / document must start with '<'", 0);
        i += 3;
        continue;
      }
      if (!this.rootSeen) throw errNotXml("belge '<' ile başlamalı / document must start with '<'", this.base + i);
      throw errNotXml('kök elemandan sonra metin / text after the root element', this.base + i);
    }
    return n;
  }

  /** Writes the pending canonical run [runStart, i) of the current buffer (internal; used by the tag renderer). */
  flushRun(i: number): void {
    if (this.runStart !== -1) {
      this.out.run(this.cur, this.runStart, i);
      this.runStart = -1;
    }
  }

  /** After construct [i, j) whose raw bytes are its canonical output. */
  private emitRaw(i: number, j: number): void {
    if (this.runStart === -1) this.out.run(this.cur, i, j);
  }

  private resume(j: number): void {
    if (this.runStart === -1 && this.on && this.st === St.Text) this.runStart = j;
  }

  private err(e: unknown): never {
    if (e instanceof MarkupError) throw errNotXml(e.reason, this.base + e.pos);
    throw e;
  }

  private markup(b: Uint8Array, i: number, n: number): number {
    if (i + 1 >= n) return -1;
    const c = b[i + 1];
    let j: number;
    try {
      if (c === SLASH) j = this.endTag(b, i, n);
      else if (c === QMARK) j = this.pi(b, i, n);
      else if (c === BANG) j = this.bang(b, i, n);
      else j = this.startTag(b, i, n);
    } catch (e) {
      this.err(e);
    }
    if (j >= 0) {
      this.atStart = false;
      this.sawMarkup = true;
    }
    return j;
  }

  private textRef(b: Uint8Array, i: number, n: number): number {
    let j: number;
    try {
      j = parseRef(b, i, n);
    } catch (e) {
      this.err(e);
    }
    if (j < 0) return -1;
    if (this.on && !refResult.canonicalInText) {
      this.flushRun(i);
      writeTextChar(this.out, refResult.cp);
      this.runStart = j;
    } else if (this.on && this.runStart === -1) {
      this.out.run(b, i, j);
      this.runStart = j;
    }
    return j;
  }

  // ---------------------------------------------------------------- elements

  private startTag(b: Uint8Array, i: number, n: number): number {
    const t = this.tag;
    const j = parseStartTag(b, i, n, t);
    if (j < 0) return -1;
    const depth = this.depth;
    if (depth === 0 && this.rootSeen) throw new MarkupError('kök elemandan sonra ikinci eleman / second element after the root element', i);
    const parent = this.scopes[depth];
    let apex: ApexContext | null = null;
    let emit = this.on;
    let becameApex = false;
    let isSig = false;
    let isIdent = false;
    if (this.subset !== null && this.apexDepth === 0) {
      const xml = xmlAttrsOf(b, t, this.xmlStack[depth]);
      this.xmlStack[depth + 1] = xml;
      if (!this.apexDone && this.matchesSubset(b, t, parent)) {
        apex = { inheritedXml: this.xmlStack[depth] };
        becameApex = true;
        emit = true;
      }
    }
    const ln = t.nameEnd - (t.colon === -1 ? t.nameStart : t.colon + 1);
    const ls = t.colon === -1 ? t.nameStart : t.colon + 1;
    if (depth === 1 && this.sigMode !== 'ignore' && ln === 9 && bytesEqualAscii(b, ls, t.nameEnd, 'Signature')) {
      const scope = t.nsDecls > 0 ? parent.child(readNsDecls(b, t)) : parent;
      isSig = elementUri(b, t, scope).uri === DSIG_NS;
    }
    if (this.identifier === undefined && this.identDepth === 0 && this.on && ln === 10 && bytesEqualAscii(b, ls, t.nameEnd, 'identifier')) {
      const scope = t.nsDecls > 0 ? parent.child(readNsDecls(b, t)) : parent;
      isIdent = elementUri(b, t, scope).uri === XBRLI_NS;
    }
    if (isSig) {
      if (this.sigMode === 'reject') throw errAlreadySigned();
      this.flushRun(i);
      this.out.flush();
      const k = this.signatureCount++;
      this.onSignatureStart?.(k);
      this.out.setSegment(k);
      this.sigDepth = depth + 1;
      this.capturing = true;
      this.capParts = [Buffer.from(b.subarray(i, j))];
      this.lastSignatureOffset = this.base + i;
      if (this.inPend) this.capStartReq = true;
      else this.capFrom = j;
    }
    if (depth === 0) {
      this.rootSeen = true;
      if (this.subset === null) {
        this.on = true;
        emit = true;
      }
    }
    if (becameApex) {
      this.flushRun(i);
      this.on = true;
      this.apexDepth = depth + 1;
    }
    const raw = renderStartTag(this.out, b, i, j, t, parent, emit, apex, this);
    const scope = renderResult.scope;
    if (emit) {
      if (raw) this.emitRaw(i, j);
      else this.runStart = -1;
    }
    if (depth === 0) {
      this.root = {
        qname: Buffer.from(b.subarray(t.nameStart, t.nameEnd)).toString('utf8'),
        startTag: Buffer.from(b.subarray(i, j)),
        scope,
        xmlAttrs: xmlAttrsOf(b, t, new Map()),
        selfClosing: t.selfClose,
        offset: this.base + i,
      };
    }
    // push
    this.depth = depth + 1;
    this.scopes[depth + 1] = scope;
    const nl = t.nameEnd - t.nameStart;
    if (this.nameTop + nl > this.nameBuf.length) {
      const g = Buffer.allocUnsafe(Math.max(this.nameBuf.length * 2, this.nameTop + nl));
      this.nameBuf.copy(g, 0, 0, this.nameTop);
      this.nameBuf = g;
    }
    this.nameStarts.push(this.nameTop);
    const nb = this.nameBuf;
    for (let k = t.nameStart; k < t.nameEnd; k++) nb[this.nameTop++] = b[k];
    if (isIdent) {
      this.flushRun(j);
      this.identDepth = depth + 1;
      this.out.tap = [];
    }
    if (t.selfClose) {
      this.closeElement(b, j, j, false);
      if (depth === 0) this.rootEndOffset = this.base + j - 2;
    }
    this.resume(j);
    return j;
  }

  private matchesSubset(b: Uint8Array, t: TagParse, parent: NsScope): boolean {
    const sel = this.subset as SubsetSelector;
    if (sel.local !== undefined) {
      const scope = t.nsDecls > 0 ? parent.child(readNsDecls(b, t)) : parent;
      const u = elementUri(b, t, scope);
      if (u.local !== sel.local || (sel.uri !== undefined && u.uri !== sel.uri)) return false;
    }
    if (sel.id !== undefined) {
      for (let k = 0; k < t.count; k++) {
        if (t.aColon[k] !== -1) continue;
        const s = t.aNameStart[k];
        const e = t.aNameEnd[k];
        if (!(bytesEqualAscii(b, s, e, 'Id') || bytesEqualAscii(b, s, e, 'ID') || bytesEqualAscii(b, s, e, 'id'))) continue;
        if (Buffer.from(b.subarray(t.aValStart[k], t.aValEnd[k])).toString('utf8') === sel.id) return true;
      }
      return false;
    }
    return sel.local !== undefined;
  }

  private topName(): string {
    const s = this.nameStarts[this.nameStarts.length - 1] ?? 0;
    return this.nameBuf.toString('utf8', s, this.nameTop);
  }

  private endTag(b: Uint8Array, i: number, n: number): number {
    if (this.depth === 0) throw new MarkupError('açılmamış elemanın bitiş etiketi / end tag without a start tag', i);
    // Fast path: `</name>` exactly as the open element's name, compared while scanning.
    const s = this.nameStarts[this.nameStarts.length - 1];
    const len = this.nameTop - s;
    const nb = this.nameBuf;
    const q = i + 2;
    if (q + len < n) {
      let k = 0;
      while (k < len && b[q + k] === nb[s + k]) k++;
      if (k === len && b[q + len] === GT) {
        const j = q + len + 1;
        this.closeElement(b, i, j, true);
        this.resume(j);
        return j;
      }
    }
    let p = q;
    while (p < n && NAME_STOP[b[p]] === 0) p++;
    if (p >= n) return -1;
    const ne = p;
    while (p < n && IS_WS[b[p]] === 1) p++;
    if (p >= n) return -1;
    if (b[p] !== GT) throw new MarkupError("'>' expected in end tag", p);
    const j = p + 1;
    let same = ne - q === len;
    for (let k = 0; same && k < len; k++) if (nb[s + k] !== b[q + k]) same = false;
    if (!same) throw new MarkupError(`</${this.topName()}> bekleniyordu / expected </${this.topName()}>, found </${Buffer.from(b.subarray(q, ne)).toString('utf8')}>`, i);
    this.closeElement(b, i, j, ne + 1 === j);
    this.resume(j);
    return j;
  }

  /** Emits the end tag (raw [i, j) when `raw`) and pops the element. */
  private closeElement(b: Uint8Array, i: number, j: number, raw: boolean): void {
    const depth = this.depth;
    const s = this.nameStarts.pop() as number;
    if (this.on) {
      if (this.identDepth === depth) {
        this.flushRun(i);
        this.identifier = decodeCanonicalText(Buffer.from(this.out.tap ?? [])).trim();
        this.out.tap = null;
        this.identDepth = 0;
      }
      if (raw) this.emitRaw(i, j);
      else {
        this.flushRun(i);
        this.out.bytes(CLOSE_OPEN);
        this.out.run(this.nameBuf, s, this.nameTop);
        this.out.byte(GT);
      }
    }
    this.nameTop = s;
    this.depth = depth - 1;
    if (this.apexDepth === depth) {
      this.flushRun(j);
      this.on = false;
      this.apexDepth = 0;
      this.apexDone = true;
    }
    if (this.sigDepth === depth) {
      this.flushRun(j);
      this.out.setSegment(-1);
      this.sigDepth = 0;
      if (this.inPend) this.capStopReq = true;
      else this.finishCapture(b, j);
    }
    if (depth === 1) {
      this.flushRun(j);
      this.on = false;
      this.rootDone = true;
      this.rootEndOffset = this.base + i;
    }
  }

  private finishCapture(b: Uint8Array, upto: number): void {
    this.capParts.push(Buffer.from(b.subarray(this.capFrom, upto)));
    this.lastSignatureRaw = Buffer.concat(this.capParts);
    this.capParts = [];
    this.capturing = false;
  }

  // ---------------------------------------------------------------- PIs, comments, CDATA, DOCTYPE

  private pi(b: Uint8Array, i: number, n: number): number {
    let p = i + 2;
    while (p < n && NAME_STOP[b[p]] === 0) p++;
    if (p >= n) return -1;
    const te = p;
    if (te === i + 2) throw new MarkupError('processing instruction target expected', i);
    let q = p;
    while (q + 1 < n && !(b[q] === QMARK && b[q + 1] === GT)) q++;
    if (q + 1 >= n) return -1;
    const j = q + 2;
    if (p < q && IS_WS[b[p]] !== 1) throw new MarkupError('whitespace expected after processing instruction target', p);
    while (p < q && IS_WS[b[p]] === 1) p++;
    const target = Buffer.from(b.subarray(i + 2, te)).toString('utf8');
    if (target === 'xml') {
      if (!this.atStart) throw new MarkupError('XML bildirimi belgenin başında olmalı / XML declaration must be at the start', i);
      const decl = Buffer.from(b.subarray(p, q)).toString('latin1');
      const m = /encoding\s*=\s*["']([^"']*)["']/.exec(decl);
      if (m && !/^(utf-?8|us-ascii|ascii)$/i.test(m[1])) throw errEncoding(m[1]);
      this.flushRun(i);
      this.resume(j);
      return j;
    }
    if (target.toLowerCase() === 'xml') throw new MarkupError(`reserved processing instruction target '${target}'`, i);
    const outside = this.depth === 0;
    if ((outside && this.subset === null) || this.on) {
      this.flushRun(i);
      const out = this.out;
      if (outside && this.rootSeen) out.byte(LF);
      out.bytes(Buffer.from('<?'));
      out.run(b, i + 2, te);
      if (p < q) {
        out.byte(0x20);
        writeNormalizedNewlines(out, b, p, q);
      }
      out.bytes(Buffer.from('?>'));
      if (outside && !this.rootSeen) out.byte(LF);
    }
    this.resume(j);
    return j;
  }

  private bang(b: Uint8Array, i: number, n: number): number {
    if (n - i < 4) return -1;
    if (b[i + 2] === DASH) {
      if (b[i + 3] !== DASH) throw new MarkupError("'<!--' expected", i);
      this.flushRun(i);
      const outside = this.depth === 0;
      this.commentEmit = !this.withComments ? 0 : this.on ? 1 : outside && this.subset === null ? (this.rootSeen ? 3 : 2) : 0;
      if (this.commentEmit === 3) this.out.byte(LF);
      if (this.commentEmit !== 0) this.out.bytes(COMMENT_OPEN);
      this.st = St.Comment;
      this.dashes = 0;
      return i + 4;
    }
    if (b[i + 2] === 0x5b) {
      if (n - i < 9) return -1;
      if (!bytesEqualAscii(b, i + 2, i + 9, '[CDATA[')) throw new MarkupError("'<![CDATA[' expected", i);
      if (this.depth === 0) throw new MarkupError('CDATA outside the root element', i);
      this.flushRun(i);
      this.st = St.CData;
      this.dashes = 0;
      return i + 9;
    }
    for (const kw of ['DOCTYPE', 'ENTITY', 'ELEMENT', 'ATTLIST', 'NOTATION']) {
      const avail = Math.min(n - i - 2, kw.length);
      if (bytesEqualAscii(b, i + 2, i + 2 + avail, kw.slice(0, avail))) {
        if (avail < kw.length) return -1;
        throw errDoctype(this.base + i);
      }
    }
    throw new MarkupError("unexpected '<!'", i);
  }

  private commentBytes(b: Uint8Array, i: number, n: number): number {
    const emit = this.commentEmit !== 0;
    const out = this.out;
    while (i < n) {
      const c = b[i];
      if (c === DASH) {
        this.dashes++;
        i++;
        continue;
      }
      if (this.dashes >= 2) {
        if (c !== GT || this.dashes > 2) throw errNotXml("yorum içinde '--' / '--' inside a comment", this.base + i);
        if (emit) out.bytes(COMMENT_CLOSE);
        if (this.commentEmit === 2) out.byte(LF);
        this.st = St.Text;
        this.dashes = 0;
        i++;
        this.resume(i);
        return i;
      }
      if (this.dashes === 1) {
        if (emit) out.byte(DASH);
        this.dashes = 0;
      }
      if (c === CR) {
        if (emit) out.byte(LF);
        if (i + 1 < n) i += b[i + 1] === LF ? 2 : 1;
        else {
          i++;
          this.skipLF = true;
        }
        continue;
      }
      const s = i;
      while (i < n && b[i] !== DASH && b[i] !== CR) i++;
      if (emit) out.run(b, s, i);
    }
    return n;
  }

  private cdataBytes(b: Uint8Array, i: number, n: number): number {
    const emit = this.on;
    const out = this.out;
    while (i < n) {
      const c = b[i];
      if (c === RBRACKET) {
        this.dashes++;
        i++;
        continue;
      }
      if (c === GT && this.dashes >= 2) {
        if (emit) for (let k = 2; k < this.dashes; k++) out.byte(RBRACKET);
        this.st = St.Text;
        this.dashes = 0;
        i++;
        this.resume(i);
        return i;
      }
      if (this.dashes > 0) {
        if (emit) for (let k = 0; k < this.dashes; k++) out.byte(RBRACKET);
        this.dashes = 0;
      }
      if (c === AMP || c === LT || c === GT) {
        if (emit) out.bytes(c === AMP ? AMP_E : c === LT ? LT_E : GT_E);
        i++;
        continue;
      }
      if (c === CR) {
        if (emit) out.byte(LF);
        if (i + 1 < n) i += b[i + 1] === LF ? 2 : 1;
        else {
          i++;
          this.skipLF = true;
        }
        continue;
      }
      const s = i;
      while (i < n) {
        const d = b[i];
        if (d === RBRACKET || d === AMP || d === LT || d === GT || d === CR) break;
        i++;
      }
      if (emit) out.run(b, s, i);
    }
    return n;
  }

  // ---------------------------------------------------------------- constructs split across pushes

  private savePending(b: Uint8Array, i: number, e: number): void {
    const len = e - i;
    if (this.pend.length < len) this.pend = Buffer.allocUnsafe(Math.max(len, 4096));
    this.pend.set(b.subarray(i, e), 0);
    this.pendLen = len;
    this.pendOffset = this.base + i;
    this.hasPend = true;
  }

  /** Completes the pending construct with bytes from `b`; returns where to continue in `b`, or -1. */
  private resumePending(b: Uint8Array, s: number, e: number): number {
    let take = Math.max(4096, this.pendLen);
    let avail = s;
    for (;;) {
      const add = Math.min(take, e - avail);
      if (this.pendLen + add > this.pend.length) {
        const g = Buffer.allocUnsafe(Math.max(this.pend.length * 2, this.pendLen + add));
        this.pend.copy(g, 0, 0, this.pendLen);
        this.pend = g;
      }
      this.pend.set(b.subarray(avail, avail + add), this.pendLen);
      this.pendLen += add;
      avail += add;
      const oldLen = this.pendLen - (avail - s);
      this.cur = this.pend;
      this.base = this.pendOffset;
      this.runStart = -1;
      this.inPend = true;
      let j: number;
      try {
        const c = this.pend[0];
        if (c === LT) j = this.markup(this.pend, 0, this.pendLen);
        else if (c === AMP) j = this.textRef(this.pend, 0, this.pendLen);
        else j = this.pendLen >= 3 ? this.loop(this.pend, 0, 3) : -1; // byte-order mark
      } finally {
        this.inPend = false;
      }
      this.runStart = -1;
      if (j >= 0) {
        this.hasPend = false;
        this.pendLen = 0;
        if (this.pend.length > 1 << 20) this.pend = Buffer.allocUnsafe(4096);
        return s + (j - oldLen);
      }
      if (avail === e) return -1;
      take *= 2;
    }
  }
}

/** Writes bytes [s, e) with CRLF / CR turned into LF. */
function writeNormalizedNewlines(out: CanonicalWriter, b: Uint8Array, s: number, e: number): void {
  let run = s;
  for (let p = s; p < e; p++) {
    if (b[p] !== CR) continue;
    out.run(b, run, p);
    out.byte(LF);
    if (p + 1 < e && b[p + 1] === LF) p++;
    run = p + 1;
  }
  out.run(b, run, e);
}

/** Decodes canonical text (`&amp;` `&lt;` `&gt;` `&#xD;`) back to a string. */
export function decodeCanonicalText(b: Buffer): string {
  return b.toString('utf8').replace(/&(amp|lt|gt|#xD);/g, (_, x: string) => (x === 'amp' ? '&' : x === 'lt' ? '<' : x === 'gt' ? '>' : '\r'));
}
