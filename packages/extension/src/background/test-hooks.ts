/**
 * The extension's test hooks, in one place, behind the compile-time flag `import.meta.env.VITE_TEST_HOOKS`
 * (vite `define`: true in the test build `dist/`, false in the release build `dist-release/`). With the flag
 * false the minifier drops both bodies, so the release bundle names neither hook (test/release greps for them).
 */
import type { ActionContext } from './actions/context.ts';

/**
 * Test hook "auto-approve": the PIN (character codes) to log in with instead of asking in the consent window.
 * Honoured only in the test build and only while the bridge reports `testMode` (EDEFTER_BRIDGE_TEST_MODE=1,
 * demo token); set in storage.local by bench/roundtrip.ts, never by the UI.
 * @returns `{ pin }` to approve without a window, or undefined (always undefined in the release build)
 */
export function autoApproval(ctx: Pick<ActionContext, 'bridge' | 'settings'>): { pin: number[] } | undefined {
  if (!import.meta.env.VITE_TEST_HOOKS) return undefined;
  return ctx.bridge.hello?.testMode ? ctx.settings.testHooks?.autoApprove : undefined;
}

/**
 * Test hook for Playwright: puts the live objects (read-only use) on the worker's global as `edefter`.
 * Does nothing in the release build.
 * @param live the objects the e2e tests read (the bridge connection, recent sign timings)
 */
export function exposeForTests(live: Record<string, unknown>): void {
  if (!import.meta.env.VITE_TEST_HOOKS) return;
  (globalThis as unknown as { edefter: unknown }).edefter = live;
}
