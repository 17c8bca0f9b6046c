/**
 * Main-thread side of the PKCS#11 worker: spawns ONE worker per process (pkcs11-worker.ts), sends
 * requests with ids and matches replies. The worker is unref'd while idle, so a CLI process
 * exits when its work is done even if a signer was not closed; {@link shutdownTokenWorker}
 * finalizes the modules and stops the thread.
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
  return worker ? generation : -1;
}

/**
 * Calls `op` in the worker.
 * @param ctx facts for error messages (module, tokenLabel, certId); never a PIN
 * @param transfer ArrayBuffers moved (not copied) to the worker — used for the PIN
 * @throws EdefterError mapped from the PKCS#11 return value
 */
export function callWorker<T>(op: string, args: Record<string, unknown>, ctx: TokenFacts = {}, transfer: ArrayBuffer[] = []): Promise<T> {
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
