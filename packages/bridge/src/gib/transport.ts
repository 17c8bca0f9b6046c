/**
 * HTTP(S) POST of a SOAP 1.2 message (Content-Type `application/soap+xml`, RFC 3902) with the body
 * streamed from its parts and a hard timeout for the whole exchange. The answer is read into memory
 * (answers are small: statuses, or an approved berat of a few KB) up to a limit.
 */
import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
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
  /** Extra TLS trust for a custom endpoint (PEM). */
  ca?: string | Buffer;
}

/**
 * Sends the message and returns the HTTP answer (any status).
 * @throws EdefterError (transient) on a network error or timeout
 */
export function postSoap(url: string, parts: XmlPart[], length: number, o: PostOptions): Promise<SoapHttpResponse> {
  const u = new URL(url);
  const mod = u.protocol === 'https:' ? https : http;
  const max = o.maxResponseBytes ?? 64 << 20;
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (err: Error | null, r?: SoapHttpResponse): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(r!);
    };
    const req = mod.request(u, {
      method: 'POST',
      headers: { 'Content-Type': 'application/soap+xml; charset=utf-8', 'Content-Length': String(length), Accept: 'application/soap+xml, text/xml' },
      ...(o.ca ? { ca: o.ca } : {}),
    }, (res) => {
      const chunks: Buffer[] = [];
      let n = 0;
      res.on('data', (c: Buffer) => {
        n += c.length;
        if (n > max) { req.destroy(new Error(`answer larger than ${max} bytes`)); return; }
        chunks.push(c);
      });
      res.on('end', () => finish(null, {
        status: res.statusCode ?? 0, date: res.headers.date, contentType: res.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
      }));
      res.on('error', (e) => finish(networkError(o.operation, e, false)));
    });
    const timer = setTimeout(() => {
      req.destroy();
      finish(networkError(o.operation, new Error('timeout'), true));
    }, o.timeoutMs);
    req.on('error', (e) => finish(networkError(o.operation, e, false)));
    let sent = 0;
    const body = Readable.from((async function* () {
      for await (const c of partChunks(parts)) {
        sent += c.length;
        o.onProgress?.(sent, length);
        yield c;
      }
    })());
    pipeline(body, req).catch((e: Error) => finish(networkError(o.operation, e, false)));
  });
}
