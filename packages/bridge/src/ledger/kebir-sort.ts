/**
 * Bounded-memory grouping of a part's lines by account for the Büyük Defter: an external merge
 * sort. Lines (already rendered as canonical XML) are collected with a sort key
 * `accountMainID \0 accountSubID \0 lineNumber`; when the buffer passes a character budget it is
 * sorted and spilled as a run file; at the end the runs are merged with a binary heap.
 * Memory is O(budget + runs × 1 MiB) whatever the month's size.
 *
 * Run files are UTF-8 text records `key \x01 xml \x02` (XML 1.0 text can never hold U+0001 or
 * U+0002, and the export parser refuses C0 controls), written and read in 1 MiB blocks.
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
const groupOf = (key: string) => key.slice(0, key.lastIndexOf('\u0000'));

class RunReader {
  private text = '';
  private pos = 0;
  private off = 0;
  private eof = false;
  private readonly dec = new TextDecoder('utf-8');
  private readonly buf = Buffer.allocUnsafe(BLOCK);
  constructor(private fh: FileHandle) {}
  async next(): Promise<KebirRecord | null> {
    for (;;) {
      const end = this.text.indexOf('\u0002', this.pos);
      if (end >= 0) {
        const sep = this.text.indexOf('\u0001', this.pos);
        const key = this.text.slice(this.pos, sep);
        const xml = this.text.slice(sep + 1, end);
        this.pos = end + 1;
        return { key, group: groupOf(key), xml };
      }
      if (this.eof) {
        if (this.pos < this.text.length) throw new Error('truncated kebir run file');
        return null;
      }
      const { bytesRead } = await this.fh.read(this.buf, 0, BLOCK, this.off);
      this.off += bytesRead;
      const chunk = bytesRead ? this.dec.decode(this.buf.subarray(0, bytesRead), { stream: true }) : this.dec.decode();
      if (!bytesRead) this.eof = true;
      this.text = this.text.slice(this.pos) + chunk;
      this.pos = 0;
    }
  }
}

/** External sorter of kebir lines for one part. Call {@link add} for each line, then iterate {@link drain} once. */
export class KebirSorter {
  private keys: string[] = [];
  private xmls: string[] = [];
  private memChars = 0;
  private runs: string[] = [];

  /**
   * @param tmpDir folder for run files (same disk as the output is fine)
   * @param budgetChars characters kept in memory before spilling a run (default 8 Mi ≈ 16 MB of JS strings)
   */
  constructor(private readonly tmpDir: string, private readonly budgetChars = 8 << 20) {}

  /** Number of run files spilled so far. */
  get runCount(): number { return this.runs.length; }
  /** Records kept in memory. */
  get memCount(): number { return this.keys.length; }

  async add(key: string, xml: string): Promise<void> {
    this.keys.push(key);
    this.xmls.push(xml);
    this.memChars += key.length + xml.length;
    if (this.memChars >= this.budgetChars) await this.spill();
  }

  /** Moves everything of `other` (memory and runs) into this sorter; `other` is left empty. */
  async absorb(other: KebirSorter): Promise<void> {
    this.runs.push(...other.runs);
    other.runs = [];
    for (let i = 0; i < other.keys.length; i++) { this.keys.push(other.keys[i]); this.xmls.push(other.xmls[i]); }
    this.memChars += other.memChars;
    other.keys = []; other.xmls = []; other.memChars = 0;
    if (this.memChars >= this.budgetChars) await this.spill();
  }

  /** Indices of the in-memory records in key order. */
  private order(): number[] {
    const k = this.keys;
    const idx = Array.from({ length: k.length }, (_, i) => i);
    idx.sort((a, b) => (k[a] < k[b] ? -1 : k[a] > k[b] ? 1 : 0));
    return idx;
  }

  private async spill(): Promise<void> {
    if (!this.keys.length) return;
    const idx = this.order();
    const file = path.join(this.tmpDir, `.kebir-run-${process.pid}-${randomBytes(6).toString('hex')}.txt`);
    const fh = await open(file, 'wx', 0o600);
    this.runs.push(file);
    try {
      let parts: string[] = [];
      let chars = 0;
      for (const i of idx) {
        parts.push(this.keys[i], '\u0001', this.xmls[i], '\u0002');
        chars += this.keys[i].length + this.xmls[i].length + 2;
        if (chars >= BLOCK) { await fh.write(parts.join('')); parts = []; chars = 0; }
      }
      if (parts.length) await fh.write(parts.join(''));
    } finally {
      await fh.close();
    }
    this.keys = []; this.xmls = []; this.memChars = 0;
  }

  /** Yields all records sorted by key. Removes the run files when done. */
  async *drain(): AsyncGenerator<KebirRecord> {
    if (this.runs.length === 0) {
      const idx = this.order();
      const keys = this.keys, xmls = this.xmls;
      this.keys = []; this.xmls = []; this.memChars = 0;
      for (const i of idx) yield { key: keys[i], group: groupOf(keys[i]), xml: xmls[i] };
      return;
    }
    await this.spill();
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
    this.keys = []; this.xmls = []; this.memChars = 0;
    await Promise.all(runs.map((f) => unlink(f).catch(() => undefined)));
  }
}
