/**
 * Handlers loaded on first use: the bridge's idle memory (issue 15: ≤ 64 MiB RSS) stays small when the modules
 * behind signing, GİB sending, backup and the month run (XAdES, validation, ledger, zip, HTTP clients) are only
 * evaluated when the extension first asks for one of those actions.
 */
import type { BridgeHandler } from './context.ts';

/**
 * A handler that imports its module on its first call (`load`, e.g. `() => import('./x.ts').then((m) => m.xHandler)`)
 * and then runs it; later calls run the loaded handler directly. A failed import rejects that call and is retried
 * on the next one. Same type as the handler it loads.
 */
export function lazyHandler<P, R>(load: () => Promise<BridgeHandler<P, R>>): BridgeHandler<P, R> {
  let handler: BridgeHandler<P, R> | undefined;
  return async (ctx, params) => {
    handler ??= await load();
    return handler(ctx, params);
  };
}
