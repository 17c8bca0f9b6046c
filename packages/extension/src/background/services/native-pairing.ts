/**
 * Pairing through the native-messaging host `tr.edefter.bridge` (`edefter native-host`): the
 * browser itself starts the host, only for the extension its host manifest names, as the
 * user's own OS process; the host asks the bridge over its local channel (a Unix socket only the
 * same OS user can open) and answers with the per-install secret. The TCP socket never carries
 * the secret and nothing here shows a code. Design: docs/bridge.md § Pairing.
 */
import { EdefterError, NATIVE_HOST_NAME, NativePairReply, fail, type NativePairRequest, type SerializedError } from '@edefter/protocol';
import browser, { BROWSER } from '../../shared/browser.ts';

/** The host must answer within this (ms): it starts Node, asks the bridge and exits. */
const NATIVE_PAIR_TIMEOUT_MS = 20_000;

/** What one attempt gave: the secret, or why not (`missing`: no host registered for this browser). */
export type NativePairOutcome = { ok: true; secret: string } | { ok: false; missing: boolean; error: EdefterError };

/**
 * True when the browser's error says the host cannot be started for us at all (no manifest,
 * or a manifest that does not name this extension): Chrome "Specified native messaging host not
 * found." / "Access to the specified native messaging host is forbidden."; Firefox "No such
 * native application …".
 */
function isHostMissing(message: string): boolean {
  return /not found|forbidden|no such native application/i.test(message);
}

/** This extension's origin without a trailing slash (`chrome-extension://<id>`, `moz-extension://<uuid>`). */
function extensionOrigin(): string {
  return globalThis.location.origin;
}

/**
 * Asks the native host to pair this install (one message, one reply; the host exits).
 * Never throws: every failure comes back as `{ ok: false }` with a Turkish + English error.
 * @param installId this install's id (32 hex)
 */
export async function pairThroughNativeHost(installId: string): Promise<NativePairOutcome> {
  const request: NativePairRequest = { t: 'pair', installId, browser: BROWSER, extensionOrigin: extensionOrigin() };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let raw: unknown;
  try {
    raw = await Promise.race([
      browser.runtime.sendNativeMessage(NATIVE_HOST_NAME, request),
      new Promise((_r, reject) => {
        timer = setTimeout(() => reject(new Error('native-host-timeout')), NATIVE_PAIR_TIMEOUT_MS);
      }),
    ]);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (isHostMissing(message)) {
      return { ok: false, missing: true, error: fail('extension.nativeHostMissing', { host: NATIVE_HOST_NAME, reason: 'native-host-missing', message }) };
    }
    return { ok: false, missing: false, error: fail('extension.nativeHostFailed', { reason: 'native-host-failed', message }) };
  } finally {
    clearTimeout(timer);
  }
  const reply = NativePairReply.safeParse(raw);
  if (!reply.success) return { ok: false, missing: false, error: fail('transport.malformedMessage', { hop: 'native-host' }) };
  if (!reply.data.ok) return { ok: false, missing: false, error: EdefterError.fromJSON(reply.data.error as SerializedError) };
  return { ok: true, secret: reply.data.secret };
}
