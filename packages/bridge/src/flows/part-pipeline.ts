/**
 * Two cores for a month (perf-notes: "scanning and hashing/writing can run on separate threads"):
 * while the main thread builds part N+1, worker threads sign part N in place and validate each
 * signed file with every layer asked for (a, and GİB's XSD and rules when a GİB package is given)
 * in one read (part-worker.ts, validate/one-pass.ts). There are two workers fed from one queue (a worker takes the next
 * file when it is done with its own, so the bigger Y files do not pile up on one worker while the
 * other idles): while parts are being built they share the second core, and once the last part is
 * closed (the main thread is then idle) they finish the remaining files on both cores at once.
 * The workers never hold the key: every SignedInfo (and timestamp request) comes back to the main
 * thread's signer — one token session for the whole month.
 */
import type { Worker } from 'node:worker_threads';
import { EdefterError, fail, type SerializedError } from '@edefter/protocol';
import type { RawSigner, SignResult } from '../xades/index.ts';
import type { GibPackage } from '../validate/gib-package.ts';
import type { OnePassResult } from '../validate/one-pass.ts';
import { spawnWorker } from '../workers/spawn.ts';

/**
 * Heap limits of a worker (MiB). The worker streams (signer and checker hold ~1 MiB blocks), so a
 * small heap is plenty; without a limit V8 lets garbage grow to hundreds of MiB per thread.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 };

/**
 * Nice value of the worker threads (Linux; 0..19, higher = lower priority): the main thread, which
 * builds the parts, goes first when the cores are contended; the workers catch up once it is done.
 */
const WORKER_NICE = 5;

/** What the worker returns for one file: the signature, and the one validating pass over the signed file (with its SHA-256). */
export interface PartJobResult {
  sign: SignResult;
  pass: OnePassResult;
}

/** Options of {@link PartPipeline.start}. */
export interface PipelineOptions {
  timestamp?: (data: Buffer) => Promise<Buffer>;
  signingTime?: Date;
  checkVkn?: boolean;
  /** Worker threads (default 2). */
  workers?: number;
  /** GİB package for layers b and c on the signed files (null: layer a only). */
  gib?: GibPackage | null;
  /** Layers b and c to run beside layer a (default both when a GİB package is given). */
  layers?: ('a' | 'b' | 'c')[];
  /** Layer c: failures kept per file (default 200; the count goes on). */
  maxFindings?: number;
}

/** See the file comment. Create with {@link PartPipeline.start}, always {@link PartPipeline.close}. */
export class PartPipeline {
  private seq = 0;
  private jobs = new Map<number, { resolve: (r: PartJobResult) => void; reject: (e: unknown) => void }>();
  /** Jobs not yet handed to a worker, oldest first. */
  private queue: { job: number; msg: Record<string, unknown> }[] = [];
  /** Workers without a job. */
  private idle: Worker[];

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

  /** Starts the workers (≈ 0.3–0.5 s each from the sources, in parallel: loads the signer and the checker). */
  static async start(signer: RawSigner, o: PipelineOptions = {}): Promise<PartPipeline> {
    const n = Math.max(1, o.workers ?? 2);
    const ws: Worker[] = [];
    try {
      await Promise.all(
        Array.from({ length: n }, async () => {
          const w = spawnWorker('part', {
            workerData: { certificate: signer.certificate, chain: signer.chain ?? [], keyType: signer.keyType, timestamp: !!o.timestamp, nice: WORKER_NICE },
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

  private async onMessage(
    w: Worker,
    m: {
      rpc?: string;
      id?: number;
      data?: Uint8Array;
      job?: number;
      sign?: SignResult;
      pass?: OnePassResult;
      error?: SerializedError & { message: string; name?: string };
    },
  ): Promise<void> {
    if (m.rpc) {
      try {
        const data = Buffer.from(m.data!);
        const out = m.rpc === 'sign' ? await this.signer.sign(data) : await this.o.timestamp!(data);
        w.postMessage({ rpcReply: m.id, data: out });
      } catch (e) {
        const x = e as EdefterError;
        w.postMessage({ rpcReply: m.id, error: { message: x.message, name: x.name, code: x.code, tr: x.tr, en: x.en } });
      }
      return;
    }
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
   * it were named `name`. Jobs start in order, each on the first worker that is free.
   */
  process(file: string, name: string, withTimestamp: boolean): Promise<PartJobResult> {
    const job = ++this.seq;
    const layers = new Set(this.o.layers ?? ['a', 'b', 'c']);
    const gib = this.o.gib ?? null;
    return new Promise((resolve, reject) => {
      this.jobs.set(job, { resolve, reject });
      this.queue.push({
        job,
        msg: {
          job,
          file,
          name,
          withTs: withTimestamp,
          checkVkn: this.o.checkVkn !== false,
          signingTime: this.o.signingTime?.toISOString(),
          gib,
          b: gib !== null && layers.has('b'),
          c: gib !== null && layers.has('c'),
          ...(this.o.maxFindings !== undefined ? { maxFindings: this.o.maxFindings } : {}),
        },
      });
      this.dispatch();
    });
  }

  /** Hands queued jobs to idle workers (one job per worker at a time). */
  private dispatch(): void {
    while (this.idle.length && this.queue.length) this.idle.shift()!.postMessage(this.queue.shift()!.msg);
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.ws.map((w) => w.terminate()));
  }
}
