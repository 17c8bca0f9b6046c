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
import { BANG, GT, IS_WS, LF, LT, QMARK, SLASH, TEXT_STOP, AMP, compareBytes } from './bytes.ts';
import { bang, cdataBytes, commentBytes, pi, ST_CDATA, ST_COMMENT, ST_TEXT } from './constructs.ts';
import { endTag, finishCapture, startTagParsed } from './elements.ts';
import { EMPTY_SCOPE, type NsScope } from './namespaces.ts';
import { parseRef, refResult, writeTextChar } from './refs.ts';
import { A_REWRITE, MarkupError, parseStartTag, TagParse } from './start-tag.ts';
import { NOT_PLAIN, plainName, plainStartTag } from './plain-start.ts';
import { renderCanon, TAG_RENDER, TAG_REQUOTE, TagCache } from './tag-cache.ts';
import { FastPath } from './fast-path.ts';
import type { CanonicalWriter } from './writer.ts';
import { fail } from '@edefter/protocol/catalog';

export { DSIG_NS } from './elements.ts';

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
  /**
   * Use the WebAssembly hot path (fast-path.ts) in whole-document mode. Default true; the canonical bytes are the same
   * without it (test/xades/c14n-fast.test.ts compares both).
   */
  wasm?: boolean;
  /** Input bytes after which the hot path starts (default fast-path.ts FAST_FROM, 256 KiB; tests use 0). */
  wasmFrom?: number;
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

const GT_E = Buffer.from('&gt;');
/** Tags the scanner's fast path leaves to the general parser after too many misses (see plainTag). */
const PLAIN_PAUSE = 1024;

/** See the file comment. One instance canonicalizes one document. */
export class C14nScanner {
  readonly out: CanonicalWriter;
  // Internal state, shared with elements.ts and constructs.ts (not API).
  readonly withComments: boolean;
  readonly subset: SubsetSelector | null;
  readonly sigMode: 'reject' | 'segment' | 'ignore';
  readonly onSignatureStart?: (k: number) => void;

  // document state
  depth = 0;
  rootSeen = false;
  rootDone = false;
  atStart = true;
  sawMarkup = false;
  on = false;
  st = ST_TEXT;
  skipLF = false;
  dashes = 0;
  commentEmit = 0; // 0 no, 1 inside, 2 before root, 3 after root
  // element stack
  // Names of the open elements: entries [0, chunkNamesFrom) are copied in nameBuf (stack order);
  // entries from chunkNamesFrom on still point into the current chunk and are copied at its end.
  nameBuf = Buffer.allocUnsafe(1024);
  nameTop = 0;
  readonly nameStart: number[] = [];
  readonly nameLen: number[] = [];
  chunkNamesFrom = 0;
  readonly scopes: NsScope[] = [EMPTY_SCOPE];
  readonly xmlStack: ReadonlyMap<string, string>[] = [new Map()];
  apexDepth = 0;
  apexDone = false;
  identDepth = 0;
  sigDepth = 0;
  // buffers
  cur: Uint8Array = Buffer.alloc(0);
  base = 0;
  runStart = -1;
  inPend = false;
  pend: Buffer = Buffer.allocUnsafe(0);
  pendLen = 0;
  pendOffset = 0;
  hasPend = false;
  readonly tag = new TagParse();
  // fast path statistics (plainTag): +1 per plain start tag, -4 per miss; tags left to go without trying it
  plainScore = 0;
  plainPause = 0;
  /** Start tags seen before (tag-cache.ts), used once the identifier is known. */
  readonly tags = new TagCache();
  /** The WebAssembly hot path over the cached tags (fast-path.ts); whole-document mode only. */
  readonly fast: FastPath | null;
  /** Calls of {@link push} so far. */
  pushes = 0;
  // raw capture of top-level signatures
  capturing = false;
  capParts: Buffer[] = [];
  capFrom = 0;
  capStartReq = false;
  capStopReq = false;

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
    this.fast = this.subset === null && opts.wasm !== false ? new FastPath(opts.wasmFrom) : null;
  }

  /**
   * Canonicalizes bytes [s, e) of `b`, the next part of the document.
   * @throws EdefterError NOT_XML / DOCTYPE_FORBIDDEN / BAD_INPUT (encoding) / ALREADY_SIGNED
   */
  push(b: Uint8Array, s = 0, e = b.length): void {
    if (e <= s) return;
    const fileStart = this.bytesIn;
    this.bytesIn += e - s;
    this.pushes++;
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
      if (this.capStartReq) {
        this.capStartReq = false;
        this.capFrom = i;
      }
      if (this.capStopReq) {
        this.capStopReq = false;
        finishCapture(this, b, i);
      }
    } else {
      this.cur = b;
      this.base = fileStart - s;
    }
    this.runStart = this.on && this.st === ST_TEXT ? i : -1;
    const stop = this.loop(b, i, e);
    if (this.runStart !== -1) this.out.run(b, this.runStart, stop);
    this.runStart = -1;
    if (stop < e) this.savePending(b, stop, e);
    if (this.capturing) this.capParts.push(Buffer.from(b.subarray(this.capFrom, e)));
    this.keepNames(b);
  }

  /** Copies the names of open elements that still point into chunk `b` to nameBuf. */
  keepNames(b: Uint8Array): void {
    const n = this.nameStart.length;
    for (let k = this.chunkNamesFrom; k < n; k++) this.nameStart[k] = this.copyName(b, this.nameStart[k], this.nameLen[k]);
    this.chunkNamesFrom = n;
  }

  /** Appends name bytes to nameBuf; returns where they start. */
  copyName(b: Uint8Array, s: number, len: number): number {
    if (this.nameTop + len > this.nameBuf.length) {
      const g = Buffer.allocUnsafe(Math.max(this.nameBuf.length * 2, this.nameTop + len));
      this.nameBuf.copy(g, 0, 0, this.nameTop);
      this.nameBuf = g;
    }
    const at = this.nameTop;
    const nb = this.nameBuf;
    for (let k = 0; k < len; k++) nb[at + k] = b[s + k];
    this.nameTop = at + len;
    return at;
  }

  /**
   * Ends the document and flushes the writer.
   * @throws EdefterError EMPTY_FILE when nothing but whitespace was seen, NOT_XML when truncated
   */
  finish(): void {
    if (this.hasPend) throw fail('xades.notXml', { reason: 'dosya bir etiketin ortasında bitiyor / file ends inside markup', offset: this.pendOffset });
    if (this.st === ST_COMMENT) throw fail('xades.notXml', { reason: 'kapanmamış yorum / unterminated comment', offset: this.bytesIn });
    if (this.st === ST_CDATA) throw fail('xades.notXml', { reason: 'kapanmamış CDATA / unterminated CDATA section', offset: this.bytesIn });
    if (!this.rootSeen) {
      if (!this.sawMarkup) throw fail('xades.emptyFile');
      throw fail('xades.notXml', { reason: 'kök eleman yok / no root element', offset: this.bytesIn });
    }
    if (this.depth > 0)
      throw fail('xades.notXml', {
        reason: `<${this.topName()}> kapanmadan dosya bitti / file ends before </${this.topName()}>`,
        offset: this.bytesIn,
      });
    this.out.flush();
  }

  // ---------------------------------------------------------------- main loop

  private loop(b: Uint8Array, i: number, n: number): number {
    while (i < n) {
      if (this.st !== ST_TEXT) {
        i = this.st === ST_COMMENT ? commentBytes(this, b, i, n) : cdataBytes(this, b, i, n);
        continue;
      }
      if (this.depth > 0) {
        while (i < n && TEXT_STOP[b[i]] === 0) i++;
        if (i >= n) break;
        const c = b[i];
        if (c === LT) {
          const body = this.on && this.runStart !== -1 && this.depth > 1 && this.subset === null && !this.inPend;
          if (body && this.fast !== null && this.tags.last !== null) {
            const j = this.fast.advance(this, b, i, n);
            if (j !== i) {
              i = j;
              continue;
            }
          }
          const j = body ? this.plainTag(b, i, n) : this.markup(b, i, n);
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
        } else if (i + 1 < n && b[i + 1] === LF) {
          // CRLF becomes LF (XML 1.0 §2.11): the run goes on from the LF
          if (this.on) {
            this.flushRun(i);
            this.runStart = i + 1;
          }
          i += 2;
        } else {
          // lone CR (or CR at the end of the chunk) becomes LF
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
        if (c !== 0xef) throw fail('xades.encodingUnsupported', { encoding: 'UTF-16' });
        if (n - i < 3) return i;
        if (b[i + 1] !== 0xbb || b[i + 2] !== 0xbf) throw fail('xades.notXml', { reason: "belge '<' ile başlamalı / document must start with '<'", offset: 0 });
        i += 3;
        continue;
      }
      if (!this.rootSeen) throw fail('xades.notXml', { reason: "belge '<' ile başlamalı / document must start with '<'", offset: this.base + i });
      throw fail('xades.notXml', { reason: 'kök elemandan sonra metin / text after the root element', offset: this.base + i });
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

  /** After construct [i, j) whose raw bytes are its canonical output (internal). */
  emitRaw(i: number, j: number): void {
    if (this.runStart === -1) this.out.run(this.cur, i, j);
  }

  resume(j: number): void {
    if (this.runStart === -1 && this.on && this.st === ST_TEXT) this.runStart = j;
  }

  err(e: unknown): never {
    if (e instanceof MarkupError) throw fail('xades.notXml', { reason: e.reason, offset: this.base + e.pos });
    throw e;
  }

  /** Qualified name of the innermost open element (for messages). */
  topName(): string {
    const k = this.nameStart.length - 1;
    if (k < 0) return '';
    const src = k < this.chunkNamesFrom ? this.nameBuf : this.cur;
    return Buffer.from(src.buffer, src.byteOffset + this.nameStart[k], this.nameLen[k]).toString('utf8');
  }

  /**
   * Fast path for the tags of a canonical document body (below the root's children, whole-document
   * mode, inside a raw canonical run): `</name>` closing an ordinary element, and a start tag without
   * namespace declarations or prefixed attributes whose layout and attribute order are already
   * canonical, are passed through as part of the run with only the element stack updated. Every other
   * construct (and every tag the rules above single out: the identifier, signatures, subsets, `/>`)
   * goes to the general handlers. Returns as {@link markup} does.
   */
  private plainTag(b: Uint8Array, i: number, n: number): number {
    if (i + 1 >= n) return -1;
    const c = b[i + 1];
    const d = this.depth;
    if (c === SLASH) {
      const top = this.nameStart.length - 1;
      const s = this.nameStart[top];
      const len = this.nameLen[top];
      const q = i + 2;
      if (q + len >= n || this.identDepth === d || this.apexDepth === d || this.sigDepth === d) return this.markup(b, i, n);
      const inBuf = top < this.chunkNamesFrom;
      const nb = inBuf ? this.nameBuf : this.cur;
      let k = 0;
      while (k < len && b[q + k] === nb[s + k]) k++;
      if (k !== len || b[q + len] !== GT) return this.markup(b, i, n);
      this.nameStart.pop();
      this.nameLen.pop();
      if (inBuf) {
        this.nameTop = s;
        this.chunkNamesFrom = top;
      }
      this.depth = d - 1;
      return q + len + 1;
    }
    if (c === QMARK || c === BANG) return this.markup(b, i, n);
    if (this.identifier !== undefined) {
      const e = this.tags.match(b, i, n);
      if (e !== null) {
        // a tag seen before: its canonical form is known (tag-cache.ts)
        const f = i + e.raw.length;
        if (e.kind === TAG_REQUOTE) {
          this.out.runRequoted(b, this.runStart, f, e.vs, e.ve, e.vs.length, i);
          this.runStart = f;
        } else if (e.kind === TAG_RENDER) {
          this.flushRun(i);
          this.out.bytes(e.canon);
          this.runStart = f;
          if (e.selfClose) return f;
        }
        this.openPlain(d, i + 1, e.nameLen);
        return f;
      }
    }
    // plainStartTag is tried while it pays: after a run of misses (a non-canonical layout: every miss
    // means parsing the tag twice) the general parser takes the next PLAIN_PAUSE tags alone
    let f = NOT_PLAIN;
    if (this.plainPause > 0) this.plainPause--;
    else {
      f = plainStartTag(b, i, n);
      if (f === -1) return -1;
      if (f === NOT_PLAIN && (this.plainScore -= 4) < -32) {
        this.plainScore = 0;
        this.plainPause = PLAIN_PAUSE;
      }
    }
    if (f >= 0) {
      if (this.plainScore < 32) this.plainScore++;
      const nm = plainName;
      // maybe xbrli:identifier (local name of 10 bytes): the general path records its text
      if (this.identifier !== undefined || nm.nameEnd - (nm.colon === -1 ? nm.nameStart : nm.colon + 1) !== 10) {
        if (this.identifier !== undefined) this.tags.learn(b, i, f);
        if (nm.requote) {
          // the pending text run and the tag in one copy, the quotes patched in the copy
          this.out.runRequoted(b, this.runStart, f, nm.aValue, nm.aValueEnd, nm.count);
          this.runStart = f;
        } else if (nm.render) {
          this.flushRun(i);
          this.out.bytes(renderCanon(b, i));
          this.runStart = f;
          if (nm.selfClose) return f;
        }
        this.openPlain(d, nm.nameStart, nm.nameEnd - nm.nameStart);
        return f;
      }
    }
    this.tags.last = null;
    const t = this.tag;
    let j: number;
    try {
      j = parseStartTag(b, i, n, t);
    } catch (e) {
      this.err(e);
    }
    if (j < 0) return -1;
    let plain = t.nsDecls === 0 && t.prefixed === 0 && t.layoutOk && !t.selfClose;
    if (plain && this.identifier === undefined) plain = t.nameEnd - (t.colon === -1 ? t.nameStart : t.colon + 1) !== 10; // maybe xbrli:identifier
    for (let k = 0; plain && k < t.count; k++) {
      if ((t.aFlags[k] & A_REWRITE) !== 0) plain = false;
      else if (k > 0 && compareBytes(b, t.aNameStart[k - 1], t.aNameEnd[k - 1], b, t.aNameStart[k], t.aNameEnd[k]) >= 0) plain = false;
    }
    if (!plain) {
      try {
        return startTagParsed(this, b, i, j);
      } catch (e) {
        this.err(e);
      }
    }
    this.openPlain(d, t.nameStart, t.nameEnd - t.nameStart);
    return j;
  }

  /**
   * Opens an element whose start tag declared no namespace (it keeps its parent's scope) at depth `d`, its name at
   * [nameStart, nameStart + nameLen) of the current chunk (copied at the chunk's end, see keepNames).
   */
  openPlain(d: number, nameStart: number, nameLen: number): void {
    this.scopes[d + 1] = this.scopes[d];
    this.nameStart.push(nameStart);
    this.nameLen.push(nameLen);
    this.depth = d + 1;
  }

  private markup(b: Uint8Array, i: number, n: number): number {
    if (i + 1 >= n) return -1;
    const c = b[i + 1];
    let j: number;
    try {
      if (c === SLASH) j = endTag(this, b, i, n);
      else if (c === QMARK) j = pi(this, b, i, n);
      else if (c === BANG) j = bang(this, b, i, n);
      else {
        j = parseStartTag(b, i, n, this.tag);
        if (j >= 0) j = startTagParsed(this, b, i, j);
      }
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
