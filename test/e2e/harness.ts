/**
 * End-to-end harness: the real `edefter bridge` (child process, isolated SoftHSM2 demo token,
 * own config folder), its CA trusted through `edefter trust install` into an NSS database in a
 * temporary HOME (exactly what a Linux user does), optionally a test TSA, the demo portal, and
 * Debian Chromium with the built extension loaded (playwright-core, headless).
 * Pairing goes through the native-messaging host as for a user, with no terminal input: the
 * host manifest `tr.edefter.bridge.json` goes where this Chromium reads user-level manifests
 * for its `--user-data-dir` (`<userDataDir>/NativeMessagingHosts/`, found empirically; it does
 * not read `$HOME/.config/chromium/NativeMessagingHosts` then) and points at a wrapper script
 * that runs `edefter native-host` with the stack's environment.
 * One stack per test file; everything lives in one temp folder removed at the end.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { xmlsecVerify as kitXmlsecVerify } from '../kit/xmlsec.ts';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page, type Worker } from 'playwright-core';
import { createDemoToken, type DemoToken } from '../../packages/dev/src/pki/demo-token.ts';
import { CHROME_EXTENSION_ID } from '../../packages/protocol/src/extension-id.ts';
import { NATIVE_HOST_NAME } from '../../packages/protocol/src/hops/native-host.ts';
import { startPortal, type Portal } from '../../packages/dev/src/portal/server.ts';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const EXTENSION_DIR = path.join(repoRoot, 'packages', 'extension', 'dist', 'chrome');
export const DEMO_CA = path.join(repoRoot, 'var', 'demo-pki', 'ca.pem');
const EDEFTER = path.join(repoRoot, 'packages', 'bridge', 'bin', 'edefter.mjs');

/** Chromium binary: the real one avoids the Debian wrapper script. */
export function chromiumPath(): string {
  for (const p of ['/usr/lib/chromium/chromium', '/usr/bin/chromium']) if (fs.existsSync(p)) return p;
  throw new Error('Chromium not found (apt install chromium)');
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** Makes sure the extension and the page library are built (setup.sh normally did it). */
export function ensureBuilt(): void {
  if (!fs.existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) {
    const r = spawnSync('pnpm', ['--filter', '@edefter/extension', 'build'], { cwd: repoRoot, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`extension build failed: ${r.stderr}`);
  }
}

/** The running bridge child process and everything it printed. */
export interface BridgeProcess {
  port: number;
  child: ChildProcess;
  /** stdout + stderr so far */
  output(): string;
  /** waits until `re` appears in the output */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  stop(): Promise<void>;
}

/** Options of {@link startStack}. */
export interface StackOptions {
  /** start a test TSA (RFC 3161, openssl ts) and configure it in the bridge's config.json */
  tsa?: boolean;
  /** EDEFTER_BRIDGE_TEST_MODE=1 (bench) */
  testMode?: boolean;
  /** extra environment of the bridge process (e.g. the PIN-pad simulator module) */
  bridgeEnv?: Record<string, string>;
}

/** A running end-to-end stack. */
export interface Stack {
  dir: string;
  home: string;
  configDir: string;
  /** environment of the bridge and of the CLI commands run for this stack (`edefter pair`, …); EDEFTER_DATA_DIR = `<dir>/data` */
  env: NodeJS.ProcessEnv;
  /** Chromium's `--user-data-dir` */
  userDataDir: string;
  token: DemoToken;
  bridge: BridgeProcess;
  portal: Portal;
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** extension pages opened as consent windows, in order */
  consentPages: Page[];
  /** every console line of every page (to prove no PIN leaks) */
  consoleLines: string[];
  /** Stops the bridge and starts it again on the same port and config folder (pairing kept) with more env. */
  restartBridge(extraEnv?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

/** Runs `edefter <args>` with `env` and returns its stdout. @throws Error with its output when it exits non-zero */
export function run(args: string[], env: NodeJS.ProcessEnv): string {
  const r = spawnSync(process.execPath, [EDEFTER, ...args], { cwd: repoRoot, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`edefter ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** Starts `edefter bridge --port <port>` (0: it picks one) with `env` and waits until it serves. @throws Error with its output when it exits first */
export async function startBridge(port: number, env: NodeJS.ProcessEnv): Promise<BridgeProcess> {
  const child = spawn(process.execPath, [EDEFTER, 'bridge', '--port', String(port)], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const waiters = new Set<() => void>();
  const onData = (b: Buffer): void => {
    out += b.toString('utf8');
    for (const w of waiters) w();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const waitFor = (re: RegExp, timeoutMs = 15_000): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const m = re.exec(out);
        if (m) {
          waiters.delete(check);
          clearTimeout(t);
          resolve(m);
        }
      };
      const t = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`bridge output never matched ${re}:\n${out}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = await Promise.race([
    waitFor(/bridge running: https:\/\/127\.0\.0\.1:(\d+)\//),
    exited.then(() => {
      throw new Error(`bridge exited:\n${out}`);
    }),
  ]);
  return {
    port: Number(running[1]),
    child,
    output: () => out,
    waitFor,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
  };
}

/**
 * Starts token, trust, bridge, (TSA), portal and Chromium with the extension.
 * The extension is not configured yet: see {@link pairAndAllow}.
 */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  ensureBuilt();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edefter-e2e-'));
  const home = path.join(dir, 'home');
  const configDir = path.join(dir, 'config');
  fs.mkdirSync(home, { recursive: true });
  const token = await createDemoToken({ dir: path.join(dir, 'token') });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    EDEFTER_CONFIG_DIR: configDir,
    EDEFTER_DATA_DIR: path.join(dir, 'data'),
    SOFTHSM2_CONF: token.softhsmConf,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    EDEFTER_BRIDGE_TEST_MODE: opts.testMode ? '1' : '0',
  };
  for (const k of ['EDEFTER_TOKEN_LABEL', 'EDEFTER_CERT_ID', 'EDEFTER_PKCS11_MODULE']) delete env[k];
  Object.assign(env, opts.bridgeEnv);
  run(['trust', 'install'], env);
  let tsaClose: (() => Promise<void>) | undefined;
  if (opts.tsa) {
    const { startTestTsa } = await import('../../packages/simulators/src/tsa/index.ts');
    const tsa = await startTestTsa({ kind: 'rfc3161' });
    tsaClose = () => tsa.close();
    fs.writeFileSync(
      path.join(configDir, 'config.json'),
      JSON.stringify({ version: 1, tsa: { url: tsa.url, mode: 'rfc3161', trustList: [tsa.caPath] } }, null, 2),
      { mode: 0o600 },
    );
  }
  // port 0: the bridge picks a free port itself (no race with other processes on a busy machine)
  let bridge = await startBridge(0, env);
  const portal = await startPortal({ entries: 30 });
  const userDataDir = path.join(dir, 'chromium-profile');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    env: { ...process.env, HOME: home } as Record<string, string>,
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 15_000 });
  const extensionId = worker.url().split('/')[2];
  const consentPages: Page[] = [];
  const consoleLines: string[] = [];
  const watch = (p: Page): void => {
    p.on('console', (m) => consoleLines.push(m.text()));
    p.on('pageerror', (e) => consoleLines.push(`pageerror ${p.url()}: ${e.message}`));
    if (p.url().includes('/src/consent/index.html')) consentPages.push(p);
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  worker.on('console', (m) => consoleLines.push(m.text()));
  const stack: Stack = {
    dir,
    home,
    configDir,
    env,
    userDataDir,
    token,
    bridge,
    portal,
    context,
    worker,
    extensionId,
    consentPages,
    consoleLines,
    async restartBridge(extraEnv = {}) {
      const port = bridge.port;
      const before = bridge.output();
      await bridge.stop();
      bridge = await startBridge(port, { ...env, ...extraEnv });
      const next = bridge;
      stack.bridge = { ...next, output: () => before + next.output() };
    },
    async close() {
      await context.close().catch(() => undefined);
      await stack.bridge.stop();
      await portal.close();
      await tsaClose?.();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return stack;
}

/** Opens the extension popup as a tab. */
export async function openPopup(s: Stack): Promise<Page> {
  const p = await s.context.newPage();
  await p.goto(`chrome-extension://${s.extensionId}/src/popup/index.html`);
  await p.getByTestId('bridge-state').waitFor();
  return p;
}

/** Points the extension at the bridge's port (popup → Port → Kaydet). */
export async function setPort(s: Stack): Promise<void> {
  const popup = await openPopup(s);
  await popup.getByTestId('port-input').fill(String(s.bridge.port));
  await popup.getByTestId('port-save').click();
  await popup.locator('[data-testid=bridge-state]:not([data-state=disconnected]):not([data-state=connecting])').waitFor({ timeout: 15_000 });
  await popup.close();
}

/** Adds sites to the allowed list through the popup. */
export async function allowSites(s: Stack, origins: string[]): Promise<void> {
  const popup = await openPopup(s);
  for (const o of origins) {
    await popup.getByTestId('site-input').fill(o);
    await popup.getByTestId('site-add').click();
    await popup.locator(`[data-testid="remove-site-${o}"]`).waitFor();
  }
  await popup.close();
}

/** Quotes `v` for a POSIX shell. */
function shq(v: string): string {
  return `'${v.replace(/'/g, `'\\''`)}'`;
}

/**
 * Writes the wrapper script `<dir>/native-host/edefter-native-host` (0700) that runs
 * `node packages/bridge/bin/edefter.mjs native-host "$@"` with `env`'s HOME, EDEFTER_* ,
 * SOFTHSM2_CONF, XDG_CONFIG_HOME and PATH (for Chromium's and Firefox's host manifests).
 * @returns the wrapper's path
 */
export function writeNativeHostWrapper(dir: string, env: NodeJS.ProcessEnv): string {
  const wrapperDir = path.join(dir, 'native-host');
  fs.mkdirSync(wrapperDir, { recursive: true, mode: 0o700 });
  const wrapper = path.join(wrapperDir, 'edefter-native-host');
  const keep = ['HOME', 'EDEFTER_CONFIG_DIR', 'EDEFTER_DATA_DIR', 'EDEFTER_SOCKET', 'SOFTHSM2_CONF', 'XDG_CONFIG_HOME', 'PATH'];
  const exports = keep.filter((k) => env[k] !== undefined).map((k) => `export ${k}=${shq(env[k]!)}`);
  fs.writeFileSync(
    wrapper,
    [
      '#!/bin/sh',
      "# e2e stack: edefter native-host with this stack's environment",
      ...exports,
      `exec ${shq(process.execPath)} ${shq(EDEFTER)} native-host "$@"`,
      '',
    ].join('\n'),
    { mode: 0o700 },
  );
  fs.chmodSync(wrapper, 0o700);
  return wrapper;
}

/**
 * Registers the native-messaging host for this stack's Chromium, as `edefter native-host
 * install` does for a user: a wrapper script (0700) in the stack's folder that runs
 * `node packages/bridge/bin/edefter.mjs native-host "$@"` with the stack's environment, and the
 * host manifest naming the pinned extension in `<userDataDir>/NativeMessagingHosts/`.
 * Chromium reads the manifest at each `sendNativeMessage`, so this may come at any time.
 * @returns the manifest's path
 */
export function installNativeHost(s: Stack): string {
  const wrapper = writeNativeHostWrapper(s.dir, s.env);
  const manifestDir = path.join(s.userDataDir, 'NativeMessagingHosts');
  fs.mkdirSync(manifestDir, { recursive: true, mode: 0o700 });
  const manifest = path.join(manifestDir, `${NATIVE_HOST_NAME}.json`);
  fs.writeFileSync(
    manifest,
    JSON.stringify(
      {
        name: NATIVE_HOST_NAME,
        description: 'e-Defter köprüsü: eşleştirme / e-Defter bridge pairing',
        path: wrapper,
        type: 'stdio',
        allowed_origins: [`chrome-extension://${CHROME_EXTENSION_ID}/`],
      },
      null,
      2,
    ),
  );
  return manifest;
}

/** Removes this stack's host manifest (the browser then has no native host: manual fallback). */
export function removeNativeHost(s: Stack): void {
  fs.rmSync(path.join(s.userDataDir, 'NativeMessagingHosts', `${NATIVE_HOST_NAME}.json`), { force: true });
}

/**
 * Pairs as a user does, with no terminal input: registers the native host (see
 * {@link installNativeHost}), opens the popup and, unless the extension already paired by
 * itself on connect, clicks "Eşleştir"; waits until the link is connected.
 * @throws Error with the popup's error text when pairing does not complete within 30 s
 */
export async function pair(s: Stack): Promise<void> {
  installNativeHost(s);
  const popup = await openPopup(s);
  const state = popup.getByTestId('bridge-state');
  const t0 = Date.now();
  let clicked = false;
  for (let st = await state.getAttribute('data-state'); st !== 'connected'; st = await state.getAttribute('data-state')) {
    if (Date.now() - t0 > 30_000) {
      const err = await popup.locator('[data-testid=popup-error], [data-testid=pair-native-error]').allTextContents();
      throw new Error(`pairing did not complete (popup state ${st}: ${err.join(' / ')})\n${s.bridge.output().slice(-2000)}`);
    }
    if (!clicked && st === 'not-paired') {
      await popup.getByTestId('pair').click();
      clicked = true;
    }
    await popup.waitForTimeout(100);
  }
  await popup.close();
}

/** A pairing code printed by `edefter pair`, and the command (still running while it waits for the code's use). */
export interface CliPairCode {
  code: string;
  output(): string;
  stop(): void;
}

/**
 * Runs `edefter pair` with the stack's environment (as the user would in their own session)
 * and returns the code it prints, as soon as it is printed.
 * @throws Error when no code appears within 15 s or the command fails
 */
export function cliPairCode(s: Stack): Promise<CliPairCode> {
  const child = spawn(process.execPath, [EDEFTER, 'pair'], { cwd: repoRoot, env: s.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const stop = (): void => {
      if (child.exitCode === null) child.kill('SIGTERM');
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`edefter pair printed no code:\n${out}`));
    }, 15_000);
    const onData = (b: Buffer): void => {
      out += b.toString('utf8');
      const m = /(?<![A-Z0-9])([A-HJ-NP-Z2-9]{4})[ -]?([A-HJ-NP-Z2-9]{4})(?![A-Z0-9])/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ code: m[1] + m[2], output: () => out, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      if (code !== 0) {
        clearTimeout(timer);
        reject(new Error(`edefter pair exited ${code}:\n${out}`));
      }
    });
  });
}

/**
 * Pairs through the manual fallback: `edefter pair` in the stack's environment prints a code, the
 * user types it into the popup's code field. The native host must not be registered (else the
 * extension pairs through it first).
 */
export async function pairWithCode(s: Stack): Promise<void> {
  const popup = await openPopup(s);
  await popup.locator('[data-testid=bridge-state][data-state=not-paired]').waitFor({ timeout: 15_000 });
  if ((await popup.getByTestId('pair-code-input').count()) === 0) await popup.getByTestId('pair-by-code').click();
  const cli = await cliPairCode(s);
  try {
    await popup.getByTestId('pair-code-input').fill(cli.code);
    await popup.getByTestId('pair-code-submit').click();
    await popup.locator('[data-testid=bridge-state][data-state=connected]').waitFor({ timeout: 20_000 });
  } finally {
    cli.stop();
  }
  await popup.close();
}

/** Waits for the next consent window (the n-th, 1-based). */
export async function nthConsent(s: Stack, n: number, timeoutMs = 20_000): Promise<Page> {
  const t0 = Date.now();
  while (s.consentPages.length < n) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`consent window #${n} did not open (have ${s.consentPages.length})`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const p = s.consentPages[n - 1];
  await p.getByTestId('consent').waitFor({ timeout: timeoutMs });
  await waitArmed(p, timeoutMs);
  return p;
}

/**
 * Waits until a consent window accepts input: it ignores digits, Enter and approval for ~700 ms
 * after it opens or regains focus (`data-armed` on its root; a page without one is not a consent window).
 */
export async function waitArmed(p: Page, timeoutMs = 10_000): Promise<void> {
  if (p.isClosed() || (await p.getByTestId('consent').count()) === 0) return;
  await p.locator('[data-testid=consent][data-armed=true]').waitFor({ timeout: timeoutMs });
}

/** Types a PIN on the on-screen pad (`pad`) or the keyboard (into the focused PIN entry). */
export async function enterPin(p: Page, pin: string, how: 'pad' | 'keyboard' = 'pad'): Promise<void> {
  await waitArmed(p);
  if (how === 'keyboard') await p.getByTestId('pin-input').focus();
  for (const d of pin) {
    if (how === 'pad') await p.getByTestId(`pin-digit-${d}`).click();
    else await p.keyboard.press(d);
  }
}

/**
 * Clicks a consent-window button that may close its own window (approve, refuse): the window can
 * go away while Playwright is still finishing the click, which is the expected outcome, not an error.
 */
export async function clickInConsent(loc: Locator): Promise<void> {
  try {
    await waitArmed(loc.page());
    await loc.click();
  } catch (e) {
    if (!loc.page().isClosed()) throw e;
  }
}

/** Verifies a signed file with xmlsec1 against the demo TEST CA. */
export function xmlsecVerify(file: string): { ok: boolean; out: string } {
  return kitXmlsecVerify(file, { trusted: DEMO_CA, idAttrs: ['SignedProperties'] });
}

export { CHROME_EXTENSION_ID };

/**
 * On the options page `o`: loads the backup settings of `vkn` ("Yükle") and waits for their form. When the page shows
 * its own note instead (the bridge refused or failed), throws with the note's text rather than timing out.
 */
export async function loadBackupSettings(o: Page, vkn: string): Promise<void> {
  await o.getByTestId('opt-vkn').fill(vkn);
  await o.getByTestId('opt-load').click();
  await o.getByTestId('opt-form').or(o.getByTestId('opt-note')).first().waitFor();
  const note = o.getByTestId('opt-note');
  if (await note.isVisible()) throw new Error(`yedekleme ayarları yüklenmedi / backup settings did not load: ${await note.textContent()}`);
}
