/**
 * The ONE retry policy of the bridge's outgoing calls (GİB SOAP, TSA, integrator backup): exponential
 * backoff with full jitter (delay = random(0, min(maxMs, baseMs·2^(n−1))), the AWS "full jitter" scheme),
 * at least the server's `Retry-After` when it sent one, only for errors the predicate calls retriable.
 * What is retriable by default: network errors and timeouts (net/http.ts {@link HttpFailure}), HTTP 408, 425,
 * 429, 500, 502, 503, 504 ({@link RETRIABLE_STATUS}), and errors whose details say `transient: true`
 * (GİB's server-side fault codes, gib/errors.ts).
 */
import { HttpFailure } from './http.ts';

/** HTTP statuses worth another attempt: request timeout, too early, too many requests, server trouble that passes. */
export const RETRIABLE_STATUS: ReadonlySet<number> = new Set([408, 425, 429, 500, 502, 503, 504]);

/** Backoff settings. */
export interface RetryOptions {
  /** Total attempts including the first (default 4). */
  attempts?: number;
  /** First backoff ceiling in ms (default 1 000). */
  baseMs?: number;
  /** Largest backoff in ms, also the largest Retry-After honoured (default 30 000). */
  maxMs?: number;
  /** Which errors to retry (default {@link isRetriable}). */
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

/** Backoff before attempt `n+1` (n ≥ 1), without Retry-After. */
export function backoffDelay(n: number, o: RetryOptions = {}): number {
  const cap = Math.min(o.maxMs ?? 30_000, (o.baseMs ?? 1_000) * 2 ** (n - 1));
  return Math.floor((o.random ?? Math.random)() * cap);
}

/** The wait a server asked for (`retryAfterMs` on the error or in its details), if any. */
function retryAfterOf(e: unknown): number | undefined {
  const own = (e as { retryAfterMs?: unknown })?.retryAfterMs;
  const det = (e as { details?: { retryAfterMs?: unknown } })?.details?.retryAfterMs;
  const v = typeof own === 'number' ? own : typeof det === 'number' ? det : undefined;
  return v !== undefined && Number.isFinite(v) && v >= 0 ? v : undefined;
}

/**
 * Parses an HTTP `Retry-After` header (RFC 9110 §10.2.3: seconds, or an HTTP date).
 * @returns ms to wait, or undefined when absent or unreadable
 */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const t = Date.parse(v);
  return Number.isFinite(t) ? Math.max(0, t - now) : undefined;
}

/** Default predicate: retriable {@link HttpFailure}s (network, timeout, status), and errors marked `transient: true` (details or own field). */
export function isRetriable(e: unknown): boolean {
  if (e instanceof HttpFailure) return e.retriable;
  const d = (e as { details?: { transient?: unknown } })?.details;
  return (!!d && d.transient === true) || (e as { transient?: unknown })?.transient === true;
}

/**
 * Runs `fn` until it succeeds, a non-retriable error is thrown, or the attempts are used up (the last
 * error is rethrown). The wait before attempt n+1 is max({@link backoffDelay}, Retry-After), at most `maxMs`.
 * @param fn receives the attempt number (1-based)
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, o: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, o.attempts ?? 4);
  const retryIf = o.retryIf ?? isRetriable;
  for (let n = 1; ; n++) {
    try {
      return await fn(n);
    } catch (e) {
      if (n >= attempts || !retryIf(e)) throw e;
      const d = Math.min(o.maxMs ?? 30_000, Math.max(backoffDelay(n, o), retryAfterOf(e) ?? 0));
      await o.onRetry?.(e, n, d);
      await (o.sleep ?? sleep)(d);
    }
  }
}
