/**
 * The error catalog (packages/protocol/src/catalog): every entry renders both texts from its
 * sample parameters, keys are unique and start with their area, and an error built from the
 * catalog keeps key, code, retriable and details across a JSON hop; old peers still parse.
 */
import { describe, expect, it } from 'vitest';
import { CATALOG, EdefterError, ErrorCode, SerializedErrorSchema, fail, serializeError, type CatalogEntry, type Params } from '@edefter/protocol';
import { failTransport } from '@edefter/protocol/light';
import { mergeAreas } from '../src/catalog/entry.ts';

const entries = Object.entries(CATALOG) as [string, CatalogEntry<Params>][];
const CODES = new Set<string>(Object.values(ErrorCode));

describe('error catalog', () => {
  it('has entries, keys `area.camelCase`, known codes and a boolean retriable', () => {
    expect(entries.length).toBeGreaterThan(15);
    for (const [k, e] of entries) {
      expect(k, k).toMatch(/^[a-z]+\.[a-z][A-Za-z0-9]*$/);
      expect(CODES.has(e.code), k).toBe(true);
      expect(typeof e.retriable, k).toBe('boolean');
    }
  });

  it('renders every entry in Turkish and English (non-empty, no unfilled parameter), Turkish first in the message', () => {
    for (const [k, e] of entries) {
      const p = (e.sample ?? {}) as Params;
      const tr = e.tr(p);
      const en = e.en(p);
      for (const t of [tr, en]) {
        expect(t.trim().length, k).toBeGreaterThan(0);
        expect(t, k).not.toMatch(/undefined|\[object Object\]|NaN|\$\{/);
      }
      const err = fail(k as never, p as never);
      expect(err.message.startsWith(tr), k).toBe(true);
      expect(err.message).toBe(`${tr} / ${en}`);
    }
  });

  it('has distinct Turkish and English texts and no secret-named parameter', () => {
    // entries that pass a raw (English) message through in both languages; each is a known gap
    const PASS_THROUGH = new Set(['ledger.workerFailed']);
    for (const [k, e] of entries) {
      const p = (e.sample ?? {}) as Params;
      if (!PASS_THROUGH.has(k)) expect(e.tr(p), k).not.toBe(e.en(p));
      for (const name of Object.keys(p)) expect(name, k).not.toMatch(/^(pin|password|passphrase|secret|apiKey|privateKey|pairingSecret)$/i);
    }
  });

  it('refuses a duplicate key when areas are merged', () => {
    const a = { 'x.one': CATALOG['transport.timeout'] };
    expect(() => mergeAreas(a, { 'x.one': CATALOG['transport.busy'] })).toThrow(/duplicate error catalog key: x\.one/);
  });

  it('keeps key, code, retriable and details across a JSON hop', () => {
    const e = fail('transport.timeout', { action: 'sign-documents', timeoutMs: 5 });
    expect(e).toBeInstanceOf(EdefterError);
    expect(e.key).toBe('transport.timeout');
    expect(e.retriable).toBe(true);
    const wire = JSON.parse(JSON.stringify(serializeError(e)));
    expect(SerializedErrorSchema.parse(wire)).toEqual(wire);
    const back = EdefterError.fromJSON(wire);
    expect(back).toMatchObject({ code: ErrorCode.Timeout, key: 'transport.timeout', retriable: true, details: { action: 'sign-documents', timeoutMs: 5 } });
    expect(back.tr).toBe(e.tr);
    expect(fail('transport.insecureContext').details).toBeUndefined();
  });

  it('reads errors from peers older than the catalog (no key, no retriable)', () => {
    const old = { code: 'BRIDGE_UNAVAILABLE', tr: 'Köprü yok.', en: 'No bridge.' };
    expect(SerializedErrorSchema.safeParse(old).success).toBe(true);
    const e = EdefterError.fromJSON(old as never);
    expect(e.key).toBeUndefined();
    expect(e.retriable).toBe(true);
    expect(EdefterError.fromJSON({ code: ErrorCode.PinIncorrect, tr: 'a', en: 'b' }).retriable).toBe(false);
    expect(serializeError(old)).toEqual({ ...old, retriable: true });
  });

  it('light build: failTransport gives the same errors as fail for transport keys', () => {
    expect(failTransport('transport.busy').toJSON()).toEqual(fail('transport.busy').toJSON());
    expect(serializeError(new Error('boom'))).toMatchObject({ code: 'INTERNAL', key: 'transport.internal', details: { message: 'boom' } });
  });
});

/** Type-level checks (tsc): wrong or missing parameters and unknown keys do not compile. Never called. */
export function typeChecks(): void {
  fail('transport.versionMismatch', { requiresUpdate: 'bridge' });
  // @ts-expect-error a required parameter is missing
  fail('transport.versionMismatch', {});
  // @ts-expect-error the parameters are required
  fail('transport.versionMismatch');
  // @ts-expect-error wrong parameter type
  fail('transport.timeout', { timeoutMs: 'long' });
  // @ts-expect-error unknown key
  fail('transport.noSuchMessage');
}
