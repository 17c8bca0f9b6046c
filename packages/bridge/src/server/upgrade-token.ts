/**
 * Checks the upgrade token a paired extension puts in the WebSocket URL
 * (`/?i=<installId>&t=<unix ms>&m=<base64url HMAC-SHA256(secret, "edefter-upgrade|i|t")>`, see
 * @edefter/protocol upgradeQuery): the install must be paired from the same extension origin,
 * |now − t| ≤ 60 s, the MAC must match (constant-time compare), and each (i, t) is accepted once.
 * A socket that passes goes to the paired pool; anything else to the unauthenticated pool.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { UPGRADE_LABEL, UPGRADE_MAX_SKEW_MS } from '@edefter/protocol';
import type { PairingStore } from './pairing-store.ts';

/** Most remembered (i, t) pairs; beyond it, new tokens are refused until old ones expire. */
const MAX_REMEMBERED = 10_000;

/** Verifies upgrade tokens and remembers the used ones. */
export class UpgradeTokenChecker {
  private used = new Map<string, number>();

  constructor(
    private readonly store: PairingStore,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Checks the query of an upgrade request.
   * @param url the request URL (`/?i=…&t=…&m=…`)
   * @param origin the Origin the upgrade came with (must equal the pairing's extension origin)
   * @returns the proven install id, or undefined (no token, bad token, replay, unknown install)
   */
  async check(url: string | undefined, origin: string): Promise<string | undefined> {
    if (!url || !url.includes('?')) return undefined;
    let q: URLSearchParams;
    try {
      q = new URL(url, 'https://127.0.0.1').searchParams;
    } catch {
      return undefined;
    }
    const i = q.get('i');
    const t = q.get('t');
    const m = q.get('m');
    if (!i || !t || !m || !/^[0-9a-f]{32}$/.test(i) || !/^\d{1,16}$/.test(t) || !/^[A-Za-z0-9_-]{43}$/.test(m)) return undefined;
    const now = this.now();
    if (Math.abs(now - Number(t)) > UPGRADE_MAX_SKEW_MS) return undefined;
    const key = `${i}|${t}`;
    this.prune(now);
    if (this.used.has(key) || this.used.size >= MAX_REMEMBERED) return undefined;
    const rec = await this.store.get(i);
    if (!rec || rec.extensionOrigin !== origin) return undefined;
    const expected = createHmac('sha256', Buffer.from(rec.secret, 'base64')).update(`${UPGRADE_LABEL}|${i}|${t}`).digest();
    const got = Buffer.from(m, 'base64url');
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) return undefined;
    if (this.used.has(key)) return undefined;
    this.used.set(key, Number(t) + UPGRADE_MAX_SKEW_MS);
    return i;
  }

  private prune(now: number): void {
    if (this.used.size < 256) return;
    for (const [k, exp] of this.used) if (exp < now) this.used.delete(k);
  }
}
