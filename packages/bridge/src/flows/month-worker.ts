// Worker thread of `edefter month` (flows/month-thread.ts): runs the whole month flow
// (flows/build-month.ts runMonth) in an isolate with a small young generation, so the build's and
// the validators' short-lived garbage stays small; the main thread keeps the token session and
// only answers signature requests (flows/signer-rpc.ts), progress and warnings. Started by
// workers/spawn.ts (built to dist/workers/month-worker.mjs); its part workers are started from here.
import { parentPort, workerData } from 'node:worker_threads';
import { runMonth, type MonthProgress, type MonthRunOptions } from './build-month.ts';
import { forwardedSigner, type SignerFacts } from './signer-rpc.ts';

/** What month-thread.ts passes as workerData: the run's options without its functions, and the signer's facts. */
export interface MonthWorkerData {
  options: Omit<MonthRunOptions, 'signer' | 'timestamp' | 'onProgress' | 'warn' | 'onPartClosed'>;
  signer: SignerFacts;
}

/** Messages this worker posts besides rpc requests. */
export type MonthWorkerMessage =
  | { progress: MonthProgress }
  | { warn: [string, string] }
  | { done: Awaited<ReturnType<typeof runMonth>> }
  | { error: { message: string; name?: string; code?: string; tr?: string; en?: string; details?: unknown; key?: string; retriable?: boolean } };

const port = parentPort!;
const data = workerData as MonthWorkerData;
const { signer, timestamp, onMessage } = forwardedSigner(port, data.signer);
port.on('message', (m) => void onMessage(m));
const post = (m: MonthWorkerMessage): void => port.postMessage(m);

/** Runs the month and posts its result or its error (no top-level await: the CommonJS build has none). */
async function main(): Promise<void> {
  try {
    const r = await runMonth({
      ...data.options,
      signer,
      ...(timestamp ? { timestamp } : {}),
      onProgress: (progress) => post({ progress }),
      warn: (tr, en) => post({ warn: [tr, en] }),
    });
    post({ done: r });
  } catch (e) {
    const x = e as Partial<Error & { code: string; tr: string; en: string; details: unknown; key: string; retriable: boolean }> | undefined;
    post({
      error: {
        message: x?.message ?? String(e),
        name: x?.name,
        code: typeof x?.code === 'string' ? x.code : undefined,
        tr: x?.tr,
        en: x?.en,
        details: x?.details,
        key: x?.key,
        retriable: x?.retriable,
      },
    });
  }
}
void main();
