/**
 * Backup state in the workflow database: the `backups` row of each month part (migration.ts),
 * mirrored into the Y and K rows' `backup_status` / `backup_message` (Yedekleme Durumu column of
 * `edefter status`), with every change in `history` (actions `backup.*`).
 */
import { BACKUP_STATUS_LABELS, parseBackupStatus, type BackupStatus, type MonthPartKey } from '@edefter/domain';
import type { Actor, LedgerKey, WorkflowStore } from '../workflow/index.ts';
import { toStoredError, type StoredError } from '../workflow/index.ts';
import { ensureBackupSchema } from '../workflow/backup-tables.ts';

/** One month part's backup state. Times are ISO 8601 UTC. */
export interface BackupRow extends Required<Omit<MonthPartKey, 'branch'>> {
  id: number;
  branch: string;
  status: BackupStatus;
  /** Turkish label of `status`. */
  statusText: string;
  message?: string;
  endpoint?: string;
  username?: string;
  idempotencyKey?: string;
  remoteId?: string;
  zipPath?: string;
  zipSha256?: string;
  zipBytes?: number;
  /** True while an upload is in flight (or was, when the bridge crashed). */
  sending: boolean;
  /** Accepted uploads so far. */
  sends: number;
  trigger?: 'manual' | 'auto';
  sentAt?: string;
  queriedAt?: string;
  storedAt?: string;
  error?: StoredError;
  createdAt: string;
  updatedAt: string;
}

type Raw = Record<string, unknown>;
const str = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));
const now = (): string => new Date().toISOString();

function toRow(r: Raw): BackupRow {
  const status = parseBackupStatus(String(r.status));
  return {
    id: Number(r.id),
    vkn: String(r.vkn),
    period: String(r.period),
    part: String(r.part),
    branch: String(r.branch),
    status,
    statusText: BACKUP_STATUS_LABELS[status].tr,
    message: str(r.message),
    endpoint: str(r.endpoint),
    username: str(r.username),
    idempotencyKey: str(r.idempotency_key),
    remoteId: str(r.remote_id),
    zipPath: str(r.zip_path),
    zipSha256: str(r.zip_sha256),
    zipBytes: r.zip_bytes == null ? undefined : Number(r.zip_bytes),
    sending: Number(r.sending) === 1,
    sends: Number(r.sends),
    trigger: str(r.trigger) as BackupRow['trigger'],
    sentAt: str(r.sent_at),
    queriedAt: str(r.queried_at),
    storedAt: str(r.stored_at),
    error: r.error_code ? { code: String(r.error_code), tr: String(r.error_tr ?? ''), en: String(r.error_en ?? '') } : undefined,
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}

/** Backup rows over a {@link WorkflowStore}'s database. */
export class BackupStore {
  constructor(readonly wf: WorkflowStore) {
    ensureBackupSchema(wf.db);
  }

  private get db() {
    return this.wf.db;
  }

  /** The Y and K ledger keys of a month part. */
  ledgerKeys(ref: MonthPartKey): LedgerKey[] {
    return (['Y', 'K'] as const).map((book) => ({ vkn: ref.vkn, period: ref.period, part: ref.part, branch: ref.branch ?? '', book }));
  }

  /** The row of a month part, created (Entegratöre Gönderilmedi) when missing. */
  ensure(ref: MonthPartKey): BackupRow {
    const t = now();
    this.db
      .prepare(`INSERT INTO backups (vkn, period, part, branch, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
      .run(ref.vkn, ref.period, ref.part, ref.branch ?? '', t, t);
    return this.get(ref)!;
  }

  /** The row of a month part, or undefined. */
  get(ref: MonthPartKey): BackupRow | undefined {
    const r = this.db.prepare('SELECT * FROM backups WHERE vkn=? AND period=? AND part=? AND branch=?').get(ref.vkn, ref.period, ref.part, ref.branch ?? '') as
      | Raw
      | undefined;
    return r ? toRow(r) : undefined;
  }

  /** Rows, optionally of one VKN and/or period (`YYYYMM` or `YYYY`). */
  list(filter: { vkn?: string; period?: string } = {}): BackupRow[] {
    const where: string[] = [];
    const args: string[] = [];
    if (filter.vkn) {
      where.push('vkn=?');
      args.push(filter.vkn);
    }
    if (filter.period) {
      where.push(filter.period.length === 4 ? 'substr(period,1,4)=?' : 'period=?');
      args.push(filter.period);
    }
    const sql = `SELECT * FROM backups ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY vkn, period, part, branch`;
    return (this.db.prepare(sql).all(...args) as Raw[]).map(toRow);
  }

  /** Rows the bridge must follow up: integrator still processing, or an upload cut short. */
  pending(): BackupRow[] {
    return (this.db.prepare(`SELECT * FROM backups WHERE sending=1 OR status IN ('RECEIVED','PROCESSED') ORDER BY id`).all() as Raw[]).map(toRow);
  }

  /** History lines on the Y and K rows of a month part. */
  private history(ref: MonthPartKey, action: string, actor: Actor, message?: string, details?: Record<string, unknown>): void {
    for (const key of this.ledgerKeys(ref)) {
      const l = this.wf.getLedger(key);
      if (l) this.wf.addHistory({ ledgerId: l.id, action, actor, message, details });
    }
  }

  /**
   * Records that an upload starts: the Idempotency-Key and the zip are written BEFORE the request
   * so a crash mid-upload is detected (`sending`) and the resend reuses the key.
   */
  beginSend(
    ref: MonthPartKey,
    s: { idempotencyKey: string; endpoint: string; username: string; zipPath: string; zipSha256: string; zipBytes: number; trigger: 'manual' | 'auto' },
    actor: Actor,
  ): BackupRow {
    this.ensure(ref);
    this.wf.tx(() => {
      this.db
        .prepare(`UPDATE backups SET idempotency_key=?, endpoint=?, username=?, zip_path=?, zip_sha256=?, zip_bytes=?, trigger=?,
                  sending=1, updated_at=? WHERE vkn=? AND period=? AND part=? AND branch=?`)
        .run(s.idempotencyKey, s.endpoint, s.username, s.zipPath, s.zipSha256, s.zipBytes, s.trigger, now(), ref.vkn, ref.period, ref.part, ref.branch ?? '');
      this.history(ref, 'backup.send', actor, `Entegratöre gönderiliyor (${s.trigger === 'auto' ? 'otomatik' : 'elle'})`, {
        endpoint: s.endpoint,
        zip: s.zipPath,
        sha256: s.zipSha256,
        bytes: s.zipBytes,
        trigger: s.trigger,
      });
    });
    return this.get(ref)!;
  }

  /** Records the integrator's answer to an upload (normally RECEIVED) and clears `sending` and the error. */
  sent(ref: MonthPartKey, remote: { id: string; status: BackupStatus; message?: string }, actor: Actor): BackupRow {
    this.wf.tx(() => {
      this.db
        .prepare(`UPDATE backups SET remote_id=?, sending=0, sends=sends+1, sent_at=?, stored_at=NULL, error_code=NULL, error_tr=NULL, error_en=NULL,
                  updated_at=? WHERE vkn=? AND period=? AND part=? AND branch=?`)
        .run(remote.id, now(), now(), ref.vkn, ref.period, ref.part, ref.branch ?? '');
      this.setStatusInTx(ref, remote.status, remote.message, actor, { remoteId: remote.id }, true);
    });
    return this.get(ref)!;
  }

  /** Records a status the integrator reported (Durum Sorgula). Same status and message = no history line. */
  setStatus(ref: MonthPartKey, status: BackupStatus, message: string | undefined, actor: Actor, details?: Record<string, unknown>): BackupRow {
    this.wf.tx(() => {
      this.db
        .prepare('UPDATE backups SET queried_at=? WHERE vkn=? AND period=? AND part=? AND branch=?')
        .run(now(), ref.vkn, ref.period, ref.part, ref.branch ?? '');
      this.setStatusInTx(ref, status, message, actor, details, false);
    });
    return this.get(ref)!;
  }

  private setStatusInTx(
    ref: MonthPartKey,
    status: BackupStatus,
    message: string | undefined,
    actor: Actor,
    details: Record<string, unknown> | undefined,
    force: boolean,
  ): void {
    const cur = this.ensure(ref);
    const same = cur.status === status && (cur.message ?? null) === (message ?? null);
    if (!same || force) {
      this.db
        .prepare(`UPDATE backups SET status=?, message=?, stored_at=CASE WHEN ?='STORED' THEN ? ELSE stored_at END, updated_at=?
                  WHERE id=?`)
        .run(status, message ?? null, status, now(), now(), cur.id);
    }
    for (const key of this.ledgerKeys(ref)) {
      if (this.wf.getLedger(key)) this.wf.setBackupStatus(key, status, actor, message ?? BACKUP_STATUS_LABELS[status].tr, details);
    }
  }

  /**
   * Records a local failure (çapraz doğrulama refused, integrator unreachable, wrong credentials):
   * the status stays what the integrator last said; `sending` is cleared unless `keepSending`
   * (a transient failure whose upload may have arrived: the next query resends with the same key).
   */
  failed(ref: MonthPartKey, action: string, e: unknown, actor: Actor, opts: { keepSending?: boolean } = {}): BackupRow {
    const err = toStoredError(e);
    this.ensure(ref);
    this.wf.tx(() => {
      this.db
        .prepare(`UPDATE backups SET error_code=?, error_tr=?, error_en=?, sending=CASE WHEN ? THEN sending ELSE 0 END, updated_at=?
                  WHERE vkn=? AND period=? AND part=? AND branch=?`)
        .run(err.code, err.tr, err.en, opts.keepSending ? 1 : 0, now(), ref.vkn, ref.period, ref.part, ref.branch ?? '');
      const details = (e as { details?: Record<string, unknown> })?.details;
      this.history(ref, action, actor, err.tr, { error: err, ...(details ? { details } : {}) });
    });
    return this.get(ref)!;
  }
}
