/**
 * The demo portal like the seed's screens (issue 12 item 5), driven in the browser through the page
 * API only: the list has madde range, Toplam Borç / Toplam Alacak (equal, with a check mark),
 * GG.AA.YYYY dates and a Defter Raporu row that is signed and sent to the GİB simulator with the
 * month; "Dosya Sorgula" lists the import folder's exports read with the CSV options (another
 * ayraç makes the file Hatalı with a Turkish reason); "Tarihleri Kaydet" plans a parçalı month
 * (two Y/K pairs); the banner and file links are Turkish.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startGibSimulator, type GibSimulator } from '../../packages/simulators/src/gib/index.ts';
import { startPortal, type Portal } from '../../packages/dev/src/portal/server.ts';
import { allowSites, pair, repoRoot, setPort, startStack, type Stack } from './harness.ts';
import { openPortal, settled, startAction, withConsent } from './portal-driver.ts';

const PIN = '123456';
let s: Stack;
let sim: GibSimulator;
let portal: Portal;
let page: Page;
const savedEnv: Record<string, string | undefined> = {};

/** Ticks exactly the rows `ids`. */
async function tick(ids: string[]): Promise<void> {
  for (const box of await page.locator('input.row-chk').all()) await box.setChecked(ids.includes((await box.getAttribute('value'))!));
}

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-seed-'));
  const importDir = path.join(dir, 'import');
  fs.mkdirSync(importDir);
  fs.copyFileSync(path.join(repoRoot, 'test', 'fixtures', '6090408038-202601.csv'), path.join(importDir, '6090408038-202601.csv'));
  fs.writeFileSync(path.join(importDir, 'liste.txt'), 'x\n');
  sim = await startGibSimulator({ stateDir: path.join(dir, 'sim'), delayMs: 100, validate: false });
  const env = { EDEFTER_GIB_ENDPOINT: sim.url, EDEFTER_GIB_TRUST: sim.trustPem, EDEFTER_GIB_POLL_MS: '100', EDEFTER_GIB_RETRY_BASE_MS: '20' };
  for (const [k, v] of Object.entries(env)) {
    savedEnv[k] = process.env[k];
    process.env[k] = v;
  }
  s = await startStack();
  portal = await startPortal({ entries: 30, importDir });
  await setPort(s);
  await allowSites(s, [portal.origin]);
  await pair(s);
  page = await openPortal(s, portal.origin);
  await page.locator('[data-testid=banner][data-bridge=connected]').waitFor({ timeout: 20_000 });
}, 240_000);

afterAll(async () => {
  await s?.close();
  await portal?.close();
  await sim?.close();
  for (const [k, v] of Object.entries(savedEnv))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
});

describe('demo portal like the seed', () => {
  it('Turkish banner, GG.AA.YYYY dates, a Defter Raporu row', async () => {
    const banner = (await page.getByTestId('banner').textContent()) ?? '';
    expect(banner).toContain('bağlı');
    expect(banner).not.toMatch(/connected|disconnected/);
    expect(await page.getByTestId('start-y').textContent()).toBe('01.10.2026');
    expect(await page.getByTestId('end-k').textContent()).toBe('31.10.2026');
    expect(await page.getByTestId('row-dr').locator('td').nth(1).textContent()).toBe('Defter Raporu');
    const heads = await page.getByTestId('defter-table').locator('th').allTextContents();
    for (const h of ['Madde Aralığı', 'Toplam Borç', 'Toplam Alacak', 'Durum', 'Yedekleme Durumu']) expect(heads).toContain(h);
  });

  it('Dosya Sorgula: the import folder with Dönem, dates, Boyut, Durum, Hata Açıklaması; the CSV options apply', async () => {
    await startAction(page, 'btn-dosya-sorgula');
    expect((await settled(page)).state).toBe('ok');
    const ok = await page.getByTestId('import-6090408038-202601.csv').locator('td').allTextContents();
    expect(ok.slice(0, 4)).toEqual(['6090408038-202601.csv', '2026/01', '01.01.2026', '31.01.2026']);
    expect(ok[4]).toMatch(/KB$/);
    expect(ok[5]).toBe('Aktarılabilir');
    expect((await page.getByTestId('import-liste.txt').locator('td').allTextContents())[6]).toContain('Dosya adı');
    await page.getByTestId('sel-delimiter').selectOption(',');
    await startAction(page, 'btn-dosya-sorgula');
    await settled(page);
    const bad = await page.getByTestId('import-6090408038-202601.csv').locator('td').allTextContents();
    expect(bad[5]).toBe('Hatalı');
    expect(bad[6]).toMatch(/Ayraç|postingDate/);
    await page.getByTestId('sel-delimiter').selectOption(';');
  });

  it('Dosya Oluştur fills madde range and Toplam Borç = Toplam Alacak; the file links are Turkish', async () => {
    await tick(['y', 'k']);
    await startAction(page, 'btn-dosya-olustur');
    expect((await settled(page)).state).toBe('ok');
    expect(await page.getByTestId('madde-y').textContent()).toBe('1–30');
    const borc = await page.getByTestId('borc-y').textContent();
    expect(borc).toMatch(/^\d{1,3}(\.\d{3})*,\d{2}$/);
    expect(await page.getByTestId('alacak-y').textContent()).toBe(`${borc} ✓`);
    expect(await page.getByTestId('status-dr').textContent()).toBe('Dosya Oluşturuldu');
    expect(await page.getByTestId('file-y-defter').textContent()).toBe('Defter');
    // for the closing note
    fs.mkdirSync(path.join(repoRoot, 'var', 'screenshots'), { recursive: true });
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.screenshot({ path: path.join(repoRoot, 'var', 'screenshots', 'portal-seed.png'), fullPage: true });
  });

  it('the Defter Raporu is signed and goes to GİB with the month', async () => {
    await tick(['y', 'k', 'dr']);
    expect((await withConsent(s, page, 'btn-dosya-imzala', 3, PIN)).state).toBe('ok');
    expect(await page.getByTestId('file-dr-defter-imzali').textContent()).toBe('İmzalı defter');
    await tick(['y', 'k']);
    await startAction(page, 'btn-berat-olustur');
    expect((await settled(page)).state).toBe('ok');
    expect((await withConsent(s, page, 'btn-berat-imzala', 2, PIN)).state).toBe('ok');
    await tick(['y', 'k', 'dr']);
    const sent = await withConsent(s, page, 'btn-gib-gonder', 1, PIN, 90_000);
    expect(sent.state, sent.text).toBe('ok');
    expect(await page.getByTestId('status-y').textContent()).toBe("GİB'e Gönderildi");
    expect(await page.getByTestId('status-dr').textContent()).toBe("GİB'e Gönderildi");
  }, 180_000);

  it('Tarihleri Kaydet: a parçalı month is planned as two Y/K pairs with their dates', async () => {
    await page.getByTestId('chk-parcali').setChecked(true);
    await page.getByTestId('txt-tarihler').fill('15.10.2026');
    await startAction(page, 'btn-tarihleri-kaydet');
    const m = await settled(page);
    expect(m.text).toContain('15.10.2026');
    await page.getByTestId('row-y-000002').waitFor();
    expect(await page.getByTestId('end-y-000001').textContent()).toBe('15.10.2026');
    expect(await page.getByTestId('start-k-000002').textContent()).toBe('16.10.2026');
    await page.getByTestId('txt-tarihler').fill('2026-10-15');
    await startAction(page, 'btn-tarihleri-kaydet');
    expect((await settled(page)).text).toContain('GG.AA.YYYY');
  });
});
