/**
 * Canonicalizing one large ledger on two threads: the signing thread's side of c14n-worker.ts.
 *
 * The document is cut at `entryHeader` start tags (split-plan.ts) into blocks that alternate between the signing
 * thread (blocks 0, 2, 4, …, and the last one, which holds the root's end) and the worker (blocks 1, 3, …). Each
 * thread starts each of its blocks in the scanner state at the first `entryHeader` (the worker replays the head to
 * get it) and, at the block's end, checks that it is in that state again (c14n/boundary.ts). The signing thread
 * hashes its own canonical bytes as it goes and the worker's, block by block, in document order, so the digest is
 * that of one sequential pass. The signing thread uses a worker block only when its own scan reached the block's
 * start in that state and the worker's block ended in it; otherwise it canonicalizes that block itself and goes on
 * (the worker replays the head for its next block). If the worker fails or dies, the signing thread does the rest
 * alone. The speculation costs time when it is wrong, never a different digest.
 *
 * The worker also copies its blocks' raw bytes into the output file (positional writes at the same offsets); the
 * signing thread writes the rest. It may be at most {@link AHEAD} blocks ahead of the signing thread's hashing, so
 * memory stays bounded (about AHEAD × the block size of canonical bytes in flight).
 */
import type { Hash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { FileHandle } from 'node:fs/promises';
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../workers/spawn.ts';
import { atBoundary, boundaryState, resumeAt } from './c14n/boundary.ts';
import type { C14nScanner } from './c14n/scanner.ts';
import { readChunks } from './read-chunks.ts';
import type { ScanCopy } from './scan-copy.ts';
import { findCuts, findFirstSibling } from './split-plan.ts';

/** Blocks the worker may have finished and the signing thread not yet hashed. */
const AHEAD = 2;
/**
 * When `twoThreads: 'auto'` splits a file of `total` bytes: on four cores or more from 8 MiB; on two or three cores
 * never, because there both cores are already busy with one thread (it, the I/O threads, V8's compiler) and the second
 * canonicalizer only adds its own costs. The binary on this 2-core machine, since the WebAssembly hot path
 * (c14n/fast-path.ts): 200 MB messy 0.42–0.48 s with one thread vs 0.49–0.52 s with two, 200 MB plain 0.37–0.39 s
 * vs 0.44–0.46 s, and 40 MiB more RSS (before it, two threads won from ~128 MiB: 0.82–0.88 s vs 0.90–0.95 s).
 */
export function splitPays(total: number): boolean {
  const cores = availableParallelism();
  return cores >= 4 && total >= 8 << 20;
}
/** Default block size (bytes). */
const BLOCK = 4 << 20;
/** Bytes searched for the first `entryHeader`. */
const HEAD_MAX = 1 << 20;

/** What c14n-worker.ts is asked to do (its only message in). */
export interface SplitPlan {
  /** The unsigned document. */
  path: string;
  /** File descriptor of the output (temp) file, open for writing in this process. */
  outFd: number;
  /** Offset of the first `entryHeader` start tag: the head [0, head) gives the state every block starts in. */
  head: number;
  /** The worker's blocks [start, end), byte offsets, in document order. */
  blocks: [number, number][];
  /** Int32 flow control: [0] blocks the signing thread has consumed, [1] 1 = stop. */
  ctl: SharedArrayBuffer;
  /** See {@link AHEAD}. */
  ahead: number;
}

/** One message of c14n-worker.ts: block `k` done (k −1: the head gives no state to start blocks in; nothing follows). */
export interface BlockResult {
  type: 'block';
  k: number;
  /** True when the block ended in the head's state and its bytes are `slabs` (document order); false: no bytes. */
  ok: boolean;
  slabs: Uint8Array[];
}

/** The signing thread's handle on the worker (see the file comment). */
class SplitScan {
  private readonly worker: Worker;
  private readonly ctl = new Int32Array(new SharedArrayBuffer(8));
  private readonly results = new Map<number, BlockResult>();
  /** Blocks below this were consumed or dropped: late results for them are dropped. */
  private done = 0;
  private waiting: { k: number; resolve: (r: BlockResult | null) => void } | null = null;
  /** Set once the worker failed, died or was stopped: no later block is ok. */
  private broken = false;

  /** Starts the worker thread (it loads while the caller plans the blocks). */
  constructor() {
    this.worker = spawnWorker('c14n', { name: 'edefter-c14n', resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 32 } });
    this.worker.on('message', (m: BlockResult) => {
      if (m.k < 0) this.broken = true;
      else if (m.k >= this.done) this.results.set(m.k, m);
      this.wake();
    });
    const die = () => {
      this.broken = true;
      this.wake();
    };
    this.worker.on('error', die);
    this.worker.on('exit', die);
  }

  private wake(): void {
    const w = this.waiting;
    if (w === null) return;
    const r = this.results.get(w.k);
    if (r === undefined && !this.broken) return;
    this.waiting = null;
    w.resolve(r ?? null);
  }

  /** Sends the plan (see {@link SplitPlan}; flow control is added here). */
  start(plan: Omit<SplitPlan, 'ctl' | 'ahead'>): void {
    this.worker.postMessage({ ...plan, ctl: this.ctl.buffer, ahead: AHEAD } satisfies SplitPlan);
  }

  /**
   * The worker's block `k` (0 = its first), once it is done (`ok` false: it did not end in the sibling state); null
   * when the worker failed or died, or was stopped. Either way other than `ok`, the caller canonicalizes it itself.
   */
  block(k: number): Promise<BlockResult | null> {
    const r = this.results.get(k);
    if (r !== undefined || this.broken) return Promise.resolve(r ?? null);
    return new Promise((resolve) => {
      this.waiting = { k, resolve };
    });
  }

  /**
   * Block `k` was hashed, or will be canonicalized by the caller: its memory goes (a result still to come is
   * dropped), and the worker skips it if it has not started it and may start block k + AHEAD.
   */
  consumed(k: number): void {
    this.results.delete(k);
    this.done = k + 1;
    Atomics.store(this.ctl, 0, k + 1);
    Atomics.notify(this.ctl, 0);
  }

  /** Stops the worker; resolves once its thread has exited (no write of it is then in flight). */
  async stop(): Promise<void> {
    this.broken = true;
    Atomics.store(this.ctl, 1, 1);
    Atomics.notify(this.ctl, 0);
    this.wake();
    await this.worker.terminate();
  }
}

/** What {@link canonicalizeInBlocks} works on. */
export interface InBlocks {
  input: FileHandle;
  /** Path of `input` (the worker opens it itself). */
  path: string;
  /** Output (temp) file descriptor. */
  outFd: number;
  /** Input size in bytes. */
  total: number;
  /** The signing thread's scanner; its writer's only sink is `docHash`. */
  sc: C14nScanner;
  docHash: Hash;
  /** The first pass's chunk handler (canonicalize + copy). */
  copy: ScanCopy;
  /** Options of every readChunks call (chunk size, buffers). */
  readOpts: { chunkSize?: number; buffers?: number };
  /** Block size in bytes (default 4 MiB). */
  block?: number;
}

/**
 * The first pass of a signature on two threads (see the file comment): leaves `sc`, `docHash` and `copy` exactly as
 * one `readChunks(input, copy.each)` over the whole file would, the root's end and all.
 * @returns how many blocks the worker canonicalized (0: none, the file was done on this thread)
 * @throws what the scanner throws for the document (NOT_XML, ALREADY_SIGNED...), found by this thread in document order
 */
export async function canonicalizeInBlocks(w: InBlocks): Promise<number> {
  const { input, sc, copy } = w;
  // every range reads into the same few buffers (readChunks has settled all its I/O on them when it returns)
  const pool: Buffer[] = [];
  const range = (start: number, end?: number) => {
    let i = 0;
    const alloc = (n: number) => {
      const b = pool[i] !== undefined && pool[i].length >= n ? pool[i] : (pool[i] = Buffer.allocUnsafe(n));
      i++;
      return b;
    };
    return readChunks(input, copy.each, { ...w.readOpts, start, end, alloc });
  };
  let split: SplitScan;
  try {
    split = new SplitScan();
  } catch {
    // no second thread to be had (e.g. the worker's file missing from a damaged install): one thread, same result
    await range(0);
    return 0;
  }
  let used = 0;
  let at = 0; // this thread's scanner has seen [0, at) (or skipped blocks the worker did) and is in its true state there
  try {
    const head = Buffer.allocUnsafe(Math.min(HEAD_MAX, w.total));
    const { bytesRead } = await input.read(head, 0, head.length, 0);
    const first = findFirstSibling(head.subarray(0, bytesRead));
    const cuts = first === null ? [] : await findCuts(input, first, w.total, w.block ?? BLOCK);
    if (first !== null && cuts.length >= 2) {
      const blocks: [number, number][] = [];
      for (let k = 0; k + 1 < cuts.length; k += 2) blocks.push([cuts[k], cuts[k + 1]]);
      split.start({ path: w.path, outFd: w.outFd, head: first.offset, blocks });
      await range(0, first.offset);
      at = first.offset;
      const state = boundaryState(sc);
      for (let k = 0; state !== null && k < blocks.length; k++) {
        const [s, e] = blocks[k];
        await range(at, s);
        at = s;
        // the worker's bytes count only if this thread reached the block in the state the worker started it in
        const r = atBoundary(sc, state) ? await split.block(k) : null;
        if (r?.ok === true) {
          sc.out.flush();
          for (const slab of r.slabs) w.docHash.update(slab);
          resumeAt(sc, e);
          copy.skipTo(e);
          at = e;
          used++;
        }
        split.consumed(k); // when not used: the next range() canonicalizes the block here
      }
    }
  } finally {
    await split.stop();
  }
  await range(at);
  return used;
}
