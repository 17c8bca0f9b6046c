// Worker thread for validating whole files (validate/own/pool.ts), started by workers/spawn.ts (built to
// dist/workers/check-worker.mjs): each file in one read through the layers asked for (validate/one-pass.ts).
// One request at a time: { id, file, opts } → { id, result } | { id, error }, plus { id, progress: [layer, done, total] }.
import { parentPort } from 'node:worker_threads';
import { validateOnePass } from '../one-pass.ts';
import type { PassRequest } from './pool.ts';

const port = parentPort!;
port.on('message', async ({ id, file, opts }: PassRequest) => {
  try {
    let last = 0;
    const result = await validateOnePass(file, {
      ...opts,
      onProgress: (layer, done, total) => {
        if (done - last >= 32 << 20 || done === total || done < last) {
          last = done;
          port.postMessage({ id, progress: [layer, done, total] });
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
