/**
 * The first pass of a signature (sign.ts): each chunk read is canonicalized and hashed, and its bytes are copied to
 * the output file up to the root's end tag, where the signature will go. Bytes of a construct split across chunks are
 * held back until the scanner has them whole, so the copy stops exactly at the root's end. While writing, the written
 * part is flushed to disk every {@link EARLY_SYNC_BYTES}, so the final fsync has little left.
 */
import type { FileHandle } from 'node:fs/promises';
import type { C14nScanner } from './c14n/scanner.ts';
import type { C14nSink } from './c14n/writer.ts';
import type { HashPipe } from './hash-pipe.ts';

/**
 * While the output is written, its written part is flushed to disk every this many bytes (fdatasync on libuv's
 * pool, one at a time, overlapping the canonicalization), so the final fsync has little left to do: bench/sign.ts,
 * 200 MB, whole signature 0.53–0.55 s with 16 MiB steps vs 0.65–0.70 s with a single fsync at the end.
 */
const EARLY_SYNC_BYTES = 16 << 20;

/** Collaborators of a {@link ScanCopy}. */
export interface ScanCopyOptions {
  sc: C14nScanner;
  /** The output (temp) file. */
  out: FileHandle;
  /** Digest of the output's bytes, or null. */
  fileHash: C14nSink | null;
  /** Hash-and-write worker, or null (writes go to libuv's pool). */
  pipe: HashPipe | null;
  /** Called once, after the chunk in which the scanner found the ledger's identifier (or never). */
  onIdentifier: (identifier: string) => void;
  /** Progress in bytes of input read. */
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  /** Input size in bytes. */
  total: number;
}

/** See the file comment. `each` is readChunks' callback. */
export class ScanCopy {
  /** Bytes of the input already copied to the output (or written there by another thread: {@link skipTo}). */
  written = 0;
  /** Early fdatasyncs started (awaited before the final fsync). */
  readonly syncs: Promise<void>[] = [];
  private carry: Buffer | null = null; // input bytes [written, chunk start) not yet known to be safe
  private done = false;
  private synced = 0; // bytes of the output covered by an early fdatasync
  private syncing: Promise<void> | null = null;
  private identified = false;

  constructor(private readonly o: ScanCopyOptions) {}

  /** Canonicalizes chunk `buf[0, len)` at input offset `pos` and copies what is safe to the output. */
  readonly each = (buf: Buffer, len: number, pos: number): Promise<unknown> | undefined => {
    const { sc, fileHash, pipe, out } = this.o;
    sc.push(buf, 0, len);
    if (!this.identified && sc.identifier !== undefined) {
      this.identified = true;
      this.o.onIdentifier(sc.identifier);
    }
    this.o.onProgress?.(pos + len, this.o.total);
    if (this.done) return;
    const end = pos + len;
    const limit = sc.rootEndOffset >= 0 ? sc.rootEndOffset : sc.safeOffset;
    const parts: Buffer[] = [];
    const carry = this.carry;
    const written = this.written;
    if (carry !== null) parts.push(carry.subarray(0, Math.max(0, Math.min(carry.length, limit - written))));
    if (limit > pos) parts.push(buf.subarray(0, Math.min(len, limit - pos)));
    const upto = Math.min(limit, end);
    const rest: Buffer[] = [];
    if (sc.rootEndOffset >= 0) this.done = true;
    else if (upto < end) {
      if (carry !== null && upto < pos) rest.push(carry.subarray(upto - written));
      rest.push(buf.subarray(Math.max(0, upto - pos), len));
    }
    this.written = Math.max(written, upto);
    this.carry = this.done || rest.length === 0 ? null : rest.length === 1 ? Buffer.from(rest[0]) : Buffer.concat(rest);
    // write the parts where they belong (no concatenation: that would allocate a chunk per read)
    const writes: Promise<unknown>[] = [];
    let offset = written;
    for (const part of parts) {
      if (part.length === 0) continue;
      fileHash?.update(part);
      if (pipe !== null) pipe.write(out.fd, part, offset);
      else writes.push(out.write(part, 0, part.length, offset));
      offset += part.length;
    }
    if (pipe !== null) return pipe.submit();
    if (writes.length === 0) return;
    const all = Promise.all(writes);
    if (this.syncing === null && this.written - this.synced >= EARLY_SYNC_BYTES) {
      // flush what is written so far while the next chunks are canonicalized (see EARLY_SYNC_BYTES)
      this.synced = this.written;
      const step = all.then(() => out.datasync());
      this.syncing = step.finally(() => {
        this.syncing = null;
      });
      step.catch(() => undefined); // awaited by the caller (or settled on failure): never an unhandled rejection
      this.syncs.push(step);
    }
    return all;
  };

  /**
   * The input up to `offset` is in the output already (another thread copied it; split-scan.ts): go on from there.
   * @throws Error when bytes before `offset` are still held back (the scanner was not at a boundary)
   */
  skipTo(offset: number): void {
    if (this.carry !== null || this.done || offset < this.written) throw new Error(`cannot skip the copy to ${offset}`);
    this.written = offset;
  }
}
