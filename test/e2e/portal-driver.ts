/**
 * Driving the demo portal page in e2e tests: open it (paired and connected), tick rows, start a
 * toolbar or menu action, wait for its message to settle, and answer the consent windows of an
 * action that needs the PIN. The portal shows the outcome of every action in `portal-message`
 * (`data-state` ok | err, `data-code` the error code).
 */
import type { Page } from 'playwright-core';
import { allowSites, clickInConsent, enterPin, nthConsent, pair, setPort, type Stack } from './harness.ts';

/** What the portal's message line says after an action. */
export interface PortalMessage { state: string; code?: string; text: string }

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
  await p.evaluate(() => { document.getElementById('message')!.dataset.state = 'pending'; });
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
