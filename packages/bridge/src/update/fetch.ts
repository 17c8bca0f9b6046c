/**
 * Reads the release manifest or its signature from an https/http URL, a file:// URL or a file path, through the one
 * HTTP client (net/http.ts; one attempt, no redirects, 15 s). Answers larger than 64 KiB are refused.
 */
import { open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { fail } from '@edefter/protocol';
import { HttpFailure, httpRequest } from '../net/http.ts';
import { MAX_MANIFEST_BYTES } from './manifest.ts';

/** What {@link readSource} found: the bytes, or that nothing is there (404/410, no such file). */
export type SourceRead = { found: true; bytes: Buffer } | { found: false; why: string };

/** Whole-exchange limit for one manifest or signature request, ms. */
const UPDATE_FETCH_TIMEOUT_MS = 15_000;

/**
 * Reads `source` (URL or path).
 * @returns the bytes, or `{ found: false }` when the server says 404/410 or the file does not exist
 * @throws EdefterError update.unreachable (network, TLS, timeout, other HTTP status, unreadable file, over 64 KiB)
 */
export async function readSource(source: string): Promise<SourceRead> {
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(source) ? new URL(source) : undefined;
  if (url && url.protocol !== 'file:') {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw fail('update.unreachable', { source, reason: `unsupported scheme ${url.protocol}` });
    try {
      const res = await httpRequest({ method: 'GET', url, timeoutMs: UPDATE_FETCH_TIMEOUT_MS, maxResponseBytes: MAX_MANIFEST_BYTES });
      if (res.status === 404 || res.status === 410) return { found: false, why: `HTTP ${res.status}` };
      if (res.status !== 200) throw fail('update.unreachable', { source, reason: `HTTP ${res.status} ${res.statusText}`.trim() });
      return { found: true, bytes: res.body };
    } catch (e) {
      if (e instanceof HttpFailure) throw fail('update.unreachable', { source, reason: e.extra.code ?? `${e.kind}: ${e.message}` });
      throw e;
    }
  }
  const file = url ? fileURLToPath(url) : source;
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { found: false, why: 'ENOENT' };
    throw fail('update.unreachable', { source, reason: code ?? (e as Error).message });
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw fail('update.unreachable', { source, reason: 'not a regular file' });
    if (st.size > MAX_MANIFEST_BYTES) throw fail('update.unreachable', { source, reason: `larger than ${MAX_MANIFEST_BYTES} bytes` });
    return { found: true, bytes: await fh.readFile() };
  } finally {
    await fh.close();
  }
}
