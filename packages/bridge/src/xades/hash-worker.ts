// Hash worker of the streaming signer (hash-pipe.ts): computes SHA digests, and writes the output
// file, on its own thread from SharedArrayBuffer memory the main thread registered, so that
// canonicalization (main thread) and hashing/writing run on two cores. Started by
// workers/spawn.ts (built to dist/workers/hash-worker.mjs).
//
// Messages in:  {type:'mem', id, sab} | {type:'hash', id, alg} | {type:'ops', seq, ops:Float64Array}
//               | {type:'digest', seq, ids}
// Messages out: {type:'ack', seq} | {type:'digest', seq, digests:Buffer[]} | {type:'error', seq, message}
// ops: groups of 6 numbers: [1, hashId, memId, start, end, 0] update; [2, srcHashId, dstHashId, 0, 0, 0]
// copy; [3, fd, memId, start, end, position] positional write of the bytes to file descriptor fd.
import { createHash, type Hash } from 'node:crypto';
import { writeSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';

/** A message from hash-pipe.ts (see the file comment). */
type HashMessage =
  | { type: 'mem'; id: number; sab: SharedArrayBuffer; seq?: undefined }
  | { type: 'hash'; id: number; alg: string; seq?: undefined }
  | { type: 'ops'; seq: number; ops: Float64Array }
  | { type: 'digest'; seq: number; ids: number[] };

const port = parentPort!;
const mems: Buffer[] = [];
const hashes: Hash[] = [];

port.on('message', (m: HashMessage) => {
  try {
    if (m.type === 'mem') {
      mems[m.id] = Buffer.from(m.sab);
    } else if (m.type === 'hash') {
      hashes[m.id] = createHash(m.alg);
    } else if (m.type === 'ops') {
      const o = m.ops;
      for (let k = 0; k < o.length; k += 6) {
        const op = o[k];
        if (op === 1) hashes[o[k + 1]].update(mems[o[k + 2]].subarray(o[k + 3], o[k + 4]));
        else if (op === 2) hashes[o[k + 2]] = hashes[o[k + 1]].copy();
        else {
          const mem = mems[o[k + 2]];
          let start = o[k + 3];
          let pos = o[k + 5];
          const end = o[k + 4];
          while (start < end) {
            const n = writeSync(o[k + 1], mem, start, end - start, pos);
            start += n;
            pos += n;
          }
        }
      }
      port.postMessage({ type: 'ack', seq: m.seq });
    } else if (m.type === 'digest') {
      port.postMessage({ type: 'digest', seq: m.seq, digests: m.ids.map((id) => hashes[id].digest()) });
    }
  } catch (e) {
    port.postMessage({ type: 'error', seq: m.seq, message: String((e as Error)?.stack ?? e) });
  }
});
