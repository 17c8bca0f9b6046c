/**
 * Hop 3b: the bridge's local channel (a Unix socket only the bridge's OS user can open; see
 * docs/bridge.md). Spoken by `edefter native-host`, `edefter pair` and `edefter pairing`.
 * What the local channel speaks: newline-delimited JSON, one request → one reply
 * (`{ok:true,…}` or `{ok:false,error:SerializedError}`), several requests per connection allowed.
 * Only processes of the bridge's own OS user reach it (see paths.ts and peer.ts).
 */
import * as z from '../zod.ts';
import { lazySchema } from '../lazy-schema.ts';
import { InstallId } from './bridge.ts';

/** Longest request line accepted (bytes); longer input closes the connection. */
export const LOCAL_MAX_LINE_BYTES = 64 * 1024;

/** `pair` (from `edefter native-host`): pair an install; reply `{ok:true,secret}`. */
export const LocalPair = lazySchema(() =>
  z.object({
    t: z.literal('pair'),
    installId: InstallId,
    browser: z.enum(['chrome', 'firefox']),
    extensionOrigin: z.string().max(200),
    /** what the browser told the host: Chrome's origin argv `chrome-extension://<id>/`, or Firefox's extension id argv */
    caller: z.string().max(300),
  }),
);

/** `pair-code` (from `edefter pair`): a fresh manual code; reply `{ok:true,code,expiresInMs}`. */
export const LocalPairCode = lazySchema(() => z.object({ t: z.literal('pair-code') }));

/** `pairing-list`: reply `{ok:true,installs:[…]}` (never a secret). */
export const LocalPairingList = lazySchema(() => z.object({ t: z.literal('pairing-list') }));

/** `pairing-revoke`: one install or all; reply `{ok:true,revoked:N}`; live sockets of revoked installs close. */
export const LocalPairingRevoke = lazySchema(() =>
  z.union([z.object({ t: z.literal('pairing-revoke'), installId: InstallId }), z.object({ t: z.literal('pairing-revoke'), all: z.literal(true) })]),
);

/** Any local-channel request. */
export const LocalRequest = lazySchema(() => z.union([LocalPair, LocalPairCode, LocalPairingList, LocalPairingRevoke]));
export type LocalRequest = z.infer<typeof LocalRequest>;

/** One install as `pairing-list` shows it. */
export interface PairingListEntry {
  installId: string;
  browser: 'chrome' | 'firefox';
  extensionOrigin: string;
  pairedAt: string;
  lastSeenAt?: string;
  allowedOrigins: string[];
}
