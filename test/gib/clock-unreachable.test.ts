/**
 * When the clock check cannot reach GİB (the HTTP Date is read from GİB's own answer), the error
 * names the real cause — GİB unreachable, why in plain words, where to fix the address — not a
 * raw "getaddrinfo ENOTFOUND" (issue 12); the raw message stays in details.cause.
 */
import { describe, expect, it } from 'vitest';
import net from 'node:net';
import { checkClock } from '../../packages/bridge/src/gib/clock.ts';

describe('clock check against an unreachable GİB', () => {
  it('connection refused and unknown host are explained in Turkish then English', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = (srv.address() as net.AddressInfo).port;
    await new Promise<void>((r) => srv.close(() => r()));
    const refused = await checkClock({ kind: 'http-date' }, `http://127.0.0.1:${port}/ws`, { timeoutMs: 3000 }).catch((e) => e);
    expect(refused).toMatchObject({ code: 'GIB_UNAVAILABLE' });
    expect(refused.tr).toBe(
      `GİB'e ulaşılamadı: http://127.0.0.1:${port}/ws (bağlantı reddedildi). İnternet bağlantısını ve eklentinin Ayarlar sayfasındaki GİB adresini kontrol edin.`,
    );
    expect(refused.en).toContain('connection refused');
    const unknown = await checkClock({ kind: 'http-date' }, 'https://gib.invalid/ws', { timeoutMs: 3000 }).catch((e) => e);
    expect(unknown.tr).toContain('adres bulunamadı');
    expect(unknown.tr).not.toMatch(/getaddrinfo|ENOTFOUND/);
    expect(String(unknown.details.cause)).toMatch(/ENOTFOUND|EAI_AGAIN|getaddrinfo|fetch failed/);
  });
});
