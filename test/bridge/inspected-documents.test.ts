/** The per-connection registry of inspected documents (documents/registry.ts): origin-bound, TTL after last use, capped. */
import { describe, expect, it } from 'vitest';
import { InspectedDocuments, MAX_INSPECTED } from '../../packages/bridge/src/documents/index.ts';
import type { DocumentFacts } from '../../packages/protocol/src/index.ts';

const facts = (n: number): DocumentFacts => ({
  name: `d${n}.xml`,
  type: 'Y',
  kind: 'yevmiye',
  vkn: '6090408038',
  idKind: 'VKN',
  periodStart: '2026-01-01',
  periodEnd: '2026-01-31',
  entries: 1,
  lines: 2,
  signed: false,
  size: 10,
  sha256: n.toString(16).padStart(64, '0'),
});

describe('InspectedDocuments', () => {
  it('is bound to the origin it was inspected for', () => {
    const r = new InspectedDocuments(1000, () => 0);
    r.remember('https://a.example', facts(1), 'yevmiye');
    expect(r.get('https://a.example', facts(1).sha256)?.facts.name).toBe('d1.xml');
    expect(r.get('https://b.example', facts(1).sha256)).toBeUndefined();
  });

  it('expires TTL ms after the last use', () => {
    let now = 0;
    const r = new InspectedDocuments(1000, () => now);
    r.remember('o', facts(1), 'yevmiye');
    now = 900;
    expect(r.get('o', facts(1).sha256)).toBeDefined();
    now = 1800;
    expect(r.get('o', facts(1).sha256)).toBeDefined();
    now = 2801;
    expect(r.get('o', facts(1).sha256)).toBeUndefined();
    expect(r.size).toBe(0);
  });

  it(`keeps at most ${MAX_INSPECTED} documents, dropping the oldest`, () => {
    const r = new InspectedDocuments(1000, () => 0);
    for (let i = 0; i < MAX_INSPECTED + 5; i++) r.remember('o', facts(i), 'yevmiye');
    expect(r.size).toBe(MAX_INSPECTED);
    expect(r.get('o', facts(0).sha256)).toBeUndefined();
    expect(r.get('o', facts(MAX_INSPECTED + 4).sha256)).toBeDefined();
    r.clear();
    expect(r.size).toBe(0);
  });
});
