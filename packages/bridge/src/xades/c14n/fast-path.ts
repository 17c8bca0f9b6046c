/**
 * The scanner's hot path in WebAssembly (packages/bridge/assembly/c14n-fast.ts, built into fast-wasm.ts): the JavaScript
 * side. Inside a ledger body, once the tag cache (tag-cache.ts) knows the tags, nearly every byte is character data, a
 * start tag the cache predicts or the end tag of an element opened since; the module does those (with the same rules
 * as scanner.ts plainTag) on a window of the chunk copied into its memory and stops at anything else, which the
 * scanner then handles itself. It only replays entries this side mirrored into its memory, each one a tag the
 * JavaScript path accepted and described first, so the canonical bytes are the same with or without it
 * (test/xades/c14n-fast.test.ts compares both on every layout, chunking and fault of the c14n tests).
 *
 * bench/sign.ts and bench/binary.ts give the speed; one instance per whole-document scanner, its memory (40 pages of
 * 64 KiB, 2.5 MiB, touched as used) made once the scanner has seen {@link FAST_FROM} bytes.
 */
import { TEXT_STOP } from './bytes.ts';
import { C14N_FAST_WASM } from './fast-wasm.ts';
import { TAG_RENDER, TAG_REQUOTE, type TagCache, type TagEntry } from './tag-cache.ts';

/** What the scanner lends the hot path (scanner.ts C14nScanner). */
export interface FastScanner {
  /** Counts pushes: a window copied from an earlier push is never reused. */
  readonly pushes: number;
  /** Bytes pushed so far. */
  readonly bytesIn: number;
  depth: number;
  runStart: number;
  readonly out: { run(b: Uint8Array, s: number, e: number): void };
  readonly tags: TagCache;
  flushRun(i: number): void;
  openPlain(d: number, nameStart: number, nameLen: number): void;
}

interface FastExports {
  memory: WebAssembly.Memory;
  run(start: number, n: number, last: number): number;
  CTL: WebAssembly.Global;
  STOP: WebAssembly.Global;
  STACK: WebAssembly.Global;
  ENTRIES: WebAssembly.Global;
  ENTRY_SIZE: WebAssembly.Global;
  MAX_ENTRIES: WebAssembly.Global;
  BYTES: WebAssembly.Global;
  BYTES_SIZE: WebAssembly.Global;
  IN: WebAssembly.Global;
  IN_SIZE: WebAssembly.Global;
  OUT: WebAssembly.Global;
}

let compiled: WebAssembly.Module | null = null;

/** The module, compiled once per thread (synchronously: about 2.7 KB). */
function fastModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(Buffer.from(C14N_FAST_WASM, 'base64'));
  return compiled;
}

/** When fewer bytes than this are left in the window and the chunk goes on, the window is copied anew from the current offset. */
const REFILL = 64 << 10;
/** Entry kind of a rendered tag that closes itself (`<a/>`), assembly/c14n-fast.ts. */
const KIND_RENDER_CLOSED = 3;

/** One module instance and its view of the memory (made on first use). */
class Instance {
  readonly run: (start: number, n: number, last: number) => number;
  readonly mem: Uint8Array;
  readonly i32: Int32Array;
  readonly ctl: number;
  readonly stack: number;
  readonly entries: number;
  readonly entrySize: number;
  readonly maxEntries: number;
  readonly bytesEnd: number;
  readonly input: number;
  readonly inputSize: number;
  readonly output: number;
  bytesTop: number;

  constructor() {
    const x = new WebAssembly.Instance(fastModule()).exports as unknown as FastExports;
    this.run = x.run;
    this.mem = new Uint8Array(x.memory.buffer);
    this.i32 = new Int32Array(x.memory.buffer);
    this.ctl = x.CTL.value >> 2;
    this.stack = x.STACK.value >> 2;
    this.entries = x.ENTRIES.value >> 2;
    this.entrySize = x.ENTRY_SIZE.value >> 2;
    this.maxEntries = x.MAX_ENTRIES.value;
    this.bytesTop = x.BYTES.value;
    this.bytesEnd = x.BYTES.value + x.BYTES_SIZE.value;
    this.input = x.IN.value;
    this.inputSize = x.IN_SIZE.value;
    this.output = x.OUT.value;
    this.mem.set(TEXT_STOP, x.STOP.value);
  }
}

/**
 * Input bytes before the module is made, by default: an instance costs ~0.3 ms (its memory), which a small document
 * (a berat, SignedInfo) would feel and a ledger does not.
 */
export const FAST_FROM = 256 << 10;

/** See the file comment. One per whole-document scanner; once made, the tag cache's mirror (tag-cache.ts TagMirror). */
export class FastPath {
  private x: Instance | null = null;
  /** Input bytes the scanner must have seen before the module is made (see {@link FAST_FROM}). */
  private readonly from: number;
  /** Mirrored entries by id. */
  private readonly known: TagEntry[] = [];
  /** The window: bytes [winStart, winEnd) of the chunk of push number winPush, at the module's input offset. */
  private winPush = -1;
  private winStart = 0;
  private winEnd = 0;
  /** Input bytes canonicalized here so far (tests check that the hot path ran). */
  bytesDone = 0;

  /** @param from see {@link FAST_FROM} (tests use 0) */
  constructor(from = FAST_FROM) {
    this.from = from;
  }

  /** Copies a new cache entry into the module's memory and gives it an id (none when the memory for entries is full). */
  add(e: TagEntry): void {
    const x = this.x;
    if (x === null) return;
    const id = this.known.length;
    const dataLen = e.kind === TAG_REQUOTE ? e.vs.length * 8 : e.kind === TAG_RENDER ? e.canon.length : 0;
    const at = x.bytesTop;
    const data = (at + e.raw.length + 3) & ~3;
    if (id >= x.maxEntries || data + dataLen > x.bytesEnd) return;
    x.mem.set(e.raw, at);
    if (e.kind === TAG_REQUOTE) {
      for (let k = 0; k < e.vs.length; k++) {
        x.i32[(data >> 2) + 2 * k] = e.vs[k];
        x.i32[(data >> 2) + 2 * k + 1] = e.ve[k];
      }
    } else if (e.kind === TAG_RENDER) x.mem.set(e.canon, data);
    x.bytesTop = data + dataLen;
    const r = x.entries + id * x.entrySize;
    x.i32[r] = at;
    x.i32[r + 1] = e.raw.length;
    x.i32[r + 2] = e.kind === TAG_RENDER && e.selfClose ? KIND_RENDER_CLOSED : e.kind;
    x.i32[r + 3] = data;
    x.i32[r + 4] = e.kind === TAG_REQUOTE ? e.vs.length : dataLen;
    x.i32[r + 5] = e.nameLen;
    x.i32[r + 6] = -1;
    x.i32[r + 7] = -1;
    e.id = id;
    this.known.push(e);
  }

  /** Mirrors the tags predicted after entry `e` (its `next` and `alt`). */
  link(e: TagEntry): void {
    const x = this.x;
    if (x === null || e.id < 0) return;
    const r = x.entries + e.id * x.entrySize;
    x.i32[r + 6] = e.next?.id ?? -1;
    x.i32[r + 7] = e.alt?.id ?? -1;
  }

  /**
   * Runs the hot path from `b[i]`, a `<` in character data below the root's children, while the scanner holds a
   * pending raw run (whole-document mode, not inside a construct cut across pushes), up to `n` at most. What it
   * canonicalized is written after the pending run, the elements it opened and left open are pushed on the scanner's
   * stack, and the scanner's run goes on from the returned offset.
   * @returns the offset where it stopped: `i` when it did nothing (the tag at `i` is not the predicted one, …)
   */
  advance(sc: FastScanner, b: Uint8Array, i: number, n: number): number {
    if (this.x === null) {
      if (sc.bytesIn < this.from) return i;
      this.x = new Instance();
      sc.tags.mirrorTo(this);
    }
    const x = this.x;
    const last = sc.tags.last;
    if (last === null || last.id < 0) return i;
    if (this.winPush !== sc.pushes || i < this.winStart || i >= this.winEnd || (this.winEnd - i < REFILL && this.winEnd < n)) {
      const end = Math.min(n, i + x.inputSize);
      x.mem.set(b.subarray(i, end), x.input);
      this.winPush = sc.pushes;
      this.winStart = i;
      this.winEnd = end;
    }
    const off = this.winStart;
    const j = x.run(i - off, this.winEnd - off, last.id) + off;
    if (j === i) return i;
    const c = x.ctl;
    sc.flushRun(i);
    sc.out.run(x.mem, x.output, x.output + x.i32[c]);
    sc.tags.last = this.known[x.i32[c + 1]];
    const open = x.i32[c + 2];
    for (let k = 0; k < open; k++) sc.openPlain(sc.depth, x.i32[x.stack + 2 * k] + off, x.i32[x.stack + 2 * k + 1]);
    sc.runStart = j;
    this.bytesDone += j - i;
    return j;
  }
}
