/**
 * Runs layer-(a) checks of several files on worker threads (one per core, at most one per file),
 * so a month's Y and K parts are checked in parallel on a 2-core machine. Falls back to the
 * current thread for a single file or when workers cannot start.
 */
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { checkFile, type CheckOptions, type CheckResult } from './index.ts';
import { spawnWorker } from '../../workers/spawn.ts';

/** Options per file plus progress. */
export interface PoolOptions {
  /** Options for each file (expect, requireSignature). */
  optionsFor: (file: string) => Omit<CheckOptions, 'onProgress'>;
  onProgress?: (file: string, done: number, total: number) => void;
  /** Worker count (default: available cores, at most the number of files). */
  threads?: number;
}

/** Checks `files`; results in the same order. */
export async function checkFiles(files: string[], o: PoolOptions): Promise<CheckResult[]> {
  const threads = Math.min(o.threads ?? os.availableParallelism?.() ?? os.cpus().length, files.length);
  if (threads <= 1) {
    const out: CheckResult[] = [];
    for (const f of files) out.push(await checkFile(f, { ...o.optionsFor(f), onProgress: (d, t) => o.onProgress?.(f, d, t) }));
    return out;
  }
  const results: CheckResult[] = new Array(files.length);
  let next = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: threads }, async () => {
        const w = spawnWorker('check');
        workers.push(w);
        await new Promise<void>((resolve, reject) => {
          w.once('error', reject);
          w.once('message', (m) => (m?.ready ? resolve() : reject(new Error('worker did not start'))));
        });
        for (;;) {
          const i = next++;
          if (i >= files.length) return;
          const f = files[i];
          results[i] = await new Promise<CheckResult>((resolve, reject) => {
            const onMsg = (m: { id: number; result?: CheckResult; error?: { message: string }; progress?: [number, number] }) => {
              if (m.id !== i) return;
              if (m.progress) {
                o.onProgress?.(f, m.progress[0], m.progress[1]);
                return;
              }
              w.off('message', onMsg);
              w.off('error', reject);
              if (m.error) reject(new Error(m.error.message));
              else resolve(m.result!);
            };
            w.on('message', onMsg);
            w.once('error', reject);
            w.postMessage({ id: i, file: f, opts: o.optionsFor(f) });
          });
        }
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
