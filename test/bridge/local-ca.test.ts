/** The bridge's local CA and server certificate: creation, reuse, renewal, limits (packages/bridge/src/server/tls/local-ca.ts). */
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { CA_VALIDITY_DAYS, ensureLocalTls, loopbackNameConstraintsDer } from '../../packages/bridge/src/server/tls/local-ca.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edefter-localca-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const DAY = 86_400_000;

describe('local CA', () => {
  it('creates once, reuses, renews the leaf before expiry and the CA near its end', async () => {
    const t0 = new Date();
    const a = await ensureLocalTls({ dir, now: t0 });
    expect([a.caCreated, a.leafIssued]).toEqual([true, true]);
    const leaf = new X509Certificate(a.certPem);
    expect((new Date(leaf.validTo).getTime() - new Date(leaf.validFrom).getTime()) / DAY).toBeLessThanOrEqual(398);
    expect(leaf.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost');
    expect(leaf.checkIssued(new X509Certificate(a.caPem))).toBe(true);
    expect(a.spkiSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(fs.statSync(a.paths.caKey).mode & 0o077).toBe(0);
    expect(fs.statSync(a.paths.key).mode & 0o077).toBe(0);

    const b = await ensureLocalTls({ dir, now: t0 });
    expect([b.caCreated, b.leafIssued, b.caPem === a.caPem, b.certPem === a.certPem]).toEqual([false, false, true, true]);

    const c = await ensureLocalTls({ dir, now: new Date(t0.getTime() + 370 * DAY) });
    expect([c.caCreated, c.leafIssued, c.caPem === a.caPem]).toEqual([false, true, true]);

    const d = await ensureLocalTls({ dir, now: new Date(t0.getTime() + (CA_VALIDITY_DAYS - 30) * DAY) });
    expect([d.caCreated, d.leafIssued, d.caPem === a.caPem]).toEqual([true, true, false]);
  });

  it('a broken key file is replaced, not trusted', async () => {
    const sub = path.join(dir, 'broken');
    const a = await ensureLocalTls({ dir: sub });
    fs.writeFileSync(a.paths.key, 'garbage');
    const b = await ensureLocalTls({ dir: sub });
    expect([b.caCreated, b.leafIssued]).toEqual([false, true]);
  });

  it('name constraints permit only localhost and 127.0.0.1/32', () => {
    expect(loopbackNameConstraintsDer().toString('hex')).toBe('301ba019300b82096c6f63616c686f7374300a87087f000001ffffffff');
  });
});
