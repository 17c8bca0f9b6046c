/**
 * Hop 3: service worker ⇄ bridge, over one secure WebSocket (wss://127.0.0.1:<port>).
 *
 * Connection state machine (both ends):
 *   open → client `hello` → bridge `hello` (versions; `paired` + `challenge` if the install is known)
 *        → either `auth` (HMAC-SHA256 of the challenge with the per-install secret)
 *          or `pair-begin` → code shown in the extension and printed by the bridge → `pair-confirm`
 *        → ready: `request` / `ack` / `reply`, `event` from the bridge.
 * Text frames are JSON; the only binary frame is a PIN that follows `session-open`
 * (see {@link encodePinFrame}).
 */
import { z } from 'zod';
import { Base64, RequestId, SerializedErrorSchema, WebOrigin } from '../common.ts';

/** Install id the extension generates once (128-bit random, hex). */
export const InstallId = z.string().regex(/^[0-9a-f]{32}$/);

/** client → bridge: first message */
export const ClientHello = z.object({
  t: z.literal('hello'),
  id: RequestId,
  protocol: z.string(),
  extension: z.object({ version: z.string(), browser: z.enum(['chrome', 'firefox']) }),
  installId: InstallId,
});
export type ClientHello = z.infer<typeof ClientHello>;

/** bridge → client: answer to hello */
export const BridgeHello = z.object({
  t: z.literal('hello'),
  id: RequestId,
  protocol: z.string(),
  bridge: z.object({ version: z.string() }),
  /** this install has a stored secret: answer `challenge` with `auth` */
  paired: z.boolean(),
  /** 32 random bytes, base64; present when `paired` */
  challenge: Base64.optional(),
  tsaConfigured: z.boolean(),
  testMode: z.boolean(),
});
export type BridgeHello = z.infer<typeof BridgeHello>;

/** client → bridge: proof of the per-install secret. mac = HMAC-SHA256(secret, AUTH_LABEL | challenge | installId) */
export const ClientAuth = z.object({ t: z.literal('auth'), id: RequestId, installId: InstallId, mac: Base64 });
export type ClientAuth = z.infer<typeof ClientAuth>;

/** Domain separation label for {@link ClientAuth}'s MAC. */
export const AUTH_LABEL = 'edefter-bridge/auth/v1';

/** client → bridge: start pairing; `nonce` is 32 random bytes (base64) that feed the code */
export const PairBegin = z.object({ t: z.literal('pair-begin'), id: RequestId, installId: InstallId, nonce: Base64 });
export type PairBegin = z.infer<typeof PairBegin>;

/** client → bridge: the user confirmed that both sides show `code` */
export const PairConfirm = z.object({ t: z.literal('pair-confirm'), id: RequestId, installId: InstallId, code: z.string().regex(/^\d{6}$/) });
export type PairConfirm = z.infer<typeof PairConfirm>;

/** client → bridge: run an action. `origin` is the web page the extension acts for (when the action needs one). */
export const ClientRequest = z.object({
  t: z.literal('request'),
  id: RequestId,
  action: z.string().min(1).max(64),
  origin: WebOrigin.optional(),
  params: z.unknown(),
});
export type ClientRequest = z.infer<typeof ClientRequest>;

/** Everything a client may send as text. */
export const ClientMessage = z.discriminatedUnion('t', [ClientHello, ClientAuth, PairBegin, PairConfirm, ClientRequest]);
export type ClientMessage = z.infer<typeof ClientMessage>;

/** bridge → client: request received and valid; the reply follows */
export const BridgeAck = z.object({ t: z.literal('ack'), id: RequestId });

/** bridge → client: outcome of hello-less messages (auth, pair-*, request) */
export const BridgeReply = z.discriminatedUnion('ok', [
  z.object({ t: z.literal('reply'), id: RequestId, ok: z.literal(true), result: z.unknown() }),
  z.object({ t: z.literal('reply'), id: RequestId, ok: z.literal(false), error: SerializedErrorSchema }),
]);
export type BridgeReply = z.infer<typeof BridgeReply>;

/** bridge → client: unsolicited news (e.g. `closing`) */
export const BridgeEvent = z.object({ t: z.literal('event'), name: z.string(), data: z.unknown().optional() });

/** Everything the bridge may send as text (hello also may come back as a failed reply). */
export const BridgeMessage = z.union([BridgeHello, BridgeAck, BridgeReply, BridgeEvent]);
export type BridgeMessage = z.infer<typeof BridgeMessage>;

/** Result of `pair-begin`. */
export const PairBeginResult = z.object({ code: z.string().regex(/^\d{6}$/), bridgeNonce: Base64, expiresInMs: z.number() });
/** Result of `pair-confirm`: the per-install secret (32 bytes, base64), to keep in extension storage. */
export const PairConfirmResult = z.object({ secret: Base64 });

/**
 * Derives the 6-digit pairing code both sides display:
 * first 4 bytes of SHA-256(label | installId | bridgeNonce | clientNonce) as a big-endian
 * integer mod 10^6, zero-padded. Both nonces are 32 random bytes; a different peer on either
 * side gives a different code.
 */
export async function pairingCode(installId: string, bridgeNonce: Uint8Array, clientNonce: Uint8Array): Promise<string> {
  const label = new TextEncoder().encode(`edefter-bridge/pair/v1|${installId}|`);
  const buf = new Uint8Array(label.length + bridgeNonce.length + clientNonce.length);
  buf.set(label, 0); buf.set(bridgeNonce, label.length); buf.set(clientNonce, label.length + bridgeNonce.length);
  const d = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', buf));
  const n = ((d[0] << 24) >>> 0) + (d[1] << 16) + (d[2] << 8) + d[3];
  return String(n % 1_000_000).padStart(6, '0');
}

/**
 * Binary frame carrying a PIN for the `session-open` request `id`:
 * byte 0 = 0x50 ('P'), bytes 1..32 = ASCII of the request id, then the PIN bytes (ASCII digits or
 * the token's PIN encoding). The caller wipes the returned buffer after sending.
 */
export function encodePinFrame(id: string, pin: Uint8Array): Uint8Array {
  const out = new Uint8Array(33 + pin.length);
  out[0] = 0x50;
  for (let i = 0; i < 32; i++) out[1 + i] = id.charCodeAt(i);
  out.set(pin, 33);
  return out;
}

/** Splits a PIN frame. The returned `pin` is a view into `frame`: copy it, then wipe `frame`. */
export function decodePinFrame(frame: Uint8Array): { id: string; pin: Uint8Array } | undefined {
  if (frame.length < 34 || frame[0] !== 0x50) return undefined;
  let id = '';
  for (let i = 1; i < 33; i++) id += String.fromCharCode(frame[i]);
  if (!/^[0-9a-f]{32}$/.test(id)) return undefined;
  return { id, pin: frame.subarray(33) };
}
