/**
 * Every button of the demo works against the services `edefter-dev portal` starts and configures
 * (packages/dev/src/portal/services.ts, written into the bridge's settings as the options page would): the
 * berats are signed with a zaman damgası from the Kamu SM test TSA, the month goes to the GİB
 * simulator, the approved berats come back, and the automatic backup reaches the integrator
 * simulator over HTTPS with its own CA (the case that failed with UNABLE_TO_VERIFY_LEAF_SIGNATURE)
 * and ends in Yedeklendi. Also: the options page shows those settings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startPortalServices, type PortalServices } from '../../packages/dev/src/portal/services.ts';
import { loadBackupSettings, startStack, type Stack } from './harness.ts';
import { openConnectedPortal, selectRows as select, settled, startAction, withConsent as withConsentOn } from './portal-driver.ts';

const PIN = '123456';
const WAIT_MS = 120_000;
let s: Stack;
let services: PortalServices;
let page: Page;
const savedEnv: Record<string, string | undefined> = {};
const withConsent = (button: string, windows: number) => withConsentOn(s, page, button, windows, PIN, WAIT_MS);

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-services-'));
  for (const k of ['EDEFTER_GIB_ENDPOINT', 'EDEFTER_GIB_ENV', 'EDEFTER_GIB_TRUST', 'EDEFTER_CONFIG_DIR', 'EDEFTER_CREDENTIAL_STORE', 'EDEFTER_INTEGRATOR_URL'])
    savedEnv[k] = process.env[k];
  for (const k of ['EDEFTER_GIB_ENDPOINT', 'EDEFTER_GIB_ENV', 'EDEFTER_GIB_TRUST', 'EDEFTER_INTEGRATOR_URL']) delete process.env[k];
  s = await startStack({ bridgeEnv: { EDEFTER_CREDENTIAL_STORE: 'file', EDEFTER_BACKUP_POLL_MS: '600000' } });
  // the services write the bridge's settings in its config folder, as `edefter-dev portal` does
  process.env.EDEFTER_CONFIG_DIR = s.configDir;
  process.env.EDEFTER_CREDENTIAL_STORE = 'file';
  services = await startPortalServices({ stateDir: path.join(dir, 'services'), gibDelayMs: 100 });
  page = await openConnectedPortal(s);
}, 240_000);

afterAll(async () => {
  await s?.close();
  await services?.close();
  for (const [k, v] of Object.entries(savedEnv))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
});

describe('demo portal against the services of edefter-dev portal', () => {
  it('the options page shows the configured GİB simulator, test TSA and integrator CA', async () => {
    const o = await s.context.newPage();
    await o.goto(`chrome-extension://${s.extensionId}/src/options/index.html`);
    await expect.poll(() => o.getByTestId('opt-gib-effective').textContent(), { timeout: 15_000 }).toContain(services.gibUrl);
    expect(await o.getByTestId('opt-tsa-url').inputValue()).toBe(services.tsaUrl);
    expect(await o.getByTestId('opt-tsa-customer').inputValue()).toBe(services.tsaCustomer);
    await loadBackupSettings(o, '6090408038');
    expect(await o.getByTestId('opt-url').inputValue()).toBe(services.integratorUrl);
    expect(await o.getByTestId('opt-ca-current').textContent()).toMatch(/SHA-256 [0-9a-f]{16}/);
    await o.close();
  });

  it('sign → timestamped berats → GİB → approved berats → automatic backup over HTTPS → Yedeklendi', async () => {
    await select(page, ['y', 'k']);
    await startAction(page, 'btn-dosya-olustur');
    expect((await settled(page)).state).toBe('ok');
    expect((await withConsent('btn-dosya-imzala', 2)).state).toBe('ok');
    await startAction(page, 'btn-berat-olustur');
    expect((await settled(page)).state).toBe('ok');
    await page.getByTestId('chk-timestamp').setChecked(true);
    const signed = await withConsent('btn-berat-imzala', 2);
    expect(signed, signed.text).toMatchObject({ state: 'ok' });
    expect(await page.getByTestId('portal-log').textContent()).toContain('zaman damgalı');
    await select(page, ['y', 'k']);
    const sent = await withConsent('btn-gib-gonder', 1);
    expect(sent, sent.text).toMatchObject({ state: 'ok' });
    const down = await withConsent('btn-onayli-berat-indir', 1);
    expect(down, down.text).toMatchObject({ state: 'ok' });
    expect(await page.getByTestId('status-y').textContent()).toBe('Onaylı Berat İndirildi');
    // the automatic backup went to the HTTPS integrator trusted through the stored CA
    await page.locator('[data-testid=backup-y]:is([data-status=RECEIVED],[data-status=PROCESSED],[data-status=STORED])').waitFor({ timeout: 30_000 });
    let text = '';
    await expect
      .poll(
        async () => {
          await page.getByTestId('menu-y').locator('summary').click();
          await startAction(page, 'backup-query-y');
          text = (await settled(page)).text;
          return page.getByTestId('backup-y').textContent();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe('Yedeklendi');
    expect(text).not.toMatch(/UNABLE_TO_VERIFY|sertifikası doğrulanamadı/);
  }, 300_000);
});
