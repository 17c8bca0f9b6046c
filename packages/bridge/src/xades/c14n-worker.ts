// Canonicalizing worker of a two-thread signature (split-scan.ts): canonicalizes every other block of a large ledger
// while the signing thread does the blocks between and hashes all of them in order. Started by workers/spawn.ts
// (built to dist/workers/c14n-worker.mjs).
//
// Message in (once): SplitPlan. The worker replays the document's head [0, head) with its output discarded to get the
// scanner state at the first sibling (c14n/boundary.ts), then for each of its blocks [s, e): waits until it is at
// most AHEAD blocks ahead of the consumer (ctl[0] = blocks consumed, ctl[1] = 1 to stop), canonicalizes the block
// from that state, copies the block's raw bytes to the output file at the same offset (the signature goes after the
// root's end, which the signing thread writes after stopping this worker), and checks that the state at `e` is the
// head's state again. Messages out: {type:'block', k, ok, slabs} per block (slabs: the block's canonical bytes,
// transferred); after a block that is not ok the worker replays the head again for the next one. The signing thread
// canonicalizes any block that is not ok, or that it did not reach in the sibling state, itself.
// {type:'block', k: -1, ok: false}: the head does not end in a state a block can start in; nothing else follows.
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { atBoundary, boundaryState, resumeAt } from './c14n/boundary.ts';
import { C14nScanner } from './c14n/scanner.ts';
import { CanonicalWriter, type C14nSink } from './c14n/writer.ts';
import type { SplitPlan, BlockResult } from './split-scan.ts';

const port = parentPort!;
/** Read size (bytes). */
const CHUNK = 1 << 20;
/** Size of the memory slabs the canonical bytes are collected in (each its own transferable ArrayBuffer). */
const SLAB = 1 << 20;

/**
 * Collects canonical bytes into slabs while `on`; drops them otherwise (the head's replay). The writer's own buffers
 * come from {@link writerBuffer} and are never reused by it, so a flushed one is kept as it is (no copy); bytes that
 * point into the input chunk (long canonical runs the writer hands over directly) are copied.
 */
class SlabSink implements C14nSink {
  on = false;
  private slabs: Uint8Array[] = [];
  private cur: Buffer = Buffer.allocUnsafeSlow(SLAB);
  private start = 0;
  private pos = 0;
  /** Backing stores of the writer's buffers (see writerBuffer). */
  readonly owned = new WeakSet<ArrayBufferLike>();

  /** A fresh buffer for the canonical writer (CanonicalWriter's provider: a new one after every flush). */
  readonly writerBuffer = (size: number): Buffer => {
    const b = Buffer.allocUnsafeSlow(size);
    this.owned.add(b.buffer);
    return b;
  };

  update(d: Buffer): void {
    if (!this.on) return;
    if (d.byteOffset === 0 && this.owned.has(d.buffer)) {
      // one of the writer's own buffers, flushed: handed over whole (the writer takes a fresh one)
      this.seal();
      this.slabs.push(new Uint8Array(d.buffer, 0, d.length));
      return;
    }
    let s = 0;
    while (s < d.length) {
      if (this.pos === SLAB) this.fresh();
      const n = Math.min(d.length - s, SLAB - this.pos);
      d.copy(this.cur, this.pos, s, s + n);
      this.pos += n;
      s += n;
    }
  }

  /** Region [start, pos) of the current slab → a view in the list (the slab goes on filling behind it). */
  private seal(): void {
    if (this.pos > this.start) this.slabs.push(new Uint8Array(this.cur.buffer, this.start, this.pos - this.start));
    this.start = this.pos;
  }

  private fresh(): void {
    this.seal();
    this.cur = Buffer.allocUnsafeSlow(SLAB);
    this.start = this.pos = 0;
  }

  /** The bytes written since the last call, in order, as views; their buffers are about to be transferred. */
  take(): Uint8Array[] {
    this.fresh();
    const out = this.slabs;
    this.slabs = [];
    return out;
  }
}

function writeAll(fd: number, buf: Buffer, len: number, pos: number): void {
  let done = 0;
  while (done < len) done += writeSync(fd, buf, done, len - done, pos + done);
}

function run(plan: SplitPlan): void {
  const ctl = new Int32Array(plan.ctl);
  const fd = openSync(plan.path, 'r');
  const buf = Buffer.allocUnsafe(CHUNK);
  const post = (r: Omit<BlockResult, 'slabs'>, slabs: Uint8Array[]) =>
    // views may share a slab: each buffer is transferred once
    port.postMessage({ ...r, slabs } satisfies BlockResult, [...new Set(slabs.map((s) => s.buffer as ArrayBuffer))]);
  const scan = (sc: C14nScanner, s: number, e: number, copy: boolean) => {
    for (let pos = s; pos < e; ) {
      const len = readSync(fd, buf, 0, Math.min(CHUNK, e - pos), pos);
      if (len === 0) throw new Error('file shrank while signing');
      sc.push(buf, 0, len);
      if (copy) writeAll(plan.outFd, buf, len, pos);
      pos += len;
    }
  };
  // a scanner in the state at the first sibling: the head replayed with its output dropped
  const fresh = () => {
    const sink = new SlabSink();
    const sc = new C14nScanner(new CanonicalWriter(sink, sink.writerBuffer), { topLevelSignature: 'reject' });
    scan(sc, 0, plan.head, false);
    const state = boundaryState(sc);
    sc.out.flush();
    sink.on = true;
    return { sc, sink, state };
  };
  try {
    let cur = fresh();
    if (cur.state === null) {
      post({ type: 'block', k: -1, ok: false }, []);
      return;
    }
    for (let k = 0; k < plan.blocks.length; k++) {
      for (;;) {
        const consumed = Atomics.load(ctl, 0);
        if (Atomics.load(ctl, 1) === 1) return;
        if (k - consumed < plan.ahead) break;
        Atomics.wait(ctl, 0, consumed);
      }
      if (k < Atomics.load(ctl, 0)) continue; // the signing thread did this block itself
      const [s, e] = plan.blocks[k];
      let ok = false;
      try {
        resumeAt(cur.sc, s);
        scan(cur.sc, s, e, true);
        cur.sc.out.flush();
        // against this scanner's own snapshot: the state holds its namespace scope objects, compared by identity
        ok = cur.state !== null && atBoundary(cur.sc, cur.state);
      } catch {
        ok = false;
      }
      const slabs = cur.sink.take();
      post({ type: 'block', k, ok }, ok ? slabs : []);
      // a block that did not end in the sibling state leaves the scanner elsewhere: start the next one afresh
      if (!ok) cur = fresh();
    }
  } finally {
    closeSync(fd);
  }
}

port.once('message', (plan: SplitPlan) => {
  try {
    run(plan);
  } catch {
    port.postMessage({ type: 'block', k: -1, ok: false, slabs: [] } satisfies BlockResult);
  }
});
