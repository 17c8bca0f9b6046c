/**
 * Output side of the streaming canonicalizer: batches small pieces of canonical bytes in a
 * 64 KiB buffer and hands long already-canonical runs of the input straight to the sinks
 * (normally a SHA-256 `Hash`), so the common case costs one `hash.update` per input chunk.
 */

/** Anything that takes canonical bytes: a `crypto.Hash`, or a collector. Must copy data it keeps. */
export interface C14nSink {
  update(data: Buffer): unknown;
}

/** Collects canonical bytes in memory (small documents, tests). */
export class BufferSink implements C14nSink {
  private readonly parts: Buffer[] = [];
  update(data: Buffer): void {
    this.parts.push(Buffer.from(data));
  }
  /** All bytes written so far. */
  result(): Buffer {
    return Buffer.concat(this.parts);
  }
}

const BUF_SIZE = 64 * 1024;
/** Runs at least this long go straight to the sinks without a copy. */
const DIRECT_RUN = 4096;

interface SinkEntry {
  sink: C14nSink;
  /** Segment id whose bytes this sink must not receive (-1: receives everything). */
  exclude: number;
}

/**
 * Canonical byte writer with segments: bytes written while segment `k` is current are not given to
 * sinks registered with `exclude === k`. Verification uses this to digest the document with and
 * without each top-level `ds:Signature` in one pass (enveloped-signature transform, XMLDSig §6.6.4).
 */
export class CanonicalWriter {
  private buf: Buffer;
  private readonly provider?: (size: number) => Buffer;
  private pos = 0;
  private readonly sinks: SinkEntry[] = [];
  private segment = -1;
  /** Total canonical bytes written (all segments). */
  bytesOut = 0;
  /** When set, a copy of every written byte is also appended here (used to capture small texts). */
  tap: number[] | null = null;

  /**
   * @param provider supplies the internal buffer, and a fresh one after every flush (for sinks that
   *   read the bytes later on another thread, hash-pipe.ts); default: one reused buffer
   */
  constructor(sink?: C14nSink, provider?: (size: number) => Buffer) {
    if (sink) this.sinks.push({ sink, exclude: -1 });
    this.provider = provider;
    this.buf = provider ? provider(BUF_SIZE) : Buffer.allocUnsafe(BUF_SIZE);
  }

  /** Adds a sink; it receives every byte written from now on except those of segment `exclude`. */
  addSink(sink: C14nSink, exclude = -1): void {
    this.flush();
    this.sinks.push({ sink, exclude });
  }

  /** Starts segment `k` (-1 = none). */
  setSegment(k: number): void {
    if (k === this.segment) return;
    this.flush();
    this.segment = k;
  }

  /** Writes bytes [s, e) of `b`. */
  run(b: Uint8Array, s: number, e: number): void {
    const len = e - s;
    if (len <= 0) return;
    this.bytesOut += len;
    if (this.tap !== null) for (let k = s; k < e; k++) this.tap.push(b[k]);
    if (len >= DIRECT_RUN) {
      this.flush();
      const view = Buffer.from(b.buffer, b.byteOffset + s, len);
      this.emit(view);
      return;
    }
    if (this.pos + len > BUF_SIZE) this.flush();
    const buf = this.buf;
    let p = this.pos;
    // runs of a pretty-printed ledger are one line (~60–120 bytes): a byte loop beats the call into Buffer copy up to ~128
    if (len < 128) {
      for (let k = s; k < e; k++) buf[p++] = b[k];
    } else {
      p += Buffer.prototype.copy.call(b, buf, p, s, e);
    }
    this.pos = p;
  }

  /**
   * Writes bytes [s, e) of `b` with `"` at offsets `base + vs[k] - 1` and `base + ve[k]` for k < count: a start tag
   * whose attribute values [base + vs[k], base + ve[k]) were quoted with `'` and need nothing else (render-tag.ts;
   * `base` is the tag's offset when the value offsets are relative to it, tag-cache.ts).
   */
  runRequoted(b: Uint8Array, s: number, e: number, vs: Int32Array, ve: Int32Array, count: number, base = 0): void {
    const len = e - s;
    if (len > BUF_SIZE || this.tap !== null) {
      let from = s;
      for (let k = 0; k < count; k++) {
        this.run(b, from, base + vs[k] - 1);
        this.byte(0x22);
        this.run(b, base + vs[k], base + ve[k]);
        this.byte(0x22);
        from = base + ve[k] + 1;
      }
      this.run(b, from, e);
      return;
    }
    if (this.pos + len > BUF_SIZE) this.flush();
    const buf = this.buf;
    const at = this.pos - s;
    if (len < 128) {
      for (let k = s; k < e; k++) buf[at + k] = b[k];
    } else {
      Buffer.prototype.copy.call(b, buf, this.pos, s, e);
    }
    const q = at + base;
    for (let k = 0; k < count; k++) {
      buf[q + vs[k] - 1] = 0x22;
      buf[q + ve[k]] = 0x22;
    }
    this.pos += len;
    this.bytesOut += len;
  }

  /** Writes one byte. */
  byte(c: number): void {
    if (this.pos === BUF_SIZE) this.flush();
    this.buf[this.pos++] = c;
    this.bytesOut++;
    if (this.tap !== null) this.tap.push(c);
  }

  /** Writes a whole buffer (e.g. a pre-encoded constant). */
  bytes(b: Uint8Array): void {
    this.run(b, 0, b.length);
  }

  /** Writes a JS string as UTF-8. */
  str(s: string): void {
    this.bytes(Buffer.from(s, 'utf8'));
  }

  /** Gives buffered bytes to the sinks. Call before reading a digest. */
  flush(): void {
    if (this.pos === 0) return;
    this.emit(this.buf.subarray(0, this.pos));
    this.pos = 0;
    if (this.provider) this.buf = this.provider(BUF_SIZE);
  }

  private emit(data: Buffer): void {
    const sinks = this.sinks;
    for (let k = 0; k < sinks.length; k++) {
      const e = sinks[k];
      if (e.exclude === -1 || e.exclude !== this.segment) e.sink.update(data);
    }
  }
}
