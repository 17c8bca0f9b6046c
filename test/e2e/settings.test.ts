/**
 * Settings without the terminal (issue 12 item 4): the extension's options page changes the GİB
 * endpoint, the zaman damgası (Kamu SM customer + password + trusted root pasted as PEM) and the
 * integrator's CA; each change opens the settings consent window (old → new, a password only as
 * "yeni şifre girildi"), and only after Onayla does the bridge store it (config.json, the 0600
 * password file, configDir/trust/*.pem) and write an audit `settings` record without the password.
 * Refusing changes nothing; a PEM without a certificate is refused before any window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { readAudit } from '../../packages/bridge/src/audit/format.ts';
import { clickInConsent, DEMO_CA, loadBackupSettings, nthConsent, pair, repoRoot, setPort, startStack, type Stack } from './harness.ts';

let s: Stack;
const PEM = fs.readFileSync(DEMO_CA, 'utf8');
// biome-ignore lint/suspicious/noExplicitAny: the test reads config.json freely, field by field
const config = (): Record<string, any> => {
  const f = path.join(s.configDir, 'config.json');
  return fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) : {};
};
const auditDir = (): string => path.join(s.dir, 'data');

async function openOptions(): Promise<Page> {
  const o = await s.context.newPage();
  await o.goto(`chrome-extension://${s.extensionId}/src/options/index.html`);
  return o;
}

/** Clicks `save` on the options page, answers the consent window, returns it and the section's note. */
async function saveWithConsent(
  o: Page,
  save: string,
  note: string,
  answer: 'approve' | 'refuse',
  check?: (c: Page) => Promise<void>,
): Promise<{ kind: string; text: string }> {
  const base = s.consentPages.length;
  await o.getByTestId(save).click();
  const c = await nthConsent(s, base + 1);
  await c.getByTestId('settings-consent').waitFor();
  await check?.(c);
  await clickInConsent(c.getByTestId(answer));
  const n = o.getByTestId(note);
  await n.waitFor();
  return { kind: (await n.getAttribute('data-kind')) ?? '', text: (await n.textContent()) ?? '' };
}

beforeAll(async () => {
  for (const k of ['EDEFTER_GIB_ENDPOINT', 'EDEFTER_GIB_ENV']) delete process.env[k];
  s = await startStack({ bridgeEnv: { EDEFTER_CREDENTIAL_STORE: 'file' } });
  await setPort(s);
  await pair(s);
}, 240_000);

afterAll(async () => {
  await s?.close();
});

describe('options page → settings through consent', () => {
  it('GİB endpoint: custom address; refusing changes nothing, approving stores it with an audit record', async () => {
    const o = await openOptions();
    await o.getByTestId('opt-gib-env').waitFor();
    await o.getByTestId('opt-gib-env').selectOption('custom');
    await o.getByTestId('opt-gib-endpoint').fill('http://127.0.0.1:9/edefter/services/EDefterWsPort');
    const refused = await saveWithConsent(o, 'opt-gib-save', 'opt-gib-note', 'refuse');
    expect(refused.kind).toBe('error');
    expect(config().gib).toBeUndefined();
    const ok = await saveWithConsent(o, 'opt-gib-save', 'opt-gib-note', 'approve', async (c) => {
      expect(await c.getByTestId('settings-consent').getAttribute('data-area')).toBe('gib');
      expect(await c.getByTestId('settings-change-environment').textContent()).toContain('Özel adres');
      expect(await c.getByTestId('settings-change-endpoint').textContent()).toContain('http://127.0.0.1:9/edefter/services/EDefterWsPort');
    });
    expect(ok.kind).toBe('ok');
    expect(config().gib).toMatchObject({ environment: 'custom', endpoint: 'http://127.0.0.1:9/edefter/services/EDefterWsPort' });
    expect(await o.getByTestId('opt-gib-effective').textContent()).toContain('http://127.0.0.1:9/');
    await expect.poll(() => readAudit({ type: 'settings' }, auditDir()).filter((r) => r.area === 'gib').length, { timeout: 5000 }).toBe(1);
    expect(readAudit({ type: 'settings' }, auditDir()).find((r) => r.area === 'gib')).toMatchObject({ by: 'extension', environment: 'test → custom' });
    await o.close();
  }, 120_000);

  it('zaman damgası: Kamu SM customer, password and a pasted root; the password never leaves the bridge', async () => {
    const o = await openOptions();
    await o.getByTestId('opt-tsa-mode').waitFor();
    await o.getByTestId('opt-tsa-mode').selectOption('kamusm');
    await o.getByTestId('opt-tsa-url').fill('http://127.0.0.1:9/');
    await o.getByTestId('opt-tsa-customer').fill('123456');
    await o.getByTestId('opt-tsa-password').fill('gizli-parola-42');
    // a PEM without a certificate is refused before any window
    const before = s.consentPages.length;
    await o.getByTestId('opt-tsa-trust-text').fill('not a certificate');
    await o.getByTestId('opt-tsa-save').click();
    await o.locator('[data-testid=opt-tsa-note][data-kind=error]').waitFor();
    expect(await o.getByTestId('opt-tsa-note').textContent()).toContain('Sertifika bulunamadı');
    expect(s.consentPages.length).toBe(before);
    await o.getByTestId('opt-tsa-trust-text').fill(PEM);
    const ok = await saveWithConsent(o, 'opt-tsa-save', 'opt-tsa-note', 'approve', async (c) => {
      expect(await c.getByTestId('settings-consent').getAttribute('data-area')).toBe('tsa');
      for (const f of ['mode', 'tsaUrl', 'customerId', 'tsaPassword', 'trust']) await c.getByTestId(`settings-change-${f}`).waitFor();
      expect(await c.locator('body').textContent()).not.toContain('gizli-parola-42');
      fs.mkdirSync(path.join(repoRoot, 'var', 'screenshots'), { recursive: true });
      await c.screenshot({ path: path.join(repoRoot, 'var', 'screenshots', 'consent-settings-tsa.png') });
    });
    expect(['ok', 'warn']).toContain(ok.kind);
    const tsa = config().tsa;
    expect(tsa).toMatchObject({ mode: 'kamusm', url: 'http://127.0.0.1:9/', customerId: '123456', credentialRef: 'file:tsa.kamusm.123456' });
    expect(tsa.trustList).toEqual([path.join(s.configDir, 'trust', 'tsa-ca.pem')]);
    expect((fs.statSync(tsa.trustList[0]).mode & 0o777).toString(8)).toBe('600');
    expect(JSON.stringify(config())).not.toContain('gizli-parola-42');
    expect(await o.getByTestId('opt-tsa-trust-current').textContent()).toMatch(/\d{2}\.\d{2}\.\d{4}/);
    await expect.poll(() => readAudit({ type: 'settings' }, auditDir()).filter((r) => r.area === 'tsa').length, { timeout: 5000 }).toBe(1);
    expect(fs.readFileSync(path.join(auditDir(), 'audit.log'), 'utf8')).not.toContain('gizli-parola-42');
    expect(readAudit({ type: 'settings' }, auditDir()).find((r) => r.area === 'tsa')!.changed as string[]).toEqual(
      expect.arrayContaining(['mode', 'url', 'customerId', 'trust', 'password']),
    );
    await o.close();
  }, 120_000);

  it('integrator CA: pasted with the backup settings, stored in configDir/trust and backup.trustList', async () => {
    const o = await openOptions();
    await loadBackupSettings(o, '6090408038');
    await o.getByTestId('opt-url').fill('https://127.0.0.1:9/edefter-yedek/v1');
    await o.getByTestId('opt-ca-text').fill(PEM);
    const ok = await saveWithConsent(o, 'opt-save', 'opt-note', 'approve', async (c) => {
      await c.getByTestId('settings-change-ca').waitFor();
      expect(await c.getByTestId('settings-change-ca').textContent()).toContain('SHA-256');
    });
    expect(['ok', 'warn']).toContain(ok.kind);
    expect(config().backup.trustList).toEqual([path.join(s.configDir, 'trust', 'integrator-ca.pem')]);
    expect(await o.getByTestId('opt-ca-current').textContent()).toMatch(/SHA-256 [0-9a-f]{16}/);
    await expect
      .poll(
        () =>
          readAudit({ type: 'settings' }, auditDir())
            .filter((r) => r.area === 'backup')
            .at(-1)?.changed,
        { timeout: 5000 },
      )
      .toEqual(expect.arrayContaining(['url', 'ca']));
    // for the issue's closing note
    fs.mkdirSync(path.join(repoRoot, 'var', 'screenshots'), { recursive: true });
    await o.screenshot({ path: path.join(repoRoot, 'var', 'screenshots', 'options-settings.png'), fullPage: true });
    await o.close();
  }, 120_000);

  it('the settings bridge actions refuse a web origin (origin: none)', async () => {
    const { BRIDGE_ACTIONS } = await import('../../packages/protocol/src/index.ts');
    for (const a of ['gib-settings', 'tsa-settings', 'backup-settings'] as const) expect(BRIDGE_ACTIONS[a].origin).toBe('none');
  });
});
