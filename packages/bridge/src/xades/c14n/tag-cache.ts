/**
 * Start tags seen before, for the scanner's fast path (scanner.ts plainTag): a ledger repeats the same few dozen start
 * tags, byte for byte, in the same order (`<gl-cor:amount unitRef="try" decimals="INF" contextRef='…'>` after
 * `<gl-cor:accountSubID …>` in every entryDetail). Once {@link plainStartTag} has accepted a tag, its bytes, what C14N
 * makes of them and the start tag that came next are kept; the next time the tag that followed it last time (or the
 * one before that) is tried first, by comparing bytes. A tag with the same bytes has the same canonical form: a plain
 * tag declares no namespace and has no prefixed attribute, so its form does not depend on its ancestors (C14N 1.0
 * §2.2–2.3); the scanner still keeps the element stack as for any tag. Misses cost one comparison that usually fails
 * within a few bytes, then the tag goes through {@link plainStartTag} as before.
 */
import { DQ, EQ, GT, LT, SLASH, SP } from './bytes.ts';
import { plainName } from './plain-start.ts';
import { matches, tagWords } from '../../bytes/match.ts';

/** Most distinct tags kept (a ledger has a few dozen; a document with ever-new tags stops filling the cache here). */
const MAX_ENTRIES = 4096;
/** Longest tag kept, in bytes. */
const MAX_TAG = 512;

/** What C14N writes for a known tag. */
const TAG_CANONICAL = 0;
/** The bytes with `"` at each value's quotes ({@link TagEntry.vs}, {@link TagEntry.ve}). */
export const TAG_REQUOTE = 1;
/** {@link TagEntry.canon} instead of the bytes (attributes reordered or respaced, `/>` expanded). */
export const TAG_RENDER = 2;

/** One known start tag (offsets relative to its `<`). */
export class TagEntry {
  /** The tag as written, `<` to `>`. */
  readonly raw: Uint8Array;
  /** Its first 4 × ⌊length / 4⌋ bytes as little-endian 32-bit words, for comparing four bytes at a time. */
  readonly words: Int32Array;
  /** {@link TAG_CANONICAL}, {@link TAG_REQUOTE} or {@link TAG_RENDER}. */
  readonly kind: number;
  /** Canonical bytes (TAG_RENDER), else empty. */
  readonly canon: Buffer;
  /** Attribute value starts and ends (TAG_REQUOTE), relative to `<`. */
  readonly vs: Int32Array;
  readonly ve: Int32Array;
  /** Length of the qualified element name (it starts right after `<`). */
  readonly nameLen: number;
  /** `<name …/>`: an element that is closed at once. */
  readonly selfClose: boolean;
  /** The start tags that followed this one the last times (tried in this order). */
  next: TagEntry | null = null;
  alt: TagEntry | null = null;
  /** Its number in the {@link TagMirror} (-1: not mirrored). */
  id = -1;

  constructor(raw: Uint8Array, kind: number, canon: Buffer, vs: Int32Array, ve: Int32Array, nameLen: number, selfClose: boolean) {
    this.raw = raw;
    this.words = tagWords(raw);
    this.kind = kind;
    this.canon = canon;
    this.vs = vs;
    this.ve = ve;
    this.nameLen = nameLen;
    this.selfClose = selfClose;
  }
}

const EMPTY = Buffer.alloc(0);
const NO_OFFSETS = new Int32Array(0);

/**
 * Canonical bytes of the tag {@link plainStartTag} accepted at `b[i]` with `render` (plainName describes it):
 * `<name`, each attribute in sorted order as ` name="value"`, then `>` (and `</name>` for `/>`, C14N 1.0 §2.1).
 */
export function renderCanon(b: Uint8Array, i: number): Buffer {
  const nm = plainName;
  const parts: number[] = [];
  const copy = (s: number, e: number) => {
    for (let k = s; k < e; k++) parts.push(b[k]);
  };
  copy(i, nm.nameEnd);
  for (let k = 0; k < nm.count; k++) {
    const a = nm.order[k];
    parts.push(SP);
    copy(nm.aName[a], nm.aNameEnd[a]);
    parts.push(EQ, DQ);
    copy(nm.aValue[a], nm.aValueEnd[a]);
    parts.push(DQ);
  }
  parts.push(GT);
  if (nm.selfClose) {
    parts.push(LT, SLASH);
    copy(nm.nameStart, nm.nameEnd);
    parts.push(GT);
  }
  return Buffer.from(parts);
}

/** Told of every new entry and every change of an entry's predictions (fast-path.ts keeps a copy for WebAssembly). */
export interface TagMirror {
  add(e: TagEntry): void;
  link(e: TagEntry): void;
}

/** See the file comment. One per scanner. */
export class TagCache {
  /** The entry of the last start tag, or null after a tag the cache does not know. */
  last: TagEntry | null = null;
  /** See {@link TagMirror}; set with {@link mirrorTo}. */
  private mirror: TagMirror | null = null;
  private readonly byBytes = new Map<string, TagEntry>();

  /** DataView over the chunk last given to {@link match}. */
  private view: DataView = new DataView(new ArrayBuffer(0));
  private viewOf: Uint8Array | null = null;

  /**
   * The known tag at `b[i]` predicted from the last one, which then becomes the last; null when it is not one (the
   * caller then parses the tag, and {@link learn} or a reset of {@link last} follows).
   */
  match(b: Uint8Array, i: number, n: number): TagEntry | null {
    const l = this.last;
    if (l === null) return null;
    if (this.viewOf !== b) {
      this.viewOf = b;
      this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    }
    const v = this.view;
    let e = l.next;
    if (e === null || !matches(e, b, v, i, n)) {
      e = l.alt;
      if (e === null || !matches(e, b, v, i, n)) return null;
    }
    this.last = e;
    return e;
  }

  /** Makes `m` the mirror: it is told of every entry known so far (in the order learnt, then their predictions) and of every change from now on. */
  mirrorTo(m: TagMirror): void {
    for (const e of this.byBytes.values()) m.add(e);
    for (const e of this.byBytes.values()) m.link(e);
    this.mirror = m;
  }

  /** After {@link plainStartTag} accepted `b[i, f)` (plainName describes it): remembers it after the last tag. */
  learn(b: Uint8Array, i: number, f: number): void {
    if (f - i > MAX_TAG) {
      this.last = null;
      return;
    }
    const key = Buffer.from(b.buffer, b.byteOffset + i, f - i).toString('latin1');
    let e = this.byBytes.get(key);
    if (e === undefined) {
      if (this.byBytes.size >= MAX_ENTRIES) {
        this.last = null;
        return;
      }
      e = this.entry(b, i, f);
      this.byBytes.set(key, e);
      this.mirror?.add(e);
    }
    const l = this.last;
    if (l !== null && l.next !== e && l.alt !== e) {
      if (l.next === null) l.next = e;
      else l.alt = e;
      this.mirror?.link(l);
    }
    this.last = e;
  }

  private entry(b: Uint8Array, i: number, f: number): TagEntry {
    const nm = plainName;
    const raw = Uint8Array.from(b.subarray(i, f));
    const nameLen = nm.nameEnd - nm.nameStart;
    if (nm.render) return new TagEntry(raw, TAG_RENDER, renderCanon(b, i), NO_OFFSETS, NO_OFFSETS, nameLen, nm.selfClose);
    if (!nm.requote) return new TagEntry(raw, TAG_CANONICAL, EMPTY, NO_OFFSETS, NO_OFFSETS, nameLen, false);
    const vs = new Int32Array(nm.count);
    const ve = new Int32Array(nm.count);
    for (let k = 0; k < nm.count; k++) {
      vs[k] = nm.aValue[k] - i;
      ve[k] = nm.aValueEnd[k] - i;
    }
    return new TagEntry(raw, TAG_REQUOTE, EMPTY, vs, ve, nameLen, false);
  }
}
