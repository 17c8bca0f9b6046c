/**
 * Uniform random permutation for the PIN pad's "Rakamları Karıştır": Fisher–Yates with
 * crypto.getRandomValues and rejection sampling (no modulo bias, never Math.random).
 */

/** Uniform integer in [0, n) from crypto.getRandomValues. */
export function randomBelow(n: number): number {
  if (!Number.isInteger(n) || n <= 0 || n > 0x1_0000_0000) throw new RangeError(`bad bound ${n}`);
  const limit = Math.floor(0x1_0000_0000 / n) * n;
  const buf = new Uint32Array(1);
  for (;;) {
    globalThis.crypto.getRandomValues(buf);
    if (buf[0] < limit) return buf[0] % n;
  }
}

/** Returns a shuffled copy of `items`. */
export function shuffled<T>(items: readonly T[]): T[] {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomBelow(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** The ten digits in keypad order (1–9, then 0). */
export const KEYPAD_DIGITS: readonly string[] = Object.freeze(['1', '2', '3', '4', '5', '6', '7', '8', '9', '0']);
