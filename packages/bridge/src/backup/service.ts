/**
 * Yedekleme use cases (issue 7): Gönder (manual or automatic), Durum Sorgula, and the follow-up
 * the bridge does by itself (resume after a restart, polling while the integrator processes).
 *
 * Send = locate the six files → çapraz doğrulama (refuse, naming the wrong file) → zip + manifest →
 * write the Idempotency-Key to the database → upload ("Paket İşleme Alındı") → record.
 */
import { randomUUID } from 'node:crypto';
import { canQueryBackupStatus, monthPartId, type BackupStatus, type MonthPartKey } from '@edefter/domain';
import { bridgeVersion } from '../version.ts';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { type EdefterError, fail } from '@edefter/protocol';
import { tryAppendAudit } from '../audit/log.ts';
import { dataDir, type Actor } from '../workflow/index.ts';
import { IntegratorClient, type IntegratorConfig, type IntegratorPackageStatus } from './client.ts';
import { assertCrossCheck, type CrossCheckDeps, type CrossCheckReport } from './crosscheck.ts';
import { backupFileName, backupPackageName, checkMonthPartKey, findBackupFiles } from './files.ts';
import { buildManifest } from './manifest.ts';
import { readManifestFromZip, writeBackupZip } from './package.ts';
import { getCompanyBackupSettings, loadIntegratorConfig } from './settings.ts';
import { backupDoneMessage } from './messages.ts';
import type { BackupRow, BackupStore } from './store.ts';

/** What every backup use case needs. */
export interface BackupContext {
  store: BackupStore;
  /** Who asked: `cli`, `bridge`, or the web origin. */
  actor: Actor;
  /** Integrator connection; default: the company's settings (settings.ts). */
  integrator?: IntegratorConfig | ((vkn: string) => Promise<IntegratorConfig>);
  /**
   * Trust anchors (DER or PEM) for the signature checks of çapraz doğrulama, or a loader called only
   * when a send needs them. The flows layer passes the GİB trust list (flows/backup.ts backupContext);
   * absent: no anchor, so every chain check fails (nothing unverified is ever sent).
   */
  trustedCerts?: Buffer[] | (() => Promise<Buffer[]>);
  /** Verifiers for çapraz doğrulama (default: backup/crosscheck.ts defaultCrossCheckDeps, xades only; flows/backup.ts adds GİB's). */
  crossCheckDeps?: CrossCheckDeps;
  /** Folder for the backup zips (default `<dataDir>/backup`). */
  packagesDir?: string;
}

/** Options of {@link sendBackup}. */
export interface SendBackupOptions {
  /** Month folder holding the six files; default: the folder recorded on the Y row of the workflow. */
  monthDir?: string;
  /** `auto` when started by the approved-berat download (default `manual`). */
  trigger?: 'manual' | 'auto';
  /** Upload progress in bytes. */
  onProgress?: (sentBytes: number, totalBytes: number) => void;
}

/** Result of a send. */
export interface SendBackupResult {
  row: BackupRow;
  remote: IntegratorPackageStatus;
  crossCheck: CrossCheckReport;
}

/** The context's trust anchors for çapraz doğrulama (loaded now when given as a loader; none → empty). */
async function trustOf(ctx: BackupContext): Promise<Buffer[]> {
  return typeof ctx.trustedCerts === 'function' ? ctx.trustedCerts() : (ctx.trustedCerts ?? []);
}

function version(): string {
  return bridgeVersion();
}

const locks = new Map<string, Promise<unknown>>();

/** Runs `fn` with no other backup operation of the same month part running in this process. */
async function withLock<T>(ref: MonthPartKey, fn: () => Promise<T>): Promise<T> {
  const k = monthPartId(ref);
  while (locks.has(k)) await locks.get(k)!.catch(() => undefined);
  const p = fn();
  locks.set(k, p);
  try {
    return await p;
  } finally {
    locks.delete(k);
  }
}

async function integratorConfig(ctx: BackupContext, vkn: string): Promise<IntegratorConfig> {
  if (!ctx.integrator) return loadIntegratorConfig(vkn);
  return typeof ctx.integrator === 'function' ? ctx.integrator(vkn) : ctx.integrator;
}

/**
 * The month folder of a month part: the folder recorded on its Y (or K) workflow row, else the
 * folder of its recorded approved berat.
 * @throws EdefterError BAD_INPUT when the workflow knows no folder
 */
export function monthFolder(ctx: BackupContext, ref: MonthPartKey): string {
  for (const key of ctx.store.ledgerKeys(ref)) {
    const l = ctx.store.wf.getLedger(key);
    if (l?.folder) return l.folder;
    const approved = ctx.store.wf.file(key, 'approved');
    if (approved) return path.dirname(approved.path);
  }
  throw fail('backup.monthFolderUnknown', { vkn: ref.vkn, period: ref.period, part: ref.part });
}

/** True when both GİB-approved berats of the month part are in `monthDir` (manual Gönder is offered). */
export async function approvedBeratsPresent(monthDir: string, ref: MonthPartKey): Promise<boolean> {
  for (const role of ['GIB-YB', 'GIB-KB'] as const) {
    const st = await fs.stat(path.join(monthDir, backupFileName(ref, role))).catch(() => null);
    if (!st || st.size === 0) return false;
  }
  return true;
}

/**
 * Yedekleme › Gönder: checks, packs and uploads the six files of a month part. May be repeated as
 * often as the user likes; the integrator keeps the latest.
 * @returns the stored row (status RECEIVED = "Paket İşleme Alındı"), the integrator's answer and the cross-check report
 * @throws EdefterError CROSS_CHECK_FAILED (nothing sent; names the wrong file), EMPTY_FILE (files missing,
 *   e.g. approved berats not downloaded yet), BACKUP_AUTH_FAILED, BACKUP_ERROR, TIMEOUT — each also
 *   written to the history
 */
export async function sendBackup(ctx: BackupContext, ref: MonthPartKey, opts: SendBackupOptions = {}): Promise<SendBackupResult> {
  checkMonthPartKey(ref);
  return withLock(ref, async () => {
    const trigger = opts.trigger ?? 'manual';
    ctx.store.ensure(ref);
    let stage = 'backup.refused';
    try {
      const cfg = await integratorConfig(ctx, ref.vkn);
      const client = new IntegratorClient(cfg);
      const monthDir = opts.monthDir ?? monthFolder(ctx, ref);
      if (!(await approvedBeratsPresent(monthDir, ref))) {
        throw fail('backup.approvedNotDownloaded', { period: ref.period, part: ref.part, monthDir });
      }
      const files = await findBackupFiles(monthDir, ref);
      stage = 'backup.crosscheck_failed';
      const report = await assertCrossCheck(files, { trustedCerts: await trustOf(ctx), deps: ctx.crossCheckDeps });
      stage = 'backup.refused';
      const manifest = await buildManifest(ref, files, version());
      const key = randomUUID();
      const dir = path.join(ctx.packagesDir ?? path.join(dataDir(), 'backup'), ref.vkn);
      const zipName = backupPackageName(ref).replace(/\.zip$/, `.${key.slice(0, 8)}.zip`);
      const pkg = await writeBackupZip(path.join(dir, zipName), files, manifest);
      const previousZip = ctx.store.get(ref)?.zipPath;
      ctx.store.beginSend(
        ref,
        {
          idempotencyKey: key,
          endpoint: client.origin + new URL(cfg.baseUrl).pathname,
          username: cfg.username,
          zipPath: pkg.path,
          zipSha256: pkg.sha256,
          zipBytes: pkg.bytes,
          trigger,
        },
        ctx.actor,
      );
      stage = 'backup.send_failed';
      let remote: IntegratorPackageStatus;
      const audit = (result: 'sent' | 'failed', extra: Record<string, string>): void =>
        tryAppendAudit('backup-send', {
          origin: ctx.actor.origin,
          trigger,
          vkn: ref.vkn,
          period: ref.period,
          part: ref.part,
          branch: ref.branch,
          endpoint: client.origin + new URL(cfg.baseUrl).pathname,
          user: cfg.username,
          files: manifest.files.map((f) => `${f.name} sha256:${f.sha256}`),
          package: path.basename(pkg.path),
          packageSha256: pkg.sha256,
          bytes: pkg.bytes,
          result,
          ...extra,
        });
      try {
        remote = await client.sendPackage(pkg, key, opts.onProgress);
      } catch (e) {
        const transient = Boolean((e as EdefterError).details?.transient);
        ctx.store.failed(ref, stage, e, ctx.actor, { keepSending: transient });
        audit('failed', { error: String((e as EdefterError).code ?? 'ERROR') });
        throw e;
      }
      audit('sent', { packageId: remote.id });
      const row = ctx.store.sent(ref, { id: remote.id, status: remote.status, message: remote.message ?? remote.statusText }, ctx.actor);
      if (previousZip && previousZip !== pkg.path) await fs.rm(previousZip, { force: true });
      return { row, remote, crossCheck: report };
    } catch (e) {
      if (stage !== 'backup.send_failed') ctx.store.failed(ref, stage, e, ctx.actor);
      throw e;
    }
  });
}

/**
 * Yedekleme › Durum Sorgula: asks the integrator for the status of the latest send and records it.
 * An upload that was cut short (bridge stopped mid-send) is repeated with the same Idempotency-Key
 * first, so the integrator stores it once.
 * @throws EdefterError BAD_INPUT when nothing was sent yet (Entegratöre Gönderilmedi); BACKUP_* / TIMEOUT
 */
export async function queryBackupStatus(ctx: BackupContext, ref: MonthPartKey): Promise<BackupRow> {
  checkMonthPartKey(ref);
  return withLock(ref, async () => {
    let row = ctx.store.get(ref);
    if (!row || (!canQueryBackupStatus(row.status) && !row.sending)) {
      throw fail('backup.notSentYet', { period: ref.period });
    }
    const cfg = await integratorConfig(ctx, ref.vkn);
    const client = new IntegratorClient(cfg);
    try {
      if (row.sending) row = await resumeUpload(ctx, client, row);
      if (!row.remoteId) return row;
      const s = await client.getStatus(row.remoteId);
      const message = s.status === 'STORED' ? (s.message ?? backupDoneMessage(ref.period).tr) : s.message;
      return ctx.store.setStatus(ref, s.status, message, ctx.actor, { remoteId: s.id, ...(s.superseded ? { superseded: true } : {}) });
    } catch (e) {
      // an interrupted upload stays pending only while the failure is transient (not e.g. wrong credentials)
      ctx.store.failed(ref, 'backup.query_failed', e, ctx.actor, { keepSending: row.sending && Boolean((e as EdefterError).details?.transient) });
      throw e;
    }
  });
}

/** Repeats an interrupted upload with its original key (and zip). */
async function resumeUpload(ctx: BackupContext, client: IntegratorClient, row: BackupRow): Promise<BackupRow> {
  const ref: MonthPartKey = { vkn: row.vkn, period: row.period, part: row.part, ...(row.branch ? { branch: row.branch } : {}) };
  const zip = row.zipPath && (await fs.stat(row.zipPath).catch(() => null));
  if (!row.idempotencyKey || !zip || !row.zipSha256) {
    return ctx.store.failed(ref, 'backup.resume_failed', fail('backup.resumePackageGone'), ctx.actor);
  }
  const manifest = await readManifestFromZip(row.zipPath!);
  const remote = await client.sendPackage({ path: row.zipPath!, bytes: zip.size, sha256: row.zipSha256, manifest }, row.idempotencyKey);
  return ctx.store.sent(ref, { id: remote.id, status: remote.status, message: remote.message ?? remote.statusText }, ctx.actor);
}

/**
 * Follows up every pending month part (integrator processing, or an upload cut short): called when
 * the bridge starts (restart resumes the status queries) and by the poller.
 * @returns the rows after the queries and the errors met (never throws for one month part)
 */
export async function resumePendingBackups(ctx: BackupContext): Promise<{ rows: BackupRow[]; errors: { ref: MonthPartKey; error: unknown }[] }> {
  const rows: BackupRow[] = [];
  const errors: { ref: MonthPartKey; error: unknown }[] = [];
  for (const p of ctx.store.pending()) {
    const ref: MonthPartKey = { vkn: p.vkn, period: p.period, part: p.part, ...(p.branch ? { branch: p.branch } : {}) };
    try {
      rows.push(await queryBackupStatus(ctx, ref));
    } catch (error) {
      errors.push({ ref, error });
    }
  }
  return { rows, errors };
}

/**
 * Polls the pending backups every `intervalMs` until stopped (first round at once). The bridge runs
 * one while it is up; tests use short intervals.
 * @returns `stop()`, which waits for a round in progress
 */
export function startBackupPoller(
  ctx: BackupContext,
  opts: { intervalMs?: number; onRound?: (r: Awaited<ReturnType<typeof resumePendingBackups>>) => void } = {},
): { stop(): Promise<void> } {
  const interval = opts.intervalMs ?? 30_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const round = (): void => {
    running = resumePendingBackups(ctx)
      .then((r) => opts.onRound?.(r))
      .catch(() => undefined)
      .finally(() => {
        if (!stopped) timer = setTimeout(round, interval);
      });
  };
  round();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

/** Outcome of {@link autoBackupAfterDownload}. */
export type AutoBackupResult =
  | { started: false; reason: 'disabled' | 'auto-off' | 'waiting-for-approved-berats' }
  | { started: true; result?: SendBackupResult; error?: unknown };

/**
 * The hook the approved-berat download calls (status Onaylı Berat İndirildi): when the company has
 * "e-Defter Otomatik Yedeklensin" = Evet and both GİB berats of the month part are there, sends
 * the backup. Never throws: a failure is recorded in the history and returned.
 */
export async function autoBackupAfterDownload(ctx: BackupContext, ref: MonthPartKey, monthDir?: string): Promise<AutoBackupResult> {
  const s = await getCompanyBackupSettings(ref.vkn);
  if (!s.enabled) return { started: false, reason: 'disabled' };
  if (!s.autoBackup) return { started: false, reason: 'auto-off' };
  let dir: string;
  try {
    dir = monthDir ?? monthFolder(ctx, ref);
  } catch (error) {
    return { started: true, error };
  }
  if (!(await approvedBeratsPresent(dir, ref))) return { started: false, reason: 'waiting-for-approved-berats' };
  try {
    return { started: true, result: await sendBackup(ctx, ref, { monthDir: dir, trigger: 'auto' }) };
  } catch (error) {
    return { started: true, error };
  }
}

/** Final statuses: nothing more will change without a new send. */
export function isFinalBackupStatus(s: BackupStatus): boolean {
  return s === 'STORED' || s === 'FAILED';
}
