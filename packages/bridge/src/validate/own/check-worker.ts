// Worker thread for layer-(a) checks (validate/own/pool.ts). Plain JS so it starts without a
// TypeScript loader of its own: it registers tsx, then loads the checker. One request at a time:
// { id, file, opts } → { id, result } | { id, error }, plus { id, progress: [done, total] }.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { checkFile } = await import('./index.ts');
parentPort.on('message', async ({ id, file, opts }) => {
  try {
    let last = 0;
    const result = await checkFile(file, {
      ...opts,
      onProgress: (done, total) => { if (done - last >= 32 << 20 || done === total) { last = done; parentPort.postMessage({ id, progress: [done, total] }); } },
    });
    parentPort.postMessage({ id, result });
  } catch (e) {
    parentPort.postMessage({ id, error: { message: e?.message ?? String(e), stack: e?.stack } });
  }
});
parentPort.postMessage({ ready: true });
