/**
 * `status`: extension and bridge state for the page. Never opens a prompt. Only allowed sites
 * get here (page-requests.ts answers any other site with ORIGIN_NOT_ALLOWED and nothing else);
 * the check is repeated so this handler never tells a foreign site more.
 */
import { PROTOCOL_VERSION, compareProtocol, type ResultOf, type status } from '@edefter/protocol';
import type { ActionHandler } from './context.ts';
import { requireAllowedOrigin } from './origin-guard.ts';

const EXTENSION_VERSION = import.meta.env.VITE_EXTENSION_VERSION ?? '0.0.0';

/**
 * Handler of the `status` page action.
 * @throws EdefterError ORIGIN_NOT_ALLOWED for a site not on the allowed list
 */
export const statusAction: ActionHandler<Record<string, never>, ResultOf<typeof status>> = async (ctx) => {
  requireAllowedOrigin(ctx);
  const { bridge } = ctx;
  try {
    await bridge.connect();
  } catch {
    /* reported through the state */
  }
  const lib = compareProtocol(PROTOCOL_VERSION, ctx.libraryProtocol);
  const requiresUpdate = !lib.compatible ? (lib.update === 'local' ? 'extension' : 'library') : bridge.requiresUpdate;
  const state = bridge.state === 'connecting' ? 'disconnected' : bridge.state;
  return {
    extension: { version: EXTENSION_VERSION, protocol: PROTOCOL_VERSION },
    bridge: {
      state,
      ...(bridge.hello ? { version: bridge.hello.bridge.version, protocol: bridge.hello.protocol, tsaConfigured: bridge.hello.tsaConfigured } : {}),
    },
    originAllowed: true,
    ...(requiresUpdate ? { requiresUpdate } : {}),
  };
};
