/**
 * Bounded-memory grouping of a part's lines by account for the Büyük Defter (an external
 * counting sort). Lines arrive in yevmiye line-number order already rendered as canonical XML;
 * the kebir needs them grouped by account (main ID, then sub ID) and, inside a group, in that same
 * order. So no per-line sort key is needed: each line is encoded once into a UTF-8 byte arena with
 * its group's small integer id; when the arena passes its budget the lines are placed group by
 * group (stable) and spilled as a run file with an index (group key → byte length, groups in key
 * order). At the end the groups are emitted in key order, each one as its bytes from every run in
 * run order, then from memory: every run file is read once, sequentially.
 * Memory is O(budget + runs × 256 KiB) whatever the month's size.
 */
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { AtomicXmlFile } from './xml-out.ts';

/** Group key of an account: main ID and sub ID (empty when none), separated by NUL. */
export function groupKey(main: string, sub: string | undefined): string {
  return main + '\u0000' + (sub ?? '');
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const READ_BLOCK = 256 << 10;

/** One spilled run: its file and its groups in key order with their byte lengths. */
interface Run {
  file: string;
  keys: string[];
  lens: number[];
}

/** Sequential reader of one run file. */
class RunReader {
  private buf = Buffer.allocUnsafe(READ_BLOCK);
  private start = 0;
  private end = 0;
  private off = 0;
  idx = 0;
  constructor(
    readonly run: Run,
    private readonly fh: FileHandle,
  ) {}
  /** Copies the next `n` bytes of the run to `out`. */
  async copy(n: number, out: AtomicXmlFile): Promise<void> {
    while (n > 0) {
      if (this.start === this.end) {
        const { bytesRead } = await this.fh.read(this.buf, 0, READ_BLOCK, this.off);
        if (!bytesRead) throw new Error('truncated kebir run file');
        this.off += bytesRead;
        this.start = 0;
        this.end = bytesRead;
      }
      const k = Math.min(n, this.end - this.start);
      out.appendBytes(this.buf.subarray(this.start, this.start + k));
      this.start += k;
      n -= k;
      if (out.backlog) await out.flush();
    }
  }
}

/** External sorter of kebir lines for one part. Call {@link add} for each line (in line order), then {@link drainTo} once. */
export class KebirSorter {
  private ids = new Map<string, number>();
  private keys: string[] = [];
  private arena: Buffer | null = null;
  private used = 0;
  /** Per in-memory record: group id and byte length. */
  private recGroup: number[] = [];
  private recLen: number[] = [];
  private runs: Run[] = [];
  private scratch: Buffer | null = null;
  private spareArena: Buffer | null = null;
  private readonly budget: number;

  /**
   * @param tmpDir folder for run files (same disk as the output is fine)
   * @param budgetChars bytes of rendered XML kept in memory before spilling a run (default 8 MiB)
   */
  constructor(
    private readonly tmpDir: string,
    budgetChars = 8 << 20,
  ) {
    this.budget = Math.max(1, budgetChars);
  }

  /** Number of run files spilled so far. */
  get runCount(): number {
    return this.runs.length;
  }
  /** Records kept in memory. */
  get memCount(): number {
    return this.recLen.length;
  }

  private gid(group: string): number {
    let g = this.ids.get(group);
    if (g === undefined) {
      g = this.keys.length;
      this.ids.set(group, g);
      this.keys.push(group);
    }
    return g;
  }

  private room(n: number): void {
    const a = this.arena;
    const need = this.used + n;
    if (a && a.length >= need) return;
    if (!a && this.spareArena && this.spareArena.length >= need) {
      this.arena = this.spareArena;
      this.spareArena = null;
      return;
    }
    const b = Buffer.allocUnsafe(Math.max(need, Math.min(this.budget + n, Math.max(64 << 10, (a?.length ?? 0) * 2))));
    if (a && this.used) a.copy(b, 0, 0, this.used);
    this.arena = b;
  }

  /** Adds one line of `group` (see {@link groupKey}). @returns the UTF-8 byte length of `xml` */
  async add(group: string, xml: string): Promise<number> {
    this.room(xml.length * 3);
    const n = this.arena!.write(xml, this.used);
    this.used += n;
    this.recGroup.push(this.gid(group));
    this.recLen.push(n);
    if (this.used >= this.budget) await this.spill();
    return n;
  }

  /** Moves everything of `other` (runs and memory) into this sorter, after this sorter's lines; `other` is left empty. */
  async absorb(other: KebirSorter): Promise<void> {
    if (other.runs.length) {
      await this.spill();
      this.runs.push(...other.runs);
      other.runs = [];
    }
    if (other.used) {
      this.room(other.used);
      other.arena!.copy(this.arena!, this.used, 0, other.used);
      this.used += other.used;
      const map = other.keys.map((k) => this.gid(k));
      for (let i = 0; i < other.recLen.length; i++) {
        this.recGroup.push(map[other.recGroup[i]]);
        this.recLen.push(other.recLen[i]);
      }
    }
    other.reset();
    if (this.used >= this.budget) await this.spill();
  }

  private reset(): void {
    if (this.arena && !this.spareArena) this.spareArena = this.arena;
    this.ids = new Map();
    this.keys = [];
    this.recGroup = [];
    this.recLen = [];
    this.used = 0;
    this.arena = null;
  }

  /** Places the in-memory records group by group (stable), groups in key order. */
  private layout(): { bytes: Buffer; keys: string[]; lens: number[] } {
    const order = this.keys.map((_, i) => i).sort((a, b) => cmp(this.keys[a], this.keys[b]));
    const lens = new Array<number>(this.keys.length).fill(0);
    for (let i = 0; i < this.recLen.length; i++) lens[this.recGroup[i]] += this.recLen[i];
    const at = new Array<number>(this.keys.length);
    let o = 0;
    for (const g of order) {
      at[g] = o;
      o += lens[g];
    }
    if (!this.scratch || this.scratch.length < this.used) this.scratch = Buffer.allocUnsafe(Math.max(this.used, this.budget));
    const out = this.scratch.subarray(0, this.used);
    const src = this.arena!;
    for (let i = 0, p = 0; i < this.recLen.length; i++) {
      const g = this.recGroup[i],
        n = this.recLen[i];
      src.copy(out, at[g], p, p + n);
      at[g] += n;
      p += n;
    }
    return { bytes: out, keys: order.map((g) => this.keys[g]), lens: order.map((g) => lens[g]) };
  }

  private async spill(): Promise<void> {
    if (!this.used) return;
    const { bytes, keys, lens } = this.layout();
    const file = path.join(this.tmpDir, `.kebir-run-${process.pid}-${randomBytes(6).toString('hex')}.bin`);
    const fh = await open(file, 'wx', 0o600);
    this.runs.push({ file, keys, lens });
    try {
      for (let done = 0; done < bytes.length; ) done += (await fh.write(bytes, done, bytes.length - done)).bytesWritten;
    } finally {
      await fh.close();
    }
    this.reset();
  }

  /**
   * Writes every line to `out`, grouped: for each group in key order `open(group)`, its lines in
   * line order, then `close`. Removes the run files.
   */
  async drainTo(out: AtomicXmlFile, open_: (group: string) => string, close: string): Promise<void> {
    const mem = this.used ? this.layout() : { bytes: Buffer.alloc(0), keys: [], lens: [] };
    this.reset();
    const all = new Set<string>(mem.keys);
    for (const r of this.runs) for (const k of r.keys) all.add(k);
    const groups = [...all].sort(cmp);
    const handles: FileHandle[] = [];
    try {
      const readers: RunReader[] = [];
      for (const r of this.runs) {
        const h = await open(r.file, 'r');
        handles.push(h);
        readers.push(new RunReader(r, h));
      }
      let mi = 0,
        mo = 0;
      for (const g of groups) {
        out.append(open_(g));
        for (const rd of readers) {
          if (rd.idx < rd.run.keys.length && rd.run.keys[rd.idx] === g) await rd.copy(rd.run.lens[rd.idx++], out);
        }
        if (mi < mem.keys.length && mem.keys[mi] === g) {
          for (const e = mo + mem.lens[mi++]; mo < e; ) {
            const k = Math.min(e - mo, READ_BLOCK);
            out.appendBytes(mem.bytes.subarray(mo, mo + k));
            mo += k;
            if (out.backlog) await out.flush();
          }
        }
        out.append(close);
        if (out.backlog) await out.flush();
      }
    } finally {
      await Promise.all(handles.map((h) => h.close()));
      await this.dispose();
    }
  }

  /**
   * Deletes run files and drops the buffers (idempotent; the sorter is not used after it). A drained
   * part's sorter stays referenced until the month's files are named: its spare arena and scratch
   * (2 × the budget) per part made the month's RSS grow with its part count (bench/month.ts, 1 M lines).
   */
  async dispose(): Promise<void> {
    const runs = this.runs;
    this.runs = [];
    this.reset();
    this.spareArena = null;
    this.scratch = null;
    await Promise.all(runs.map((r) => unlink(r.file).catch(() => undefined)));
  }
}
