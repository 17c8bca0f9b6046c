/**
 * End to end, as a user does it: the demo portal page (page API only) → content script →
 * extension service worker → `edefter bridge` over wss (CA trusted through `edefter trust
 * install` in an NSS db) → isolated SoftHSM2 demo token → signed bytes back to the page.
 * One Chromium launch for the whole file; the steps build on each other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { newRequestId, CHROME_EXTENSION_ORIGIN } from '../../packages/protocol/src/index.ts';
import { TestClient, tryOpen } from '../bridge/ws-client.ts';
import {
  CHROME_EXTENSION_ID,
  allowSites,
  enterPin,
  nthConsent,
  openPopup,
  pair,
  setPort,
  startStack,
  xmlsecVerify,
  type Stack,
  clickInConsent,
} from './harness.ts';
import { openPortal as openPortalAt, selectRows as select, settled, startAction as start, type PortalMessage } from './portal-driver.ts';

const PIN = '123456';
const WRONG_PIN = '975318';

let s: Stack;
let page: Page;

/** Clicks a toolbar button and waits for the portal's message to settle (ok or error). */
async function act(p: Page, button: string): Promise<PortalMessage> {
  await start(p, button);
  return settled(p);
}

const openPortal = (origin: string): Promise<Page> => openPortalAt(s, origin);

function portalFile(row: 'y' | 'k', slot: string): string {
  const f = s.portal.rows.find((r) => r.id === row)!.files[slot as 'defter'];
  if (!f) throw new Error(`no ${slot} for ${row}`);
  return f;
}

beforeAll(async () => {
  s = await startStack({ tsa: true });
}, 180_000);

afterAll(async () => {
  await s?.close();
});

describe('portal → extension → bridge → token', () => {
  it('loads the extension under its pinned id', () => {
    expect(s.extensionId).toBe(CHROME_EXTENSION_ID);
  });

  it('an allowed site with an unpaired extension is refused without any prompt', async () => {
    await setPort(s);
    await allowSites(s, [s.portal.origin]);
    page = await openPortal(s.portal.origin);
    await expect.poll(() => page.getByTestId('banner').getAttribute('data-bridge')).toBe('not-paired');
    await select(page, ['y']);
    expect((await act(page, 'btn-dosya-olustur')).state).toBe('ok');
    const r = await act(page, 'btn-dosya-imzala');
    expect(r).toMatchObject({ state: 'err', code: 'NOT_PAIRED' });
    expect(s.consentPages.length).toBe(0);
  });

  it('pairs through the native-messaging host with no terminal input; the popup shows no code', async () => {
    await pair(s);
    const popup = await openPopup(s);
    expect(await popup.getByTestId('pairing').count()).toBe(0);
    await popup.close();
    await page.reload();
    await page.locator('body[data-ready="1"]').waitFor();
    await expect.poll(() => page.getByTestId('banner').getAttribute('data-bridge')).toBe('connected');
  });

  it('signs a Yevmiye: one consent window with the right facts, wrong PIN then right PIN, xmlsec1 verifies', async () => {
    await select(page, ['y']);
    await start(page, 'btn-dosya-imzala');
    const c = await nthConsent(s, 1);
    const unsigned = fs.readFileSync(portalFile('y', 'defter'));
    expect(await c.getByTestId('consent-origin').textContent()).toBe(s.portal.origin);
    expect(await c.getByTestId('doc-kind').textContent()).toBe('Yevmiye');
    expect(await c.getByTestId('doc-vkn').textContent()).toBe('6090408038');
    expect(await c.getByTestId('doc-title').textContent()).toBe('DEMO TİCARET A.Ş.');
    expect(await c.getByTestId('doc-part').textContent()).toBe('000000');
    expect(await c.getByTestId('doc-period').textContent()).toContain('01.10.2026');
    expect((await c.getByTestId('doc-sha256').textContent())!.replace(/\s/g, '')).toBe(createHash('sha256').update(unsigned).digest('hex'));
    expect(await c.getByTestId('cert-vkn').textContent()).toBe('6090408038');
    expect(await c.getByTestId('pin-shuffle').textContent()).toBe('Rakamları Karıştır');
    expect(await c.getByTestId('timestamp-box').count()).toBe(0);
    await c.getByTestId('pin-shuffle').click();
    await enterPin(c, WRONG_PIN, 'pad');
    await clickInConsent(c.getByTestId('approve'));
    await expect.poll(() => c.getByTestId('consent-error').getAttribute('data-code')).toBe('PIN_INCORRECT');
    // the card now reports a low PIN counter: no PIN goes to it without the user's "son deneme"
    await expect.poll(() => c.getByTestId('pin-tries').textContent()).toBe('PIN deneme hakkı azaldı');
    await enterPin(c, PIN, 'keyboard');
    expect(await c.getByTestId('approve').isDisabled()).toBe(true);
    await c.getByTestId('confirm-final-try').check();
    await clickInConsent(c.getByTestId('approve'));
    const r = await settled(page);
    expect(r, r.text).toMatchObject({ state: 'ok' });
    expect(s.consentPages.length).toBe(1);
    expect(await page.getByTestId('status-y').textContent()).toBe('Dosya İmzalandı');
    const v = xmlsecVerify(portalFile('y', 'defter-imzali'));
    expect(v.ok, v.out).toBe(true);
  });

  it('two documents in one request: one consent window per document, the PIN only once', async () => {
    await select(page, ['k']);
    expect((await act(page, 'btn-dosya-olustur')).state).toBe('ok');
    const base = s.consentPages.length;
    await select(page, ['y', 'k']);
    await start(page, 'btn-dosya-imzala');
    const c1 = await nthConsent(s, base + 1);
    expect(await c1.getByTestId('doc-index').textContent()).toBe('Belge 1 / 2');
    expect(await c1.getByTestId('approve-all').count()).toBe(1);
    await enterPin(c1, PIN);
    await clickInConsent(c1.getByTestId('approve'));
    const c2 = await nthConsent(s, base + 2);
    expect(await c2.getByTestId('doc-index').textContent()).toBe('Belge 2 / 2');
    expect(await c2.getByTestId('doc-kind').textContent()).toBe('Kebir');
    expect(await c2.getByTestId('pin-entered').count()).toBe(1);
    await clickInConsent(c2.getByTestId('approve'));
    expect((await settled(page)).state).toBe('ok');
    expect(s.consentPages.length).toBe(base + 2);
    for (const row of ['y', 'k'] as const) expect(xmlsecVerify(portalFile(row, 'defter-imzali')).ok).toBe(true);
  });

  it('"Tümünü Onayla" approves every listed document from one window', async () => {
    const base = s.consentPages.length;
    await select(page, ['y', 'k']);
    await start(page, 'btn-dosya-imzala');
    const c = await nthConsent(s, base + 1);
    await enterPin(c, PIN, 'keyboard');
    await clickInConsent(c.getByTestId('approve-all'));
    expect((await settled(page)).state).toBe('ok');
    await page.waitForTimeout(300);
    expect(s.consentPages.length).toBe(base + 1);
    for (const row of ['y', 'k'] as const) expect(xmlsecVerify(portalFile(row, 'defter-imzali')).ok).toBe(true);
  });

  it('the popup lists the token and certificates and the allowed site', async () => {
    const popup = await openPopup(s);
    await popup.getByTestId('tokens').waitFor();
    expect(await popup.getByTestId('tokens').textContent()).toContain('DEMO MALI MUHUR');
    expect(await popup.getByTestId('tokens').textContent()).toContain('6090408038');
    expect(await popup.getByTestId('allowed-sites').textContent()).toContain(s.portal.origin);
    await popup.close();
  });

  it('signs the Yevmiye Beratı with the timestamp box unchecked (XAdES-BES)', async () => {
    await select(page, ['y']);
    const b = await act(page, 'btn-berat-olustur');
    expect(b.state, b.text).toBe('ok');
    const base = s.consentPages.length;
    await start(page, 'btn-berat-imzala');
    const c = await nthConsent(s, base + 1);
    expect(await c.getByTestId('doc-kind').textContent()).toBe('Yevmiye Beratı');
    const box = c.getByTestId('timestamp-box');
    expect(await box.isChecked()).toBe(false);
    await enterPin(c, PIN);
    await clickInConsent(c.getByTestId('approve'));
    const r = await settled(page);
    expect(r, r.text).toMatchObject({ state: 'ok' });
    const f = portalFile('y', 'berat-imzali');
    expect(xmlsecVerify(f).ok).toBe(true);
    expect(fs.readFileSync(f, 'utf8')).not.toContain('SignatureTimeStamp');
  });

  it('signs it again with "Zaman damgası ekle" checked (XAdES-T from the test TSA); the choice is remembered', async () => {
    await select(page, ['y']);
    expect((await act(page, 'btn-berat-olustur')).state).toBe('ok');
    const base = s.consentPages.length;
    await start(page, 'btn-berat-imzala');
    const c = await nthConsent(s, base + 1);
    await c.getByTestId('timestamp-box').check();
    await enterPin(c, PIN);
    await clickInConsent(c.getByTestId('approve'));
    const r = await settled(page);
    expect(r, r.text).toMatchObject({ state: 'ok' });
    const f = portalFile('y', 'berat-imzali');
    const v = xmlsecVerify(f);
    expect(v.ok, v.out).toBe(true);
    expect(fs.readFileSync(f, 'utf8')).toMatch(/<xades:SignatureTimeStamp[\s>][\s\S]*<xades:EncapsulatedTimeStamp/);
    const stored = await s.worker.evaluate(() =>
      (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<unknown> } } } }).chrome.storage.local.get('timestampBerat'),
    );
    expect(stored).toEqual({ timestampBerat: true });
  });

  it('refusing in the consent window gives the page a typed USER_CANCELLED; so does closing it', async () => {
    await select(page, ['y']);
    const base = s.consentPages.length;
    await start(page, 'btn-dosya-imzala');
    const c = await nthConsent(s, base + 1);
    await clickInConsent(c.getByTestId('refuse'));
    expect(await settled(page)).toMatchObject({ state: 'err', code: 'USER_CANCELLED' });
    await start(page, 'btn-dosya-imzala');
    const c2 = await nthConsent(s, base + 2);
    await c2.close();
    expect(await settled(page)).toMatchObject({ state: 'err', code: 'USER_CANCELLED' });
  });

  it('a site that is not allowed gets ORIGIN_NOT_ALLOWED and no prompt', async () => {
    const other = s.portal.origin.replace('127.0.0.1', 'localhost');
    const p2 = await openPortal(other);
    await expect.poll(() => p2.getByTestId('banner').getAttribute('data-allowed')).toBe('false');
    const before = s.consentPages.length;
    await select(p2, ['y']);
    expect(await act(p2, 'btn-dosya-imzala')).toMatchObject({ state: 'err', code: 'ORIGIN_NOT_ALLOWED' });
    await p2.waitForTimeout(300);
    expect(s.consentPages.length).toBe(before);
    await p2.close();
  });

  it('a WebSocket opened straight from the web page is refused by the bridge', async () => {
    const outcome = await page.evaluate(
      (port) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(`wss://127.0.0.1:${port}/`);
          ws.onopen = () => {
            resolve('open');
            ws.close();
          };
          ws.onerror = () => resolve('error');
          setTimeout(() => resolve('timeout'), 5000);
        }),
      s.bridge.port,
    );
    expect(outcome).toBe('error');
    await s.bridge.waitFor(new RegExp(`WebSocket reddedildi.*reason=origin origin=${s.portal.origin.replace(/[.:/]/g, '\\$&')}`));
  });

  it('a wrong Host header is refused (HTTPS and WebSocket)', async () => {
    const ca = fs.readFileSync(path.join(s.configDir, 'tls', 'ca.pem'), 'utf8');
    const status = await new Promise<number>((resolve, reject) => {
      https
        .get(
          { host: '127.0.0.1', port: s.bridge.port, path: '/status', ca, servername: 'localhost', headers: { Host: `attacker.example:${s.bridge.port}` } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        )
        .on('error', reject);
    });
    expect(status).toBe(421);
    expect(await tryOpen(s.bridge.port, ca, { Origin: CHROME_EXTENSION_ORIGIN, Host: `attacker.example:${s.bridge.port}` })).toMatchObject({
      ok: false,
      status: 421,
    });
  });

  it("an unpaired client with the extension's own Origin still gets NOT_PAIRED", async () => {
    const ca = fs.readFileSync(path.join(s.configDir, 'tls', 'ca.pem'), 'utf8');
    const r = await tryOpen(s.bridge.port, ca, { Origin: CHROME_EXTENSION_ORIGIN, Host: `127.0.0.1:${s.bridge.port}` });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const c = new TestClient(r.ws);
    expect((await c.hello(newRequestId())).paired).toBe(false);
    expect(await c.request('session-open', { certificateId: '01', tokenLabel: 'DEMO MALI MUHUR', pin: 'frame' }, s.portal.origin, PIN)).toMatchObject({
      ok: false,
      error: { code: 'NOT_PAIRED' },
    });
    c.close();
  });

  it("the PIN never appears in the bridge's output or any browser console", () => {
    const out = s.bridge.output();
    expect(out).toMatch(/Belge imzalandı/);
    expect(out).not.toContain(PIN);
    expect(out).not.toContain(WRONG_PIN);
    expect(s.consoleLines.join('\n')).not.toContain(PIN);
  });
});
