/**
 * Runs a page request that a content script relayed: derives the origin from the sender
 * (never from the message), answers a site that is not on the user's allowed list with
 * ORIGIN_NOT_ALLOWED and nothing else (no versions, no bridge state, whatever the action), then
 * checks protocol versions, validates the parameters with the action's schema and calls its
 * handler. Always answers with a {@link RuntimeReply}.
 */
import {
  PAGE_ACTIONS,
  PROTOCOL_VERSION,
  RuntimePageRequest,
  compareProtocol,
  isAcceptableWebOrigin,
  isPageAction,
  parseActionParams,
  pickProgress,
  runActionHandler,
  serializeError,
  fail,
  type ActionDef,
  type ParamsOf,
  type Progress,
  type RuntimeProgress,
  type RuntimeReply,
} from '@edefter/protocol';
import type { Runtime } from 'webextension-polyfill';
import { getSettings } from '../shared/settings.ts';
import browser from '../shared/browser.ts';
import { HANDLERS } from './actions/index.ts';
import { setPendingProgress } from './services/pending.ts';
import type { BridgeConnection, CallOptions } from './services/bridge-connection.ts';

/**
 * The web origin of a content-script message as the browser reports it: `sender.origin`
 * (Chrome ≥ 80), else the origin of the frame URL, else of the tab URL.
 * @returns undefined for anything that is not an https (or loopback http) origin
 */
function senderOrigin(sender: Runtime.MessageSender): string | undefined {
  const s = sender as Runtime.MessageSender & { origin?: string };
  let origin = s.origin;
  if (!origin || origin === 'null') {
    const url = sender.url ?? sender.tab?.url;
    try {
      origin = url ? new URL(url).origin : undefined;
    } catch {
      origin = undefined;
    }
  }
  return origin && isAcceptableWebOrigin(origin) ? origin : undefined;
}

/**
 * The bridge link as one page request sees it: every bridge action it calls relays the bridge's
 * progress events of that request to `progress` (unless the handler passes its own `onProgress`).
 * Everything else is the shared connection itself.
 */
function withProgress(bridge: BridgeConnection, progress: (p: Progress) => void): BridgeConnection {
  return new Proxy(bridge, {
    get(target, key) {
      if (key === 'call') {
        return <D extends ActionDef>(def: D, params: ParamsOf<D>, opts: CallOptions = {}) =>
          target.call(def, params, { ...opts, onProgress: opts.onProgress ?? progress });
      }
      const v = Reflect.get(target, key, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** Handles one `page-request` runtime message. */
export async function handlePageRequest(raw: unknown, sender: Runtime.MessageSender, bridge: BridgeConnection): Promise<RuntimeReply> {
  try {
    const parsed = RuntimePageRequest.safeParse(raw);
    if (!parsed.success) throw fail('transport.malformedMessage');
    const req = parsed.data;
    if (!sender.tab) throw fail('transport.malformedMessage', { reason: 'not-from-a-tab' });
    const origin = senderOrigin(sender);
    if (!origin) throw fail('transport.insecureContext');
    const settings = await getSettings();
    // a site that is not allowed learns "not allowed" and nothing more (not even which actions exist)
    if (!settings.allowedOrigins.includes(origin)) throw fail('transport.originNotAllowed');
    const lib = compareProtocol(PROTOCOL_VERSION, req.library.protocol);
    if (!lib.compatible)
      throw fail('transport.versionMismatch', {
        requiresUpdate: lib.update === 'local' ? 'extension' : 'library',
        extension: PROTOCOL_VERSION,
        library: req.library.protocol,
      });
    if (!isPageAction(req.action)) throw fail('transport.unknownAction', { action: req.action, requiresUpdate: 'extension' });
    const checked = parseActionParams(PAGE_ACTIONS[req.action], req.params ?? {});
    if (!checked.ok) throw fail('transport.badParams', { action: req.action, issues: checked.issues });
    const tabId = sender.tab.id;
    const frameId = sender.frameId ?? 0;
    const progress = (p: Progress): void => {
      setPendingProgress(req.id, p);
      if (tabId === undefined) return;
      const msg: RuntimeProgress = { kind: 'page-progress', id: req.id, ...pickProgress(p) };
      // to the requesting frame's content script only; a closed tab just misses the report
      void browser.tabs.sendMessage(tabId, msg, { frameId }).catch(() => undefined);
    };
    const result = await runActionHandler(
      HANDLERS,
      req.action,
      {
        id: req.id,
        origin,
        originAllowed: true,
        bridge: withProgress(bridge, progress),
        settings,
        libraryProtocol: req.library.protocol,
        progress,
      },
      checked.params,
    );
    return { ok: true, result };
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  }
}
