/**
 * Retry with exponential backoff and full jitter (delay = random(0, min(maxMs, baseMs·2^n))),
 * only for errors the predicate calls transient (gib/errors.ts isTransient).
 */
import { isTransient } from './errors.ts';

/** Backoff settings. */
export interface RetryOptions {
  /** Total attempts including the first (default 4). */
  attempts?: number;
  /** First backoff ceiling in ms (default 1 000). */
  baseMs?: number;
  /** Largest backoff in ms (default 30 000). */
  maxMs?: number;
  /** Which errors to retry (default {@link isTransient}). */
  retryIf?: (e: unknown) => boolean;
  /** Called before each wait (for progress / logs). */
  onRetry?: (e: unknown, attempt: number, delayMs: number) => void | Promise<void>;
  /** Sleep function (tests). */
  sleep?: (ms: number) => Promise<void>;
  /** Random source in [0,1) (tests). */
  random?: () => number;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Backoff before attempt `n+1` (n ≥ 1). */
export function backoffDelay(n: number, o: RetryOptions = {}): number {
  const cap = Math.min(o.maxMs ?? 30_000, (o.baseMs ?? 1_000) * 2 ** (n - 1));
  return Math.floor((o.random ?? Math.random)() * cap);
}

/**
 * Runs `fn` until it succeeds, a non-retryable error is thrown, or the attempts are used up
 * (the last error is rethrown).
 * @param fn receives the attempt number (1-based)
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, o: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, o.attempts ?? 4);
  const retryIf = o.retryIf ?? isTransient;
  for (let n = 1; ; n++) {
    try {
      return await fn(n);
    } catch (e) {
      if (n >= attempts || !retryIf(e)) throw e;
      const d = backoffDelay(n, o);
      await o.onRetry?.(e, n, d);
      await (o.sleep ?? sleep)(d);
    }
  }
}
