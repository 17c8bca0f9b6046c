// PKCS#11 worker thread: runs the PKCS#11 operations of pkcs11-ops.ts (the only place where the bridge calls
// PKCS#11) off the main thread.
//
// Why a worker: a PIN-pad C_Login blocks until the user types on the reader's keypad; card
// operations take 100 ms–seconds. The main event loop (WebSocket server, CLI progress) must keep
// running. Started by workers/spawn.ts (built to dist/workers/pkcs11-worker.mjs; pkcs11js, a
// native addon, stays outside the bundle and is required at run time).
//
// Protocol (see client.ts): request {id, op, args}; response {id, ok:true, result} or
// {id, ok:false, error:{kind, ckr?, ckrName?, method?, message, code?, details?}}.
// Requests are handled one at a time (calls are synchronous), so PKCS#11 calls never overlap.
import { parentPort } from 'node:worker_threads';
import { runOp, serializeError } from './pkcs11-ops.ts';

const port = parentPort!;

/** A request from client.ts. */
interface Request {
  id: number;
  op: string;
  args?: Record<string, unknown>;
}

port.on('message', (msg: Request) => {
  const { id, op, args } = msg;
  try {
    const result = runOp(op, args);
    port.postMessage({ id, ok: true, result });
  } catch (e) {
    port.postMessage({ id, ok: false, error: serializeError(e) });
  }
});
