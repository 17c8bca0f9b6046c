// Worker thread of the month pipeline (flows/part-pipeline.ts): runs part jobs (flows/part-job.ts:
// sign a finished part in place, then validate the signed file with every asked layer in ONE read
// and one lex) while the main thread builds the next part. The private key never comes here:
// `sign` and `timestamp` are forwarded to the main thread, which owns the token session. Started
// by workers/spawn.ts (built to dist/workers/part-worker.mjs).
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { runPartJob, type PartJob } from './part-job.ts';
import { forwardedSigner, type RpcReply, type SignerFacts } from './signer-rpc.ts';

/** What part-pipeline.ts passes as workerData: the signer's facts (no key) and this thread's nice value (Linux). */
interface PartWorkerData extends SignerFacts {
  nice?: number;
}

const port = parentPort!;
const data = workerData as PartWorkerData;

// Background work yields to the main thread (it builds the next part, the critical path): on Linux
// this thread gets a higher nice value (setpriority on its thread id); threads it starts (the
// signer's hash worker) inherit it. Elsewhere, or if refused, nothing changes.
if (data.nice) {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (tid > 0) setPriority(tid, data.nice);
  } catch {
    /* not Linux: same priority */
  }
}

const { signer, timestamp, onMessage } = forwardedSigner(port, data);

let chain = Promise.resolve();
port.on('message', (m: PartJob | RpcReply) => {
  if (onMessage(m) || !('job' in m)) return;
  chain = chain.then(async () => {
    try {
      const { sign, pass } = await runPartJob(m, signer, timestamp);
      port.postMessage({ job: m.job, sign, pass });
    } catch (e) {
      const x = e as Partial<Error & { code: string; tr: string; en: string; details: unknown }> | undefined;
      port.postMessage({ job: m.job, error: { message: x?.message ?? String(e), name: x?.name, code: x?.code, tr: x?.tr, en: x?.en, details: x?.details } });
    }
  });
});
port.postMessage({ ready: true });
