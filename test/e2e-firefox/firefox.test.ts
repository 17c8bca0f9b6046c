/**
 * Firefox in CI: Debian's firefox-esr over WebDriver BiDi (puppeteer-core) with the built
 * dist/firefox installed as a temporary add-on. Points the add-on at the bridge, allows the demo
 * portal's origin, pairs through the native-messaging host (no terminal input), signs the month's
 * Yevmiye and Kebir from the portal page with the PIN typed in the consent window (a window the
 * add-on opens with windows.create, found among the BiDi browsing contexts), verifies the signed
 * Yevmiye with xmlsec1, then signs the berats and runs GİB'e Gönder against the GİB simulator.
 * See firefox-harness.ts for the profile, trust, add-on and native-host set-up.
 * Skipped (with a message) only when firefox-esr is not installed; scripts/setup.sh installs it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Page } from 'puppeteer-core';
import { GECKO_EXTENSION_ID } from '../../packages/protocol/src/extension-id.ts';
import { xmlsecVerify } from '../e2e/harness.ts';
import { EXTENSION_ORIGIN, clickClosing, connectFirefox, firefoxPath, hrefOf, startFirefoxStack, tid, until, type FirefoxStack } from './firefox-harness.ts';

const PIN = '123456';
const VKN = '6090408038';
/** GİB polls: the portal's GİB actions get 90 s. */
const ACTION_MS = 90_000;
const haveFirefox = firefoxPath() !== undefined;
if (!haveFirefox) console.warn('firefox.test.ts: firefox-esr is not installed (scripts/setup.sh installs it); skipped');

let s: FirefoxStack;
let portal: Page;
/** consent windows already answered */
const seen = new Set<Page>();
/** every console line of the portal and the consent windows (to prove no PIN leaks) */
const consoleLines: string[] = [];
/** the requesting origin each consent window showed, in order */
const shownOrigins: string[] = [];

/** Collects `p`'s console lines and page errors into {@link consoleLines}. */
function watchConsole(p: Page): void {
  p.on('console', (m) => consoleLines.push(m.text()));
  p.on('pageerror', (e) => consoleLines.push(`pageerror: ${String(e)}`));
}

/** The next consent window (a browsing context showing the add-on's consent page), armed for input. */
async function nextConsent(): Promise<Page> {
  const p = await until(
    'a consent window opens',
    async () => {
      for (const pg of await s.browser.pages()) {
        if (seen.has(pg)) continue;
        if ((await hrefOf(pg)).startsWith(`${EXTENSION_ORIGIN}/src/consent/index.html`)) return pg;
      }
      return undefined;
    },
    30_000,
  );
  seen.add(p);
  watchConsole(p);
  await p.waitForSelector(`${tid('consent')}[data-armed="true"]`, { timeout: 20_000 });
  shownOrigins.push(await p.$eval(tid('consent-origin'), (e) => e.textContent ?? ''));
  return p;
}

/** Ticks exactly the portal rows `ids` (of y, k). */
async function select(ids: string[]): Promise<void> {
  for (const id of ['y', 'k']) {
    const checked = await portal.$eval(tid(`chk-${id}`), (el) => (el as HTMLInputElement).checked);
    if (checked !== ids.includes(id)) await portal.click(tid(`chk-${id}`));
  }
}

/** Starts the portal control `testId` and waits for its message to settle; answers `windows` consent windows on the way (PIN in the first). */
async function action(testId: string, windows = 0): Promise<{ state: string; code: string; text: string }> {
  await portal.evaluate(() => {
    document.getElementById('message')!.dataset.state = 'pending';
  });
  await portal.click(tid(testId));
  for (let i = 1; i <= windows; i++) {
    const c = await nextConsent();
    if (i === 1) for (const d of PIN) await c.click(tid(`pin-digit-${d}`));
    await clickClosing(c, tid('approve'));
  }
  await portal.waitForSelector(`${tid('portal-message')}:is([data-state=ok],[data-state=err])`, { timeout: ACTION_MS });
  return portal.$eval(tid('portal-message'), (m) => ({
    state: m.getAttribute('data-state') ?? '',
    code: m.getAttribute('data-code') ?? '',
    text: m.textContent ?? '',
  }));
}

beforeAll(async () => {
  if (!haveFirefox) return;
  s = await startFirefoxStack();
  console.log(`firefox: launch ${s.timings.launchMs} ms, add-on install ${s.timings.installMs} ms`);
}, 240_000);

afterAll(async () => {
  await s?.close();
});

describe.skipIf(!haveFirefox)('Firefox ESR: temporary add-on, pairing, signing, GİB send', () => {
  it('installs the add-on; trust install covered the profile; the host manifest names the gecko id', () => {
    expect(s.addonId).toBe(GECKO_EXTENSION_ID);
    const certs = spawnSync('certutil', ['-L', '-d', `sql:${s.profile}`], { encoding: 'utf8' });
    expect(certs.status, certs.stderr).toBe(0);
    expect(certs.stdout).toMatch(/edefter/i);
    const m = JSON.parse(fs.readFileSync(s.hostManifest, 'utf8')) as { allowed_extensions: string[]; path: string };
    expect(m.allowed_extensions).toEqual([GECKO_EXTENSION_ID]);
    expect(fs.existsSync(m.path)).toBe(true);
  });

  it('points the add-on at the bridge, allows the portal, pairs through native messaging', async () => {
    // the same popup steps as every Firefox test (port, allowed portal, Eşleştir): one helper in the harness
    const ms = await connectFirefox(s, [s.portal.origin]);
    console.log(`firefox: popup, port and pairing ${ms} ms`);
    // the bridge stored the install's moz-extension origin through pairing
    const list = spawnSync(process.execPath, [path.join(import.meta.dirname, '..', '..', 'packages', 'bridge', 'bin', 'edefter.mjs'), 'pairing', 'list'], {
      env: s.env,
      encoding: 'utf8',
    });
    expect(list.stdout).toContain(EXTENSION_ORIGIN);
  }, 90_000);

  it('signs Y and K from the portal with the PIN typed in the consent window; xmlsec1 verifies', async () => {
    portal = await s.browser.newPage();
    watchConsole(portal);
    await portal.goto(`${s.portal.origin}/`, { waitUntil: 'domcontentloaded', timeout: 30_000 });
    // the console capture works over BiDi (else the no-PIN check below would prove nothing)
    await portal.evaluate(() => console.log('edefter-console-probe'));
    await until('the console probe arrives', async () => (consoleLines.includes('edefter-console-probe') ? true : undefined), 10_000);
    await portal.waitForSelector('body[data-ready="1"]', { timeout: 20_000 });
    await portal.waitForSelector(`${tid('banner')}[data-bridge=connected]`, { timeout: 20_000 });
    await select(['y', 'k']);
    expect((await action('btn-dosya-olustur')).state).toBe('ok');
    const r = await action('btn-dosya-imzala', 2);
    expect(r, r.text).toMatchObject({ state: 'ok' });
    const signed = s.portal.rows.find((x) => x.id === 'y')!.files['defter-imzali']!;
    const v = xmlsecVerify(signed);
    expect(v.ok, v.out).toBe(true);
    expect(shownOrigins).toEqual([s.portal.origin, s.portal.origin]);
  }, 180_000);

  it("berats signed, GİB'e Gönder uploads both packages to the simulator", async () => {
    await select(['y', 'k']);
    expect((await action('btn-berat-olustur')).state).toBe('ok');
    expect((await action('btn-berat-imzala', 2)).state).toBe('ok');
    const r = await action('btn-gib-gonder', 1);
    expect(r, r.text).toMatchObject({ state: 'ok' });
    expect(s.sim.uploadsOf(`${VKN}-202610-YB-000000`)).toHaveLength(1);
    expect(s.sim.uploadsOf(`${VKN}-202610-KB-000000`)).toHaveLength(1);
    expect(await portal.$eval(tid('status-y'), (e) => e.textContent)).toBe("GİB'e Gönderildi");
    expect(shownOrigins.every((o) => o === s.portal.origin)).toBe(true);
    console.log(`firefox: ${consoleLines.length} console lines of the portal and ${seen.size} consent windows checked for the PIN`);
    expect(consoleLines.join('\n')).not.toContain(PIN);
    expect(s.bridge.output()).not.toContain(PIN);
  }, 240_000);
});
