/**
 * REST client of the integrator backup service (protocol: docs/integrator-backup-api.md).
 *
 * - HTTPS (plain HTTP only to a loopback host, or when `allowHttp` is set, e.g. for a test simulator);
 * - HTTP Basic authentication with the integrator user name and password (never logged);
 * - `POST {base}/packages` streams the zip with an `Idempotency-Key`, so a retried upload is never
 *   stored twice; `GET {base}/packages/{id}` reads the status; `GET {base}/months/...` finds the latest
 *   send of a month part; `GET {base}/session` checks the credentials;
 * - requests go through the bridge's one HTTP client (net/http.ts) and retry only what its one policy
 *   (net/retry.ts) calls retriable (network errors, timeouts, 408, 425, 429, 500, 502, 503, 504; at least the
 *   server's Retry-After), with exponential backoff and full jitter; a 401 becomes BACKUP_AUTH_FAILED with a
 *   clear message at once.
 */
import { createReadStream } from 'node:fs';
import type http from 'node:http';
import { fail } from '@edefter/protocol';
import { HttpFailure, httpRequest } from '../net/http.ts';
import { RETRIABLE_STATUS, parseRetryAfter, withRetry } from '../net/retry.ts';
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
  /** First backoff ceiling in ms, doubled each retry, full jitter (default 500). */
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

/** Client of one integrator account. Stateless; safe to share. */
export class IntegratorClient {
  private readonly base: URL;
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
  async sendPackage(
    pkg: UploadPackage,
    idempotencyKey: string,
    onProgress?: (sentBytes: number, totalBytes: number) => void,
  ): Promise<IntegratorPackageStatus> {
    const m = pkg.manifest;
    const headers: http.OutgoingHttpHeaders = {
      'content-type': 'application/zip',
      'idempotency-key': idempotencyKey,
      'x-edefter-package-sha256': pkg.sha256,
      'x-edefter-vkn': m.vkn,
      'x-edefter-period': m.period,
      'x-edefter-part': m.part,
      ...(m.branch ? { 'x-edefter-branch': m.branch } : {}),
    };
    const res = await this.withRetries('POST packages', () =>
      this.request('POST', 'packages', headers, {
        bytes: pkg.bytes,
        open: () => {
          const rs = createReadStream(pkg.path);
          if (onProgress) {
            let sent = 0;
            rs.on('data', (c) => onProgress((sent += (c as Buffer).length), pkg.bytes));
          }
          return rs;
        },
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
    try {
      return await withRetry(
        async () => {
          const res = await attempt();
          if (RETRIABLE_STATUS.has(res.status)) {
            throw new HttpFailure('status', `HTTP ${res.status}`, { status: res.status, retryAfterMs: parseRetryAfter(res.headers['retry-after']) });
          }
          return res;
        },
        { attempts: this.cfg.retries + 1, baseMs: this.cfg.retryDelayMs, retryIf: (e) => e instanceof HttpFailure && e.retriable },
      );
    } catch (e) {
      if (!(e instanceof HttpFailure)) throw e;
      if (e.kind === 'tls') throw fail('backup.tlsUnverified', { code: e.extra.code ?? '' });
      if (!e.retriable) throw fail('backup.connectionError', { cause: e.message, code: e.extra.code });
      throw fail(e.kind === 'timeout' ? 'backup.integratorTimeout' : 'backup.integratorUnreachable', {
        origin: this.base.origin,
        cause: e.message,
        operation: what,
        attempts: this.cfg.retries + 1,
        transient: true,
        ...(e.extra.status ? { httpStatus: e.extra.status } : {}),
      });
    }
  }

  private request(
    method: 'GET' | 'POST',
    rel: string,
    headers: http.OutgoingHttpHeaders,
    body?: { open: () => NodeJS.ReadableStream; bytes: number },
  ): Promise<RawResponse> {
    const auth = 'Basic ' + Buffer.from(`${this.cfg.username}:${this.cfg.password}`, 'utf8').toString('base64');
    return httpRequest({
      method,
      url: new URL(rel, this.base),
      headers: { accept: 'application/json', authorization: auth, ...headers },
      idleTimeoutMs: this.cfg.timeoutMs,
      maxResponseBytes: 1 << 20,
      ...(this.cfg.ca !== undefined ? { ca: this.cfg.ca } : {}),
      // `Expect: 100-continue`: a server that refuses (401, 413) answers before the body is sent
      ...(body ? { body: body.open as () => AsyncIterable<Uint8Array>, contentLength: body.bytes, expectContinue: true } : {}),
    });
  }

  private throwForStatus(res: RawResponse, ok: number[]): void {
    if (ok.includes(res.status)) return;
    const err = (parseJsonSafe(res.body) as { error?: { code?: string; tr?: string; en?: string } } | null)?.error;
    const p = {
      origin: this.base.origin,
      httpStatus: res.status,
      ...(err?.code ? { code: err.code } : {}),
      ...(err?.tr || err?.en ? { said: { tr: err.tr ?? '', en: err.en ?? '' } } : {}),
    };
    const key =
      ({ 401: 'backup.integratorAuthFailed', 403: 'backup.integratorForbidden', 404: 'backup.integratorNotFound', 413: 'backup.integratorTooLarge' } as const)[
        res.status as 401 | 403 | 404 | 413
      ] ?? 'backup.integratorRefused';
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
