/** `status`: extension and bridge state for the page. Never opens a prompt, works for any origin. */
import { PROTOCOL_VERSION, compareProtocol, type ResultOf, type status } from '@edefter/protocol';
import type { ActionHandler } from './context.ts';

const EXTENSION_VERSION = import.meta.env.VITE_EXTENSION_VERSION ?? '0.0.0';

/** Handler of the `status` page action. */
export const statusAction: ActionHandler<Record<string, never>, ResultOf<typeof status>> = async (ctx) => {
  const { bridge } = ctx;
  try { await bridge.connect(); } catch { /* reported through the state */ }
  const lib = compareProtocol(PROTOCOL_VERSION, ctx.libraryProtocol);
  const requiresUpdate = !lib.compatible ? (lib.update === 'local' ? 'extension' : 'library') : bridge.requiresUpdate;
  const state = bridge.state === 'connecting' ? 'disconnected' : bridge.state;
  return {
    extension: { version: EXTENSION_VERSION, protocol: PROTOCOL_VERSION },
    bridge: {
      state,
      // versions only for allowed sites: others learn no more than "extension present"
      ...(ctx.originAllowed && bridge.hello ? { version: bridge.hello.bridge.version, protocol: bridge.hello.protocol, tsaConfigured: bridge.hello.tsaConfigured } : {}),
    },
    originAllowed: ctx.originAllowed,
    ...(requiresUpdate ? { requiresUpdate } : {}),
  };
};
