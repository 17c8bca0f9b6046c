/**
 * End to end "Ayı tamamla" (issue 12 §2–3) from the demo portal, in Chromium with the extension,
 * the bridge, the GİB simulator and the integrator simulator (as portal-gib / portal-backup start
 * them): Dosya Oluştur, then ONE click "Ayı tamamla" → ONE consent window listing the month (Y, K
 * with SHA-256, the berats built from them, the GİB packages, the backup target, the steps) → ONE
 * PIN → the bridge signs, builds and signs the berats, checks, sends, waits, downloads and backs
 * up. The page's onProgress sees the GİB wait/download; "İptal" during the GİB wait stops the run
 * before its next step, and a second run resumes (steps done are not run again) and ends in
 * "Onaylı Berat İndirildi" and "Yedeklendi". Clicks, PIN entries and windows are counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { GibSimulator } from '../../packages/simulators/src/gib/index.ts';
import { readAudit } from '../../packages/bridge/src/audit/format.ts';
import type { IntegratorSimulator } from '../../packages/simulators/src/integrator/index.ts';
import { clickInConsent, enterPin, nthConsent, type Stack } from './harness.ts';
import { backupOptions, selectRows, settled, startAction, startGibBackupStack, type GibBackupStack } from './portal-driver.ts';

const PIN = '123456';
const VKN = '6090408038';
const WAIT_MS = 150_000;
let s: Stack;
let gib: GibSimulator;
let integ: IntegratorSimulator;
let page: Page;
/** what the accountant did for the month (setup of the backup settings not counted: once per company) */
const count = { clicks: 0, pinEntries: 0, digitPresses: 0, windows: 0 };

type Progress = { phase: string; done: number; total: number; unit: string; label?: string };
const progressSeen = (): Promise<Progress[]> => page.evaluate(() => ((window as unknown as { edefterProgress?: Progress[] }).edefterProgress ?? []).slice());

/** Options page: backup on for the company (user, password, integrator URL, automatic backup off), approved in its consent window. */
async function enableBackup(): Promise<void> {
  const note = await backupOptions(s, VKN, { enabled: true, username: 'demo', password: 'demo1234', url: integ.url, auto: 'hayir' });
  expect(['ok', 'warn']).toContain(note.kind);
}

/** Clicks "Ayı tamamla", checks the one window, enters the PIN once and approves. @returns the window */
async function monthRunWindow(): Promise<Page> {
  const base = s.consentPages.length;
  await startAction(page, 'btn-ayi-tamamla');
  count.clicks++;
  const c = await nthConsent(s, base + 1);
  count.windows++;
  await c.getByTestId('month-consent').waitFor();
  return c;
}

async function approveWithPin(c: Page): Promise<void> {
  await enterPin(c, PIN);
  count.pinEntries++;
  count.digitPresses += PIN.length;
  await clickInConsent(c.getByTestId('approve'));
  count.clicks++;
}

let stack: GibBackupStack | undefined;

beforeAll(async () => {
  // each GİB processing stage takes 1.5 s: the run waits for GİB long enough to be cancelled there
  stack = await startGibBackupStack({ name: 'e2e-month-run', gibDelayMs: 1500, gibValidate: false, gibPollMs: 300 });
  ({ s, gib, integ, page } = stack);
  await enableBackup();
}, 240_000);

afterAll(() => stack?.close());

describe('portal → Ayı tamamla', () => {
  it('Dosya Oluştur, then one window lists the whole month; İptal during the GİB wait stops before the next step', async () => {
    await selectRows(page, ['y', 'k']);
    count.clicks += 2;
    await startAction(page, 'btn-dosya-olustur');
    count.clicks++;
    expect((await settled(page)).state).toBe('ok');

    const c = await monthRunWindow();
    const y = `${VKN}-202610-Y-000000.xml`;
    const k = `${VKN}-202610-K-000000.xml`;
    const dr = `${VKN}-202610-DR-000000.xml`;
    expect(await c.getByTestId('consent-origin').textContent()).toBe(s.portal.origin);
    expect(await c.getByTestId('month-vkn').textContent()).toBe(VKN);
    expect((await c.getByTestId(`month-sha256-${y}`).textContent())?.trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(await c.getByTestId(`month-sha256-${k}`).count()).toBe(1);
    expect(await c.getByTestId(`month-berat-${VKN}-202610-YB-000000.xml`).textContent()).toContain(y);
    expect(await c.getByTestId(`month-package-${VKN}-202610-YB-000000`).count()).toBe(1);
    expect(await c.getByTestId(`month-package-${VKN}-202610-KB-000000`).count()).toBe(1);
    // the portal's Defter Raporu row: signed as listed and sent as its own package
    expect(await c.getByTestId(`month-sha256-${dr}`).count()).toBe(1);
    expect(await c.getByTestId(`month-package-${VKN}-202610-DR-000000`).count()).toBe(1);
    expect(await c.getByTestId('month-backup').textContent()).toContain(integ.url);
    for (const step of ['sign', 'berat', 'dr', 'check', 'gib-send', 'gib-wait', 'gib-download', 'backup']) {
      expect(await c.getByTestId(`month-step-${step}`).getAttribute('data-run'), step).toBe('true');
    }
    // no "approve all": one Onayla approves the whole listed month
    expect(await c.getByTestId('approve-all').count()).toBe(0);
    await approveWithPin(c);

    // the run waits for GİB: the page sees progress (not "look at the consent window"); then İptal
    await expect.poll(async () => (await progressSeen()).some((p) => p.phase === 'gib-poll'), { timeout: 90_000, interval: 200 }).toBe(true);
    expect(await page.getByTestId('portal-message').textContent()).not.toContain('onay penceresi');
    // the popup lists the running month with its progress and offers İptal (the page's İptal does the same)
    const popup = await s.context.newPage();
    await popup.goto(`chrome-extension://${s.extensionId}/src/popup/index.html`);
    const job = popup.getByTestId('pending-month-run');
    await job.waitFor({ timeout: 10_000 });
    await expect.poll(async () => job.getAttribute('data-phase'), { timeout: 10_000 }).toMatch(/^gib-/);
    expect(await job.textContent()).toContain(`Ayı tamamla ${VKN} 202610`);
    await popup.getByTestId('month-run-cancel').click();
    count.clicks++;
    const r = await settled(page, WAIT_MS);
    await popup.close();
    expect(r).toMatchObject({ state: 'err', code: 'USER_CANCELLED' });
    expect(r.text).toContain('iptal');
    // the page's onProgress saw the GİB steps: several distinct phases
    const phases = new Set((await progressSeen()).map((p) => p.phase));
    expect(phases.has('gib-send') && phases.has('gib-poll'), [...phases].join(',')).toBe(true);
    expect(phases.size).toBeGreaterThanOrEqual(2);
    // stopped before the backup: nothing reached the integrator; GİB got each package once
    expect(await integ.packages()).toHaveLength(0);
    expect(gib.uploadsOf(`${VKN}-202610-YB-000000`)).toHaveLength(1);
    const auditDir = path.join(s.dir, 'data');
    expect(readAudit({ type: 'month-run' }, auditDir).at(-1)).toMatchObject({ event: 'cancelled', vkn: VKN, period: '202610' });
    // the one window is in the audit log with every document's digest and every package it listed
    const shown = readAudit({ type: 'consent-shown' }, auditDir).filter((x) => x.action === 'month-run');
    expect(shown).toHaveLength(1);
    expect((shown[0].documents as string[]).map((d) => d.split(' ')[0]).sort()).toEqual([dr, k, y]);
    expect(shown[0].packages).toEqual([`${VKN}-202610-YB-000000`, `${VKN}-202610-KB-000000`, `${VKN}-202610-DR-000000`]);
    expect(
      readAudit({ type: 'sign' }, auditDir)
        .filter((x) => x.action === 'month-run')
        .map((x) => [x.file, x.approved]),
    ).toEqual([
      [y, 'consent'],
      [k, 'consent'],
      [`${VKN}-202610-YB-000000.xml`, 'derived'],
      [`${VKN}-202610-KB-000000.xml`, 'derived'],
      [dr, 'consent'],
    ]);
    expect(gib.uploadsOf(`${VKN}-202610-DR-000000`)).toHaveLength(1);
    // nothing runs any more: the page's cancel call finds no run
    expect(
      await page.evaluate(
        (v) =>
          (
            window as unknown as { edefterPortal: { edefter: { cancelMonthRun(a: string, b: string): Promise<boolean> } } }
          ).edefterPortal.edefter.cancelMonthRun(v, '202610'),
        VKN,
      ),
    ).toBe(false);
  }, 300_000);

  it('a second run resumes after the last completed step and ends in Onaylı Berat İndirildi and Yedeklendi', async () => {
    await page.evaluate(() => {
      (window as unknown as { edefterProgress?: unknown[] }).edefterProgress = [];
    });
    const signsBefore = readAudit({ type: 'sign' }, path.join(s.dir, 'data')).length;
    const c = await monthRunWindow();
    for (const step of ['sign', 'berat', 'dr', 'check', 'gib-send']) {
      expect(await c.getByTestId(`month-step-${step}`).getAttribute('data-reason'), step).toBe('resumed');
    }
    expect(await c.getByTestId('month-step-backup').getAttribute('data-run')).toBe('true');
    await approveWithPin(c);
    const r = await settled(page, WAIT_MS);
    expect(r, r.text).toMatchObject({ state: 'ok' });
    expect(await page.getByTestId('status-y').textContent()).toBe('Onaylı Berat İndirildi');
    expect(await page.getByTestId('status-k').textContent()).toBe('Onaylı Berat İndirildi');
    await page.locator('[data-testid=backup-y][data-status=STORED]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('backup-y').textContent()).toBe('Yedeklendi');
    // nothing signed or uploaded again
    expect(readAudit({ type: 'sign' }, path.join(s.dir, 'data')).length).toBe(signsBefore);
    expect(gib.uploadsOf(`${VKN}-202610-YB-000000`)).toHaveLength(1);
    expect(new Set((await progressSeen()).map((p) => p.phase)).has('backup')).toBe(true);
    expect(s.consoleLines.join('\n')).not.toContain(PIN);
    // the month, as the accountant did it (a month without İptal is the same minus the second
    // "Ayı tamamla", window and PIN): report the figures
    // (minus the İptal click, the second "Ayı tamamla" and its Onayla)
    const oneRun = { clicks: count.clicks - 3, pinEntries: count.pinEntries - 1, windows: count.windows - 1, digitPresses: count.digitPresses - PIN.length };
    console.log(`[month-run] with the cancel and the resume: ${JSON.stringify(count)}; one uninterrupted month: ${JSON.stringify(oneRun)}`);
    expect(oneRun.clicks).toBeLessThanOrEqual(5);
    expect(oneRun.pinEntries).toBe(1);
    expect(oneRun.windows).toBe(1);
  }, 300_000);
});
