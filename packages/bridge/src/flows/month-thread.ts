/**
 * `edefter month` on a worker thread (issue 14 item 4: a 1 M-line month in 256 MiB for the whole
 * process tree). The month flow (runMonth: build, sign, validate every file) runs in
 * flows/month-worker.ts; the main thread keeps the token session and answers the worker's
 * signature and timestamp requests (flows/signer-rpc.ts), its progress and its warnings, and is
 * otherwise idle. The main thread's heap cannot be limited from code (V8 flags are read when the
 * process starts); with the build and the validators' garbage on it, it grew and stayed grown.
 *
 * bench/month.ts (load 6-8): 200k lines, peak RSS of the tree 272 → 197-207 MiB (median 238 → 169-175);
 * 1 M lines 318 → 216 MiB (median 254 → 204); CPU within the noise. The worker's young generation
 * size itself hardly matters here (4, 8, 16 MiB: 204-214 MiB at 200k lines).
 */
import { EdefterError, fail } from '@edefter/protocol';
import { spawnWorker } from '../workers/spawn.ts';
import { runMonth, type MonthRunOptions, type MonthRunResult } from './build-month.ts';
import type { MonthWorkerData, MonthWorkerMessage } from './month-worker.ts';
import { answerRpc, isRpcRequest, signerFacts } from './signer-rpc.ts';

/**
 * Heap limits of the month worker (MiB): 8 MiB of young generation (4 cost a little more CPU in
 * bench/month.ts, 16 no less RSS); the old generation limit is only a ceiling against a runaway
 * (the flow streams; its live heap is tens of MiB).
 */
const MONTH_LIMITS = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 8 };

/**
 * Runs {@link runMonth} on a month worker (see the file comment); same options, result and errors.
 * Runs it on this thread instead when an option cannot cross threads (an `onPartClosed` hook).
 * @throws what runMonth throws (EdefterError rebuilt from the worker's; other errors keep their message,
 *   name and code); EdefterError(INTERNAL, ledger.workerFailed) when the worker dies
 */
export async function runMonthOnThread(o: MonthRunOptions): Promise<MonthRunResult> {
  const { signer, timestamp, onProgress, warn, onPartClosed, ...options } = o;
  if (onPartClosed) return runMonth(o);
  const data: MonthWorkerData = { options, signer: signerFacts(signer, !!timestamp) };
  const w = spawnWorker('month', { workerData: data, resourceLimits: MONTH_LIMITS });
  try {
    return await new Promise<MonthRunResult>((resolve, reject) => {
      w.on('message', (m: MonthWorkerMessage | Parameters<typeof answerRpc>[1]) => {
        if (isRpcRequest(m)) void answerRpc(w, m, signer, timestamp);
        else if ('progress' in m) onProgress?.(m.progress);
        else if ('warn' in m) warn?.(m.warn[0], m.warn[1]);
        else if ('done' in m) resolve(m.done);
        else if ('error' in m) reject(rebuildError(m.error));
      });
      w.on('error', (e) => reject(fail('ledger.workerFailed', { cause: e.message })));
      w.on('exit', (code) => reject(fail('ledger.workerFailed', { cause: `month worker exited (${code})` })));
    });
  } finally {
    await w.terminate();
  }
}

/** The worker's error as this thread's: an EdefterError again, else an Error with the same message, name and code. */
function rebuildError(e: Extract<MonthWorkerMessage, { error: unknown }>['error']): Error {
  if (e.name === 'EdefterError' && e.code && e.tr !== undefined && e.en !== undefined) {
    return EdefterError.fromJSON({
      code: e.code,
      tr: e.tr,
      en: e.en,
      ...(e.details ? { details: e.details } : {}),
      ...(e.key !== undefined ? { key: e.key } : {}),
      retriable: e.retriable,
    } as Parameters<typeof EdefterError.fromJSON>[0]);
  }
  return Object.assign(new Error(e.message), { ...(e.name ? { name: e.name } : {}), ...(e.code ? { code: e.code } : {}) });
}
