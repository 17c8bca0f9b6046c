// Worker thread of the month pipeline (flows/part-pipeline.ts): runs part jobs (flows/part-job.ts:
// sign a finished part in place, then validate the signed file with every asked layer in ONE read
// and one lex) while the main thread builds the next part. The private key never comes here:
// `sign` and `timestamp` are forwarded to the main thread, which owns the token session. Started
// by workers/spawn.ts (built to dist/workers/part-worker.mjs).
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { RawSigner } from '../xades/index.ts';
import { runPartJob, type PartJob } from './part-job.ts';

/** What part-pipeline.ts passes as workerData. */
interface PartWorkerData {
  certificate: Uint8Array;
  chain?: Uint8Array[];
  keyType: RawSigner['keyType'];
  /** forward timestamp requests to the main thread */
  timestamp: boolean;
  /** nice value of this thread (Linux) */
  nice?: number;
}

/** A message from part-pipeline.ts: a job, or the reply to one of our rpc calls. */
type PartMessage = { rpcReply: number; error?: { message: string }; data?: Uint8Array; job?: undefined } | (PartJob & { rpcReply?: undefined });

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

let seq = 0;
const waiting = new Map<number, { resolve: (v: Uint8Array) => void; reject: (e: Error) => void }>();
function rpc(op: 'sign' | 'timestamp', bytes: Buffer): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const id = ++seq;
    waiting.set(id, { resolve, reject });
    port.postMessage({ rpc: op, id, data: bytes });
  });
}
const signer: RawSigner = {
  certificate: Buffer.from(data.certificate),
  chain: (data.chain ?? []).map((c) => Buffer.from(c)),
  keyType: data.keyType,
  sign: async (bytes) => Buffer.from(await rpc('sign', bytes)),
};
const timestamp = data.timestamp ? async (bytes: Buffer) => Buffer.from(await rpc('timestamp', bytes)) : undefined;

let chain = Promise.resolve();
port.on('message', (m: PartMessage) => {
  if (m.rpcReply !== undefined) {
    const w = waiting.get(m.rpcReply);
    waiting.delete(m.rpcReply);
    if (m.error) {
      const e = new Error(m.error.message);
      Object.assign(e, m.error);
      w?.reject(e);
    } else w?.resolve(m.data!);
    return;
  }
  if (m.job === undefined) return;
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
