/**
 * HTTP transport of RFC 3161 over HTTP (RFC 3161 §3.4): POST with
 * `Content-Type: application/timestamp-query`, answer `application/timestamp-reply`, through the bridge's
 * one HTTP client (net/http.ts; TLS with the extra CAs of `ca`) and, when `retries` > 0, its one retry
 * policy (net/retry.ts: network errors, 5xx, 429). One overall timeout covers connect, headers and body. Failures become TSA_UNAVAILABLE /
 * TSA_TIMEOUT errors (catalog keys tsa.unreachable, tsa.serverDown, tsa.timeout), which are the only ones a user may
 * choose to skip.
 */
import { fail } from '@edefter/protocol';
import { HttpFailure, httpRequest } from '../net/http.ts';
import { RETRIABLE_STATUS, parseRetryAfter, withRetry } from '../net/retry.ts';

/** Default overall request timeout (ms). */
const DEFAULT_TIMEOUT_MS = 15_000;
/** Largest answer accepted (bytes); a token with a 3-certificate chain is ~5–10 KiB. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

/** What came back. */
export interface TsaHttpResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

/**
 * POSTs `body` to `url`.
 * @param opts.headers extra headers (Kamu SM `identity`, `credit_req`, ...); never logged
 * @param opts.timeoutMs overall limit in ms per attempt (default {@link DEFAULT_TIMEOUT_MS})
 * @param opts.retries further attempts for network errors and retriable statuses (default 0: a TSA that is down
 *   is the user's choice to skip, not worth a wait)
 * @param opts.ca extra trusted CA certificates (PEM) for an https TSA
 * @throws EdefterError TSA_TIMEOUT after `timeoutMs`; TSA_UNAVAILABLE when the host cannot be
 *   reached, answers HTTP 5xx, or the answer exceeds {@link MAX_RESPONSE_BYTES}; TSA_ERROR for
 *   HTTP 3xx/4xx (wrong address or mode, e.g. Kamu SM's 403 to HTTP Basic auth)
 */
export async function postTimestampQuery(
  url: string,
  body: Buffer,
  opts: { headers?: Record<string, string>; timeoutMs?: number; retries?: number; ca?: string | Buffer } = {},
): Promise<TsaHttpResponse> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const attempt = async (): Promise<TsaHttpResponse> => {
    const res = await httpRequest({
      method: 'POST',
      url,
      body,
      timeoutMs,
      maxResponseBytes: MAX_RESPONSE_BYTES,
      ...(opts.ca ? { ca: opts.ca } : {}),
      headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply', ...opts.headers },
    });
    if (res.status !== 200 && RETRIABLE_STATUS.has(res.status)) {
      throw new HttpFailure('status', `HTTP ${res.status}`, { status: res.status, retryAfterMs: parseRetryAfter(res.headers['retry-after']) });
    }
    if (res.status !== 200) {
      // 5xx: the TSA is down (TSA_UNAVAILABLE, may be skipped on the user's choice); 3xx/4xx: request or address wrong (TSA_ERROR)
      throw res.status >= 500
        ? fail('tsa.serverDown', { reason: 'http-status', url, httpStatus: res.status })
        : fail('tsa.httpRefused', { reason: 'http-status', url, httpStatus: res.status, statusText: res.statusText });
    }
    const ct = res.headers['content-type'];
    return { status: res.status, contentType: (Array.isArray(ct) ? ct[0] : ct) ?? '', body: res.body };
  };
  try {
    return await withRetry(attempt, { attempts: 1 + (opts.retries ?? 0), retryIf: (e) => e instanceof HttpFailure && e.retriable && e.kind !== 'timeout' });
  } catch (e) {
    throw mapFailure(e, url, timeoutMs);
  }
}

/** The TSA error of a failed attempt (EdefterErrors pass through). */
function mapFailure(e: unknown, url: string, timeoutMs: number): Error {
  if (!(e instanceof HttpFailure)) return e as Error;
  if (e.kind === 'timeout') return fail('tsa.timeout', { reason: 'timeout', url, timeoutMs });
  if (e.kind === 'status') {
    const httpStatus = e.extra.status ?? 0;
    return httpStatus >= 500
      ? fail('tsa.serverDown', { reason: 'http-status', url, httpStatus })
      : fail('tsa.httpRefused', { reason: 'http-status', url, httpStatus, statusText: e.message });
  }
  return fail('tsa.unreachable', { reason: 'unreachable', url, cause: e.extra.code ?? e.message });
}
