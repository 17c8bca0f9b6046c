/**
 * A small seeded pseudo-random generator for the compliance plan's synthetic books: the same seed gives
 * the same entries on every machine, so a scenario can be rebuilt byte for byte (apart from signatures).
 * Not for anything secret.
 */

/** A seeded generator: floats in [0, 1), integers, picks. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(a: readonly T[]): T;
}

/**
 * A generator from a 32-bit seed (xorshift32 state, scrambled through a 32-bit multiply on output).
 * @param seed any integer; 0 is replaced by a fixed non-zero constant
 */
export function seededRng(seed: number): Rng {
  let s = seed >>> 0 || 0x9e3779b9;
  const next = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (Math.imul(s, 0x2c1b3c6d) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (a) => a[Math.floor(next() * a.length)],
  };
}
