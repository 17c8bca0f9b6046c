/**
 * Hop 3: service worker ⇄ bridge, over one secure WebSocket (wss://127.0.0.1:<port>).
 *
 * Connection state machine (both ends):
 *   upgrade (a paired install adds `?i=&t=&m=`, see {@link upgradeQuery}: the "paired pool";
 *            anything else lands in the small "unauthenticated pool", 64 KiB frames, closed within 10 s)
 *   open → client `hello` → bridge `hello` (versions; `paired` + `challenge` if the install is known)
 *        → either `auth` (HMAC-SHA256 of the challenge with the per-install secret)
 *          or (unpaired) `pair-code` with the code `edefter pair` printed in the user's own session
 *        → ready: `request` / `ack` / `reply`, `event` from the bridge; `unpair` forgets the install.
 * Pairing itself normally goes through the native-messaging host (`edefter native-host`), not
 * this socket; see {@link NativePairRequest}. No bridge reply ever carries a pairing code.
 * Text frames are JSON; the only binary frame is a PIN that follows `session-open`
 * (see {@link encodePinFrame}).
 */
import * as z from '../zod.ts';
import { lazySchema } from '../lazy-schema.ts';
import { Base64, RequestId, SerializedErrorSchema, WebOrigin } from '../common.ts';
import { bytesToBase64 } from '../bytes.ts';
import { progressFields } from './progress-shape.ts';

/** Install id the extension generates once (128-bit random, hex). */
export const InstallId = lazySchema(() => z.string().regex(/^[0-9a-f]{32}$/));

/** client → bridge: first message */
export const ClientHello = lazySchema(() =>
  z.object({
    t: z.literal('hello'),
    id: RequestId,
    protocol: z.string(),
    extension: z.object({ version: z.string(), browser: z.enum(['chrome', 'firefox']) }),
    installId: InstallId,
  }),
);
export type ClientHello = z.infer<typeof ClientHello>;

/** bridge → client: answer to hello */
export const BridgeHello = lazySchema(() =>
  z.object({
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
  }),
);
export type BridgeHello = z.infer<typeof BridgeHello>;

/** client → bridge: proof of the per-install secret. mac = HMAC-SHA256(secret, AUTH_LABEL | challenge | installId) */
export const ClientAuth = lazySchema(() => z.object({ t: z.literal('auth'), id: RequestId, installId: InstallId, mac: Base64 }));
export type ClientAuth = z.infer<typeof ClientAuth>;

/** Domain separation label for {@link ClientAuth}'s MAC. */
export const AUTH_LABEL = 'edefter-bridge/auth/v1';

/**
 * Alphabet of the manual pairing code printed by `edefter pair`: A–Z and 2–9 without the
 * look-alikes I, O, 0, 1 (32 symbols, so 8 symbols carry 40 bits).
 */
export const PAIR_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A manual pairing code: 8 symbols of {@link PAIR_CODE_ALPHABET}. */
export const PairCodeText = lazySchema(() => z.string().regex(/^[A-HJ-NP-Z2-9]{8}$/));

/**
 * Normalises what a user typed as a pairing code: upper case, spaces and dashes removed.
 * The result still has to pass {@link PairCodeText}.
 */
export function normalizePairCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]+/g, '');
}

/**
 * client → bridge (unpaired, right after `hello`): the manual pairing code the user typed.
 * Reply: {@link PairCodeResult}. Wrong codes are answered ever more slowly, and the code dies
 * after 5 wrong tries (the user runs `edefter pair` again).
 */
export const ClientPairCode = lazySchema(() => z.object({ t: z.literal('pair-code'), id: RequestId, installId: InstallId, code: PairCodeText }));
export type ClientPairCode = z.infer<typeof ClientPairCode>;

/** Result of `pair-code`: the per-install secret (32 bytes, base64), to keep in extension storage. */
export const PairCodeResult = lazySchema(() => z.object({ secret: Base64 }));

/**
 * client → bridge (authenticated): forget this install's pairing. Reply `{}`, then the bridge
 * closes the socket; the extension clears its secret.
 */
export const ClientUnpair = lazySchema(() => z.object({ t: z.literal('unpair'), id: RequestId, installId: InstallId }));
export type ClientUnpair = z.infer<typeof ClientUnpair>;

/** client → bridge: run an action. `origin` is the web page the extension acts for (when the action needs one). */
export const ClientRequest = lazySchema(() =>
  z.object({
    t: z.literal('request'),
    id: RequestId,
    action: z.string().min(1).max(64),
    origin: WebOrigin.optional(),
    params: z.unknown(),
  }),
);
export type ClientRequest = z.infer<typeof ClientRequest>;

/** Everything a client may send as text. */
export const ClientMessage = lazySchema(() => z.discriminatedUnion('t', [ClientHello, ClientAuth, ClientPairCode, ClientUnpair, ClientRequest]));
export type ClientMessage = z.infer<typeof ClientMessage>;

/** bridge → client: request received and valid; the reply follows */
export const BridgeAck = lazySchema(() => z.object({ t: z.literal('ack'), id: RequestId }));

/** bridge → client: outcome of hello-less messages (auth, pair-code, unpair, request) */
export const BridgeReply = lazySchema(() =>
  z.discriminatedUnion('ok', [
    z.object({ t: z.literal('reply'), id: RequestId, ok: z.literal(true), result: z.unknown() }),
    z.object({ t: z.literal('reply'), id: RequestId, ok: z.literal(false), error: SerializedErrorSchema }),
  ]),
);
export type BridgeReply = z.infer<typeof BridgeReply>;

/** bridge → client: unsolicited news (e.g. `closing`) */
export const BridgeEvent = lazySchema(() => z.object({ t: z.literal('event'), name: z.string(), data: z.unknown().optional() }));

/**
 * bridge → client: progress of the running request `id` (see progress.ts): phase, done/total
 * bytes or items, a short Turkish label. Sent any number of times between `ack` and `reply`.
 */
export const BridgeProgressEvent = lazySchema(() =>
  z.object({
    t: z.literal('event'),
    name: z.literal('progress'),
    ...progressFields(),
  }),
);
export type BridgeProgressEvent = z.infer<typeof BridgeProgressEvent>;

/** Everything the bridge may send as text (hello also may come back as a failed reply). */
export const BridgeMessage = lazySchema(() => z.union([BridgeHello, BridgeAck, BridgeReply, BridgeProgressEvent, BridgeEvent]));
export type BridgeMessage = z.infer<typeof BridgeMessage>;

/** Domain-separation label of the upgrade token (see {@link upgradeToken}). */
export const UPGRADE_LABEL = 'edefter-upgrade';

/** How far the upgrade token's time may be from the bridge's clock, in ms (either way). */
export const UPGRADE_MAX_SKEW_MS = 60_000;

/** Bytes as unpadded base64url (RFC 4648 §5). */
export function bytesToBase64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The upgrade token a paired install puts in the WebSocket URL:
 * base64url(HMAC-SHA256(secret, `edefter-upgrade|<installId>|<t>`)), where `t` is the client's
 * clock in Unix milliseconds (an integer). WebCrypto, so it runs in the extension's service
 * worker and in Node ≥ 20 alike.
 * @param secret the per-install secret (32 bytes, decoded from base64)
 * @returns 43 base64url characters
 */
export async function upgradeToken(secret: Uint8Array, installId: string, t: number): Promise<string> {
  const key = await globalThis.crypto.subtle.importKey('raw', secret as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await globalThis.crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${UPGRADE_LABEL}|${installId}|${t}`));
  return bytesToBase64Url(new Uint8Array(mac));
}

/**
 * Query string (without `?`) that puts a paired install's socket in the bridge's paired pool:
 * `i=<installId>&t=<unix ms>&m=<upgradeToken>`. Each (i, t) is accepted once and only within
 * {@link UPGRADE_MAX_SKEW_MS} of the bridge's clock, so build a fresh one for every connect.
 * @param now Unix ms (default `Date.now()`)
 */
export async function upgradeQuery(secret: Uint8Array, installId: string, now: number = Date.now()): Promise<string> {
  const t = Math.floor(now);
  return `i=${installId}&t=${t}&m=${await upgradeToken(secret, installId, t)}`;
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
