/**
 * Hop 3a: extension ⇄ native-messaging host `tr.edefter.bridge` (`edefter native-host`), used
 * once per pairing. The browser starts the host itself, only for the extension its host
 * manifest names (`allowed_origins` / `allowed_extensions`), and tells the host who called
 * (Chrome: argv `chrome-extension://<id>/`; Firefox: argv manifest path + extension id). The
 * host relays to the bridge over its local channel (a Unix socket only the same OS user can
 * open) and answers with the per-install secret. Framing (browser-defined): 4-byte
 * little-endian length, then UTF-8 JSON; one request, one reply, then the host exits.
 */
import * as z from '../zod.ts';
import { lazySchema } from '../lazy-schema.ts';
import { Base64, SerializedErrorSchema } from '../common.ts';
import { InstallId } from './bridge.ts';

/** Name of the native-messaging host (host manifest `name`, `connectNative`/`sendNativeMessage` argument). */
export const NATIVE_HOST_NAME = 'tr.edefter.bridge';

/** extension → host: pair this install. `extensionOrigin` is the extension's own origin (no trailing slash). */
export const NativePairRequest = lazySchema(() =>
  z.object({
    t: z.literal('pair'),
    installId: InstallId,
    browser: z.enum(['chrome', 'firefox']),
    extensionOrigin: z.string().regex(/^(chrome-extension:\/\/[a-p]{32}|moz-extension:\/\/[0-9a-f-]{36})$/),
  }),
);
export type NativePairRequest = z.infer<typeof NativePairRequest>;

/** host → extension: the per-install secret (32 bytes, base64), or why not. */
export const NativePairReply = lazySchema(() =>
  z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), secret: Base64 }), z.object({ ok: z.literal(false), error: SerializedErrorSchema })]),
);
export type NativePairReply = z.infer<typeof NativePairReply>;
