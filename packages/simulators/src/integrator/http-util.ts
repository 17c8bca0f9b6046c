/** Small HTTP helpers of the integrator simulator: JSON answers, errors, HTTP Basic authentication. */
import { createHash } from 'node:crypto';
import type http from 'node:http';
import type { SimPackage } from './store.ts';

type Json = Record<string, unknown>;

/** The package status object of the API (docs/integrator-backup-api.md): no user, history or size. */
export function publicView(p: SimPackage): Json {
  const { user: _user, history: _h, bytes: _b, ...rest } = p;
  return rest;
}

/** Sends a JSON answer. */
export function send(res: http.ServerResponse, status: number, body: Json, headers: http.OutgoingHttpHeaders = {}): void {
  const b = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': b.length, ...headers });
  res.end(b);
}

/** Sends `{ error: { code, tr, en } }`. */
export function error(res: http.ServerResponse, status: number, code: string, tr: string, en: string, headers?: http.OutgoingHttpHeaders): void {
  send(res, status, { error: { code, tr, en } }, headers);
}

/** 401 with the Basic challenge. */
export function unauthorized(res: http.ServerResponse): void {
  error(res, 401, 'AUTH_FAILED', 'Kullanıcı adı veya şifre hatalı', 'Wrong user name or password', {
    'www-authenticate': 'Basic realm="edefter-yedek", charset="UTF-8"',
    connection: 'close',
  });
}

/**
 * The user of a valid `Authorization: Basic …` header (password compared by SHA-256 digests of equal
 * length, so the comparison time does not depend on where they differ), or null.
 */
export function basicUser(req: http.IncomingMessage, users: Record<string, string>): string | null {
  const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(req.headers.authorization ?? '');
  if (!m) return null;
  const dec = Buffer.from(m[1], 'base64').toString('utf8');
  const i = dec.indexOf(':');
  if (i < 0) return null;
  const user = dec.slice(0, i);
  const want = users[user];
  if (want === undefined) return null;
  const a = createHash('sha256')
    .update(dec.slice(i + 1))
    .digest();
  const b = createHash('sha256').update(want).digest();
  return a.equals(b) ? user : null;
}
