/**
 * HTTP(S) POST of a SOAP 1.2 message (Content-Type `application/soap+xml`, RFC 3902) through the bridge's one
 * HTTP client (net/http.ts): the body streamed from its parts, a hard timeout for the whole exchange, the
 * answer read into memory (statuses, or an approved berat of a few KB) up to a limit. Failures before an
 * answer become GİB errors (gib/errors.ts networkError, transient as before).
 */
import { HttpFailure, httpRequest } from '../net/http.ts';
import { networkError } from './errors.ts';
import { partChunks, type XmlPart } from './xml-parts.ts';

/** An HTTP answer. */
export interface SoapHttpResponse {
  status: number;
  /** HTTP Date header, if any. */
  date?: string;
  contentType?: string;
  body: string;
}

/** Options of {@link postSoap}. */
export interface PostOptions {
  /** Whole-exchange timeout, ms. */
  timeoutMs: number;
  /** Operation name, for error messages. */
  operation: string;
  /** Largest answer accepted, bytes (default 64 MiB). */
  maxResponseBytes?: number;
  /** Upload progress in bytes. */
  onProgress?: (sent: number, total: number) => void;
  /** Extra TLS trust for a custom endpoint (PEM), added to Node's roots. */
  ca?: string | Buffer;
}

/**
 * Sends the message and returns the HTTP answer (any status).
 * @throws EdefterError gib.timeout / gib.networkFailure (transient)
 */
export async function postSoap(url: string, parts: XmlPart[], length: number, o: PostOptions): Promise<SoapHttpResponse> {
  try {
    const res = await httpRequest({
      method: 'POST',
      url,
      body: () => partChunks(parts),
      contentLength: length,
      timeoutMs: o.timeoutMs,
      maxResponseBytes: o.maxResponseBytes ?? 64 << 20,
      onProgress: o.onProgress,
      ...(o.ca ? { ca: o.ca } : {}),
      headers: { 'Content-Type': 'application/soap+xml; charset=utf-8', Accept: 'application/soap+xml, text/xml' },
    });
    const h = (k: string): string | undefined => {
      const v = res.headers[k];
      return Array.isArray(v) ? v[0] : v;
    };
    return { status: res.status, date: h('date'), contentType: h('content-type'), body: res.body.toString('utf8') };
  } catch (e) {
    throw networkError(o.operation, e as Error, e instanceof HttpFailure && e.kind === 'timeout');
  }
}
