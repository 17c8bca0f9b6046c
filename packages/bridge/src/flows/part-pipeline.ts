/**
 * Two cores for a month (perf-notes: "scanning and hashing/writing can run on separate threads"):
 * while the flow's thread (the month worker under `edefter month`, flows/month-thread.ts; called
 * the main thread below) builds part N+1, a worker thread signs part N in place and validates each
 * signed file with every layer asked for (a, and GİB's XSD and rules when a GİB package is given)
 * in one read (flows/part-job.ts, validate/one-pass.ts). Jobs wait in one queue; a consumer takes
 * the next file (the biggest queued) when it is done with its own, so the bigger Y files do not pile
 * up on one thread and the month does not end on one big file beside an idle core.
 *
 * Threads are counted (issue 14 item 4): on two cores there is ONE worker. While parts are built it
 * has the second core; once the last part is closed the main thread, now idle, becomes the second
 * consumer ({@link PartPipeline.helpHere}) — two busy threads on two cores, without a second
 * worker's isolate, heap and compiled schemas and rules (each costs tens of MiB of RSS). With more
 * cores there are more workers (cores − 1, at most {@link MAX_WORKERS}).
 *
 * The workers never hold the key: every SignedInfo (and timestamp request) comes back to the main
 * thread's signer (flows/signer-rpc.ts) — one token session for the whole month.
 */
import { statSync } from 'node:fs';
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { EdefterError, fail, type SerializedError } from '@edefter/protocol';
import type { RawSigner, SignResult } from '../xades/index.ts';
import type { GibPackage } from '../validate/gib-package.ts';
import type { OnePassResult } from '../validate/one-pass.ts';
import { spawnWorker } from '../workers/spawn.ts';
import { runPartJob, type PartJob, type PartJobResult } from './part-job.ts';
import { answerRpc, isRpcRequest, signerFacts, type RpcRequest } from './signer-rpc.ts';

/**
 * Heap limits of a worker (MiB). The worker streams (signer and validator hold 64 KiB – 1 MiB
 * blocks, the lexer's tokens die young), so a small heap is plenty; without a limit V8 lets garbage
 * grow to hundreds of MiB per thread. A 4 MiB young generation instead of 16 took ~30–40 MiB off the
 * month's peak RSS (bench/month.ts, 200k lines, two workers: 331–345 → 303 MiB) at the same CPU.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 4 };

/** Most part workers, whatever the core count (each is an isolate with its own heap and compiled validators). */
const MAX_WORKERS = 3;

/**
 * Nice value of the worker threads (Linux; 0..19, higher = lower priority): the main thread, which
 * builds the parts, goes first when the cores are contended; the workers catch up once it is done.
 */
const WORKER_NICE = 5;

/** Options of {@link PartPipeline.start}. */
export interface PipelineOptions {
  timestamp?: (data: Buffer) => Promise<Buffer>;
  signingTime?: Date;
  checkVkn?: boolean;
  /** Worker threads (default: cores − 1, at least 1, at most {@link MAX_WORKERS}). */
  workers?: number;
  /** GİB package for layers b and c on the signed files (null: layer a only). */
  gib?: GibPackage | null;
  /** Layers b and c to run beside layer a (default both when a GİB package is given). */
  layers?: ('a' | 'b' | 'c')[];
  /** Layer c: failures kept per file (default 200; the count goes on). */
  maxFindings?: number;
}

/** A worker's outcome of a job. */
interface JobMessage {
  job?: number;
  sign?: SignResult;
  pass?: OnePassResult;
  error?: SerializedError & { message: string; name?: string };
}

/** See the file comment. Create with {@link PartPipeline.start}, always {@link PartPipeline.close}. */
export class PartPipeline {
  private seq = 0;
  private jobs = new Map<number, { resolve: (r: PartJobResult) => void; reject: (e: unknown) => void }>();
  /** Jobs not yet handed to a consumer, with their file sizes (bytes). */
  private queue: { job: PartJob; bytes: number }[] = [];
  /** Workers without a job. */
  private idle: Worker[];
  /** The main thread as a consumer: off until {@link helpHere}, then idle or busy. */
  private local: 'off' | 'idle' | 'busy' = 'off';
  /** The job running on the main thread, if any ({@link close} waits for it). */
  private running: Promise<void> | null = null;
  private closed = false;
  private here = 0;

  private constructor(
    private readonly ws: Worker[],
    private readonly signer: RawSigner,
    private readonly o: PipelineOptions,
  ) {
    this.idle = [...ws];
    for (const w of ws) {
      w.on('message', (m) => void this.onMessage(w, m));
      w.on('error', (e) => {
        for (const j of this.jobs.values()) j.reject(e);
        this.jobs.clear();
        this.queue = [];
      });
    }
  }

  /** Starts the workers (built code: ≈ 0.1 s each, in parallel; they load the signer and the validators). */
  static async start(signer: RawSigner, o: PipelineOptions = {}): Promise<PartPipeline> {
    const cores = os.availableParallelism?.() ?? os.cpus().length;
    const n = Math.max(1, o.workers ?? Math.min(MAX_WORKERS, cores - 1));
    const ws: Worker[] = [];
    try {
      await Promise.all(
        Array.from({ length: n }, async () => {
          const w = spawnWorker('part', {
            workerData: { ...signerFacts(signer, !!o.timestamp), nice: WORKER_NICE },
            resourceLimits: WORKER_LIMITS,
          });
          ws.push(w);
          await new Promise<void>((resolve, reject) => {
            w.once('error', reject);
            w.once('message', (m) => (m?.ready ? resolve() : reject(new Error('part worker did not start'))));
          });
        }),
      );
    } catch (e) {
      await Promise.all(ws.map((w) => w.terminate()));
      throw e;
    }
    return new PartPipeline(ws, signer, o);
  }

  private async onMessage(w: Worker, m: JobMessage | RpcRequest): Promise<void> {
    if (isRpcRequest(m)) return answerRpc(w, m, this.signer, this.o.timestamp);
    if (m.job !== undefined) {
      this.idle.push(w);
      this.dispatch();
    }
    const j = m.job !== undefined ? this.jobs.get(m.job) : undefined;
    if (!j) return;
    this.jobs.delete(m.job!);
    if (m.error)
      j.reject(m.error.name === 'EdefterError' && m.error.code ? EdefterError.fromJSON(m.error) : fail('ledger.workerFailed', { cause: m.error.message }));
    else j.resolve({ sign: m.sign!, pass: m.pass! });
  }

  /**
   * Signs `file` in place and validates it (layer a, and b and c as {@link PipelineOptions} say) as if
   * it were named `name`. A job starts on the first consumer that is free, the biggest queued file first.
   */
  process(file: string, name: string, withTimestamp: boolean): Promise<PartJobResult> {
    const job = ++this.seq;
    const layers = new Set(this.o.layers ?? ['a', 'b', 'c']);
    const gib = this.o.gib ?? null;
    return new Promise((resolve, reject) => {
      this.jobs.set(job, { resolve, reject });
      let bytes = 0;
      try {
        bytes = statSync(file).size;
      } catch {
        /* the job reports the missing file */
      }
      this.queue.push({
        bytes,
        job: {
          job,
          file,
          name,
          withTs: withTimestamp,
          checkVkn: this.o.checkVkn !== false,
          ...(this.o.signingTime ? { signingTime: this.o.signingTime.toISOString() } : {}),
          gib,
          b: gib !== null && layers.has('b'),
          c: gib !== null && layers.has('c'),
          ...(this.o.maxFindings !== undefined ? { maxFindings: this.o.maxFindings } : {}),
        },
      });
      this.dispatch();
    });
  }

  /**
   * From now on the main thread takes jobs too (call it when it has nothing else to do: the last part
   * is built). Jobs run here one at a time, between the workers' rpc requests, until {@link close}.
   */
  helpHere(): void {
    if (this.local !== 'off' || this.closed) return;
    this.local = 'idle';
    this.dispatch();
  }

  /** Jobs the main thread ran (after {@link helpHere}). */
  get jobsHere(): number {
    return this.here;
  }

  /**
   * Hands queued jobs to idle workers (one job per worker at a time), then to the main thread when it
   * helps; the biggest file first, so the month does not end with one core idle beside a big Y part.
   */
  private dispatch(): void {
    while (this.idle.length && this.queue.length) this.idle.shift()!.postMessage(this.next());
    if (this.local === 'idle' && this.queue.length) this.running = this.runHere(this.next());
  }

  /** Takes the queued job with the biggest file (the oldest of equals). */
  private next(): PartJob {
    let k = 0;
    for (let i = 1; i < this.queue.length; i++) if (this.queue[i].bytes > this.queue[k].bytes) k = i;
    return this.queue.splice(k, 1)[0].job;
  }

  /** Runs one job on the main thread, then the next queued one. */
  private async runHere(m: PartJob): Promise<void> {
    this.local = 'busy';
    this.here++;
    const j = this.jobs.get(m.job);
    try {
      const r = await runPartJob(m, this.signer, this.o.timestamp);
      j?.resolve(r);
    } catch (e) {
      j?.reject(e);
    }
    this.jobs.delete(m.job);
    this.running = null;
    this.local = this.closed ? 'off' : 'idle';
    this.dispatch();
  }

  /** Stops the workers; a job running on the main thread is awaited (queued jobs are not started). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.local === 'idle') this.local = 'off';
    await Promise.all(this.ws.map((w) => w.terminate()));
    await this.running;
  }
}
