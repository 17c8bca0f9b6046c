/**
 * Integrator backup simulator: the server side of docs/integrator-backup-api.md.
 *
 * It stores every upload durably on disk (store.ts), checks the package synchronously (SHA-256 of the
 * body, zip entries, manifest, sizes and hashes) and then asynchronously, after a configurable delay,
 * runs the same çapraz doğrulama as the bridge (every signature, berat ↔ defter, GİB seal) before
 * moving the package RECEIVED → PROCESSED → STORED (or FAILED). It keeps only the latest send of a
 * month part. Faults can be injected: HTTP 5xx, hanging requests (timeouts), processing failures.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { crossCheck, type CrossCheckDeps } from '@edefter/bridge/backup/crosscheck.ts';
import { crossCheckDeps } from '@edefter/bridge/flows/backup.ts';
import { BACKUP_FILE_ROLES, type BackupFile } from '@edefter/bridge/backup/files.ts';
import { checkFilesAgainstManifest } from '@edefter/bridge/backup/manifest.ts';
import { extractBackupZip } from '@edefter/bridge/backup/package.ts';
import { backupDoneMessage } from '@edefter/bridge/backup/messages.ts';
import { BACKUP_STATUS_LABELS } from '@edefter/domain';
import { SimStore, type SimPackage } from './store.ts';
import { xmlsecVerify } from './xmlsec.ts';
import { basicUser, error, publicView, send, unauthorized } from './http-util.ts';

/** Faults to inject; counters are decremented as they fire. Mutable at run time through `sim.faults`. */
export interface IntegratorSimFaults {
  /** The next N requests (any route) answer with this HTTP status (default 503). */
  http5xx?: number;
  /** Status code used by `http5xx` (500..599). */
  http5xxStatus?: number;
  /** The next N requests get no answer at all (the client times out). */
  timeout?: number;
  /** The next N packages fail processing: status FAILED (Yedeklenemedi). */
  failProcessing?: number;
}

/** Options of {@link startIntegratorSimulator}. */
export interface IntegratorSimOptions {
  /** Storage folder (created). Reusing a folder after a restart resumes pending packages. */
  dir: string;
  /** Port (default 0 = any free port). Binds 127.0.0.1 only. */
  port?: number;
  /** TLS key + certificate (PEM); absent = plain HTTP. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Path prefix of the API (default `/edefter-yedek/v1`). */
  basePath?: string;
  /** Accounts: user name → password (default `{ demo: 'demo1234' }`). */
  users?: Record<string, string>;
  /** Delay RECEIVED → PROCESSED in ms (default 200). */
  processingDelayMs?: number;
  /** Delay PROCESSED → STORED in ms (default 200). */
  storeDelayMs?: number;
  /** Largest accepted upload in bytes (default 512 MiB). */
  maxBytes?: number;
  /** Trust anchors (PEM or DER) for the signature checks. */
  trustedCerts?: Buffer[];
  /** PEM CA bundle: when set, every file is also verified with xmlsec1 (independent of the bridge's code). */
  xmlsecTrustPem?: string;
  /** Verifiers for çapraz doğrulama (default: the bridge's xades + gib modules). */
  deps?: CrossCheckDeps;
  faults?: IntegratorSimFaults;
  /** Called on every status change (tests, CLI log). */
  onEvent?: (e: { id: string; status: string; message?: string }) => void;
}

/** A running simulator. */
export interface IntegratorSimulator {
  /** Base URL of the API, e.g. `https://127.0.0.1:43211/edefter-yedek/v1`. */
  url: string;
  port: number;
  dir: string;
  /** Live fault configuration. */
  faults: IntegratorSimFaults;
  /** Number of POST /packages requests that reached the upload handler (after auth, before faults). */
  readonly uploadsSeen: number;
  /** Every stored package, oldest first. */
  packages(): Promise<SimPackage[]>;
  /** Waits until the package reaches a final status (STORED/FAILED) or the timeout (ms) passes. */
  settled(id: string, timeoutMs?: number): Promise<SimPackage>;
  /** Stops listening, cancels timers, drops hanging requests. Stored data stays on disk. */
  close(): Promise<void>;
}

/**
 * Starts the simulator on 127.0.0.1.
 * @returns the running simulator; `close()` it when done
 */
export async function startIntegratorSimulator(opts: IntegratorSimOptions): Promise<IntegratorSimulator> {
  const store = new SimStore(opts.dir);
  await store.init();
  const basePath = (opts.basePath ?? '/edefter-yedek/v1').replace(/\/$/, '');
  const users = opts.users ?? { demo: 'demo1234' };
  const processingDelayMs = opts.processingDelayMs ?? 200;
  const storeDelayMs = opts.storeDelayMs ?? 200;
  const maxBytes = opts.maxBytes ?? 512 * 1024 * 1024;
  const faults: IntegratorSimFaults = opts.faults ?? {};
  const timers = new Set<NodeJS.Timeout>();
  const work = new Set<Promise<void>>();
  const sockets = new Set<Socket>();
  const idemLocks = new Map<string, Promise<unknown>>();
  let uploadsSeen = 0;
  let closed = false;

  const now = (): string => new Date().toISOString();

  const applyStatus = (p: SimPackage, status: SimPackage['status'], message?: string): SimPackage => {
    p.status = status;
    p.statusText = BACKUP_STATUS_LABELS[status].tr;
    p.updatedAt = now();
    if (message === undefined) delete p.message;
    else p.message = message;
    p.history.push({ status, at: p.updatedAt, ...(message ? { message } : {}) });
    return p;
  };

  /** Moves a live (not superseded) package from `from` to `status`, atomically. */
  const transition = async (id: string, from: SimPackage['status'], status: SimPackage['status'], message?: string): Promise<boolean> => {
    const done = await store.update(id, (p) => (p.superseded || p.status !== from ? null : applyStatus(p, status, message)));
    if (done) opts.onEvent?.({ id, status, message });
    return Boolean(done);
  };

  const later = (ms: number, fn: () => Promise<void>): void => {
    if (closed) return;
    const t = setTimeout(() => {
      timers.delete(t);
      const w = fn().catch((e: unknown) => {
        process.stderr.write(`[integrator-sim] ${(e as Error).stack}\n`);
      });
      work.add(w);
      void w.finally(() => work.delete(w));
    }, ms);
    timers.add(t);
  };

  /** RECEIVED → PROCESSED (checks) → STORED, or FAILED. */
  const processPackage = async (id: string): Promise<void> => {
    const p = await store.get(id);
    if (!p || p.superseded || p.status !== 'RECEIVED') return;
    if ((faults.failProcessing ?? 0) > 0) {
      faults.failProcessing = (faults.failProcessing ?? 0) - 1;
      await transition(id, 'RECEIVED', 'FAILED', 'Paket saklama alanına yazılamadı (simüle edilen hata); lütfen tekrar gönderin.');
      return;
    }
    const dir = store.packageDir(id);
    const filesDir = path.join(dir, 'files');
    try {
      await fs.rm(filesDir, { recursive: true, force: true });
      const { manifest, files } = await extractBackupZip(path.join(dir, 'package.zip'), filesDir);
      await checkFilesAgainstManifest(manifest, (n) => files.get(n) ?? path.join(filesDir, n));
      const six: BackupFile[] = BACKUP_FILE_ROLES.map((role) => {
        const f = manifest.files.find((x) => x.role === role)!;
        return { role, name: f.name, path: files.get(f.name)! };
      });
      const report = await crossCheck(six, { trustedCerts: opts.trustedCerts, deps: opts.deps ?? crossCheckDeps() });
      if (opts.xmlsecTrustPem) {
        for (const f of six) {
          const x = await xmlsecVerify(f.path, opts.xmlsecTrustPem);
          if (!x.ok)
            report.problems.push({
              file: f.name,
              role: f.role,
              check: 'signature',
              tr: `${f.name} imzası xmlsec1 ile doğrulanamadı: ${x.message}`,
              en: `xmlsec1 does not verify ${f.name}: ${x.message}`,
            });
        }
        report.ok = report.problems.length === 0;
      }
      if (!report.ok) {
        await transition(id, 'RECEIVED', 'FAILED', `Çapraz doğrulama başarısız: ${report.problems[0].tr}`);
        return;
      }
      if (await transition(id, 'RECEIVED', 'PROCESSED', 'Saklama işlemi sıraya alındı.')) later(storeDelayMs, () => storePackage(id));
    } catch (e) {
      await transition(id, 'RECEIVED', 'FAILED', `Paket işlenemedi: ${(e as { tr?: string }).tr ?? (e as Error).message}`);
    } finally {
      await fs.rm(filesDir, { recursive: true, force: true }).catch(() => undefined);
    }
  };

  const storePackage = async (id: string): Promise<void> => {
    const p = await store.get(id);
    if (!p) return;
    await transition(id, 'PROCESSED', 'STORED', backupDoneMessage(p.period).tr);
  };

  const authenticate = (req: http.IncomingMessage): string | null => basicUser(req, users);

  /** Applies injected transport faults; true when the request was consumed by one. */
  const injectFault = (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
    if ((faults.timeout ?? 0) > 0) {
      faults.timeout = (faults.timeout ?? 0) - 1;
      req.resume(); // read and ignore; never answer
      return true;
    }
    if ((faults.http5xx ?? 0) > 0) {
      faults.http5xx = (faults.http5xx ?? 0) - 1;
      req.resume();
      error(
        res,
        faults.http5xxStatus ?? 503,
        'UNAVAILABLE',
        'Servis geçici olarak kullanılamıyor (simüle edilen hata)',
        'Service temporarily unavailable (simulated)',
        { connection: 'close' },
      );
      return true;
    }
    return false;
  };

  const upload = async (req: http.IncomingMessage, res: http.ServerResponse, user: string): Promise<void> => {
    uploadsSeen++;
    const key = String(req.headers['idempotency-key'] ?? '');
    if (!/^[A-Za-z0-9._:-]{8,128}$/.test(key)) {
      req.resume();
      return error(res, 400, 'BAD_REQUEST', 'Idempotency-Key başlığı eksik veya geçersiz', 'Missing or invalid Idempotency-Key header');
    }
    const lockKey = `${user}:${key}`;
    while (idemLocks.has(lockKey)) await idemLocks.get(lockKey)!.catch(() => undefined);
    let release!: () => void;
    idemLocks.set(lockKey, new Promise<void>((r) => (release = r)));
    try {
      const existing = await store.idempotent(user, key);
      if (existing) {
        req.resume();
        const p = await store.get(existing);
        if (p) return send(res, 202, publicView(p));
      }
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        return error(res, 413, 'TOO_LARGE', 'Paket çok büyük', 'Package too large', { connection: 'close' });
      }
      const tmp = store.incomingPath();
      const h = createHash('sha256');
      let bytes = 0;
      try {
        await pipeline(
          req,
          new Transform({
            transform(c: Buffer, _e, cb) {
              bytes += c.length;
              if (bytes > maxBytes) return cb(new Error('too large'));
              h.update(c);
              cb(null, c);
            },
          }),
          createWriteStream(tmp, { mode: 0o600 }),
        );
      } catch {
        await fs.rm(tmp, { force: true });
        if (!res.headersSent && !res.destroyed)
          error(res, bytes > maxBytes ? 413 : 400, 'BAD_UPLOAD', 'Yükleme tamamlanamadı', 'Upload incomplete', { connection: 'close' });
        return;
      }
      const sha256 = h.digest('hex');
      const bad = async (tr: string, en: string): Promise<void> => {
        await fs.rm(tmp, { force: true });
        error(res, 400, 'BAD_PACKAGE', `Paket reddedildi: ${tr}`, `Package refused: ${en}`);
      };
      if (String(req.headers['x-edefter-package-sha256'] ?? '').toLowerCase() !== sha256) {
        return bad('SHA-256 değeri gönderilen başlık ile uyuşmuyor', 'SHA-256 does not match the header');
      }
      // Synchronous manifest check; signatures are checked asynchronously.
      const checkDir = `${tmp}.d`;
      let manifest;
      try {
        const ex = await extractBackupZip(tmp, checkDir);
        manifest = ex.manifest;
        await checkFilesAgainstManifest(manifest, (n) => ex.files.get(n) ?? path.join(checkDir, n));
      } catch (e) {
        return bad((e as { tr?: string }).tr ?? (e as Error).message, (e as { en?: string }).en ?? (e as Error).message);
      } finally {
        await fs.rm(checkDir, { recursive: true, force: true });
      }
      const hv = (n: string): string => String(req.headers[n] ?? '');
      if (
        hv('x-edefter-vkn') !== manifest.vkn ||
        hv('x-edefter-period') !== manifest.period ||
        hv('x-edefter-part') !== manifest.part ||
        (hv('x-edefter-branch') || undefined) !== manifest.branch
      ) {
        return bad('VKN/dönem/parça başlıkları manifesto ile uyuşmuyor', 'VKN/period/part headers do not match the manifest');
      }
      const id = randomUUID();
      const dir = store.packageDir(id);
      await fs.mkdir(dir, { recursive: true });
      await fs.rename(tmp, path.join(dir, 'package.zip'));
      const at = now();
      const p: SimPackage = {
        id,
        user,
        vkn: manifest.vkn,
        period: manifest.period,
        part: manifest.part,
        ...(manifest.branch ? { branch: manifest.branch } : {}),
        status: 'RECEIVED',
        statusText: BACKUP_STATUS_LABELS.RECEIVED.tr,
        receivedAt: at,
        updatedAt: at,
        sha256,
        bytes,
        history: [{ status: 'RECEIVED', at }],
      };
      await store.put(p);
      await store.rememberIdempotent(user, key, id);
      // Keep the latest send only.
      const prevId = await store.latest(manifest);
      await store.setLatest(manifest, id);
      if (prevId && prevId !== id) {
        let failedPrev = false;
        await store.update(prevId, (prev) => {
          prev.superseded = true;
          if (prev.status === 'RECEIVED' || prev.status === 'PROCESSED') {
            applyStatus(prev, 'FAILED', 'Yerine daha yeni bir paket gönderildi.');
            failedPrev = true;
          }
          return prev;
        });
        if (failedPrev) opts.onEvent?.({ id: prevId, status: 'FAILED', message: 'Yerine daha yeni bir paket gönderildi.' });
        await fs.rm(path.join(store.packageDir(prevId), 'package.zip'), { force: true });
      }
      opts.onEvent?.({ id, status: 'RECEIVED' });
      send(res, 202, publicView(p));
      later(processingDelayMs, () => processPackage(id));
    } finally {
      idemLocks.delete(lockKey);
      release();
    }
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://sim');
    if (!url.pathname.startsWith(`${basePath}/`)) {
      req.resume();
      return error(res, 404, 'NOT_FOUND', 'Bulunamadı', 'Not found');
    }
    const rel = url.pathname.slice(basePath.length + 1);
    const user = authenticate(req);
    if (!user) {
      req.resume();
      return unauthorized(res);
    }
    if (injectFault(req, res)) return;
    if (req.method === 'GET' && rel === 'session') return send(res, 200, { user });
    if (req.method === 'POST' && rel === 'packages') return upload(req, res, user);
    let m = /^packages\/([A-Za-z0-9-]{1,64})$/.exec(rel);
    if (req.method === 'GET' && m) {
      const p = await store.get(m[1]);
      if (!p || p.user !== user) return error(res, 404, 'NOT_FOUND', 'Paket bulunamadı', 'Package not found');
      return send(res, 200, publicView(p));
    }
    m = /^months\/(\d{10,11})\/(\d{6})\/(\d{6})$/.exec(rel);
    if (req.method === 'GET' && m) {
      const branch = url.searchParams.get('branch') ?? undefined;
      const id = await store.latest({ vkn: m[1], period: m[2], part: m[3], branch });
      const p = id ? await store.get(id) : null;
      if (!p || p.user !== user) return error(res, 404, 'NOT_FOUND', 'Bu dönem için paket yok', 'No package for this period');
      return send(res, 200, publicView(p));
    }
    req.resume();
    return error(res, 404, 'NOT_FOUND', 'Bulunamadı', 'Not found');
  };

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    handle(req, res).catch((e) => {
      process.stderr.write(`[integrator-sim] ${(e as Error).stack}\n`);
      if (!res.headersSent) error(res, 500, 'INTERNAL', 'Sunucu hatası', 'Server error');
      else res.destroy();
    });
  };
  const server = opts.tls ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert }) : http.createServer();
  server.on('request', onRequest);
  // Expect: 100-continue — refuse wrong credentials before the body is sent.
  server.on('checkContinue', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!authenticate(req)) return unauthorized(res);
    res.writeContinue();
    onRequest(req, res);
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;

  // Resume the packages that were pending when the simulator stopped.
  for (const p of await store.all()) {
    if (p.superseded) continue;
    if (p.status === 'RECEIVED') later(processingDelayMs, () => processPackage(p.id));
    else if (p.status === 'PROCESSED') later(storeDelayMs, () => storePackage(p.id));
  }

  return {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}${basePath}`,
    port,
    dir: opts.dir,
    faults,
    get uploadsSeen() {
      return uploadsSeen;
    },
    packages: () => store.all(),
    async settled(id: string, timeoutMs = 10_000): Promise<SimPackage> {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const p = await store.get(id);
        if (p && (p.status === 'STORED' || p.status === 'FAILED')) return p;
        if (Date.now() > end) throw new Error(`package ${id} not settled after ${timeoutMs} ms (status ${p?.status})`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async close(): Promise<void> {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.allSettled([...work]);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}
