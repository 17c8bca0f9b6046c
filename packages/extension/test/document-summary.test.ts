import { describe, expect, it } from 'vitest';
import { formatAmount, toSummary } from '../src/shared/document-summary.ts';

describe("document summary (the bridge's facts as the consent window shows them)", () => {
  it("keeps the bridge's facts and adds the declared kind", () => {
    const facts = {
      name: 'a.xml',
      type: 'Y',
      kind: 'yevmiye',
      vkn: '6090408038',
      idKind: 'VKN',
      periodStart: '2026-10-01',
      periodEnd: '2026-10-31',
      entries: 1,
      lines: 2,
      signed: false,
      size: 3,
      sha256: 'a'.repeat(64),
    } as const;
    expect(toSummary(facts, 'yevmiye')).toEqual({ ...facts, declaredKind: 'yevmiye' });
  });
  it('formats amounts', () => {
    expect(formatAmount('1234567.50', 'tr')).toBe('1.234.567,50 TL');
    expect(formatAmount('1234567.50', 'en')).toBe('1,234,567.50 TL');
    expect(formatAmount('0.05', 'tr')).toBe('0,05 TL');
    expect(formatAmount(undefined, 'tr')).toBeUndefined();
  });
});
