import { describe, expect, it } from 'vitest';
import { KEYPAD_DIGITS, randomBelow, shuffled } from '../src/shared/shuffle.ts';

describe('PIN pad shuffle', () => {
  it('is a permutation of the ten digits', () => {
    for (let i = 0; i < 50; i++) expect([...shuffled(KEYPAD_DIGITS)].sort()).toEqual([...KEYPAD_DIGITS].sort());
  });
  it('is roughly uniform (each digit visits each position)', () => {
    const counts = Array.from({ length: 10 }, () => new Array(10).fill(0));
    const N = 6_000;
    for (let i = 0; i < N; i++)
      shuffled(KEYPAD_DIGITS).forEach((d, pos) => {
        counts[Number(d)][pos]++;
      });
    for (const row of counts) for (const c of row) expect(Math.abs(c - N / 10)).toBeLessThan((N / 10) * 0.25);
  });
  it('randomBelow stays in range and refuses bad bounds', () => {
    for (let i = 0; i < 1000; i++) {
      const v = randomBelow(7);
      expect(v >= 0 && v < 7).toBe(true);
    }
    expect(() => randomBelow(0)).toThrow();
  });
});
