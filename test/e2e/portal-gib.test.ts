/**
 * End to end from the demo portal: Dosya Oluştur → İmzala → Berat Oluştur → İmzala, then
 * GİB'e Gönder (its own consent window listing the packages, PIN) and Onaylı Beratı İndir (consent,
 * PIN), through extension → bridge → GİB simulator; the Durum column follows; the approved berat's
 * counter-signature verifies with xmlsec1; a refused consent sends nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { startGibSimulator, type GibSimulator } from '../../packages/simulators/src/gib/index.ts';
import { enterPin, nthConsent, startStack, type Stack, clickInConsent } from './harness.ts';
import {
  openConnectedPortal,
  selectRows as select,
  settled as settledWithin,
  startAction as start,
  withConsent as withConsentOn,
  type PortalMessage,
} from './portal-driver.ts';

/** GİB polls: the portal's GİB actions get 90 s. */
const GIB_WAIT_MS = 90_000;
const settled = (p: Page): Promise<PortalMessage> => settledWithin(p, GIB_WAIT_MS);
const withConsent = (button: string, windows: number): Promise<PortalMessage> => withConsentOn(s, page, button, windows, PIN, GIB_WAIT_MS);

const PIN = '123456';
const VKN = '6090408038';
let s: Stack;
let sim: GibSimulator;
let page: Page;
const savedEnv: Record<string, string | undefined> = {};

/** SHA-256 per document type as the GİB consent window showed it. */
const shownSha256: Record<string, string> = {};

/** Every site's GİB staging folders (`<data>/portal/<site>/.gib-staging/<prepareId>`) still on disk. */
function stagedFolders(): string[] {
  const portal = path.join(s.env.EDEFTER_DATA_DIR!, 'portal');
  if (!fs.existsSync(portal)) return [];
  return fs.readdirSync(portal).flatMap((site) => {
    const d = path.join(portal, site, '.gib-staging');
    return fs.existsSync(d) ? fs.readdirSync(d).map((id) => path.join(d, id)) : [];
  });
}

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-gib-'));
  sim = await startGibSimulator({ stateDir: path.join(dir, 'sim'), delayMs: 150, validate: false });
  const env = { EDEFTER_GIB_ENDPOINT: sim.url, EDEFTER_GIB_TRUST: sim.trustPem, EDEFTER_GIB_POLL_MS: '100', EDEFTER_GIB_RETRY_BASE_MS: '20' };
  for (const [k, v] of Object.entries(env)) {
    savedEnv[k] = process.env[k];
    process.env[k] = v;
  }
  s = await startStack();
  page = await openConnectedPortal(s);
}, 240_000);

afterAll(async () => {
  await s?.close();
  await sim?.close();
  for (const [k, v] of Object.entries(savedEnv))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
});

describe("portal → GİB'e Gönder / Onaylı Beratı İndir", () => {
  it('prepares a signed month from the portal', async () => {
    await select(page, ['y', 'k']);
    await start(page, 'btn-dosya-olustur');
    expect((await settled(page)).state).toBe('ok');
    expect((await withConsent('btn-dosya-imzala', 2)).state).toBe('ok');
    await start(page, 'btn-berat-olustur');
    expect((await settled(page)).state).toBe('ok');
    expect((await withConsent('btn-berat-imzala', 2)).state).toBe('ok');
    expect(await page.getByTestId('status-y').textContent()).toBe('Berat İmzalandı');
  });

  it("GİB'e Gönder: one consent window lists the packages; refusing sends nothing", async () => {
    await select(page, ['y', 'k']);
    const base = s.consentPages.length;
    await start(page, 'btn-gib-gonder');
    const c = await nthConsent(s, base + 1);
    expect(await c.getByTestId('gib-consent').getAttribute('data-operation')).toBe('send');
    expect(await c.getByTestId('consent-origin').textContent()).toBe(s.portal.origin);
    expect(await c.getByTestId('gib-endpoint').textContent()).toContain(sim.url);
    expect(await c.getByTestId('gib-vkn').textContent()).toBe(VKN);
    expect(await c.getByTestId(`gib-package-${VKN}-202610-YB-000000`).textContent()).toContain(`${VKN}-202610-Y-000000.xml`);
    // from the January 2025 period on the kebir itself is not uploaded: the KB package holds the KB only
    const kb = (await c.getByTestId(`gib-package-${VKN}-202610-KB-000000`).textContent()) ?? '';
    expect(kb).toContain(`${VKN}-202610-KB-000000.xml`);
    expect(kb).not.toContain(`${VKN}-202610-K-000000.xml`);
    expect(await c.getByTestId('timestamp-box').count()).toBe(0);
    // every file is listed with its SHA-256 (kept to compare with what is sent after approval)
    for (const t of ['Y', 'YB', 'KB'])
      shownSha256[t] = ((await c.getByTestId(`gib-sha256-${VKN}-202610-${t}-000000.xml`).textContent()) ?? '').replace(/\s+/g, '');
    // while the window is open the page's files wait in one private staging folder
    expect(stagedFolders()).toHaveLength(1);
    await clickInConsent(c.getByTestId('refuse'));
    const r = await settled(page);
    expect(r).toMatchObject({ state: 'err', code: 'USER_CANCELLED' });
    expect(sim.state().uploads).toHaveLength(0);
    // the files staged for the refused send are gone: the extension called gib-cancel
    expect(stagedFolders()).toEqual([]);
  });

  it("GİB'e Gönder: approved with the PIN, both packages uploaded once, Durum = GİB'e Gönderildi", async () => {
    await select(page, ['y', 'k']);
    const r = await withConsent('btn-gib-gonder', 1);
    expect(r, r.text).toMatchObject({ state: 'ok' });
    expect(sim.uploadsOf(`${VKN}-202610-YB-000000`)).toHaveLength(1);
    expect(sim.uploadsOf(`${VKN}-202610-KB-000000`)).toHaveLength(1);
    expect(await page.getByTestId('status-y').textContent()).toBe("GİB'e Gönderildi");
    expect(await page.getByTestId('status-k').textContent()).toBe("GİB'e Gönderildi");
    expect(stagedFolders()).toEqual([]);
    // the sent files moved into the site's month folder: the very bytes whose SHA-256 the window showed
    const portal = path.join(s.env.EDEFTER_DATA_DIR!, 'portal');
    const month = fs
      .readdirSync(portal)
      .map((site) => path.join(portal, site, VKN, '202610'))
      .find((d) => fs.existsSync(d))!;
    for (const t of ['Y', 'YB', 'KB']) {
      expect(
        createHash('sha256')
          .update(fs.readFileSync(path.join(month, `${VKN}-202610-${t}-000000.xml`)))
          .digest('hex'),
      ).toBe(shownSha256[t]);
    }
  });

  it('Onaylı Beratı İndir: consent + PIN, berats checked and stored, Durum = Onaylı Berat İndirildi', async () => {
    const r = await withConsent('btn-onayli-berat-indir', 1);
    expect(r, r.text).toMatchObject({ state: 'ok' });
    expect(await page.getByTestId('status-y').textContent()).toBe('Onaylı Berat İndirildi');
    expect(await page.getByTestId('status-k').textContent()).toBe('Onaylı Berat İndirildi');
    const f = s.portal.rows.find((x) => x.id === 'y')!.files['gib-berat']!;
    expect(path.basename(f)).toBe(`GIB-${VKN}-202610-YB-000000.xml`);
    const v = spawnSync(
      'xmlsec1',
      [
        '--verify',
        '--enabled-key-data',
        'x509',
        '--trusted-pem',
        sim.trustPem,
        '--id-attr:Id',
        'SignatureValue',
        '--id-attr:Id',
        'SignedProperties',
        '--node-xpath',
        "//*[local-name()='CounterSignature']/*[local-name()='Signature']",
        f,
      ],
      { encoding: 'utf8' },
    );
    expect(v.status, v.stderr).toBe(0);
  });

  it('sending again uploads nothing: GİB already has the packages', async () => {
    await select(page, ['y', 'k']);
    const base = s.consentPages.length;
    await start(page, 'btn-gib-gonder');
    const c = await nthConsent(s, base + 1);
    expect(await c.getByTestId(`gib-package-${VKN}-202610-YB-000000`).getAttribute('data-at-gib')).toBe('true');
    await enterPin(c, PIN);
    await clickInConsent(c.getByTestId('approve'));
    expect((await settled(page)).state).toBe('ok');
    expect(sim.state().uploads).toHaveLength(2);
    expect(s.consoleLines.join('\n')).not.toContain(PIN);
  });
});
