/**
 * The consent window at its real size (issue 12 items 1 and 8), in Chromium with the real
 * extension, `edefter bridge`, the demo portal and the GİB simulator (no TSA configured):
 *
 *  - for a Yevmiye, a Yevmiye Beratı and a GİB send, at 560×760 the PIN pad, Onayla, the
 *    timestamp box (where there is one) and an error are inside the viewport, and nothing scrolls
 *    (neither the document nor the window's main area);
 *  - the line next to Onayla says why it is disabled and changes as the PIN is typed;
 *  - madde / satır, Toplam Borç = Toplam Alacak ✓, the certificate's issuer and the reader are
 *    shown; a berat names the defter it binds;
 *  - a zaman damgası asked with no TSA is refused before any PIN: the pad is disabled, Onayla says
 *    why, and the bridge opens no session; "Damgasız imzala" then signs without it;
 *  - a Defter Raporu shows its totals; the settings window fits too; "Zaman damgası ayarları" opens
 *    the options page at #tsa;
 *  - "Ayı tamamla": the requesting site, the compact month summary (VKN, unvan, dönem, documents,
 *    madde / satır, Borç = Alacak ✓, the steps as chips), the certificate, the pad, the timestamp
 *    box with the no-TSA alert, a PIN error and Onayla with its why-line fit without any scrolling;
 *    the documents with their SHA-256, berats, packages and backup fold out into one box of
 *    bounded height;
 *  - errors are role=alert; every button, input, select and textbox has an accessible name; the
 *    disabled Onayla keeps a text contrast ≥ 4.5:1.
 * Screenshots: docs/screenshots/consent-yevmiye.png and docs/screenshots/consent-gib-send.png (refreshed with EDEFTER_SCREENSHOTS=1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startGibSimulator, type GibSimulator } from '../../packages/simulators/src/gib/index.ts';
import { CONSENT_SIZE, expectConsentFits, measureConsentLayout, type ConsentLayout } from './consent-layout.ts';
import { clickInConsent, enterPin, loadBackupSettings, nthConsent, repoRoot, startStack, type Stack } from './harness.ts';
import { openConnectedPortal, selectRows as select, settled as settledWithin, startAction as start, withConsent, type PortalMessage } from './portal-driver.ts';

const PIN = '123456';
const WRONG_PIN = '975318';
const VKN = '6090408038';
// the committed screenshots are refreshed only on request (EDEFTER_SCREENSHOTS=1); a normal run writes them to its temp folder
const SHOTS = process.env.EDEFTER_SCREENSHOTS === '1' ? path.join(repoRoot, 'docs', 'screenshots') : fs.mkdtempSync(path.join(os.tmpdir(), 'edefter-shots-'));
/** the consent window's size (background/services/consent.ts windows.create) */
const SIZE = CONSENT_SIZE;

let s: Stack;
let sim: GibSimulator;
let page: Page;
const savedEnv: Record<string, string | undefined> = {};
const settled = (p: Page): Promise<PortalMessage> => settledWithin(p, 90_000);
/** "session opened" lines the bridge logged so far */
const sessionsOpened = (): number => (s.bridge.output().match(/session opened/g) ?? []).length;

/** Asserts that nothing scrolls and every id is inside the viewport; returns the layout for the report. */
async function expectFits(c: Page, ids: string[]): Promise<ConsentLayout> {
  return expectConsentFits(await c.evaluate(measureConsentLayout, ids), ids, { onTop: false, label: 'consent layout' });
}

/** Controls without an accessible name (an axe-like "button-name" / "label" / "select-name" check). */
async function unnamedControls(c: Page): Promise<string[]> {
  return c.evaluate(() => {
    const nameOf = (el: Element): string => {
      const aria = el.getAttribute('aria-label');
      if (aria?.trim()) return aria;
      const by = el.getAttribute('aria-labelledby');
      if (by)
        return by
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' ');
      const id = el.getAttribute('id');
      if (id) {
        const l = document.querySelector(`label[for="${id}"]`);
        if (l?.textContent?.trim()) return l.textContent;
      }
      const wrap = el.closest('label');
      if (wrap?.textContent?.trim()) return wrap.textContent;
      if (el.tagName === 'BUTTON' || el.tagName === 'SUMMARY') return el.textContent ?? '';
      return el.getAttribute('title') ?? '';
    };
    return [...document.querySelectorAll('button, input, select, textarea, summary, [role=textbox], [tabindex]')]
      .filter((el) => !nameOf(el).trim())
      .map((el) => el.outerHTML.slice(0, 120));
  });
}

/** Text contrast of an element: its colour against the first non-transparent background up the tree. */
async function contrastOf(c: Page, testId: string): Promise<number> {
  return c.evaluate((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`)!;
    const rgb = (v: string): number[] => (v.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]): number => {
      const f = (x: number): number => {
        const c = x / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const fg = rgb(getComputedStyle(el).color);
    let bgEl: Element | null = el;
    let bg = [255, 255, 255];
    while (bgEl) {
      const v = rgb(getComputedStyle(bgEl).backgroundColor);
      if (v.length === 3 || (v.length === 4 && v[3] > 0)) {
        bg = v.slice(0, 3);
        break;
      }
      bgEl = bgEl.parentElement;
    }
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
  }, testId);
}

const why = async (c: Page): Promise<string> => (await c.getByTestId('approve-why').textContent()) ?? '';

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-consent-'));
  sim = await startGibSimulator({ stateDir: path.join(dir, 'sim'), delayMs: 50, validate: false });
  const env = { EDEFTER_GIB_ENDPOINT: sim.url, EDEFTER_GIB_TRUST: sim.trustPem, EDEFTER_GIB_POLL_MS: '100', EDEFTER_GIB_RETRY_BASE_MS: '20' };
  for (const [k, v] of Object.entries(env)) {
    savedEnv[k] = process.env[k];
    process.env[k] = v;
  }
  s = await startStack();
  page = await openConnectedPortal(s);
  await select(page, ['y', 'k']);
  await page.getByTestId('chk-dr').setChecked(true);
  await start(page, 'btn-dosya-olustur');
  const made = await settled(page);
  expect(made.state, made.text).toBe('ok');
  await page.getByTestId('chk-dr').setChecked(false);
  fs.mkdirSync(SHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await s?.close();
  await sim?.close();
  for (const [k, v] of Object.entries(savedEnv))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
});

describe('the consent window at 560×760', () => {
  it('Yevmiye: facts, pad, Onayla and an error fit; the why-line follows the PIN; every control is named', async () => {
    await select(page, ['y']);
    const base = s.consentPages.length;
    await start(page, 'btn-dosya-imzala');
    const c = await nthConsent(s, base + 1);
    await c.setViewportSize(SIZE);
    // compact facts: madde / satır and the totals with the check mark
    expect(Number(await c.getByTestId('doc-entries').textContent())).toBeGreaterThan(0);
    expect(Number((await c.getByTestId('doc-lines').textContent())!.replace(/\./g, ''))).toBeGreaterThan(0);
    expect(await c.getByTestId('doc-total-debit').textContent()).toMatch(/^[\d.]+,\d{2} TL$/);
    expect(await c.getByTestId('doc-total-debit').textContent()).toBe(await c.getByTestId('doc-total-credit').textContent());
    expect(await c.getByTestId('doc-balanced').getAttribute('data-balanced')).toBe('true');
    expect(await c.getByTestId('doc-balanced').textContent()).toContain('✓');
    // SHA-256 folded out (in the DOM, not taking room)
    expect((await c.getByTestId('doc-sha256').textContent())!.replace(/\s/g, '')).toMatch(/^[0-9a-f]{64}$/);
    expect(await c.getByTestId('doc-sha256').isVisible()).toBe(false);
    // the certificate in plain words
    expect(await c.getByTestId('cert-vkn').textContent()).toBe(VKN);
    expect(await c.getByTestId('cert-issuer').textContent()).toMatch(/\S/);
    expect(await c.getByTestId('cert-issuer').textContent()).not.toContain('CN=');
    expect(await c.getByTestId('cert-reader').textContent()).toMatch(/\S/);
    expect(await c.getByTestId('cert-expiry').textContent()).toMatch(/^\d{2}\.\d{2}\.\d{4} – \d{2}\.\d{2}\.\d{4}$/);
    // the why-line follows the PIN
    expect(await why(c)).toBe('PIN girin (en az 4 hane)');
    expect(await c.getByTestId('approve').isDisabled()).toBe(true);
    expect(await contrastOf(c, 'approve')).toBeGreaterThanOrEqual(4.5);
    await enterPin(c, '123');
    expect(await c.getByTestId('pin-count').textContent()).toBe('3 hane girildi');
    expect(await c.getByTestId('pin-count').getAttribute('aria-live')).toBe('polite');
    expect(await why(c)).toBe('PIN girin (en az 4 hane)');
    await enterPin(c, '456');
    expect(await why(c)).toBe('Hazır: bilgileri kontrol edip onaylayın');
    expect(await c.getByTestId('approve').isEnabled()).toBe(true);
    expect(await unnamedControls(c)).toEqual([]);
    expect(await c.getByRole('combobox', { name: 'İmzalayacak sertifika' }).count()).toBe(1);
    await expectFits(c, ['pinpad', 'pin-input', 'approve', 'refuse', 'approve-why', 'document-facts', 'cert-facts']);
    await c.screenshot({ path: path.join(SHOTS, 'consent-yevmiye.png') });
    // a wrong PIN: the error is an alert and still fits with the pad and Onayla
    await c.getByTestId('pin-clear').click();
    await enterPin(c, WRONG_PIN);
    await clickInConsent(c.getByTestId('approve'));
    await expect.poll(() => c.getByTestId('consent-error').getAttribute('data-code')).toBe('PIN_INCORRECT');
    expect(await c.getByTestId('consent-error').getAttribute('role')).toBe('alert');
    await expectFits(c, ['pinpad', 'approve', 'consent-error', 'approve-why', 'confirm-final-try']);
    // the card's counter is low now: the why-line asks for the "son deneme" box once the PIN is typed
    await enterPin(c, PIN, 'keyboard');
    expect(await why(c)).toBe('Son deneme kutusunu işaretleyin');
    await c.getByTestId('confirm-final-try').check();
    expect(await why(c)).toBe('Hazır: bilgileri kontrol edip onaylayın');
    await clickInConsent(c.getByTestId('approve'));
    expect((await settled(page)).state).toBe('ok');
    await select(page, ['k']);
    expect((await withConsent(s, page, 'btn-dosya-imzala', 1, PIN)).state).toBe('ok');
  });

  it('Yevmiye Beratı with a zaman damgası and no TSA: refused before any PIN; it names the defter it binds; unticked, it signs', async () => {
    await select(page, ['y', 'k']);
    await start(page, 'btn-berat-olustur');
    expect((await settled(page)).state).toBe('ok');
    await page.getByTestId('chk-timestamp').setChecked(true);
    const sessions = sessionsOpened();
    const base = s.consentPages.length;
    await start(page, 'btn-berat-imzala');
    const c = await nthConsent(s, base + 1);
    await c.setViewportSize(SIZE);
    expect(await c.getByTestId('doc-kind').textContent()).toBe('Yevmiye Beratı');
    expect(await c.getByTestId('doc-binds-defter').textContent()).toBe(`${VKN}-202610-Y-000000.xml`);
    expect((await c.getByTestId('doc-binds-defter-sha256').textContent())!.replace(/\s/g, '')).toMatch(/^[0-9a-f]{64}$/);
    expect(Number(await c.getByTestId('doc-entries').textContent())).toBeGreaterThan(0);
    // the page asked for a zaman damgası: the window says at once that there is no TSA, takes no PIN
    expect(await c.getByTestId('timestamp-box').isChecked()).toBe(true);
    expect(await c.getByTestId('tsa-missing').getAttribute('role')).toBe('alert');
    expect(await c.getByTestId('pin-input').getAttribute('aria-disabled')).toBe('true');
    expect(await c.getByTestId('pin-digit-1').isDisabled()).toBe(true);
    expect(await why(c)).toBe('TSA ayarlı değil: damgayı kaldırın');
    expect(await c.getByTestId('approve').isDisabled()).toBe(true);
    expect(await unnamedControls(c)).toEqual([]);
    await expectFits(c, ['pinpad', 'approve', 'timestamp-box', 'tsa-missing', 'tsa-untick', 'tsa-settings', 'approve-why', 'document-facts']);
    await c.keyboard.press('1');
    expect(await c.getByTestId('pin-count').textContent()).toBe('Hane girilmedi');
    expect(sessionsOpened()).toBe(sessions);
    // "Damgasız imzala": the box is unticked, the pad comes back, the PIN signs both berats
    await c.getByTestId('tsa-untick').click();
    expect(await c.getByTestId('timestamp-box').isChecked()).toBe(false);
    expect(await c.getByTestId('tsa-missing').count()).toBe(0);
    expect(await why(c)).toBe('PIN girin (en az 4 hane)');
    await enterPin(c, PIN);
    await clickInConsent(c.getByTestId('approve-all'));
    const r = await settled(page);
    expect(r, r.text).toMatchObject({ state: 'ok' });
    expect(sessionsOpened()).toBe(sessions + 1);
    await page.getByTestId('chk-timestamp').setChecked(false);
  });

  it('Defter Raporu: its totals are shown and it fits', async () => {
    for (const id of ['y', 'k']) await page.getByTestId(`chk-${id}`).setChecked(false);
    await page.getByTestId('chk-dr').setChecked(true);
    const base = s.consentPages.length;
    await start(page, 'btn-dosya-imzala');
    const c = await nthConsent(s, base + 1);
    await c.setViewportSize(SIZE);
    expect(await c.getByTestId('doc-type').textContent()).toBe('(DR)');
    expect(await c.getByTestId('doc-total-debit').textContent()).toMatch(/^[\d.]+,\d{2} TL$/);
    expect(await c.getByTestId('doc-balanced').getAttribute('data-balanced')).toBe('true');
    expect(await why(c)).toBe('PIN girin (en az 4 hane)');
    await expectFits(c, ['document-facts', 'pinpad', 'approve', 'approve-why']);
    await enterPin(c, PIN);
    await clickInConsent(c.getByTestId('approve'));
    const r = await settled(page);
    expect(r, r.text).toMatchObject({ state: 'ok' });
    await page.getByTestId('chk-dr').setChecked(false);
  });

  it('settings window (Yedekleme): fits, says why Onayla waits, every control is named', async () => {
    const o = await s.context.newPage();
    await o.goto(`chrome-extension://${s.extensionId}/src/options/index.html`);
    await loadBackupSettings(o, VKN);
    await o.getByTestId('opt-enabled').setChecked(true);
    await o.getByTestId('opt-url').fill('https://entegrator.example/yedek');
    await o.getByTestId('opt-username').fill('muhasebe');
    const base = s.consentPages.length;
    await o.getByTestId('opt-save').click();
    const c = await nthConsent(s, base + 1);
    await c.setViewportSize(SIZE);
    await c.getByTestId('settings-consent').waitFor();
    expect(await why(c)).toBe('Hazır: değişikliği kontrol edip onaylayın');
    expect(await unnamedControls(c)).toEqual([]);
    await expectFits(c, ['settings-consent', 'approve', 'refuse', 'approve-why']);
    await clickInConsent(c.getByTestId('refuse'));
    await o.close();
  });

  it('"Zaman damgası ayarları" opens the options page at its TSA section', async () => {
    await select(page, ['y']);
    await page.getByTestId('chk-timestamp').setChecked(true);
    await start(page, 'btn-berat-imzala');
    const c = await nthConsent(s, s.consentPages.length + 1);
    const opened = s.context.waitForEvent('page');
    await c.getByTestId('tsa-settings').click();
    const o = await opened;
    expect(o.url()).toBe(`chrome-extension://${s.extensionId}/src/options/index.html#tsa`);
    await o.locator('#tsa').waitFor();
    await o.close();
    await clickInConsent(c.getByTestId('refuse'));
    expect(await settled(page)).toMatchObject({ state: 'err', code: 'USER_CANCELLED' });
    await page.getByTestId('chk-timestamp').setChecked(false);
  });

  it("GİB'e Gönder: packages, pad, Onayla and an error fit; screenshot", async () => {
    await select(page, ['y', 'k']);
    const base = s.consentPages.length;
    await start(page, 'btn-gib-gonder');
    const c = await nthConsent(s, base + 1);
    await c.setViewportSize(SIZE);
    expect(await c.getByTestId('gib-consent').getAttribute('data-operation')).toBe('send');
    expect(await c.getByTestId(`gib-package-${VKN}-202610-YB-000000`).textContent()).toContain(`${VKN}-202610-Y-000000.xml`);
    expect(await c.getByTestId('cert-issuer').textContent()).toMatch(/\S/);
    expect(await why(c)).toBe('PIN girin (en az 4 hane)');
    expect(await unnamedControls(c)).toEqual([]);
    await enterPin(c, PIN);
    await expectFits(c, ['gib-consent', 'pinpad', 'approve', 'approve-why']);
    await c.screenshot({ path: path.join(SHOTS, 'consent-gib-send.png') });
    await c.getByTestId('pin-clear').click();
    await enterPin(c, WRONG_PIN);
    await clickInConsent(c.getByTestId('approve'));
    await expect.poll(() => c.getByTestId('consent-error').getAttribute('data-code')).toBe('PIN_INCORRECT');
    expect(await c.getByTestId('consent-error').getAttribute('role')).toBe('alert');
    await expectFits(c, ['gib-consent', 'pinpad', 'approve', 'consent-error', 'approve-why']);
    await clickInConsent(c.getByTestId('refuse'));
    expect(await settled(page)).toMatchObject({ state: 'err', code: 'USER_CANCELLED' });
    expect(sim.state().uploads).toHaveLength(0);
  });

  it('Ayı tamamla: the site, the month summary, certificate, pad, timestamp box, an error and Onayla fit; details fold out', async () => {
    await select(page, ['y', 'k']);
    await page.getByTestId('chk-timestamp').setChecked(true);
    const sessions = sessionsOpened();
    const base = s.consentPages.length;
    await start(page, 'btn-ayi-tamamla');
    const c = await nthConsent(s, base + 1);
    await c.setViewportSize(SIZE);
    await c.getByTestId('month-consent').waitFor();
    expect(await c.getByTestId('consent-origin').textContent()).toBe(s.portal.origin);
    expect(await c.getByTestId('month-vkn').textContent()).toBe(VKN);
    expect(await c.getByTestId('month-period').textContent()).toBe('10.2026');
    expect(Number(await c.getByTestId('month-doc-count').textContent())).toBeGreaterThanOrEqual(2);
    expect(Number((await c.getByTestId('month-entries').textContent())!.replace(/\./g, ''))).toBeGreaterThan(0);
    expect(await c.getByTestId('month-balanced').getAttribute('data-balanced')).toBe('true');
    expect(await c.getByTestId('month-balanced').textContent()).toContain('✓');
    expect(await c.getByTestId('month-step-sign').getAttribute('data-run')).toBe('true');
    // digests are folded out: in the DOM, full, and taking no room
    const y = `${VKN}-202610-Y-000000.xml`;
    expect((await c.getByTestId(`month-sha256-${y}`).textContent())?.trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(await c.getByTestId(`month-sha256-${y}`).isVisible()).toBe(false);
    // no TSA: the alert is there before any PIN, and all of it fits
    expect(await c.getByTestId('tsa-missing').getAttribute('role')).toBe('alert');
    expect(await why(c)).toBe('TSA ayarlı değil: damgayı kaldırın');
    expect(await unnamedControls(c)).toEqual([]);
    const facts = ['consent-origin', 'month-summary', 'month-vkn', 'month-balanced', 'month-steps', 'month-details', 'cert-facts'];
    await expectFits(c, [...facts, 'pinpad', 'pin-input', 'timestamp-box', 'tsa-missing', 'tsa-untick', 'approve', 'refuse', 'approve-why']);
    expect(sessionsOpened()).toBe(sessions);
    await c.getByTestId('tsa-untick').click();
    await enterPin(c, PIN);
    // the GİB test's wrong PIN left the card's counter low: the "son deneme" box takes room too
    const lastTry = (await c.getByTestId('confirm-final-try').count()) > 0;
    if (lastTry) await c.getByTestId('confirm-final-try').check();
    expect(await why(c)).toBe('Hazır: bilgileri kontrol edip onaylayın');
    await expectFits(c, [...facts, 'pinpad', 'timestamp-box', 'approve', 'approve-why', ...(lastTry ? ['confirm-final-try'] : [])]);
    await c.screenshot({ path: path.join(SHOTS, 'consent-month.png') });
    // a wrong PIN: the error fits with everything else
    await c.getByTestId('pin-clear').click();
    await enterPin(c, WRONG_PIN);
    if (lastTry) await c.getByTestId('confirm-final-try').check();
    await clickInConsent(c.getByTestId('approve'));
    await expect.poll(() => c.getByTestId('consent-error').getAttribute('data-code')).toBe('PIN_INCORRECT');
    await expectFits(c, [...facts, 'pinpad', 'timestamp-box', 'consent-error', 'approve', 'approve-why']);
    // the details fold out into one box of bounded height with its own scroll; the page itself never scrolls
    await c.getByTestId('month-details').locator('summary').click();
    expect(await c.getByTestId(`month-sha256-${y}`).isVisible()).toBe(true);
    const box = await c
      .getByTestId('month-box')
      .evaluate((e) => ({ client: e.clientHeight, scroll: e.scrollHeight, docScroll: document.scrollingElement!.scrollHeight, inner: window.innerHeight }));
    console.log(`month details box: ${box.scroll} px of content in ${box.client} px; document ${box.docScroll}/${box.inner} px`);
    expect(box.client).toBeLessThanOrEqual(200);
    expect(box.docScroll).toBeLessThanOrEqual(box.inner);
    expect(await c.getByTestId('approve').isVisible()).toBe(true);
    await clickInConsent(c.getByTestId('refuse'));
    expect(await settled(page)).toMatchObject({ state: 'err', code: 'USER_CANCELLED' });
    await page.getByTestId('chk-timestamp').setChecked(false);
  });
});
