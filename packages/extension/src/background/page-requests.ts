/**
 * Runs a page request that a content script relayed: derives the origin from the sender
 * (never from the message), answers a site that is not on the user's allowed list with
 * ORIGIN_NOT_ALLOWED and nothing else (no versions, no bridge state, whatever the action), then
 * checks protocol versions, validates the parameters with the action's schema and calls its
 * handler. Always answers with a {@link RuntimeReply}.
 */
import {
  ErrorCode, PROTOCOL_VERSION, RuntimePageRequest, compareProtocol, isAcceptableWebOrigin,
  protocolError, serializeError, type RuntimeReply,
} from '@edefter/protocol';
import type { Runtime } from 'webextension-polyfill';
import { getSettings } from '../shared/settings.ts';
import { HANDLERS } from './actions/index.ts';
import type { BridgeConnection } from './services/bridge-connection.ts';

/**
 * The web origin of a content-script message as the browser reports it: `sender.origin`
 * (Chrome ≥ 80), else the origin of the frame URL, else of the tab URL.
 * @returns undefined for anything that is not an https (or loopback http) origin
 */
export function senderOrigin(sender: Runtime.MessageSender): string | undefined {
  const s = sender as Runtime.MessageSender & { origin?: string };
  let origin = s.origin;
  if (!origin || origin === 'null') {
    const url = sender.url ?? sender.tab?.url;
    try { origin = url ? new URL(url).origin : undefined; } catch { origin = undefined; }
  }
  return origin && isAcceptableWebOrigin(origin) ? origin : undefined;
}

/** Handles one `page-request` runtime message. */
export async function handlePageRequest(raw: unknown, sender: Runtime.MessageSender, bridge: BridgeConnection): Promise<RuntimeReply> {
  try {
    const parsed = RuntimePageRequest.safeParse(raw);
    if (!parsed.success) throw protocolError(ErrorCode.ProtocolError);
    const req = parsed.data;
    if (!sender.tab) throw protocolError(ErrorCode.ProtocolError, { reason: 'not-from-a-tab' });
    const origin = senderOrigin(sender);
    if (!origin) throw protocolError(ErrorCode.InsecureContext);
    const settings = await getSettings();
    // a site that is not allowed learns "not allowed" and nothing more (not even which actions exist)
    if (!settings.allowedOrigins.includes(origin)) throw protocolError(ErrorCode.OriginNotAllowed);
    const lib = compareProtocol(PROTOCOL_VERSION, req.library.protocol);
    if (!lib.compatible) throw protocolError(ErrorCode.VersionMismatch, { requiresUpdate: lib.update === 'local' ? 'extension' : 'library', extension: PROTOCOL_VERSION, library: req.library.protocol });
    const entry = HANDLERS[req.action];
    if (!entry) throw protocolError(ErrorCode.UnknownAction, { action: req.action, requiresUpdate: 'extension' });
    const params = entry.def.params.safeParse(req.params ?? {});
    if (!params.success) throw protocolError(ErrorCode.BadInput, { action: req.action, issues: params.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) }, { tr: 'İstek parametreleri geçersiz.', en: 'Invalid request parameters.' });
    const result = await entry.handler({
      id: req.id, origin, originAllowed: true, bridge, settings, libraryProtocol: req.library.protocol,
    }, params.data as never);
    return { ok: true, result };
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  }
}
