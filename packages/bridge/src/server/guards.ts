/**
 * Who may talk to the bridge (pure checks, unit-tested):
 * - the Host header must name the loopback listener (`127.0.0.1:<port>` or `localhost:<port>`),
 *   which defeats DNS rebinding (a hostile name resolving to 127.0.0.1 carries its own Host);
 * - the Origin must be our extension: `chrome-extension://<pinned id>`, or `moz-extension://<uuid>`
 *   (Firefox ids are random per install, so Firefox clients are only trusted after pairing).
 * Web pages (http/https origins) and clients without an Origin are refused.
 */
import { CHROME_EXTENSION_ID } from '@edefter/protocol';

/** True when `host` is exactly `127.0.0.1:<port>` or `localhost:<port>`. */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}`;
}

/** A recognised extension client. */
export type ExtensionClient = { browser: 'chrome'; origin: string; id: string } | { browser: 'firefox'; origin: string; id: string };

/**
 * Classifies an Origin header.
 * @param origin the header value
 * @param chromeIds allowed Chrome extension ids (default: the pinned one)
 * @returns the client, or undefined for anything else (web pages, other extensions, no origin)
 */
export function classifyOrigin(origin: string | undefined, chromeIds: readonly string[] = [CHROME_EXTENSION_ID]): ExtensionClient | undefined {
  if (!origin) return undefined;
  let m = /^chrome-extension:\/\/([a-p]{32})$/.exec(origin);
  if (m) return chromeIds.includes(m[1]) ? { browser: 'chrome', origin, id: m[1] } : undefined;
  m = /^moz-extension:\/\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(origin);
  if (m) return { browser: 'firefox', origin, id: m[1] };
  return undefined;
}
