/**
 * HTTP transport of RFC 3161 over HTTP (RFC 3161 §3.4): POST with
 * `Content-Type: application/timestamp-query`, answer `application/timestamp-reply`.
 * One overall timeout covers connect, headers and body. Failures become TSA_UNAVAILABLE /
 * TSA_TIMEOUT errors (catalog keys tsa.unreachable, tsa.serverDown, tsa.timeout), which are the only ones a user may
 * choose to skip.
 */
import { fail } from '@edefter/protocol';

/** Default overall request timeout (ms). */
export const DEFAULT_TIMEOUT_MS = 15_000;
/** Largest answer accepted (bytes); a token with a 3-certificate chain is ~5–10 KiB. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/** What came back. */
export interface TsaHttpResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

/**
 * POSTs `body` to `url`.
 * @param opts.headers extra headers (Kamu SM `identity`, `credit_req`, ...); never logged
 * @param opts.timeoutMs overall limit in ms (default {@link DEFAULT_TIMEOUT_MS})
 * @throws EdefterError TSA_TIMEOUT after `timeoutMs`; TSA_UNAVAILABLE when the host cannot be
 *   reached, answers HTTP 5xx, or the answer exceeds {@link MAX_RESPONSE_BYTES}; TSA_ERROR for
 *   HTTP 4xx (wrong address or mode, e.g. Kamu SM's 403 to HTTP Basic auth)
 */
export async function postTimestampQuery(
  url: string,
  body: Buffer,
  opts: { headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<TsaHttpResponse> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply', ...opts.headers },
      body: new Uint8Array(body),
      signal,
      redirect: 'error',
    });
  } catch (e) {
    throw mapFetchError(e, url, timeoutMs, signal);
  }
  if (res.status !== 200) {
    await res.body?.cancel().catch(() => undefined);
    // 5xx: the TSA is down (TSA_UNAVAILABLE, may be skipped on the user's choice); 4xx: request or address wrong (TSA_ERROR)
    throw res.status >= 500
      ? fail('tsa.serverDown', { reason: 'http-status', url, httpStatus: res.status })
      : fail('tsa.httpRefused', { reason: 'http-status', url, httpStatus: res.status, statusText: res.statusText });
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    const reader = res.body?.getReader();
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > MAX_RESPONSE_BYTES) {
        await reader.cancel();
        throw fail('tsa.unreachable', { reason: 'unreachable', url, cause: `answer larger than ${MAX_RESPONSE_BYTES} bytes` });
      }
      chunks.push(Buffer.from(value));
    }
  } catch (e) {
    throw mapFetchError(e, url, timeoutMs, signal);
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: Buffer.concat(chunks) };
}

function mapFetchError(e: unknown, url: string, timeoutMs: number, signal: AbortSignal): Error {
  if ((e as { name?: string })?.name === 'EdefterError') return e as Error;
  const name = (e as { name?: string })?.name;
  if (signal.aborted || name === 'TimeoutError' || name === 'AbortError') return fail('tsa.timeout', { reason: 'timeout', url, timeoutMs });
  const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
  const why = cause?.code ?? cause?.message ?? (e as Error)?.message ?? String(e);
  return fail('tsa.unreachable', { reason: 'unreachable', url, cause: why });
}
