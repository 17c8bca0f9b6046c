/**
 * Driving the demo portal page in e2e tests: open it (paired and connected), tick rows, start a
 * toolbar or menu action, wait for its message to settle, and answer the consent windows of an
 * action that needs the PIN. The portal shows the outcome of every action in `portal-message`
 * (`data-state` ok | err, `data-code` the error code). Also: the stack with the GİB and integrator
 * simulators that the GİB/backup tests start, and the options page's backup settings.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { startGibSimulator, type GibSimulator } from '../../packages/simulators/src/gib/index.ts';
import { startIntegratorSimulator, type IntegratorSimulator } from '../../packages/simulators/src/integrator/index.ts';
import { allowSites, clickInConsent, enterPin, loadBackupSettings, nthConsent, pair, setPort, startStack, type Stack } from './harness.ts';

/** What the portal's message line says after an action. */
export interface PortalMessage {
  state: string;
  code?: string;
  text: string;
}

/** Opens the portal at `origin` in a new tab and waits until its script is ready. */
export async function openPortal(s: Stack, origin = s.portal.origin): Promise<Page> {
  const p = await s.context.newPage();
  await p.goto(`${origin}/`);
  await p.locator('body[data-ready="1"]').waitFor({ timeout: 20_000 });
  return p;
}

/** Points the extension at the bridge, allows the portal's site, pairs, and opens the portal connected. */
export async function openConnectedPortal(s: Stack): Promise<Page> {
  await setPort(s);
  await allowSites(s, [s.portal.origin]);
  await pair(s);
  const p = await openPortal(s);
  await p.locator('[data-testid=banner][data-bridge=connected]').waitFor({ timeout: 20_000 });
  return p;
}

/** Ticks exactly the rows `ids` (of `y`, `k`). */
export async function selectRows(p: Page, ids: string[]): Promise<void> {
  for (const id of ['y', 'k']) await p.getByTestId(`chk-${id}`).setChecked(ids.includes(id));
}

/** Marks the message line pending and clicks the control `testId` (toolbar button or menu entry). */
export async function startAction(p: Page, testId: string): Promise<void> {
  await p.evaluate(() => {
    document.getElementById('message')!.dataset.state = 'pending';
  });
  await p.getByTestId(testId).click();
}

/** Waits until the message line says ok or err (`timeout` in ms) and returns it. */
export async function settled(p: Page, timeout = 60_000): Promise<PortalMessage> {
  const m = p.getByTestId('portal-message');
  await p.locator('[data-testid=portal-message]:is([data-state=ok],[data-state=err])').waitFor({ timeout });
  return { state: (await m.getAttribute('data-state')) ?? '', code: (await m.getAttribute('data-code')) ?? undefined, text: (await m.textContent()) ?? '' };
}

/**
 * Starts `button` on `p`, approves the `windows` consent windows it opens (the first asks for
 * `pin`, on the pad) and waits for the outcome (`timeout` in ms).
 */
export async function withConsent(s: Stack, p: Page, button: string, windows: number, pin: string, timeout?: number): Promise<PortalMessage> {
  const base = s.consentPages.length;
  await startAction(p, button);
  for (let i = 1; i <= windows; i++) {
    const c = await nthConsent(s, base + i);
    if (i === 1) await enterPin(c, pin);
    await clickInConsent(c.getByTestId('approve'));
  }
  return settled(p, timeout);
}

/** The stack of a GİB + Yedekleme test: bridge, browser, GİB simulator, integrator simulator, connected portal. */
export interface GibBackupStack {
  s: Stack;
  gib: GibSimulator;
  integ: IntegratorSimulator;
  /** the portal, paired and connected */
  page: Page;
  /** Stops the stack and both simulators and restores the environment. */
  close(): Promise<void>;
}

/**
 * Starts the GİB simulator (each processing stage `gibDelayMs` ms; `gibValidate` false skips its
 * schema checks), the integrator simulator trusting GİB's signing certificate (100 ms processing
 * and storing), points the bridge at GİB (EDEFTER_GIB_* in this process's environment, polls every
 * `gibPollMs` ms), starts the stack with a file credential store and the bridge's own backup
 * follow-up 10 minutes away (status queries only when asked), and opens the portal connected.
 * @param name prefix of the temporary folder of both simulators
 * @throws whatever start-up step failed, after stopping what had started
 */
export async function startGibBackupStack(o: { name: string; gibDelayMs: number; gibValidate?: boolean; gibPollMs: number }): Promise<GibBackupStack> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${o.name}-`));
  const savedEnv: Record<string, string | undefined> = {};
  let gib: GibSimulator | undefined;
  let integ: IntegratorSimulator | undefined;
  let s: Stack | undefined;
  const close = async (): Promise<void> => {
    await s?.close();
    await integ?.close();
    await gib?.close();
    for (const [k, v] of Object.entries(savedEnv))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  };
  try {
    gib = await startGibSimulator({ stateDir: path.join(dir, 'gib-sim'), delayMs: o.gibDelayMs, ...(o.gibValidate === false ? { validate: false } : {}) });
    integ = await startIntegratorSimulator({
      dir: path.join(dir, 'integ-sim'),
      trustedCerts: [fs.readFileSync(gib.trustPem)],
      processingDelayMs: 100,
      storeDelayMs: 100,
    });
    const env = { EDEFTER_GIB_ENDPOINT: gib.url, EDEFTER_GIB_TRUST: gib.trustPem, EDEFTER_GIB_POLL_MS: String(o.gibPollMs), EDEFTER_GIB_RETRY_BASE_MS: '20' };
    for (const [k, v] of Object.entries(env)) {
      savedEnv[k] = process.env[k];
      process.env[k] = v;
    }
    s = await startStack({ bridgeEnv: { EDEFTER_CREDENTIAL_STORE: 'file', EDEFTER_BACKUP_POLL_MS: '600000' } });
    const page = await openConnectedPortal(s);
    return { s, gib, integ, page, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Backup fields of the options page to set (unset ones are left as they are). */
export interface BackupOptionsInput {
  enabled?: boolean;
  username?: string;
  password?: string;
  url?: string;
  auto?: 'evet' | 'hayir';
}

/**
 * Options page for company `vkn` → Kaydet → (unless `consent.window` is false) the extension's
 * consent window for the settings change, checked to list `expectFields` and not to show the
 * password, then approved (or refused with `refuse`) → the page's note.
 * @returns the note's kind (ok | warn | error) and text
 */
export async function backupOptions(
  s: Stack,
  vkn: string,
  set: BackupOptionsInput,
  consent: { window?: boolean; refuse?: boolean; expectFields?: string[] } = {},
): Promise<{ kind: string; text: string }> {
  const o = await s.context.newPage();
  try {
    await o.goto(`chrome-extension://${s.extensionId}/src/options/index.html`);
    await loadBackupSettings(o, vkn);
    if (set.enabled !== undefined) await o.getByTestId('opt-enabled').setChecked(set.enabled);
    if (set.username !== undefined) await o.getByTestId('opt-username').fill(set.username);
    if (set.password !== undefined) await o.getByTestId('opt-password').fill(set.password);
    if (set.url !== undefined) await o.getByTestId('opt-url').fill(set.url);
    if (set.auto) await o.getByTestId('opt-auto').selectOption(set.auto);
    const base = s.consentPages.length;
    await o.getByTestId('opt-save').click();
    if (consent.window !== false) {
      const c = await nthConsent(s, base + 1);
      await c.getByTestId('settings-consent').waitFor();
      for (const f of consent.expectFields ?? []) await c.getByTestId(`settings-change-${f}`).waitFor();
      if (set.password) expect(await c.locator('body').textContent()).not.toContain(set.password);
      await clickInConsent(c.getByTestId(consent.refuse ? 'refuse' : 'approve'));
    }
    const note = o.getByTestId('opt-note');
    await note.waitFor();
    return { kind: (await note.getAttribute('data-kind')) ?? '', text: (await note.textContent()) ?? '' };
  } finally {
    await o.close();
  }
}
