// Worker thread of the month pipeline (ledger/part-pipeline.ts): signs a finished part in place
// (xades signXmlFile) and checks the signed file with layer (a), while the main thread builds the
// next part. The private key never comes here: `sign` and `timestamp` are forwarded to the main
// thread, which owns the token session. Plain JS so it starts without a loader: it registers tsx.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

// Background work yields to the main thread (it builds the next part, the critical path): on Linux
// this thread gets a higher nice value (setpriority on its thread id); threads it starts (the
// signer's hash worker) inherit it. Elsewhere, or if refused, nothing changes.
if (workerData.nice) {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (tid > 0) setPriority(tid, workerData.nice);
  } catch { /* not Linux: same priority */ }
}

register();
const { signXmlFile } = await import('../xades/index.ts');
const { checkFile } = await import('../validate/own/index.ts');

let seq = 0;
const waiting = new Map();
function rpc(op, data) {
  return new Promise((resolve, reject) => {
    const id = ++seq;
    waiting.set(id, { resolve, reject });
    parentPort.postMessage({ rpc: op, id, data });
  });
}
const signer = {
  certificate: Buffer.from(workerData.certificate),
  chain: (workerData.chain ?? []).map((c) => Buffer.from(c)),
  keyType: workerData.keyType,
  sign: async (data) => Buffer.from(await rpc('sign', data)),
};
const timestamp = workerData.timestamp ? async (data) => Buffer.from(await rpc('timestamp', data)) : undefined;

let chain = Promise.resolve();
parentPort.on('message', (m) => {
  if (m.rpcReply !== undefined) {
    const w = waiting.get(m.rpcReply);
    waiting.delete(m.rpcReply);
    if (m.error) { const e = new Error(m.error.message); Object.assign(e, m.error); w?.reject(e); } else w?.resolve(m.data);
    return;
  }
  if (m.job === undefined) return;
  chain = chain.then(async () => {
    try {
      const sign = await signXmlFile({
        input: m.file, output: m.file, signer, checkVkn: m.checkVkn,
        ...(m.signingTime ? { signingTime: new Date(m.signingTime) } : {}),
        ...(m.withTs && timestamp ? { timestamp } : {}),
      });
      const check = await checkFile(m.file, { requireSignature: true, name: m.name, sha256: true });
      parentPort.postMessage({ job: m.job, sign, check });
    } catch (e) {
      parentPort.postMessage({ job: m.job, error: { message: e?.message ?? String(e), name: e?.name, code: e?.code, tr: e?.tr, en: e?.en, details: e?.details } });
    }
  });
});
parentPort.postMessage({ ready: true });
