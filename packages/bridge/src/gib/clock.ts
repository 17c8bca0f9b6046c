/**
 * Clock check before sending to GİB (issue 6 §4): the WS-Security Timestamp window of GİB's
 * service is short (≈50 s in GİB-WS's sample, spec §4), so a computer whose clock is off by more
 * than 30 s gets its messages refused. The local clock is compared with either
 * - the HTTP `Date` header of the GİB endpoint (RFC 9110 §6.6.1; 1 s resolution), or
 * - an NTP server (RFC 5905, through the `ntp-time` library).
 */
import { type EdefterError, fail, type GibUnreachableReason } from '@edefter/protocol';
import { httpRequest } from '../net/http.ts';
import type { ClockSourceSetting } from './settings.ts';

/** Result of a measurement. */
export interface ClockMeasurement {
  /** local − reference, ms (positive: this computer is ahead). */
  skewMs: number;
  /** ± uncertainty of the measurement, ms. */
  uncertaintyMs: number;
  /** Human-readable source, e.g. `HTTP Date https://…` or `NTP pool.ntp.org:123`. */
  source: string;
}

/** Result of {@link checkClock}. */
export interface ClockCheck extends ClockMeasurement {
  ok: boolean;
  maxSkewMs: number;
}

/** HEAD request through the one HTTP client (net/http.ts); the Date header and the local times around it. */
async function headDate(url: string, timeoutMs: number): Promise<{ date: string; t0: number; t1: number }> {
  const t0 = Date.now();
  const res = await httpRequest({ method: 'HEAD', url, timeoutMs });
  const t1 = Date.now();
  const date = res.headers.date;
  if (!date) throw new Error('no Date header');
  return { date, t0, t1 };
}

/**
 * Measures the skew against the HTTP Date of `url`. The header is truncated to whole seconds, so
 * the server time lies in [Date, Date + 1 s): its midpoint is compared with the local midpoint of
 * the request.
 */
export async function measureHttpDateSkew(url: string, timeoutMs = 10_000): Promise<ClockMeasurement> {
  const { date, t0, t1 } = await headDate(url, timeoutMs);
  const server = Date.parse(date);
  if (Number.isNaN(server)) throw new Error(`bad Date header: ${date}`);
  const local = (t0 + t1) / 2;
  return { skewMs: Math.round(local - (server + 500)), uncertaintyMs: Math.round((t1 - t0) / 2 + 500), source: `HTTP Date ${new URL(url).origin}` };
}

interface NtpPacketLike {
  t: number;
  d: number;
}
interface NtpClientLike {
  syncTime(): Promise<NtpPacketLike>;
}

/** Measures the skew against an NTP server (offset t and delay d of RFC 5905 §8). */
export async function measureNtpSkew(host: string, port = 123, timeoutMs = 5_000): Promise<ClockMeasurement> {
  // a literal import, loaded on first use (the bundle carries it); a CommonJS module: its exports are `default`
  const { Client } = (await import('ntp-time')).default as unknown as { Client: new (h: string, p: number, o: { timeout: number }) => NtpClientLike };
  const p = await new Client(host, port, { timeout: timeoutMs }).syncTime();
  // t = server − client (s); skew = client − server
  return { skewMs: Math.round(-p.t * 1000), uncertaintyMs: Math.round((p.d * 1000) / 2), source: `NTP ${host}:${port}` };
}

/** The refusal shown to the user. */
function clockSkewError(m: ClockMeasurement, maxSkewMs: number): EdefterError {
  return fail('gib.clockSkew', { skewMs: m.skewMs, uncertaintyMs: m.uncertaintyMs, source: m.source, maxSkewMs, transient: false });
}

/** Why a connection failed, in plain words (the raw message goes to `details.cause`). */
function unreachableReason(e: unknown): GibUnreachableReason {
  const err = e as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = err?.code ?? err?.cause?.code ?? '';
  const msg = `${err?.message ?? ''} ${err?.cause?.message ?? ''}`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || /getaddrinfo/.test(msg)) return 'host-not-found';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  if (/CERT|SSL|TLS|self.signed|UNABLE_TO_VERIFY/i.test(`${code} ${msg}`)) return 'certificate';
  if (/timeout|timed out|ETIMEDOUT|abort/i.test(`${code} ${msg}`)) return 'timeout';
  return 'no-answer';
}

/**
 * Measures the clock against `source` and refuses when |skew| > `maxSkewMs`.
 * @param endpoint the GİB endpoint (for `http-date`)
 * @throws EdefterError CLOCK_SKEW when the skew is too large (unless `opts.noThrow`);
 *         EdefterError GIB_UNAVAILABLE when the time source cannot be reached
 */
export async function checkClock(
  source: ClockSourceSetting,
  endpoint: string,
  opts: { maxSkewMs?: number; timeoutMs?: number; noThrow?: boolean } = {},
): Promise<ClockCheck | null> {
  if (source.kind === 'off') return null;
  const maxSkewMs = opts.maxSkewMs ?? 30_000;
  let m: ClockMeasurement;
  try {
    m =
      source.kind === 'ntp'
        ? await measureNtpSkew(source.host, source.port ?? 123, opts.timeoutMs ?? 5_000)
        : await measureHttpDateSkew(endpoint, opts.timeoutMs ?? 10_000);
  } catch (e) {
    const why = unreachableReason(e);
    if (source.kind === 'ntp') {
      throw fail('gib.ntpUnreachable', { host: source.host, reason: why, transient: true, operation: 'clock', cause: (e as Error).message });
    }
    // The clock is read from GİB's own answer: when that fails, GİB itself is unreachable.
    throw fail('gib.unreachable', { endpoint, reason: why, transient: true, operation: 'clock', cause: (e as Error).message });
  }
  const ok = Math.abs(m.skewMs) <= maxSkewMs;
  if (!ok && !opts.noThrow) throw clockSkewError(m, maxSkewMs);
  return { ...m, ok, maxSkewMs };
}
