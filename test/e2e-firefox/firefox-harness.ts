/**
 * Firefox end-to-end harness: the real `edefter bridge` (isolated demo token, own config folder),
 * the GİB simulator, the demo portal, and Debian's firefox-esr driven over WebDriver BiDi by
 * puppeteer-core (no browser download: `executablePath` is the system Firefox).
 *
 * - Profile: `<tmp>/home/.mozilla/firefox/e2e` in a temporary HOME, created before
 *   `edefter trust install` so that the command finds it (a folder with prefs.js) and imports the
 *   bridge's local CA into its cert9.db, as it does for a user's Firefox profile.
 * - Add-on: `packages/extension/dist/firefox` installed as a TEMPORARY add-on through BiDi
 *   `webExtension.install` (`{type: 'path'}`; puppeteer's `browser.installExtension`). Its
 *   `moz-extension://<uuid>` origin is fixed by the pref `extensions.webextensions.uuids` so that
 *   the test can open the popup page.
 * - Extension pages: BiDi refuses to navigate to `moz-extension:` URLs unless the remote agent
 *   allows system access, so Firefox starts with `--remote-allow-system-access`.
 * - Native messaging: `edefter native-host install --exe <wrapper>` with the temporary HOME writes
 *   `$HOME/.mozilla/native-messaging-hosts/tr.edefter.bridge.json` (`allowed_extensions`: the
 *   gecko id), where this Firefox reads user-level host manifests; the wrapper runs
 *   `edefter native-host` with the stack's environment.
 * One stack per test file; everything lives in one temp folder removed at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { createDemoToken, type DemoToken } from '../../packages/dev/src/pki/demo-token.ts';
import { startGibSimulator, type GibSimulator } from '../../packages/simulators/src/gib/index.ts';
import { GECKO_EXTENSION_ID } from '../../packages/protocol/src/extension-id.ts';
import { NATIVE_HOST_NAME } from '../../packages/protocol/src/hops/native-host.ts';
import { startPortal, type Portal } from '../../packages/dev/src/portal/server.ts';
import { repoRoot, run, startBridge, writeNativeHostWrapper, type BridgeProcess } from '../e2e/harness.ts';

/** The Firefox build of the extension (unpacked). */
export const FIREFOX_EXTENSION_DIR = path.join(repoRoot, 'packages', 'extension', 'dist', 'firefox');

/** The fixed `moz-extension://` uuid given to the add-on in the test profile. */
export const EXTENSION_UUID = '6d0c3c57-1f0a-4e55-9a51-5e2fd1b0e2a1';
/** Origin of the add-on's pages in the test profile. */
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

/** Debian's firefox-esr binary (the real one, not a wrapper). @returns undefined when not installed */
export function firefoxPath(): string | undefined {
  for (const p of ['/usr/lib/firefox-esr/firefox-esr', '/usr/bin/firefox-esr']) if (fs.existsSync(p)) return p;
  return undefined;
}

/** A running Firefox stack. */
export interface FirefoxStack {
  dir: string;
  home: string;
  /** the Firefox profile (under HOME, so `edefter trust install` manages it) */
  profile: string;
  env: NodeJS.ProcessEnv;
  token: DemoToken;
  bridge: BridgeProcess;
  sim: GibSimulator;
  portal: Portal;
  browser: Browser;
  /** the add-on id BiDi reported after install */
  addonId: string;
  /** the Firefox host manifest written by `edefter native-host install` */
  hostManifest: string;
  /** milliseconds: Firefox launch, add-on install */
  timings: { launchMs: number; installMs: number };
  close(): Promise<void>;
}

/** Options of {@link startFirefoxStack}. */
export interface FirefoxStackOptions {
  /** milliseconds each GİB simulator processing stage takes (default 150) */
  gibDelayMs?: number;
  /** extra environment of the bridge and the CLI (e.g. EDEFTER_CREDENTIAL_STORE, EDEFTER_GIB_POLL_MS) */
  bridgeEnv?: Record<string, string>;
}

/**
 * Starts token, GİB simulator, trust, bridge, portal and Firefox with the temporary add-on.
 * The extension is not configured yet (port, sites, pairing: see {@link connectFirefox}).
 * @throws Error when Firefox is missing or any part does not start
 */
export async function startFirefoxStack(opts: FirefoxStackOptions = {}): Promise<FirefoxStack> {
  const exe = firefoxPath();
  if (!exe) throw new Error('firefox-esr not found (apt install firefox-esr)');
  if (!fs.existsSync(path.join(FIREFOX_EXTENSION_DIR, 'manifest.json')))
    throw new Error(`no Firefox build in ${FIREFOX_EXTENSION_DIR} (pnpm --filter @edefter/extension build)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edefter-e2e-ff-'));
  const home = path.join(dir, 'home');
  const profile = path.join(home, '.mozilla', 'firefox', 'e2e');
  fs.mkdirSync(profile, { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(profile, 'prefs.js'), '');
  const closers: (() => Promise<unknown>)[] = [];
  try {
    const token = await createDemoToken({ dir: path.join(dir, 'token') });
    const sim = await startGibSimulator({ stateDir: path.join(dir, 'sim'), delayMs: opts.gibDelayMs ?? 150, validate: false });
    closers.push(() => sim.close());
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: home,
      EDEFTER_CONFIG_DIR: path.join(dir, 'config'),
      EDEFTER_DATA_DIR: path.join(dir, 'data'),
      SOFTHSM2_CONF: token.softhsmConf,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      EDEFTER_BRIDGE_TEST_MODE: '0',
      EDEFTER_GIB_ENDPOINT: sim.url,
      EDEFTER_GIB_TRUST: sim.trustPem,
      EDEFTER_GIB_POLL_MS: '100',
      EDEFTER_GIB_RETRY_BASE_MS: '20',
      ...opts.bridgeEnv,
    };
    for (const k of ['EDEFTER_TOKEN_LABEL', 'EDEFTER_CERT_ID', 'EDEFTER_PKCS11_MODULE']) delete env[k];
    run(['trust', 'install'], env);
    const bridge = await startBridge(0, env);
    closers.push(() => bridge.stop());
    const portal = await startPortal({ entries: 30 });
    closers.push(() => portal.close());
    const wrapper = writeNativeHostWrapper(dir, env);
    run(['native-host', 'install', '--exe', wrapper], env);
    const hostManifest = path.join(home, '.mozilla', 'native-messaging-hosts', `${NATIVE_HOST_NAME}.json`);
    if (!fs.existsSync(hostManifest)) throw new Error(`edefter native-host install wrote no ${hostManifest}`);
    const t0 = Date.now();
    const browser = await puppeteer.launch({
      browser: 'firefox',
      protocol: 'webDriverBiDi',
      executablePath: exe,
      headless: true,
      userDataDir: profile,
      args: ['--remote-allow-system-access'],
      timeout: 60_000,
      protocolTimeout: 60_000,
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') } as Record<string, string>,
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [GECKO_EXTENSION_ID]: EXTENSION_UUID }),
        // the consent window is a real popup window: keep it a window, not a tab
        'browser.link.open_newwindow.restriction': 0,
      },
    });
    closers.push(() => browser.close());
    const launchMs = Date.now() - t0;
    const t1 = Date.now();
    const addonId = await browser.installExtension(FIREFOX_EXTENSION_DIR);
    const installMs = Date.now() - t1;
    return {
      dir,
      home,
      profile,
      env,
      token,
      bridge,
      sim,
      portal,
      browser,
      addonId,
      hostManifest,
      timings: { launchMs, installMs },
      async close() {
        for (const c of closers.reverse()) await c().catch(() => undefined);
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    for (const c of closers.reverse()) await c().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** The `location.href` of `p` (puppeteer's own `url()` is not updated for moz-extension pages). */
export async function hrefOf(p: Page): Promise<string> {
  try {
    return await p.evaluate(() => location.href);
  } catch {
    return '';
  }
}

/** Opens an extension page (path under the add-on, e.g. `src/popup/index.html`) in a new tab. */
export async function openExtensionPage(s: FirefoxStack, page: string): Promise<Page> {
  const p = await s.browser.newPage();
  const url = `${EXTENSION_ORIGIN}/${page}`;
  // puppeteer never sees this navigation finish (the page moves to the extension process): start it, then poll
  void p.goto(url, { timeout: 20_000 }).catch(() => undefined);
  const t0 = Date.now();
  while (!(await hrefOf(p)).startsWith(url) || !(await p.evaluate(() => document.readyState !== 'loading').catch(() => false))) {
    if (Date.now() - t0 > 20_000) throw new Error(`${url} did not open`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return p;
}

/** Replaces the value of the input `selector` by typing `text` (real key events). */
export async function fill(p: Page, selector: string, text: string): Promise<void> {
  await p.waitForSelector(selector, { timeout: 20_000 });
  await p.$eval(selector, (el) => {
    (el as HTMLInputElement).value = '';
    (el as HTMLInputElement).focus();
  });
  await p.type(selector, text);
}

/** `[data-testid="<id>"]` */
export function tid(id: string): string {
  return `[data-testid="${id}"]`;
}

/** Polls `fn` every 100 ms until it returns a value (not undefined). @throws Error after `timeoutMs` */
export async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Popup: points the add-on at the bridge, allows `sites` (default: the portal), pairs through
 * native messaging (clicks "Eşleştir" when the popup says not-paired). @returns milliseconds taken
 * @throws Error with the popup's error and the bridge output when it does not pair within 30 s
 */
export async function connectFirefox(s: FirefoxStack, sites: string[] = [s.portal.origin]): Promise<number> {
  const t0 = Date.now();
  const popup = await openExtensionPage(s, 'src/popup/index.html');
  await fill(popup, tid('port-input'), String(s.bridge.port));
  await popup.click(tid('port-save'));
  await popup.waitForSelector(`${tid('bridge-state')}:not([data-state=disconnected]):not([data-state=connecting])`, { timeout: 20_000 });
  for (const site of sites) {
    await fill(popup, tid('site-input'), site);
    await popup.click(tid('site-add'));
    await popup.waitForSelector(tid(`remove-site-${site}`), { timeout: 10_000 });
  }
  const state = async (): Promise<string> => popup.$eval(tid('bridge-state'), (e) => e.getAttribute('data-state') ?? '');
  let clicked = false;
  await until(
    'the add-on pairs',
    async () => {
      const st = await state();
      if (st === 'connected') return true;
      if (!clicked && st === 'not-paired') {
        await popup.click(tid('pair'));
        clicked = true;
      }
      return undefined;
    },
    30_000,
  ).catch(async (e: Error) => {
    const err = await popup.$$eval('[data-testid=popup-error], [data-testid=pair-native-error]', (els) => els.map((x) => x.textContent).join(' / '));
    throw new Error(`${e.message} (${await state()}: ${err})\n${s.bridge.output().slice(-2000)}`);
  });
  await popup.close();
  return Date.now() - t0;
}

/**
 * Consent windows of a Firefox stack: browsing contexts showing the add-on's consent page, in the
 * order found. `next()` returns the first one not returned before, once armed (`data-armed=true`).
 */
export class ConsentWindows {
  readonly seen: Page[] = [];
  constructor(
    private readonly s: FirefoxStack,
    private readonly onNew: (p: Page) => void = () => undefined,
  ) {}

  /** The next consent window, armed for input. @throws Error when none opens within `timeoutMs` */
  async next(timeoutMs = 30_000): Promise<Page> {
    const p = await until(
      'a consent window opens',
      async () => {
        for (const pg of await this.s.browser.pages()) {
          if (this.seen.includes(pg)) continue;
          if ((await hrefOf(pg)).startsWith(`${EXTENSION_ORIGIN}/src/consent/index.html`)) return pg;
        }
        return undefined;
      },
      timeoutMs,
    );
    this.seen.push(p);
    this.onNew(p);
    await p.waitForSelector(`${tid('consent')}[data-armed="true"]`, { timeout: 20_000 });
    return p;
  }

  /** A consent window not returned yet, if one is open now (no wait, not armed-checked). */
  async peek(): Promise<Page | undefined> {
    for (const pg of await this.s.browser.pages()) {
      if (this.seen.includes(pg)) continue;
      if ((await hrefOf(pg)).startsWith(`${EXTENSION_ORIGIN}/src/consent/index.html`)) return pg;
    }
    return undefined;
  }
}

/** Clicks `selector` in a consent window that may close itself on that click. */
export async function clickClosing(p: Page, selector: string): Promise<void> {
  try {
    await p.click(selector);
  } catch (e) {
    if (!p.isClosed() && (await hrefOf(p)) !== '') throw e;
  }
}

/** Presses the PIN-pad digits of `pin` in a consent window. */
export async function padPin(p: Page, pin: string): Promise<void> {
  for (const d of pin) await p.click(tid(`pin-digit-${d}`));
}
