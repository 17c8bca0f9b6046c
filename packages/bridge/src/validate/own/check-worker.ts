// Worker thread for layer-(a) checks (validate/own/pool.ts), started by workers/spawn.ts (built to
// dist/workers/check-worker.mjs). One request at a time:
// { id, file, opts } → { id, result } | { id, error }, plus { id, progress: [done, total] }.
import { parentPort } from 'node:worker_threads';
import { checkFile, type CheckOptions } from './index.ts';

/** A request from pool.ts. */
interface CheckRequest {
  id: number;
  file: string;
  opts: Omit<CheckOptions, 'onProgress'>;
}

const port = parentPort!;
port.on('message', async ({ id, file, opts }: CheckRequest) => {
  try {
    let last = 0;
    const result = await checkFile(file, {
      ...opts,
      onProgress: (done, total) => {
        if (done - last >= 32 << 20 || done === total) {
          last = done;
          port.postMessage({ id, progress: [done, total] });
        }
      },
    });
    port.postMessage({ id, result });
  } catch (e) {
    const err = e as Error | undefined;
    port.postMessage({ id, error: { message: err?.message ?? String(e), stack: err?.stack } });
  }
});
port.postMessage({ ready: true });
