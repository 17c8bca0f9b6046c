/**
 * Bounded-memory grouping of a part's lines by account for the Büyük Defter: an external merge
 * sort. Lines (already rendered as canonical XML) are collected with a sort key
 * `accountMainID \0 accountSubID \0 lineNumber`; when the buffer passes a character budget it is
 * sorted and spilled as a run file; at the end the runs are merged with a binary heap.
 * Memory is O(budget + runs × 1 MiB) whatever the month's size.
 */
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

/** One sorted record: its account group and the entryDetail XML. */
export interface KebirRecord { key: string; group: string; xml: string }

/** Group key of an account: main ID and sub ID (empty when none), separated by NUL. */
export function groupKey(main: string, sub: string | undefined): string { return main + '\u0000' + (sub ?? ''); }

/** Sort key within the part: group then yevmiye line number (zero-padded). */
export function sortKey(group: string, lineNumber: number): string { return group + '\u0000' + String(lineNumber).padStart(15, '0'); }

const BLOCK = 1 << 20;

class RunReader {
  private buf = Buffer.alloc(0);
  private pos = 0;
  private fileOff = 0;
  private eof = false;
  constructor(private fh: FileHandle) {}
  private async fill(need: number): Promise<boolean> {
    while (this.buf.length - this.pos < need && !this.eof) {
      const chunk = Buffer.allocUnsafe(Math.max(BLOCK, need));
      const { bytesRead } = await this.fh.read(chunk, 0, chunk.length, this.fileOff);
      if (bytesRead === 0) { this.eof = true; break; }
      this.fileOff += bytesRead;
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk.subarray(0, bytesRead)]);
      this.pos = 0;
    }
    return this.buf.length - this.pos >= need;
  }
  async next(): Promise<KebirRecord | null> {
    if (!(await this.fill(8))) return null;
    const kl = this.buf.readUInt32LE(this.pos);
    const xl = this.buf.readUInt32LE(this.pos + 4);
    if (!(await this.fill(8 + kl + xl))) throw new Error('truncated kebir run file');
    const key = this.buf.toString('utf8', this.pos + 8, this.pos + 8 + kl);
    const xml = this.buf.toString('utf8', this.pos + 8 + kl, this.pos + 8 + kl + xl);
    this.pos += 8 + kl + xl;
    return { key, group: key.slice(0, key.lastIndexOf('\u0000')), xml };
  }
}

/** External sorter of kebir lines for one part. Call {@link add} for each line, then iterate {@link drain} once. */
export class KebirSorter {
  private mem: { key: string; xml: string }[] = [];
  private memChars = 0;
  private runs: string[] = [];

  /**
   * @param tmpDir folder for run files (same disk as the output is fine)
   * @param budgetChars characters kept in memory before spilling a run (default 24 Mi ≈ 50 MB of JS strings)
   */
  constructor(private readonly tmpDir: string, private readonly budgetChars = 24 << 20) {}

  /** Number of run files spilled so far. */
  get runCount(): number { return this.runs.length; }

  async add(key: string, xml: string): Promise<void> {
    this.mem.push({ key, xml });
    this.memChars += key.length + xml.length;
    if (this.memChars >= this.budgetChars) await this.spill();
  }

  private sortMem(): void {
    this.mem.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  private async spill(): Promise<void> {
    this.sortMem();
    const file = path.join(this.tmpDir, `.kebir-run-${process.pid}-${randomBytes(4).toString('hex')}.bin`);
    const fh = await open(file, 'wx', 0o600);
    this.runs.push(file);
    try {
      let parts: Buffer[] = [];
      let size = 0;
      for (const r of this.mem) {
        const k = Buffer.from(r.key, 'utf8');
        const x = Buffer.from(r.xml, 'utf8');
        const h = Buffer.allocUnsafe(8);
        h.writeUInt32LE(k.length, 0);
        h.writeUInt32LE(x.length, 4);
        parts.push(h, k, x);
        size += 8 + k.length + x.length;
        if (size >= BLOCK) { await fh.write(Buffer.concat(parts)); parts = []; size = 0; }
      }
      if (parts.length) await fh.write(Buffer.concat(parts));
    } finally {
      await fh.close();
    }
    this.mem = [];
    this.memChars = 0;
  }

  /** Yields all records sorted by key. Removes the run files when done. */
  async *drain(): AsyncGenerator<KebirRecord> {
    if (this.runs.length === 0) {
      this.sortMem();
      const mem = this.mem;
      this.mem = [];
      for (const r of mem) yield { key: r.key, group: r.key.slice(0, r.key.lastIndexOf('\u0000')), xml: r.xml };
      return;
    }
    if (this.mem.length) await this.spill();
    const handles = await Promise.all(this.runs.map((f) => open(f, 'r')));
    try {
      const readers = handles.map((h) => new RunReader(h));
      const heap: { rec: KebirRecord; i: number }[] = [];
      const less = (a: number, b: number) => heap[a].rec.key < heap[b].rec.key;
      const swap = (a: number, b: number) => { const t = heap[a]; heap[a] = heap[b]; heap[b] = t; };
      const up = (i: number) => { while (i > 0) { const p = (i - 1) >> 1; if (!less(i, p)) break; swap(i, p); i = p; } };
      const down = (i: number) => {
        for (;;) {
          const l = 2 * i + 1, r = l + 1;
          let m = i;
          if (l < heap.length && less(l, m)) m = l;
          if (r < heap.length && less(r, m)) m = r;
          if (m === i) break;
          swap(i, m); i = m;
        }
      };
      for (let i = 0; i < readers.length; i++) {
        const rec = await readers[i].next();
        if (rec) { heap.push({ rec, i }); up(heap.length - 1); }
      }
      while (heap.length) {
        const top = heap[0];
        yield top.rec;
        const nxt = await readers[top.i].next();
        if (nxt) { heap[0] = { rec: nxt, i: top.i }; down(0); }
        else { const last = heap.pop()!; if (heap.length) { heap[0] = last; down(0); } }
      }
    } finally {
      await Promise.all(handles.map((h) => h.close()));
      await this.dispose();
    }
  }

  /** Deletes run files (idempotent). */
  async dispose(): Promise<void> {
    const runs = this.runs;
    this.runs = [];
    this.mem = [];
    await Promise.all(runs.map((f) => unlink(f).catch(() => undefined)));
  }
}
