/**
 * Validates several files on worker threads (check-worker.ts): each worker takes the next file and reads it once for
 * all the layers asked for (validate/one-pass.ts), so a month folder's parts are validated side by side on a 2-core
 * machine, each with one lex. Before this, only layer a ran on the workers and layers b and c then read every file
 * again, one after the other, on the calling thread: two more lexes per file, and one core idle for most of the run
 * (measured figures in the commit that made this change).
 */
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { OnePassOptions, OnePassResult } from '../one-pass.ts';
import { spawnWorker } from '../../workers/spawn.ts';

/**
 * Heap limits of a worker (MiB). The pass streams; without limits each worker's heap grows to what V8 allows a main
 * thread. `edefter validate` of a 300 k-line month folder (811 MB, 2 cores): no limits 13.3–14.8 s, 228–257 MiB peak;
 * these 14.5–15.4 s, 164–189 MiB; a 4 MiB young generation (the month's part workers) 15.4–15.5 s, 142–166 MiB.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 };
/** What a worker is asked: one file (check-worker.ts). */
export interface PassRequest {
  id: number;
  file: string;
  opts: Omit<OnePassOptions, 'onProgress' | 'checked'>;
}

/** Options of {@link passFiles}. */
export interface PoolOptions {
  /** Options for each file (layers, GİB package, expectations, signature requirement). */
  optionsFor: (file: string) => Omit<OnePassOptions, 'onProgress' | 'checked'>;
  onProgress?: (file: string, layer: 'a' | 'b' | 'c', done: number, total: number) => void;
  /** Worker count (default: available cores, at most the number of files). */
  threads?: number;
}

/** A worker's reply. */
interface PassReply {
  id: number;
  result?: OnePassResult;
  error?: { message: string };
  progress?: ['a' | 'b' | 'c', number, number];
}

/**
 * Runs {@link validateOnePass} (validate/one-pass.ts) for each of `files` on up to `threads` worker threads.
 * @returns the results in the order of `files`
 * @throws Error with a worker's message when a file's pass throws (I/O, schema compilation), or when a worker fails
 */
export async function passFiles(files: string[], o: PoolOptions): Promise<OnePassResult[]> {
  const threads = Math.max(1, Math.min(o.threads ?? os.availableParallelism?.() ?? os.cpus().length, files.length));
  const results: OnePassResult[] = new Array(files.length);
  let next = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: threads }, async () => {
        const w = spawnWorker('check', { resourceLimits: WORKER_LIMITS });
        workers.push(w);
        await new Promise<void>((resolve, reject) => {
          w.once('error', reject);
          w.once('message', (m) => (m?.ready ? resolve() : reject(new Error('worker did not start'))));
        });
        for (;;) {
          const i = next++;
          if (i >= files.length) return;
          const f = files[i];
          results[i] = await new Promise<OnePassResult>((resolve, reject) => {
            const onMsg = (m: PassReply) => {
              if (m.id !== i) return;
              if (m.progress) {
                o.onProgress?.(f, ...m.progress);
                return;
              }
              w.off('message', onMsg);
              w.off('error', reject);
              if (m.error) reject(new Error(m.error.message));
              else resolve(m.result!);
            };
            w.on('message', onMsg);
            w.once('error', reject);
            w.postMessage({ id: i, file: f, opts: o.optionsFor(f) } satisfies PassRequest);
          });
        }
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
