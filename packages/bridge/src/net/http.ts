/**
 * The ONE HTTP client of the bridge's outgoing calls: GİB's SOAP service (gib/transport.ts), the TSA
 * (tsa/transport.ts) and the integrator backup service (backup/client.ts). One attempt per call; retries are
 * the caller's, with the one policy of net/retry.ts. GİB's clock check (gib/clock.ts) reads the HTTP Date of a HEAD answer through it too.
 *
 * - node:http / node:https, no redirects followed, no keep-alive (calls are minutes apart);
 * - TLS: Node's root store plus the caller's extra CAs (`ca`, PEM), e.g. the integrator's own CA or the
 *   simulator's; certificate checks are never switched off;
 * - a body is a Buffer or a stream factory (called once per attempt), with `Content-Length`, upload progress,
 *   and optionally `Expect: 100-continue` (the body waits for "100 Continue" or 1 s, as curl does, so a
 *   server that refuses (401, 413) answers before the upload);
 * - `timeoutMs` bounds the whole exchange, `idleTimeoutMs` a silent socket (long uploads); the answer is read
 *   into memory up to `maxResponseBytes`.
 * Failures before an HTTP answer are {@link HttpFailure}s that say whether another attempt may help.
 */
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { Readable } from 'node:stream';

/** One request. */
export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  url: string | URL;
  headers?: http.OutgoingHttpHeaders;
  /** The body: bytes, or a factory of a fresh stream (called once per attempt). */
  body?: Buffer | Uint8Array | (() => NodeJS.ReadableStream | AsyncIterable<Uint8Array>);
  /** Body size in bytes (required for a stream body; sent as Content-Length). */
  contentLength?: number;
  /** Whole-exchange limit, ms (connect, upload, answer). */
  timeoutMs?: number;
  /** Limit of a socket with no traffic, ms. */
  idleTimeoutMs?: number;
  /** Largest answer accepted, bytes (default 1 MiB). */
  maxResponseBytes?: number;
  /** Extra trusted CA certificates (PEM), added to Node's root store. */
  ca?: string | Buffer | ReadonlyArray<string | Buffer>;
  /** Send `Expect: 100-continue` and hold the body back until the server agrees (or 1 s passes). */
  expectContinue?: boolean;
  /** Upload progress, bytes. */
  onProgress?: (sent: number, total: number) => void;
}

/** An HTTP answer (any status). */
export interface HttpResponse {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * Why no usable answer came:
 * `timeout` (a limit passed), `network` (connection refused/reset/unreachable, DNS try-again: may pass),
 * `status` (an answer whose status is worth another attempt, raised by callers with {@link RETRIABLE_STATUS}),
 * `tls` (certificate not trusted: will not pass by itself), `too-large` (answer over the limit),
 * `other` (anything else, e.g. the host name does not exist).
 */
export type HttpFailureKind = 'timeout' | 'network' | 'status' | 'tls' | 'too-large' | 'other';

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);
const TLS_CODE = /^(CERT_|ERR_TLS|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|ERR_SSL)/;

/** A failure of one attempt before (or instead of) a usable HTTP answer. Never carries request headers or bodies. */
export class HttpFailure extends Error {
  override readonly name = 'HttpFailure';
  constructor(
    readonly kind: HttpFailureKind,
    message: string,
    readonly extra: { code?: string; status?: number; retryAfterMs?: number; url?: string } = {},
  ) {
    super(message);
  }

  /** Another attempt may help (timeout, network, retriable status). */
  get retriable(): boolean {
    return this.kind === 'timeout' || this.kind === 'network' || this.kind === 'status';
  }

  /** The system error code (`ECONNREFUSED`, `ETIMEDOUT`, `CERT_HAS_EXPIRED`, …), as on a Node errno error. */
  get code(): string | undefined {
    return this.extra.code;
  }

  /** The server's Retry-After, ms (net/retry.ts honours it). */
  get retryAfterMs(): number | undefined {
    return this.extra.retryAfterMs;
  }
}

/** Classifies a socket/TLS error of node:http. */
function classifyNetError(e: Error): HttpFailure {
  if (e instanceof HttpFailure) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (code && TLS_CODE.test(code)) return new HttpFailure('tls', e.message, { code });
  if ((code && NETWORK_CODES.has(code)) || e.message === 'socket hang up') return new HttpFailure('network', code ?? e.message, { code: code ?? 'ECONNRESET' });
  return new HttpFailure('other', e.message, code ? { code } : {});
}

const agents = new Map<string, https.Agent>();

/** An https agent trusting Node's roots plus `extra` (cached per CA set). */
function agentFor(extra: ReadonlyArray<string | Buffer>): https.Agent {
  const pems = extra.map(String);
  const key = pems.join('\n');
  let a = agents.get(key);
  if (!a) {
    a = new https.Agent({ keepAlive: false, ...(pems.length ? { ca: [...tls.rootCertificates, ...pems] } : {}) });
    agents.set(key, a);
  }
  return a;
}

/**
 * Makes one HTTP request and reads the answer.
 * @returns the answer, whatever its status
 * @throws HttpFailure when no answer came (timeout, network, TLS) or it was larger than `maxResponseBytes`
 */
export function httpRequest(r: HttpRequest): Promise<HttpResponse> {
  const url = typeof r.url === 'string' ? new URL(r.url) : r.url;
  const secure = url.protocol === 'https:';
  const extra = r.ca === undefined ? [] : Array.isArray(r.ca) ? (r.ca as ReadonlyArray<string | Buffer>) : [r.ca as string | Buffer];
  const max = r.maxResponseBytes ?? 1 << 20;
  const bytes = r.body && typeof r.body !== 'function' ? Buffer.from(r.body) : undefined;
  const length = bytes ? bytes.length : r.contentLength;
  const headers: http.OutgoingHttpHeaders = {
    ...r.headers,
    ...(length !== undefined && r.body ? { 'content-length': length } : {}),
    ...(r.expectContinue && r.body ? { expect: '100-continue' } : {}),
  };
  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | null, res?: HttpResponse): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      if (err) reject(classifyNetError(err));
      else resolve(res!);
    };
    const mod = secure ? https : http;
    const req = mod.request(url, { method: r.method, headers, agent: secure ? agentFor(extra) : new http.Agent({ keepAlive: false }) }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > max) {
          finish(new HttpFailure('too-large', `answer larger than ${max} bytes`));
          req.destroy();
        } else chunks.push(c);
      });
      res.on('end', () => {
        finish(null, { status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, body: Buffer.concat(chunks) });
        req.destroy(); // also ends an upload the server refused before its body was sent
      });
      res.on('error', (e) => finish(e));
    });
    const timer = r.timeoutMs ? setTimeout(() => req.destroy(new HttpFailure('timeout', 'timeout', { code: 'ETIMEDOUT' })), r.timeoutMs) : undefined;
    if (r.idleTimeoutMs) req.setTimeout(r.idleTimeoutMs, () => req.destroy(new HttpFailure('timeout', 'timeout', { code: 'ETIMEDOUT' })));
    req.on('error', (e) => finish(e));
    if (!r.body) {
      req.end();
      return;
    }
    let started = false;
    const start = (): void => {
      if (started || settled) return;
      started = true;
      let sent = 0;
      const total = length ?? 0;
      const src = bytes ? Readable.from([bytes]) : Readable.from((r.body as () => AsyncIterable<Uint8Array>)());
      src.on('data', (c: Buffer) => r.onProgress?.((sent += c.length), total));
      src.on('error', (e) => req.destroy(e));
      src.pipe(req);
    };
    if (!r.expectContinue) {
      start();
      return;
    }
    const wait = setTimeout(start, 1000);
    req.on('continue', start);
    req.on('response', () => clearTimeout(wait));
    req.on('close', () => clearTimeout(wait));
    req.flushHeaders();
  });
}
