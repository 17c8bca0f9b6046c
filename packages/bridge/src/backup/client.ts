/**
 * REST client of the integrator backup service (protocol: docs/integrator-backup-api.md).
 *
 * - HTTPS (plain HTTP only to a loopback host, or when `allowHttp` is set, e.g. for a test simulator);
 * - HTTP Basic authentication with the integrator user name and password (never logged);
 * - `POST {base}/packages` streams the zip with an `Idempotency-Key`, so a retried upload is never
 *   stored twice; `GET {base}/packages/{id}` reads the status; `GET {base}/months/...` finds the latest
 *   send of a month part; `GET {base}/session` checks the credentials;
 * - retries only transient failures (network errors, timeouts, 408, 425, 429, 500, 502, 503, 504) with
 *   exponential backoff; a 401 becomes BACKUP_AUTH_FAILED with a clear message at once.
 */
import { createReadStream } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { fail } from '@edefter/protocol';
import { BACKUP_STATUS_LABELS, parseBackupStatus, type BackupStatus, type MonthPartKey } from '@edefter/domain';
import type { BackupManifest } from './manifest.ts';

/** Connection settings of the integrator backup service. */
export interface IntegratorConfig {
  /** Base URL, e.g. `https://yedek.entegrator.example/edefter-yedek/v1` (no trailing slash needed). */
  baseUrl: string;
  /** Integrator user name. */
  username: string;
  /** Integrator password. Never logged, never put in errors. */
  password: string;
  /** Extra trusted CA certificates (PEM) added to Node's root store, e.g. the demo CA. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Per-request timeout in ms (default 60 000). For uploads it is the idle (no progress) timeout. */
  timeoutMs?: number;
  /** Retries after the first attempt for transient failures (default 3). */
  retries?: number;
  /** First backoff delay in ms, doubled each retry (default 500). */
  retryDelayMs?: number;
  /** Allow `http://` to a non-loopback host (default false). */
  allowHttp?: boolean;
}

/** What the integrator says about one sent package. */
export interface IntegratorPackageStatus extends MonthPartKey {
  /** Package id assigned by the integrator. */
  id: string;
  /** Status code (never NOT_SENT). */
  status: Exclude<BackupStatus, 'NOT_SENT'>;
  /** Turkish text of the status, as the integrator reports it. */
  statusText: string;
  /** Integrator's explanation (e.g. why it could not be stored). */
  message?: string;
  /** ISO 8601. */
  receivedAt: string;
  /** ISO 8601. */
  updatedAt: string;
  /** True when a newer send of the same month part replaced this one. */
  superseded?: boolean;
  /** SHA-256 of the zip as received (hex). */
  sha256?: string;
}

/** The package to upload. */
export interface UploadPackage {
  /** Path of the zip. */
  path: string;
  /** Zip size in bytes. */
  bytes: number;
  /** SHA-256 of the zip (hex). */
  sha256: string;
  manifest: BackupManifest;
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const TRANSIENT_HTTP = new Set([408, 425, 429, 500, 502, 503, 504]);
const TRANSIENT_NET = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNABORTED', 'UND_ERR_SOCKET']);

class TransientError extends Error {
  constructor(message: string, readonly retryAfterMs?: number, readonly httpStatus?: number) {
    super(message);
  }
}

/** Client of one integrator account. Stateless; safe to share. */
export class IntegratorClient {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly cfg: Required<Pick<IntegratorConfig, 'timeoutMs' | 'retries' | 'retryDelayMs'>> & IntegratorConfig;

  /**
   * @throws EdefterError BAD_INPUT for a malformed URL, a non-HTTPS URL to a remote host, or empty credentials
   */
  constructor(cfg: IntegratorConfig) {
    this.cfg = { timeoutMs: 60_000, retries: 3, retryDelayMs: 500, ...cfg };
    let u: URL;
    try {
      u = new URL(cfg.baseUrl.endsWith('/') ? cfg.baseUrl : `${cfg.baseUrl}/`);
    } catch {
      throw fail('backup.urlInvalid', { url: cfg.baseUrl });
    }
    const loopback = ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(u.hostname);
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && (loopback || cfg.allowHttp))) {
      throw fail('backup.urlNotHttps', { origin: u.origin });
    }
    if (!cfg.username || !cfg.password) {
      throw fail('backup.credentialsRequired');
    }
    this.base = u;
    const extra = cfg.ca === undefined ? [] : Array.isArray(cfg.ca) ? cfg.ca : [cfg.ca];
    this.agent =
      u.protocol === 'https:'
        ? new https.Agent({ keepAlive: false, ...(extra.length ? { ca: [...tls.rootCertificates, ...extra.map(String)] } : {}) })
        : new http.Agent({ keepAlive: false });
  }

  /** Origin of the service, for messages. */
  get origin(): string {
    return this.base.origin;
  }

  /**
   * Uploads a backup package. Retries with the same `idempotencyKey`, so the integrator stores it once.
   * @param idempotencyKey unique per send (a UUID); reuse it to repeat the same send after a crash
   * @returns the integrator's answer, normally status RECEIVED ("Paket İşleme Alındı")
   * @throws EdefterError BACKUP_AUTH_FAILED (401/403), BACKUP_ERROR (refused package, or still failing
   *   after the retries; details.httpStatus / details.code), TIMEOUT
   */
  async sendPackage(pkg: UploadPackage, idempotencyKey: string, onProgress?: (sentBytes: number, totalBytes: number) => void): Promise<IntegratorPackageStatus> {
    const m = pkg.manifest;
    const headers: http.OutgoingHttpHeaders = {
      'content-type': 'application/zip',
      expect: '100-continue',
      'content-length': pkg.bytes,
      'idempotency-key': idempotencyKey,
      'x-edefter-package-sha256': pkg.sha256,
      'x-edefter-vkn': m.vkn,
      'x-edefter-period': m.period,
      'x-edefter-part': m.part,
      ...(m.branch ? { 'x-edefter-branch': m.branch } : {}),
    };
    const res = await this.withRetries('POST packages', () =>
      this.request('POST', 'packages', headers, () => {
        const rs = createReadStream(pkg.path);
        if (onProgress) {
          let sent = 0;
          rs.on('data', (c) => onProgress((sent += (c as Buffer).length), pkg.bytes));
        }
        return rs;
      }),
    );
    return this.parseStatus(res, [200, 201, 202]);
  }

  /**
   * Status of a sent package ("Durum Sorgula").
   * @throws EdefterError BACKUP_ERROR (404 = unknown id), BACKUP_AUTH_FAILED
   */
  async getStatus(id: string): Promise<IntegratorPackageStatus> {
    const res = await this.withRetries('GET package', () => this.request('GET', `packages/${encodeURIComponent(id)}`, {}));
    return this.parseStatus(res, [200]);
  }

  /**
   * Latest send of a month part, or null when the integrator has none.
   * @throws EdefterError BACKUP_ERROR, BACKUP_AUTH_FAILED
   */
  async getLatest(ref: MonthPartKey): Promise<IntegratorPackageStatus | null> {
    const p = `months/${ref.vkn}/${ref.period}/${ref.part}${ref.branch ? `?branch=${ref.branch}` : ''}`;
    const res = await this.withRetries('GET month', () => this.request('GET', p, {}));
    if (res.status === 404) return null;
    return this.parseStatus(res, [200]);
  }

  /**
   * Checks the credentials (`GET {base}/session`).
   * @returns the user name the integrator knows
   * @throws EdefterError BACKUP_AUTH_FAILED with a clear message on wrong credentials
   */
  async checkCredentials(): Promise<{ user: string }> {
    const res = await this.withRetries('GET session', () => this.request('GET', 'session', {}));
    this.throwForStatus(res, [200]);
    const j = parseJson(res.body) as { user?: string };
    return { user: String(j.user ?? this.cfg.username) };
  }

  private async withRetries(what: string, attempt: () => Promise<RawResponse>): Promise<RawResponse> {
    let last: TransientError | undefined;
    for (let i = 0; i <= this.cfg.retries; i++) {
      if (i > 0) {
        const backoff = this.cfg.retryDelayMs * 2 ** (i - 1);
        await sleep(Math.min(Math.max(backoff, last?.retryAfterMs ?? 0), 30_000));
      }
      try {
        const res = await attempt();
        if (TRANSIENT_HTTP.has(res.status)) {
          const ra = Number(res.headers['retry-after']);
          last = new TransientError(`HTTP ${res.status}`, Number.isFinite(ra) ? ra * 1000 : undefined, res.status);
          continue;
        }
        return res;
      } catch (e) {
        if (e instanceof TransientError) {
          last = e;
          continue;
        }
        throw e;
      }
    }
    const timeout = last?.message === 'timeout';
    throw fail(timeout ? 'backup.integratorTimeout' : 'backup.integratorUnreachable', {
      origin: this.base.origin, cause: `${last?.message}`, operation: what, attempts: this.cfg.retries + 1, transient: true,
      ...(last?.httpStatus ? { httpStatus: last.httpStatus } : {}),
    });
  }

  private request(method: string, rel: string, headers: http.OutgoingHttpHeaders, body?: () => NodeJS.ReadableStream): Promise<RawResponse> {
    const url = new URL(rel, this.base);
    const auth = 'Basic ' + Buffer.from(`${this.cfg.username}:${this.cfg.password}`, 'utf8').toString('base64');
    const mod = url.protocol === 'https:' ? https : http;
    return new Promise<RawResponse>((resolve, reject) => {
      const req = mod.request(url, { method, agent: this.agent, headers: { accept: 'application/json', authorization: auth, ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > 1 << 20) req.destroy(new Error('response too large'));
          else chunks.push(c);
        });
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
          req.destroy(); // also ends an upload the server refused before its body was sent
        });
        res.on('error', (e) => reject(classifyNetError(e)));
      });
      req.setTimeout(this.cfg.timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
      req.on('error', (e) => reject(classifyNetError(e)));
      if (body) {
        // `Expect: 100-continue`: a server that refuses (401, 413) answers before the body is sent.
        // Servers that ignore the header get the body after 1 s anyway (as curl does).
        let started = false;
        let answered = false;
        const start = (): void => {
          if (started || answered) return;
          started = true;
          clearTimeout(timer);
          const rs = body();
          rs.on('error', (e) => req.destroy(e));
          rs.pipe(req);
        };
        const timer = setTimeout(start, 1000);
        req.on('continue', start);
        req.on('response', () => {
          answered = true;
          clearTimeout(timer);
        });
        req.on('close', () => clearTimeout(timer));
        req.flushHeaders();
      } else req.end();
    });
  }

  private throwForStatus(res: RawResponse, ok: number[]): void {
    if (ok.includes(res.status)) return;
    const err = (parseJsonSafe(res.body) as { error?: { code?: string; tr?: string; en?: string } } | null)?.error;
    const p = {
      origin: this.base.origin, httpStatus: res.status, ...(err?.code ? { code: err.code } : {}),
      ...(err?.tr || err?.en ? { said: { tr: err.tr ?? '', en: err.en ?? '' } } : {}),
    };
    const key = ({ 401: 'backup.integratorAuthFailed', 403: 'backup.integratorForbidden', 404: 'backup.integratorNotFound', 413: 'backup.integratorTooLarge' } as const)[
      res.status as 401 | 403 | 404 | 413] ?? 'backup.integratorRefused';
    throw fail(key, p);
  }

  private parseStatus(res: RawResponse, ok: number[]): IntegratorPackageStatus {
    this.throwForStatus(res, ok);
    const j = parseJson(res.body) as Partial<IntegratorPackageStatus>;
    if (typeof j.id !== 'string' || typeof j.status !== 'string') {
      throw fail('backup.answerNoId');
    }
    let status: BackupStatus;
    try {
      status = parseBackupStatus(j.status);
    } catch {
      throw fail('backup.answerUnknownStatus', { status: j.status });
    }
    if (status === 'NOT_SENT') throw fail('backup.answerInvalid');
    return {
      id: j.id,
      status,
      statusText: typeof j.statusText === 'string' ? j.statusText : BACKUP_STATUS_LABELS[status].tr,
      ...(typeof j.message === 'string' ? { message: j.message } : {}),
      vkn: String(j.vkn ?? ''),
      period: String(j.period ?? ''),
      part: String(j.part ?? ''),
      ...(j.branch ? { branch: String(j.branch) } : {}),
      receivedAt: String(j.receivedAt ?? ''),
      updatedAt: String(j.updatedAt ?? j.receivedAt ?? ''),
      ...(j.superseded ? { superseded: true } : {}),
      ...(typeof j.sha256 === 'string' ? { sha256: j.sha256 } : {}),
    };
  }
}

function classifyNetError(e: Error): Error {
  const code = (e as NodeJS.ErrnoException).code;
  if (e.message === 'timeout') return new TransientError('timeout');
  if (code && TRANSIENT_NET.has(code)) return new TransientError(code);
  if (e.message === 'socket hang up') return new TransientError('socket hang up');
  if (code && /^(CERT_|ERR_TLS|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_)/.test(code)) {
    return fail('backup.tlsUnverified', { code });
  }
  return fail('backup.connectionError', { cause: e.message, code });
}

function parseJsonSafe(b: Buffer): unknown {
  try {
    return JSON.parse(b.toString('utf8'));
  } catch {
    return null;
  }
}

function parseJson(b: Buffer): unknown {
  const j = parseJsonSafe(b);
  if (j === null || typeof j !== 'object') {
    throw fail('backup.answerNotJson');
  }
  return j;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** English label of a status reported by the integrator (logs). */
export function statusLabelEn(s: IntegratorPackageStatus): string {
  return BACKUP_STATUS_LABELS[s.status].en;
}
