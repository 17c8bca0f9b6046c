/**
 * Typed actions end to end (issue 11 item 6): handler maps typed by the action registries, one
 * params parser and one dispatch helper without casts. The `@ts-expect-error` lines are checked by
 * the type-check (`tsc -p tsconfig.json` includes test/): a handler map missing an action, or a
 * handler whose params do not fit its definition, must not compile.
 */
import { describe, expect, it } from 'vitest';
import {
  BRIDGE_ACTIONS,
  bridgeMonthRunCancel,
  gibCancel,
  parseActionParams,
  parseActionResult,
  runActionHandler,
  type BridgeActionDefs,
  type HandlerMap,
} from '../../packages/protocol/src/index.ts';

/** A two-action registry of real definitions: gib-cancel { prepareId } → { cancelled }, month-run-cancel { vkn, period } → { cancelled }. */
const DEFS = { 'gib-cancel': gibCancel, 'month-run-cancel': bridgeMonthRunCancel } as const;
const ID = '0123456789abcdef0123456789abcdef';

describe('typed action handlers', () => {
  it('parses params with the definition and dispatches to the typed handler', async () => {
    const handlers: HandlerMap<typeof DEFS, { known: string }> = {
      'gib-cancel': async (ctx, p) => ({ cancelled: p.prepareId === ctx.known }),
      'month-run-cancel': async (_ctx, p) => ({ cancelled: p.vkn.length === 10 }),
    };
    const ok = parseActionParams(gibCancel, { prepareId: ID });
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(await runActionHandler(handlers, 'gib-cancel', { known: ID }, ok.params)).toEqual({ cancelled: true });
    const bad = parseActionParams(gibCancel, { prepareId: 'x', extra: 1 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.length).toBeGreaterThan(0);
    expect(parseActionResult(gibCancel, { cancelled: true }).cancelled).toBe(true);
    expect(() => parseActionResult(gibCancel, { cancelled: 'yes' })).toThrow();
  });

  it('refuses, at compile time, a map missing an action or a handler of the wrong shape', () => {
    // @ts-expect-error month-run-cancel is missing
    const missing: HandlerMap<typeof DEFS, unknown> = { 'gib-cancel': async () => ({ cancelled: false }) };
    const wrongParams: HandlerMap<typeof DEFS, unknown> = {
      // @ts-expect-error gib-cancel's params have no `sessionId`
      'gib-cancel': async (_c, p: { sessionId: string }) => ({ cancelled: p.sessionId === '' }),
      'month-run-cancel': async () => ({ cancelled: false }),
    };
    const wrongResult: HandlerMap<typeof DEFS, unknown> = {
      // @ts-expect-error gib-cancel must return { cancelled: boolean }
      'gib-cancel': async () => ({ cancelled: 'no' }),
      'month-run-cancel': async () => ({ cancelled: false }),
    };
    expect([missing, wrongParams, wrongResult].length).toBe(3);
  });

  it('the bridge registry gives every action a definition the handler map is typed by', () => {
    const names: (keyof BridgeActionDefs)[] = Object.keys(BRIDGE_ACTIONS) as (keyof BridgeActionDefs)[];
    for (const n of names) expect(BRIDGE_ACTIONS[n].def.name).toBe(n);
  });
});
