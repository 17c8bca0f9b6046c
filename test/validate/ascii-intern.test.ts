/**
 * bytes/ascii-intern.ts: the byte lexer's table of short ASCII texts. Whatever the bytes, it gives the text a UTF-8
 * decode gives, or null when it must not answer (a byte ≥ 0x80, more than 32 bytes), and 20 000 distinct texts over
 * 4 096 slots (evictions, shared slots, hash collisions) never give another text's string.
 */
import { describe, expect, it } from 'vitest';
import { AsciiIntern, MAX_BYTES } from '../../packages/bridge/src/bytes/ascii-intern.ts';

describe('AsciiIntern', () => {
  it('answers with the decoded text, or null for non-ASCII and long texts', () => {
    const t = new AsciiIntern();
    const b = Buffer.from('xx2026-01-31yyÇağrı', 'utf8');
    expect(t.get(b, 2, 12)).toBe('2026-01-31');
    expect(t.get(b, 2, 12)).toBe(t.get(Buffer.from('2026-01-31'), 0, 10));
    expect(t.get(b, 14, b.length)).toBeNull();
    expect(t.get(b, 0, 0)).toBe('');
    const long = Buffer.from('a'.repeat(MAX_BYTES + 1));
    expect(t.get(long, 0, long.length)).toBeNull();
    expect(t.get(long, 0, MAX_BYTES)).toBe('a'.repeat(MAX_BYTES));
  });

  it('20 000 distinct texts in turns, three times: always the right text, also on a repeat right after', () => {
    const t = new AsciiIntern();
    let seed = 7;
    const rnd = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    const texts = Array.from({ length: 20_000 }, (_, i) => {
      const n = 1 + Math.floor(rnd() * MAX_BYTES);
      let s = '';
      for (let k = 0; k < n; k++) s += String.fromCharCode(32 + Math.floor(rnd() * 95));
      return `${s}${i}`.slice(-n);
    });
    for (let round = 0; round < 3; round++) {
      for (const s of texts) {
        const b = Buffer.from(`<${s}>`, 'latin1');
        const got = t.get(b, 1, b.length - 1);
        expect(got).toBe(s);
        expect(t.get(b, 1, b.length - 1)).toBe(got);
      }
    }
  });
});
