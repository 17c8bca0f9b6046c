/**
 * Main-thread side of the PKCS#11 worker: spawns ONE worker per process (pkcs11-worker.ts), sends
 * requests with ids and matches replies. The worker is unref'd while idle, so a CLI process
 * exits when its work is done even if a signer was not closed; {@link shutdownTokenWorker}
 * finalizes the modules and stops the thread. After {@link tokensOnThisThread} (the one-shot
 * `edefter sign`) the same operations (pkcs11-ops.ts) run on the calling thread instead, with the
 * same results and errors.
 */
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../workers/spawn.ts';
import { mapWorkerError, type WorkerErrorPayload } from './errors.ts';
import type { EdefterError, TokenFacts } from '@edefter/protocol';

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  ctx: TokenFacts;
}

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: WorkerErrorPayload };

let worker: Worker | null = null;
let generation = 0;
/** pkcs11-ops.ts, loaded on this thread after {@link tokensOnThisThread}; null: the worker runs the ops. */
let local: Promise<typeof import('./pkcs11-ops.ts')> | null = null;
/** True while the operations run on this thread and their modules are initialized (until shutdownTokenWorker). */
let localActive = false;
let nextId = 1;
const pending = new Map<number, Pending>();

function failAll(err: unknown): void {
  for (const p of pending.values()) p.reject(err);
  pending.clear();
}

function getWorker(): Worker {
  if (worker) return worker;
  const w = spawnWorker('pkcs11', { name: 'edefter-pkcs11' });
  w.on('message', (msg: Reply) => {
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (pending.size === 0) w.unref();
    if (msg.ok) p.resolve(msg.result);
    else p.reject(mapWorkerError(msg.error, p.ctx));
  });
  w.on('error', (e) => {
    if (worker === w) worker = null;
    failAll(mapWorkerError({ kind: 'other', message: `PKCS#11 worker crashed: ${e.message}` }));
  });
  w.on('exit', (code) => {
    if (worker === w) worker = null;
    if (pending.size) failAll(mapWorkerError({ kind: 'other', message: `PKCS#11 worker exited (${code})` }));
  });
  w.unref();
  worker = w;
  generation++;
  return w;
}

/**
 * Identifies the current worker: session handles are only meaningful in the worker that made
 * them. Changes when a worker is started after a shutdown or a crash; 0 before the first one.
 */
export function workerGeneration(): number {
  if (local) return localActive ? generation : -1;
  return worker ? generation : -1;
}

/**
 * Runs the PKCS#11 operations on this thread from now on, not in a worker: for a command that does nothing else while
 * the token works (`edefter sign`: list, C_Login, one C_Sign). Saves the worker's start and teardown (~60 ms, ~10 MiB);
 * a PIN-pad C_Login or a slow card then blocks this thread's event loop, so a server or a command with other work
 * in flight (month: part workers) must keep the worker. Call before the first token call; no-op when already set.
 */
export function tokensOnThisThread(): void {
  if (local) return;
  local = import('./pkcs11-ops.ts');
  local.catch(() => undefined); // reported by the first call (callLocal), not as an unhandled rejection
}

/** {@link callWorker} on this thread: the op runs at once; its failure is mapped as the worker's would be. */
async function callLocal<T>(op: string, args: Record<string, unknown>, ctx: TokenFacts): Promise<T> {
  let ops: typeof import('./pkcs11-ops.ts');
  try {
    ops = await local!;
  } catch (e) {
    // pkcs11js could not be loaded: the same error a worker that failed to start would give
    throw mapWorkerError({ kind: 'other', message: `PKCS#11: ${(e as Error)?.message ?? e}` }, { ...ctx, operation: op });
  }
  if (!localActive) {
    localActive = true;
    generation++;
  }
  try {
    return ops.runOp(op, args) as T;
  } catch (e) {
    throw mapWorkerError(ops.serializeError(e), { ...ctx, operation: op });
  }
}

/**
 * Calls `op` in the worker.
 * @param ctx facts for error messages (module, tokenLabel, certId); never a PIN
 * @param transfer ArrayBuffers moved (not copied) to the worker — used for the PIN
 * @throws EdefterError mapped from the PKCS#11 return value
 */
export function callWorker<T>(op: string, args: Record<string, unknown>, ctx: TokenFacts = {}, transfer: ArrayBuffer[] = []): Promise<T> {
  if (local) return callLocal<T>(op, args, ctx);
  const w = getWorker();
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject, ctx: { ...ctx, operation: op } });
    if (pending.size === 1) w.ref();
    try {
      w.postMessage({ id, op, args }, transfer);
    } catch (e) {
      pending.delete(id);
      if (pending.size === 0) w.unref();
      reject(e);
    }
  });
}

/**
 * Closes all sessions, C_Finalize's the modules and terminates the worker. The next token call
 * starts a fresh worker (and re-reads SOFTHSM2_CONF). Safe to call when no worker runs.
 */
export async function shutdownTokenWorker(): Promise<void> {
  if (local) {
    if (localActive) await callLocal('finalize', {}, {}).catch(() => undefined);
    localActive = false;
    return;
  }
  const w = worker;
  if (!w) return;
  try {
    await callWorker('finalize', {});
  } catch (e) {
    void (e as EdefterError);
  }
  worker = null;
  await w.terminate();
}
