/**
 * Where the bridge's worker threads come from. Each worker is a TypeScript entry (`*-worker.ts`,
 * type-checked with the rest); {@link spawnWorker} starts one by name:
 *
 * - in the plain-Node bundle (`pnpm build` → `dist/edefter.mjs` + `dist/workers/<name>-worker.mjs`,
 *   see scripts/build.mjs) this module is inlined into `dist/edefter.mjs` or into a worker bundle
 *   in `dist/workers/`; the built worker file is the sibling `workers/<name>-worker.mjs` (or, from a
 *   worker bundle, `<name>-worker.mjs` beside it). Nothing but Node is needed.
 * - from the sources (development: tsx CLI, vitest) this module is a `.ts` file. Node 20 does not
 *   hand a TypeScript loader to worker threads (neither `register()` nor an inherited
 *   `--import tsx` applies to a worker's entry), so the worker starts the development bootstrap
 *   `packages/bridge/scripts/ts-worker.mjs`, which loads tsx in that thread and imports the `.ts`
 *   entry. That branch never runs in the bundle; the product does not load tsx.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * The bridge's workers: PKCS#11 (token/), hash+write and second canonicalizer (xades/), month part and whole month
 * (flows/), layer-(a) check (validate/own/).
 */
export type WorkerName = 'pkcs11' | 'hash' | 'c14n' | 'part' | 'month' | 'check';

/** Source entry of each worker, relative to this file (development). */
const SOURCES: Record<WorkerName, string> = {
  pkcs11: '../token/pkcs11-worker.ts',
  hash: '../xades/hash-worker.ts',
  c14n: '../xades/c14n-worker.ts',
  part: '../flows/part-worker.ts',
  month: '../flows/month-worker.ts',
  check: '../validate/own/check-worker.ts',
};

declare const __EDEFTER_WORKER_EXT__: string | undefined;

/**
 * Build output name of a worker (scripts/build.mjs emits `dist/workers/<name>-worker.mjs`, or `.cjs`
 * in its CommonJS build, `--cjs`, the format a Node SEA runs; the build defines `__EDEFTER_WORKER_EXT__`).
 */
function workerFile(name: WorkerName): string {
  return `${name}-worker${typeof __EDEFTER_WORKER_EXT__ === 'string' ? __EDEFTER_WORKER_EXT__ : '.mjs'}`;
}

/** True when running from the TypeScript sources (this module is `spawn.ts`), false in the bundle. */
function fromSources(): boolean {
  return import.meta.url.endsWith('.ts');
}

/**
 * URL of a worker's entry: the `.ts` source in development, the built `.mjs` beside the bundle.
 * @param name which worker
 */
function workerUrl(name: WorkerName): URL {
  if (fromSources()) return new URL(SOURCES[name], import.meta.url);
  // bundle: dist/edefter.mjs → dist/workers/x.mjs; a worker bundle (dist/workers/part-worker.mjs) → its sibling
  const here = new URL('./', import.meta.url);
  return here.pathname.endsWith('/workers/') ? new URL(workerFile(name), here) : new URL(`workers/${workerFile(name)}`, here);
}

/**
 * Starts worker `name` with Node's Worker options (workerData, resourceLimits, name...).
 * In development the thread runs the tsx bootstrap, which imports the `.ts` entry (see the file
 * comment); `options.argv` must then be unused (the bootstrap takes the entry from argv).
 * @throws Error from `new Worker` (e.g. a missing build output)
 */
export function spawnWorker(name: WorkerName, options: WorkerOptions = {}): Worker {
  const entry = workerUrl(name);
  if (!fromSources()) return new Worker(entry, options);
  const bootstrap = new URL('../../scripts/ts-worker.mjs', import.meta.url);
  return new Worker(bootstrap, { ...options, argv: [entry.href] });
}
