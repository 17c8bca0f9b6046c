/**
 * End to end with the PIN-pad reader simulator (test/pinpad, a PKCS#11 proxy over SoftHSM2):
 * on a CKF_PROTECTED_AUTHENTICATION_PATH token the consent window shows no PIN field and tells
 * the user to use the reader's keypad; with a simulated PIN counter, the final try is refused
 * until the user ticks the confirmation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { softhsmModule } from '../../packages/dev/src/pki/demo-token.ts';
import { allowSites, enterPin, nthConsent, pair, repoRoot, setPort, startStack, xmlsecVerify, type Stack, clickInConsent } from './harness.ts';

const SHIM = path.join(repoRoot, 'var', 'pinpad', 'libpinpad.so');
let s: Stack;
let page: Page;

async function signYevmiye(): Promise<Page> {
  const base = s.consentPages.length;
  await page.evaluate(() => {
    document.getElementById('message')!.dataset.state = 'pending';
  });
  await page.getByTestId('btn-dosya-imzala').click();
  return nthConsent(s, base + 1);
}

async function settled(): Promise<{ state: string | null; code: string | null }> {
  const m = page.getByTestId('portal-message');
  await page.locator('[data-testid=portal-message]:is([data-state=ok],[data-state=err])').waitFor({ timeout: 60_000 });
  return { state: await m.getAttribute('data-state'), code: await m.getAttribute('data-code') };
}

beforeAll(async () => {
  s = await startStack({ bridgeEnv: { EDEFTER_PKCS11_MODULE: SHIM, PINPAD_TARGET: softhsmModule(), PINPAD_DELAY_MS: '300' } });
  await setPort(s);
  await allowSites(s, [s.portal.origin]);
  await pair(s);
  page = await s.context.newPage();
  await page.goto(`${s.portal.origin}/`);
  await page.locator('body[data-ready="1"]').waitFor();
  await page.getByTestId('chk-y').check();
  await page.getByTestId('btn-dosya-olustur').click();
  await page.locator('[data-testid=status-y]', { hasText: 'Dosya Oluşturuldu' }).waitFor();
}, 180_000);

afterAll(async () => {
  await s?.close();
});

describe('PIN pad and PIN counter', () => {
  it('a PIN-pad reader: no PIN field, "enter the PIN on the reader", login through the keypad', async () => {
    const c = await signYevmiye();
    expect(await c.getByTestId('pinpad-reader').textContent()).toBe("PIN'i okuyucunun tuş takımından girin");
    expect(await c.getByTestId('pinpad').count()).toBe(0);
    expect(await c.getByTestId('approve').isEnabled()).toBe(true);
    await clickInConsent(c.getByTestId('approve'));
    expect(await settled()).toMatchObject({ state: 'ok' });
    const f = s.portal.rows.find((r) => r.id === 'y')!.files['defter-imzali']!;
    expect(xmlsecVerify(f).ok).toBe(true);
  });

  it('final PIN try: shown, approval blocked until the user confirms, then signs', async () => {
    await s.restartBridge({ PINPAD_FLAG: '0', PINPAD_RETRIES: '2' });
    const c = await signYevmiye();
    expect(await c.getByTestId('pinpad').count()).toBe(1);
    await enterPin(c, '975318');
    await clickInConsent(c.getByTestId('approve'));
    await expect.poll(() => c.getByTestId('consent-error').getAttribute('data-code')).toBe('PIN_INCORRECT');
    await expect.poll(() => c.getByTestId('pin-tries').textContent()).toContain('SON PIN DENEME HAKKI');
    await enterPin(c, '123456');
    expect(await c.getByTestId('approve').isDisabled()).toBe(true);
    await c.getByTestId('confirm-final-try').check();
    expect(await c.getByTestId('approve').isEnabled()).toBe(true);
    await clickInConsent(c.getByTestId('approve'));
    expect(await settled()).toMatchObject({ state: 'ok' });
    expect(s.bridge.output()).not.toContain('123456');
    expect(s.bridge.output()).not.toContain('975318');
  });
});
