/**
 * Hashing and writing on a second thread (perf-notes: "two cores: scanning and hashing/writing can
 * run on separate threads"). The main thread canonicalizes; the worker (hash-worker.ts) digests
 * and writes the output file.
 * Input chunks and the canonical writer's buffers live in SharedArrayBuffers registered with the
 * worker, so only small op lists ([hash, memory, start, end]) cross threads, never the bytes.
 *
 * A memory region is only reused after the worker acknowledged the batch that read it:
 * readChunks waits for {@link HashPipe.submit}'s promise before refilling an input buffer, and
 * writer buffers come from {@link HashPipe.take} and are recycled when the batch that hashed them
 * is acknowledged (the writer takes a fresh one after every flush).
 */
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../workers/spawn.ts';
import type { C14nSink } from './c14n/writer.ts';

const OP_UPDATE = 1;
const OP_COPY = 2;
const OP_WRITE = 3;

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

/** Main-thread side of the hash worker. */
export class HashPipe {
  private readonly worker: Worker;
  private readonly memIds = new Map<ArrayBufferLike, number>();
  private nextMem = 0;
  private nextHash = 0;
  private ops: number[] = [];
  private seq = 0;
  private readonly pending = new Map<number, Pending>();
  /** Writer buffers: free ones, and those used by the batch being built. */
  private readonly free: Buffer[] = [];
  private readonly pool = new Set<ArrayBufferLike>();
  private inBatch: Buffer[] = [];
  private batchMems = new Set<ArrayBufferLike>();
  private failed: Error | null = null;

  constructor() {
    this.worker = spawnWorker('hash', { name: 'edefter-hash', resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 16 } });
    this.worker.on('message', (m: { type: string; seq: number; digests?: Uint8Array[]; message?: string }) => {
      const p = this.pending.get(m.seq);
      if (!p) return;
      this.pending.delete(m.seq);
      if (m.type === 'error') p.reject(new Error(`hash worker: ${m.message}`));
      else p.resolve(m.type === 'digest' ? m.digests!.map((d) => Buffer.from(d)) : undefined);
    });
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => this.fail(new Error(`hash worker exited (${code})`)));
  }

  private fail(e: Error): void {
    this.failed ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  /** A Buffer over a new SharedArrayBuffer of `size` bytes, registered with the worker. */
  shared(size: number): Buffer {
    const sab = new SharedArrayBuffer(size);
    const id = this.nextMem++;
    this.memIds.set(sab, id);
    this.worker.postMessage({ type: 'mem', id, sab });
    return Buffer.from(sab);
  }

  /**
   * A shared buffer for the canonical writer. It becomes part of the batch in which it is hashed
   * (see {@link update}) and is recycled when that batch is acknowledged.
   */
  take(size: number): Buffer {
    const b = this.free.find((f) => f.length >= size);
    if (b !== undefined) {
      this.free.splice(this.free.indexOf(b), 1);
      return b;
    }
    const n = this.shared(size);
    this.pool.add(n.buffer);
    return n;
  }

  /** Starts a hash (`sha256`, …) in the worker and returns a sink feeding it. */
  hash(alg: string): HashPipeSink {
    const id = this.nextHash++;
    this.worker.postMessage({ type: 'hash', id, alg });
    return new HashPipeSink(this, id);
  }

  /** A copy of `src`'s current state (crypto Hash.copy), for forked digests. */
  copy(src: HashPipeSink): HashPipeSink {
    const id = this.nextHash++;
    this.ops.push(OP_COPY, src.id, id, 0, 0, 0);
    return new HashPipeSink(this, id);
  }

  /** Records `hash.update(data)`; data outside registered memory is first copied into pool buffers. */
  update(hashId: number, data: Buffer): void {
    this.record(OP_UPDATE, hashId, data, 0);
  }

  /**
   * Records a positional write of `data` to file descriptor `fd` at `position`, done by the worker
   * (fs.writeSync) after the updates recorded before it.
   */
  write(fd: number, data: Buffer, position: number): void {
    this.record(OP_WRITE, fd, data, position);
  }

  private record(op: number, target: number, data: Buffer, position: number): void {
    if (data.length === 0) return;
    const id = this.memIds.get(data.buffer);
    if (id === undefined) {
      for (let off = 0; off < data.length; off += 65536) {
        const n = Math.min(65536, data.length - off);
        const b = this.take(65536);
        data.copy(b, 0, off, off + n);
        this.record(op, target, b.subarray(0, n), position + off);
      }
      return;
    }
    if (this.pool.has(data.buffer) && !this.batchMems.has(data.buffer)) {
      this.batchMems.add(data.buffer);
      this.inBatch.push(Buffer.from(data.buffer));
    }
    this.ops.push(op, target, id, data.byteOffset, data.byteOffset + data.length, position);
  }

  /** Sends the recorded ops; resolves when the worker has hashed them. */
  submit(): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    const seq = ++this.seq;
    const ops = Float64Array.from(this.ops);
    this.ops = [];
    const used = this.inBatch;
    this.inBatch = [];
    this.batchMems = new Set();
    return new Promise<void>((resolve, reject) => {
      this.pending.set(seq, {
        resolve: () => {
          this.free.push(...used);
          resolve();
        },
        reject,
      });
      this.worker.postMessage({ type: 'ops', seq, ops }, [ops.buffer]);
    });
  }

  /** Submits what is left and returns the digests of `sinks`, in order. */
  async digest(sinks: HashPipeSink[]): Promise<Buffer[]> {
    await this.submit();
    const seq = ++this.seq;
    return new Promise<Buffer[]>((resolve, reject) => {
      this.pending.set(seq, { resolve: (v) => resolve(v as Buffer[]), reject });
      this.worker.postMessage({ type: 'digest', seq, ids: sinks.map((s) => s.id) });
    });
  }

  /** Stops the worker. */
  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}

/** A {@link C14nSink} that records updates of one worker hash. */
export class HashPipeSink implements C14nSink {
  constructor(
    private readonly pipe: HashPipe,
    readonly id: number,
  ) {}
  update(data: Buffer): void {
    this.pipe.update(this.id, data);
  }
}

/** Files at least this large are hashed on the worker; smaller ones inline (worker start-up ~30 ms). */
export const OFFLOAD_MIN_BYTES = 8 << 20;

/**
 * Input chunks in flight with the worker (readChunks' ring, 1 MiB each): the scanner can run this
 * many chunks minus one ahead of the worker, so neither thread waits for the other chunk by chunk.
 */
export const PIPE_BUFFERS = 4;
