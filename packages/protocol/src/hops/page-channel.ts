/**
 * Zod-free part of hop 1 (page ⇄ content script), for the content script that is injected into
 * every https page and must stay small: the channel marker and a structural check. The service
 * worker validates the full schema (hops/runtime.ts) before anything runs.
 */

/** Marker on every message of hop 1. */
export const PAGE_CHANNEL = 'edefter-bridge';

/** Shape of a page request as the content script relays it. */
export interface PageRequestShape {
  channel: typeof PAGE_CHANNEL;
  direction: 'to-extension';
  type: 'request';
  id: string;
  action: string;
  params: unknown;
  library: { version: string; protocol: string };
}

/** Structural check of a page → extension request (ids 32 hex, bounded strings). */
export function looksLikePageRequest(v: unknown): v is PageRequestShape {
  const m = v as Partial<PageRequestShape> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    m.channel === PAGE_CHANNEL &&
    m.direction === 'to-extension' &&
    m.type === 'request' &&
    typeof m.id === 'string' &&
    /^[0-9a-f]{32}$/.test(m.id) &&
    typeof m.action === 'string' &&
    m.action.length > 0 &&
    m.action.length <= 64 &&
    typeof m.library === 'object' &&
    m.library !== null &&
    typeof m.library.version === 'string' &&
    m.library.version.length <= 32 &&
    typeof m.library.protocol === 'string' &&
    m.library.protocol.length <= 32
  );
}
