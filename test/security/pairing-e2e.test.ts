/**
 * Pairing in the real browser (issue 10 items 1, 11, 12): Chromium with the built extension, the
 * real `edefter bridge` (stdin not a terminal) and its native-messaging host registered where
 * this Chromium reads user-level host manifests for its profile.
 * - The extension pairs through the native host by itself on its first connect: no terminal
 *   input, no code anywhere; the popup never renders a pairing code.
 * - "Eşleştirmeyi unut" revokes on both sides: the old secret no longer authenticates (with or
 *   without the upgrade token), the extension does not pair again by itself, and "Eşleştir"
 *   pairs again (a new secret).
 * - Manual fallback: with no host registered the popup asks for the code `edefter pair` prints
 *   in the user's session; a wrong code is refused, the printed one pairs.
 * - A site that is not on the allowed list learns nothing but ORIGIN_NOT_ALLOWED from `status`
 *   (no extension version, no bridge state), from the ack as well.
 * One Chromium launch for the file; the steps build on each other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { CHROME_EXTENSION_ORIGIN, base64ToBytes, upgradeQuery } from '../../packages/protocol/src/index.ts';
import { TestClient, tryOpen } from '../bridge/ws-client.ts';
import { allowSites, cliPairCode, installNativeHost, openPopup, pair, removeNativeHost, startStack, type Stack } from '../e2e/harness.ts';
import { openPortal } from '../e2e/portal-driver.ts';
import { attack } from './kit.ts';

let s: Stack;

/** What the extension keeps: install id and (when paired) the secret. */
async function stored(): Promise<{ installId: string; pairingSecret?: string; pairingForgotten?: boolean }> {
  return s.worker.evaluate(() =>
    (globalThis as unknown as { chrome: { storage: { local: { get(k: string[]): Promise<unknown> } } } }).chrome.storage.local.get([
      'installId',
      'pairingSecret',
      'pairingForgotten',
    ]),
  ) as never;
}

/**
 * Records every text the popup renders, from its first frame (a MutationObserver started before
 * the page's scripts), so a code shown even for a moment would be caught.
 */
async function watchedPopup(): Promise<Page> {
  const p = await s.context.newPage();
  await p.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __texts: string[] }).__texts = seen;
    new MutationObserver(() => {
      seen.push(document.body?.textContent ?? '');
      if (document.querySelector('[data-testid=pairing-code], .code')) seen.push('<code element>');
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await p.goto(`chrome-extension://${s.extensionId}/src/popup/index.html`);
  await p.getByTestId('bridge-state').waitFor();
  return p;
}

const texts = (p: Page): Promise<string[]> => p.evaluate(() => (window as unknown as { __texts: string[] }).__texts);

/** Opens a socket as the install with `secret` and tries to authenticate; true when the bridge refused. */
async function oldSecretRefused(installId: string, secret: string, withToken: boolean): Promise<boolean> {
  const ca = fs.readFileSync(path.join(s.configDir, 'tls', 'ca.pem'), 'utf8');
  const query = withToken ? await upgradeQuery(base64ToBytes(secret), installId) : undefined;
  const r = await tryOpen(s.bridge.port, ca, { Origin: CHROME_EXTENSION_ORIGIN, Host: `127.0.0.1:${s.bridge.port}` }, query);
  if (!r.ok) return true;
  const c = new TestClient(r.ws);
  try {
    const hello = await c.hello(installId).catch(() => undefined);
    if (!hello || hello.paired !== true || typeof hello.challenge !== 'string') return true;
    const auth = await c.auth(installId, secret, hello.challenge).catch(() => undefined);
    if (!auth || auth.ok !== true) return true;
    const list = await c.request('token-list', {}).catch(() => undefined);
    return !list || list.ok !== true;
  } finally {
    c.close();
  }
}

beforeAll(async () => {
  s = await startStack();
}, 180_000);

afterAll(async () => {
  await s?.close();
});

describe('pairing through the native-messaging host (Chromium, real bridge)', () => {
  let firstSecret = '';
  let installId = '';

  it('the extension pairs by itself on its first connect: no terminal input, no code shown', async () => {
    installNativeHost(s);
    const popup = await watchedPopup();
    await popup.getByTestId('port-input').fill(String(s.bridge.port));
    const t0 = Date.now();
    await popup.getByTestId('port-save').click();
    await popup.locator('[data-testid=bridge-state][data-state=connected]').waitFor({ timeout: 30_000 });
    console.info(`native pairing on first connect: ${Date.now() - t0} ms from "Kaydet" to connected`);
    expect(await popup.getByTestId('pair').count()).toBe(0);
    const st = await stored();
    expect(st.installId).toMatch(/^[0-9a-f]{32}$/);
    expect(base64ToBytes(st.pairingSecret!).length).toBe(32);
    firstSecret = st.pairingSecret!;
    installId = st.installId;
    // control: while paired, the same probe is served (so the refusals below mean something)
    expect(await oldSecretRefused(installId, firstSecret, true)).toBe(false);
    // the bridge's stdin is not a terminal (harness: stdio ignore); nothing was typed anywhere
    expect(s.bridge.child.stdin).toBeNull();
    const seen = (await texts(popup)).join('\n');
    // neither the old 6-digit comparison code nor a manual code (as `edefter pair` prints it) ever rendered
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).not.toMatch(/\b\d{3} ?\d{3}\b/);
    expect(seen).not.toMatch(/\b[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}\b/);
    expect(seen).not.toContain('<code element>');
    await popup.close();
  });

  it('"Eşleştirmeyi unut" revokes on both sides; the old secret no longer authenticates', async () => {
    const popup = await openPopup(s);
    await popup.getByTestId('forget-pairing').click();
    await popup.locator('[data-testid=bridge-state][data-state=not-paired]').waitFor({ timeout: 15_000 });
    const st = await stored();
    expect(st.pairingSecret).toBeUndefined();
    expect(st.pairingForgotten).toBe(true);
    const r = await attack('revocation', 'old secret after "Eşleştirmeyi unut" (with and without the upgrade token)', [
      () => oldSecretRefused(installId, firstSecret, true),
      () => oldSecretRefused(installId, firstSecret, false),
      () => oldSecretRefused(installId, firstSecret, true),
    ]);
    expect(r.served).toBe(0);
    // the extension does not pair again on its own after the user forgot the pairing
    await popup.reload();
    await popup.getByTestId('bridge-state').waitFor();
    await popup.waitForTimeout(2_500);
    expect(await popup.getByTestId('bridge-state').getAttribute('data-state')).toBe('not-paired');
    await popup.close();
  });

  it('"Eşleştir" pairs again through the native host, with a new secret', async () => {
    await pair(s);
    const st = await stored();
    expect(st.pairingSecret).toBeTruthy();
    expect(st.pairingSecret).not.toBe(firstSecret);
    expect(st.installId).toBe(installId);
    expect(st.pairingForgotten).toBeUndefined();
    const popup = await openPopup(s);
    await popup.getByTestId('tokens').waitFor({ timeout: 15_000 });
    await popup.close();
  });

  it('with no host registered the popup asks for the code of `edefter pair`; a wrong code is refused, the printed one pairs', async () => {
    let popup = await openPopup(s);
    await popup.getByTestId('forget-pairing').click();
    await popup.locator('[data-testid=bridge-state][data-state=not-paired]').waitFor({ timeout: 15_000 });
    removeNativeHost(s);
    await popup.getByTestId('pair').click();
    await popup.locator('[data-testid=pairing][data-native=missing]').waitFor({ timeout: 20_000 });
    expect(await popup.getByTestId('pair-manual-help').textContent()).toBe(
      'Köprü bilgisayarınızda "edefter pair" komutunu çalıştırın ve gösterilen kodu girin.',
    );
    const cli = await cliPairCode(s);
    try {
      const wrong = cli.code.startsWith('ABCD') ? 'WXYZ2345' : 'ABCD2345';
      const r = await attack('pairing', 'a wrong manual code typed into the popup', [
        async () => {
          await popup.getByTestId('pair-code-input').fill(wrong);
          await popup.getByTestId('pair-code-submit').click();
          await popup.getByTestId('popup-error').waitFor({ timeout: 20_000 });
          return (await stored()).pairingSecret === undefined;
        },
      ]);
      expect(r.served).toBe(0);
      await popup.getByTestId('pair-code-input').fill(`${cli.code.slice(0, 4).toLowerCase()}-${cli.code.slice(4)}`);
      await popup.getByTestId('pair-code-submit').click();
      await popup.locator('[data-testid=bridge-state][data-state=connected]').waitFor({ timeout: 30_000 });
    } finally {
      cli.stop();
    }
    expect((await stored()).pairingSecret).toBeTruthy();
    await popup.close();
    popup = await openPopup(s);
    await popup.getByTestId('tokens').waitFor({ timeout: 15_000 });
    await popup.close();
  });
});

describe('a site that is not on the allowed list', () => {
  it('learns nothing from `status` but ORIGIN_NOT_ALLOWED (no version, no bridge state)', async () => {
    const page = await s.context.newPage();
    const raw: unknown[] = [];
    await page.exposeFunction('__record', (m: unknown) => {
      raw.push(m);
    });
    await page.addInitScript(() => {
      window.addEventListener('message', (ev) => {
        const d = ev.data as { direction?: string } | null;
        if (d?.direction === 'to-page') void (window as unknown as { __record(m: unknown): Promise<void> }).__record(d);
      });
    });
    await page.goto(`${s.portal.origin}/`);
    await page.locator('body[data-ready="1"]').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId('banner').getAttribute('data-allowed')).toBe('false');
    const r = await attack('web-origins', 'status from a site that is not allowed', [
      async () => {
        const out = await page.evaluate(() =>
          (window as unknown as { edefterPortal: { edefter: { status(): Promise<unknown> } } }).edefterPortal.edefter.status().then(
            (v) => ({ ok: true, v }),
            (e: { code?: string; details?: unknown }) => ({ ok: false, code: e.code, details: e.details }),
          ),
        );
        return !out.ok && (out as { code?: string }).code === 'ORIGIN_NOT_ALLOWED' && (out as { details?: unknown }).details === undefined;
      },
    ]);
    expect(r.served).toBe(0);
    const text = JSON.stringify(raw);
    expect(raw.length).toBeGreaterThan(0);
    // neither the ack nor the answer names the extension's version or any bridge state
    expect(text).not.toContain('"version":"0.');
    expect(text).not.toMatch(/connected|not-paired|disconnected|"bridge"/);
    await page.close();
    // the same portal, once allowed, gets the full status again
    await allowSites(s, [s.portal.origin]);
    const allowed = await openPortal(s);
    await expect.poll(() => allowed.getByTestId('banner').getAttribute('data-allowed')).toBe('true');
    await expect.poll(() => allowed.getByTestId('banner').getAttribute('data-bridge')).toBe('connected');
    await allowed.close();
  });
});
