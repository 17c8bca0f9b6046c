/**
 * Attack suite, class `keyboard` (issue 10 item 8), in Chromium with the real extension, the
 * `edefter bridge` child process, the demo portal and the SoftHSM2 demo token (test/e2e/harness.ts):
 *
 *  - type the PIN, Tab to "Reddet", press Enter: the request is refused and nothing is signed
 *    (there is no window-level Enter handler; Enter is the focused button's own click);
 *  - Escape refuses;
 *  - digits and Enter typed within ~700 ms of the window opening are ignored (nothing typed into
 *    the PIN, no approval);
 *  - Enter in the PIN entry approves (the control's own action) and the document is signed.
 * And, on the same browser (class `consent-binding` / `signable-documents`): a page's document with a
 * spoofing comment shows the bridge's real facts in the window; non-XML and non-e-Defter XML from a
 * page are refused with no window at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { enterPin, repoRoot, startStack, waitArmed, type Stack } from '../e2e/harness.ts';
import { openConnectedPortal, selectRows, settled, startAction } from '../e2e/portal-driver.ts';
import { attack } from './kit.ts';

const PIN = '123456';
let s: Stack;
let page: Page;

beforeAll(async () => {
  s = await startStack();
  page = await openConnectedPortal(s);
  await selectRows(page, ['y']);
  await startAction(page, 'btn-dosya-olustur');
  expect((await settled(page)).state).toBe('ok');
}, 180_000);

afterAll(async () => {
  await s?.close();
});

/** Number of documents the bridge has signed so far (its log line per signature). */
const signedCount = (): number => (s.bridge.output().match(/Belge imzalandı/g) ?? []).length;

/** Starts "Dosya İmzala" for the Yevmiye row and returns its consent window as soon as it shows (before it is armed). */
async function openSignConsent(): Promise<Page> {
  const n = s.consentPages.length + 1;
  await selectRows(page, ['y']);
  await startAction(page, 'btn-dosya-imzala');
  const t0 = Date.now();
  while (s.consentPages.length < n) {
    if (Date.now() - t0 > 20_000) throw new Error('no consent window');
    await new Promise((r) => setTimeout(r, 20));
  }
  const c = s.consentPages[n - 1];
  await c.getByTestId('consent').waitFor({ timeout: 20_000 });
  return c;
}

const focused = (c: Page): Promise<string | null> => c.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

describe("the consent window's keyboard", () => {
  it('PIN typed, Tab to Reddet, Enter: refused and nothing signed; Escape refuses', async () => {
    const before = signedCount();
    const r = await attack('keyboard', 'Enter on Reddet / Escape after typing the PIN', [
      async () => {
        const c = await openSignConsent();
        await enterPin(c, PIN, 'keyboard');
        expect(await c.getByTestId('pin-display').textContent()).toBe('●'.repeat(PIN.length));
        for (let i = 0; i < 60 && (await focused(c)) !== 'refuse'; i++) await c.keyboard.press('Tab');
        expect(await focused(c)).toBe('refuse');
        await c.keyboard.press('Enter').catch(() => undefined); // the window closes itself
        const m = await settled(page);
        return m.state === 'err' && m.code === 'USER_CANCELLED' && signedCount() === before;
      },
      async () => {
        const c = await openSignConsent();
        await enterPin(c, PIN, 'keyboard');
        await c.keyboard.press('Escape').catch(() => undefined);
        const m = await settled(page);
        return m.state === 'err' && m.code === 'USER_CANCELLED' && signedCount() === before;
      },
    ]);
    expect(r.served).toBe(0);
    expect(s.portal.rows.find((x) => x.id === 'y')!.files['defter-imzali']).toBeUndefined();
  }, 120_000);

  it('digits and Enter within 700 ms of opening are ignored; then Enter in the PIN entry approves', async () => {
    const before = signedCount();
    const c = await openSignConsent();
    const armedAtStart = await c.getByTestId('consent').getAttribute('data-armed');
    for (const d of PIN) await c.keyboard.press(d);
    await c.keyboard.press('Enter');
    const armedAfterTyping = await c.getByTestId('consent').getAttribute('data-armed');
    await waitArmed(c);
    const display = await c.getByTestId('pin-display').textContent();
    const r = await attack('keyboard', 'digits and Enter right after the window opens', [
      async () => armedAtStart === 'false' && armedAfterTyping === 'false' && display === '' && !c.isClosed() && signedCount() === before,
    ]);
    expect(r.served, `armed ${armedAtStart}/${armedAfterTyping}, display "${display}"`).toBe(0);
    // the user's own typing after the guard: PIN entry focused, digits, Enter = approve
    expect(await focused(c)).toBe('pin-input');
    for (const d of PIN) await c.keyboard.press(d);
    await c.keyboard.press('Enter').catch(() => undefined);
    const m = await settled(page);
    expect(m, m.text).toMatchObject({ state: 'ok' });
    expect(signedCount()).toBe(before + 1);
  }, 120_000);
});

/** Calls signDocuments from the portal page with the page library; resolves with 'ok' or the error code. */
function pageSign(name: string, kind: string, text: string): Promise<string> {
  // a string, so the test runner's transform does not touch the dynamic import that runs in the page
  return page.evaluate(`(async () => {
    const lib = await import('/edefter-page.js');
    try { await lib.createEdefterClient().signDocuments([{ name: ${JSON.stringify(name)}, kind: ${JSON.stringify(kind)}, bytes: ${JSON.stringify(text)} }]); return 'ok'; }
    catch (e) { return String((e && e.code) || e); }
  })()`) as Promise<string>;
}

describe('the window shows what the bridge read from the bytes', () => {
  const sample = fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'sample-yevmiye.xml'), 'utf8');

  it('a spoofing comment does not change the unvan, VKN or period the window shows', async () => {
    const spoof = sample.replace(
      '<gl-bus:organizationIdentifiers>',
      '<!-- <gl-bus:organizationIdentifiers><gl-bus:organizationIdentifier>MASUM LTD. ŞTİ.</gl-bus:organizationIdentifier><gl-bus:organizationDescription>Kurum Unvanı</gl-bus:organizationDescription></gl-bus:organizationIdentifiers><gl-cor:periodCoveredStart>2019-01-01</gl-cor:periodCoveredStart> --><gl-bus:organizationIdentifiers>',
    );
    const n = s.consentPages.length + 1;
    const outcome = pageSign('6090408038-202610-Y-000000.xml', 'yevmiye', spoof);
    const t0 = Date.now();
    while (s.consentPages.length < n && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 20));
    const c = s.consentPages[n - 1];
    await c.getByTestId('consent').waitFor();
    const shown = {
      title: await c.getByTestId('doc-title').textContent(),
      vkn: await c.getByTestId('doc-vkn').textContent(),
      period: await c.getByTestId('doc-period').textContent(),
    };
    const r = await attack('consent-binding', 'spoofing comment in the real consent window', [
      async () => shown.title === 'DEMO TİCARET A.Ş.' && shown.vkn === '6090408038' && shown.period!.includes('01.10.2026'),
    ]);
    expect(r.served, JSON.stringify(shown)).toBe(0);
    await c.keyboard.press('Escape').catch(() => undefined);
    expect(await outcome).toBe('USER_CANCELLED');
  }, 60_000);

  it('non-XML and non-e-Defter XML from a page are refused with no window', async () => {
    const before = s.consentPages.length;
    const r = await attack('signable-documents', 'non-XML / non-e-Defter from a page (no window)', [
      async () => (await pageSign('a.xml', 'yevmiye', 'bu bir XML değil')) === 'NOT_XML',
      async () => (await pageSign('a.xml', 'yevmiye', '<?xml version="1.0"?><fatura><tutar>1</tutar></fatura>')) === 'BAD_INPUT',
      async () =>
        (await pageSign(
          'a.xml',
          'yevmiye',
          `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${sample.replace(/^<\?xml[^>]*\?>/, '')}`,
        )) === 'DOCTYPE_FORBIDDEN',
    ]);
    expect(r.served).toBe(0);
    await new Promise((res) => setTimeout(res, 300));
    expect(s.consentPages.length).toBe(before);
  }, 60_000);
});
