/**
 * Canonical XML output. Everything the builder writes is already in the form of Canonical XML 1.0
 * (W3C C14N §2.3): namespace declarations only on the root and sorted by prefix, attributes
 * sorted by namespace URI then local name, explicit end tags, `\n` line ends, and the canonical
 * escapes below. The signer can then digest the bytes after the XML declaration as they are
 * (perf-notes: ~1.5 GB/s instead of a C14N pass).
 *
 * Files are written atomically (temp file in the same folder, fsync, rename; house rules).
 */
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

const TEXT_RE = /[&<>\r]/;
const ATTR_RE = /[&<"\t\n\r]/;

/** Escapes character data the way C14N outputs it (`&amp; &lt; &gt; &#xD;`). */
export function escText(s: string): string {
  if (!TEXT_RE.test(s)) return s;
  return s.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#xD;'));
}

/** Escapes an attribute value the way C14N outputs it (`&amp; &lt; &quot; &#x9; &#xA; &#xD;`). */
export function escAttr(s: string): string {
  if (!ATTR_RE.test(s)) return s;
  return s.replace(/[&<"\t\n\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' })[c]!);
}

/**
 * Buffered, atomic writer for one output file. Strings are collected and written in ~1 MiB
 * blocks; `bytes` counts UTF-8 bytes written so far (including the pending buffer).
 */
export class AtomicXmlFile {
  readonly path: string;
  private readonly tmp: string;
  private fh: FileHandle | null = null;
  private parts: string[] = [];
  private pendingChars = 0;
  private flushedBytes = 0;
  private pendingBytes = 0;
  private closed = false;

  private constructor(file: string, tmp?: string) {
    this.path = file;
    this.tmp = tmp ?? path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  }

  /** Creates the temp file beside `file`. */
  static async create(file: string): Promise<AtomicXmlFile> {
    const f = new AtomicXmlFile(file);
    f.fh = await open(f.tmp, 'wx', 0o644);
    return f;
  }

  /** Path of the temp file (until {@link renameTo} / {@link commit}). */
  get tempPath(): string { return this.tmp; }

  /** UTF-8 bytes written so far. */
  get bytes(): number { return this.flushedBytes + this.pendingBytes; }

  /** Appends text; flushes when ~1 MiB is pending. `byteLen` may be given when the caller knows it. */
  async write(s: string, byteLen?: number): Promise<void> {
    this.parts.push(s);
    this.pendingChars += s.length;
    this.pendingBytes += byteLen ?? Buffer.byteLength(s);
    if (this.pendingChars >= 1 << 20) await this.flush();
  }

  /** Writes the pending text. */
  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const buf = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.pendingChars = 0;
    this.pendingBytes = 0;
    await this.fh!.write(buf, 0, buf.length);
    this.flushedBytes += buf.length;
  }

  /** Overwrites bytes at `offset` (already flushed region, same length: fixed-width fields). */
  async patch(offset: number, text: string): Promise<void> {
    await this.flush();
    const b = Buffer.from(text, 'utf8');
    await this.fh!.write(b, 0, b.length, offset);
  }

  /** Appends raw bytes (e.g. a spooled body) after flushing pending text. */
  async writeBytes(b: Buffer): Promise<void> {
    await this.flush();
    await this.fh!.write(b, 0, b.length);
    this.flushedBytes += b.length;
  }

  /** Appends the content of this finished temp file to `dest`, in 1 MiB blocks. */
  async appendTo(dest: AtomicXmlFile): Promise<void> {
    const fh = await open(this.tmp, 'r');
    try {
      const buf = Buffer.allocUnsafe(1 << 20);
      let pos = 0;
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
        if (!bytesRead) break;
        pos += bytesRead;
        await dest.writeBytes(buf.subarray(0, bytesRead));
      }
    } finally { await fh.close(); }
  }

  /** Flushes, fsyncs and closes, keeping the temp name (see {@link renameTo}). @returns the byte size */
  async finish(): Promise<number> {
    await this.flush();
    await this.fh!.sync();
    await this.fh!.close();
    this.fh = null;
    return this.flushedBytes;
  }

  /** Renames a finished temp file to its final name (atomic). */
  async renameTo(final: string): Promise<void> {
    await rename(this.tmp, final);
    (this as { path: string }).path = final;
    this.closed = true;
  }

  /** Flushes, fsyncs and renames the temp file to its final name. @returns the byte size */
  async commit(): Promise<number> {
    await this.flush();
    await this.fh!.sync();
    await this.fh!.close();
    this.fh = null;
    await rename(this.tmp, this.path);
    this.closed = true;
    return this.flushedBytes;
  }

  /** Drops the temp file (after an error). */
  async abort(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try { await this.fh?.close(); } catch { /* already closed */ }
    try { await unlink(this.tmp); } catch { /* gone */ }
  }
}
