/**
 * The local channel's requests (see messages.ts): pair (native host), pair-code (`edefter pair`),
 * pairing-list and pairing-revoke (`edefter pairing`). Every pairing, refusal and revocation is
 * written to the audit log.
 */
import { randomBytes } from 'node:crypto';
import { GECKO_EXTENSION_ID, fail } from '@edefter/protocol';
import { tryAppendAudit } from '../../audit/index.ts';
import type { BridgeLog } from '../log.ts';
import type { PairCodeBook } from '../pair-code-book.ts';
import type { PairingStore } from '../pairing-store.ts';
import type { LocalRequest, PairingListEntry } from './messages.ts';

/** What the handlers need from the running bridge. */
export interface LocalChannelContext {
  store: PairingStore;
  /** allowed Chrome extension ids (the pinned one first) */
  chromeIds: readonly string[];
  codes: PairCodeBook;
  log: BridgeLog;
  /** Closes the live WebSocket connections of these installs (`'all'`: every install). @returns how many closed */
  disconnect(installIds: readonly string[] | 'all'): number;
}

const MOZ_ORIGIN = /^moz-extension:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function refusePairing(ctx: LocalChannelContext, reason: string, facts: Record<string, string>): never {
  ctx.log.warn('Eşleştirme reddedildi / pairing refused', { reason, ...facts });
  tryAppendAudit('pairing-refused', { via: 'local-channel', reason, ...facts }, (e) =>
    ctx.log.error('Denetim kaydı yazılamadı / audit write failed', { message: String(e) }),
  );
  throw fail('server.pairingCallerRefused', { reason });
}

/**
 * Checks who the browser says started the host against the install's claimed origin.
 * Chrome: caller `chrome-extension://<id>/` with an allowed id, and extensionOrigin the same id.
 * Firefox: caller the gecko id; extensionOrigin a `moz-extension://<uuid>` (random per install).
 */
function checkCaller(ctx: LocalChannelContext, m: Extract<LocalRequest, { t: 'pair' }>): void {
  const facts = { browser: m.browser, caller: m.caller.slice(0, 120), extensionOrigin: m.extensionOrigin.slice(0, 120), install: m.installId.slice(0, 8) };
  if (m.browser === 'chrome') {
    const c = /^chrome-extension:\/\/([a-p]{32})\/?$/.exec(m.caller);
    if (!c || !ctx.chromeIds.includes(c[1])) refusePairing(ctx, 'caller', facts);
    if (m.extensionOrigin !== `chrome-extension://${c[1]}`) refusePairing(ctx, 'origin-mismatch', facts);
  } else {
    if (m.caller !== GECKO_EXTENSION_ID) refusePairing(ctx, 'caller', facts);
    if (!MOZ_ORIGIN.test(m.extensionOrigin)) refusePairing(ctx, 'origin-mismatch', facts);
  }
}

/**
 * Stores a fresh 32-byte secret for an install (replacing an old pairing of it, whose live
 * sockets are closed), audits `pairing`, and returns the secret (base64).
 * Shared by the native-host path and the manual code path (connection.ts).
 */
export async function storeNewPairing(
  ctx: Pick<LocalChannelContext, 'store' | 'log' | 'disconnect'>,
  installId: string,
  browser: 'chrome' | 'firefox',
  extensionOrigin: string,
  method: 'native-host' | 'code',
): Promise<string> {
  const secret = randomBytes(32);
  const prev = await ctx.store.get(installId);
  if (prev) ctx.disconnect([installId]);
  await ctx.store.put(installId, {
    secret: secret.toString('base64'),
    extensionOrigin,
    browser,
    pairedAt: new Date().toISOString(),
    allowedOrigins: prev?.extensionOrigin === extensionOrigin ? prev.allowedOrigins : [],
  });
  const b64 = secret.toString('base64');
  secret.fill(0);
  ctx.log.info('Eşleştirildi / paired', { browser, client: extensionOrigin, install: installId.slice(0, 8), method });
  tryAppendAudit('pairing', { installId, browser, extensionOrigin, method, replaced: Boolean(prev) }, (e) =>
    ctx.log.error('Denetim kaydı yazılamadı / audit write failed', { message: String(e) }),
  );
  return b64;
}

/**
 * Removes one install's pairing or all of them from the store and audits each removal (without
 * closing sockets: see {@link revokePairings}).
 * @param by who asked (`cli`, `extension`)
 * @returns the install ids actually removed
 */
export async function removePairings(
  ctx: Pick<LocalChannelContext, 'store' | 'log'>,
  which: { installId: string } | { all: true },
  by: string,
): Promise<string[]> {
  const ids = 'all' in which ? (await ctx.store.list()).map(([id]) => id) : [which.installId];
  const removed: string[] = [];
  for (const id of ids) {
    const rec = await ctx.store.get(id);
    if (!(await ctx.store.remove(id))) continue;
    removed.push(id);
    tryAppendAudit('pairing-revoke', { installId: id, browser: rec?.browser, extensionOrigin: rec?.extensionOrigin, by }, (e) =>
      ctx.log.error('Denetim kaydı yazılamadı / audit write failed', { message: String(e) }),
    );
  }
  ctx.log.info('Eşleştirme kaldırıldı / pairing revoked', { count: removed.length, by });
  return removed;
}

/** Revokes one install or all, then closes their live sockets. @returns how many pairings were removed */
async function revokePairings(ctx: LocalChannelContext, which: { installId: string } | { all: true }, by: string): Promise<number> {
  const removed = await removePairings(ctx, which, by);
  ctx.disconnect('all' in which ? 'all' : [which.installId]);
  return removed.length;
}

/** Answers one local-channel request. @throws EdefterError (sent back as `{ok:false,error}`) */
export async function handleLocalRequest(ctx: LocalChannelContext, m: LocalRequest): Promise<Record<string, unknown>> {
  switch (m.t) {
    case 'pair': {
      checkCaller(ctx, m);
      const secret = await storeNewPairing(ctx, m.installId, m.browser, m.extensionOrigin, 'native-host');
      return { secret };
    }
    case 'pair-code': {
      const { code, expiresInMs } = ctx.codes.issue();
      ctx.log.info('Elle eşleştirme kodu verildi / manual pairing code issued', { expiresInMs });
      return { code, expiresInMs };
    }
    case 'pairing-list': {
      const installs: PairingListEntry[] = (await ctx.store.list()).map(([installId, r]) => ({
        installId,
        browser: r.browser,
        extensionOrigin: r.extensionOrigin,
        pairedAt: r.pairedAt,
        ...(r.lastSeenAt ? { lastSeenAt: r.lastSeenAt } : {}),
        allowedOrigins: r.allowedOrigins,
      }));
      return { installs };
    }
    case 'pairing-revoke':
      return { revoked: await revokePairings(ctx, 'all' in m ? { all: true } : { installId: m.installId }, 'cli') };
    default:
      throw fail('transport.malformedMessage', { reason: 'local-request' });
  }
}
