/**
 * The workflow store: one row per e-Defter (company / period / part / book) with its status, the
 * files that belong to it (path + SHA-256), and an append-only history of every change (what,
 * when, which certificate, which origin asked). GİB packages live in package-store.ts.
 *
 * Every write is idempotent: recording the same file again, or setting the status a row already
 * has, changes nothing and adds no history line.
 */
import path from 'node:path';
import type Database from 'better-sqlite3';
import { ErrorCode, fail } from '@edefter/protocol';
import {
  BOOKS,
  LEDGER_STATUS_RANK,
  isErrorStatus,
  parseLedgerStatus,
  LedgerStatus,
  type BackupStatus,
  type Book,
  type MonthPartKey,
  monthPartProblem,
} from '@edefter/domain';
import { openWorkflowDb, type OpenDbOptions } from './db.ts';
import { actorCertificate, type Actor } from './actor.ts';
import { hashFile } from './hash.ts';

/** Identifies one e-Defter row: a month part and its book. `branch` is the 4-digit şube code or '' (default). */
export interface LedgerKey extends MonthPartKey {
  book: Book;
}

/** Descriptive facts of a row, filled as they become known. */
export interface LedgerInfo {
  title?: string;
  /** Kontrol numarası (documentInfo/uniqueID, e.g. `YEV202501000001`). */
  controlNumber?: string;
  /** `YYYY-MM-DD` */
  periodStart?: string;
  periodEnd?: string;
  /** Month folder `<root>/<VKN>/<fiscal period>/<MM>`. */
  folder?: string;
}

/** A stored error: stable code and the two messages. */
export interface StoredError {
  code: string;
  tr: string;
  en: string;
}

/** One e-Defter row. Times are ISO 8601 UTC. */
export interface LedgerRow extends Required<Omit<LedgerKey, 'branch'>>, LedgerInfo {
  id: number;
  branch: string;
  status: LedgerStatus;
  error?: StoredError;
  backupStatus: BackupStatus;
  backupMessage?: string;
  createdAt: string;
  updatedAt: string;
}

/** Role of a file in a row: the defter, its berat, GİB's approved berat, the upload zip, a DR. */
export type FileRole = 'defter' | 'berat' | 'approved' | 'package' | 'report';

/** A file referenced by the workflow. */
export interface FileRow {
  id: number;
  ledgerId: number;
  role: FileRole;
  /** Absolute path. */
  path: string;
  /** Base name. */
  name: string;
  /** SHA-256, lowercase hex. */
  sha256: string;
  bytes: number;
  /** Base64 text of the top-level ds:SignatureValue, when signed. */
  signatureValue?: string;
  recordedAt: string;
}

/** One history line. */
export interface HistoryRow {
  id: number;
  at: string;
  ledgerId?: number;
  packageId?: number;
  action: string;
  fromStatus?: string;
  toStatus?: string;
  certificate?: string;
  origin: string;
  message?: string;
  details?: Record<string, unknown>;
}

/** Filter of {@link WorkflowStore.listLedgers}. */
export interface LedgerFilter {
  vkn?: string;
  /** Exact `YYYYMM`, or a year `YYYY`. */
  period?: string;
  book?: Book;
}

type Raw = Record<string, unknown>;
const str = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

function rowToLedger(r: Raw): LedgerRow {
  return {
    id: Number(r.id),
    vkn: String(r.vkn),
    period: String(r.period),
    part: String(r.part),
    branch: String(r.branch),
    book: r.book as Book,
    title: str(r.title),
    controlNumber: str(r.control_number),
    periodStart: str(r.period_start),
    periodEnd: str(r.period_end),
    folder: str(r.folder),
    status: parseLedgerStatus(String(r.status)),
    error: r.error_code ? { code: String(r.error_code), tr: String(r.error_tr ?? ''), en: String(r.error_en ?? '') } : undefined,
    backupStatus: String(r.backup_status) as BackupStatus,
    backupMessage: str(r.backup_message),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}

function rowToFile(r: Raw): FileRow {
  return {
    id: Number(r.id),
    ledgerId: Number(r.ledger_id),
    role: r.role as FileRole,
    path: String(r.path),
    name: String(r.name),
    sha256: String(r.sha256),
    bytes: Number(r.bytes),
    signatureValue: str(r.signature_value),
    recordedAt: String(r.recorded_at),
  };
}

/** Maps a history row from SQL. */
export function rowToHistory(r: Raw): HistoryRow {
  return {
    id: Number(r.id),
    at: String(r.at),
    ledgerId: r.ledger_id == null ? undefined : Number(r.ledger_id),
    packageId: r.package_id == null ? undefined : Number(r.package_id),
    action: String(r.action),
    fromStatus: str(r.from_status),
    toStatus: str(r.to_status),
    certificate: str(r.certificate),
    origin: String(r.origin),
    message: str(r.message),
    details: r.details ? (JSON.parse(String(r.details)) as Record<string, unknown>) : undefined,
  };
}

const now = (): string => new Date().toISOString();

/** How the workflow messages name each field of the month-part key. */
const KEY_FIELD_LABEL: Readonly<Record<keyof MonthPartKey, string>> = {
  vkn: 'VKN/TCKN',
  period: 'dönem (YYYYMM)',
  part: 'parça numarası (PPPPPP)',
  branch: 'şube kodu',
};

/** Checks the parts of a key (@edefter/domain monthPartProblem, and the book); @throws EdefterError BAD_INPUT */
export function checkKey(k: LedgerKey): void {
  const bad = (what: string): never => {
    throw fail('workflow.keyInvalid', { what, key: JSON.stringify(k) });
  };
  const p = monthPartProblem(k);
  if (p) bad(KEY_FIELD_LABEL[p.field as keyof MonthPartKey]);
  if (!(BOOKS as readonly string[]).includes(k.book)) bad('defter türü');
}

/** Durable workflow state over one SQLite database. */
export class WorkflowStore {
  /** The underlying database (shared with package-store and backup). */
  readonly db: Database.Database;

  constructor(db: Database.Database) {
    this.db = db;
  }

  /** Opens the database in the data folder (or `opts.file`) and migrates it. */
  static open(opts: OpenDbOptions = {}): WorkflowStore {
    return new WorkflowStore(openWorkflowDb(opts));
  }

  /** Closes the database. */
  close(): void {
    this.db.close();
  }

  /** Runs `fn` in one IMMEDIATE transaction. */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** Returns the row of `key`, or undefined. */
  getLedger(key: LedgerKey): LedgerRow | undefined {
    const r = this.db
      .prepare('SELECT * FROM ledgers WHERE vkn=? AND period=? AND part=? AND branch=? AND book=?')
      .get(key.vkn, key.period, key.part, key.branch ?? '', key.book) as Raw | undefined;
    return r ? rowToLedger(r) : undefined;
  }

  /** Returns the row with database id `id`. @throws Error when absent */
  getLedgerById(id: number): LedgerRow {
    const r = this.db.prepare('SELECT * FROM ledgers WHERE id=?').get(id) as Raw | undefined;
    if (!r) throw new Error(`ledger ${id} not found`);
    return rowToLedger(r);
  }

  /**
   * Creates the row if missing (status İşlem Yapılmadı) and fills the given facts; facts that are
   * undefined keep their stored value.
   * @throws EdefterError BAD_INPUT on a malformed key
   */
  ensureLedger(key: LedgerKey, info: LedgerInfo = {}): LedgerRow {
    checkKey(key);
    return this.tx(() => {
      const t = now();
      this.db
        .prepare(`INSERT INTO ledgers (vkn, period, part, branch, book, created_at, updated_at)
                  VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
        .run(key.vkn, key.period, key.part, key.branch ?? '', key.book, t, t);
      const cur = this.getLedger(key)!;
      const next = {
        title: info.title ?? cur.title ?? null,
        control_number: info.controlNumber ?? cur.controlNumber ?? null,
        period_start: info.periodStart ?? cur.periodStart ?? null,
        period_end: info.periodEnd ?? cur.periodEnd ?? null,
        folder: info.folder ?? cur.folder ?? null,
      };
      const changed =
        next.title !== (cur.title ?? null) ||
        next.control_number !== (cur.controlNumber ?? null) ||
        next.period_start !== (cur.periodStart ?? null) ||
        next.period_end !== (cur.periodEnd ?? null) ||
        next.folder !== (cur.folder ?? null);
      if (changed) {
        this.db
          .prepare(`UPDATE ledgers SET title=@title, control_number=@control_number, period_start=@period_start,
                         period_end=@period_end, folder=@folder, updated_at=@t WHERE id=@id`)
          .run({ ...next, t, id: cur.id });
      }
      return this.getLedger(key)!;
    });
  }

  /** Rows matching `filter`, ordered by VKN, period, part, branch, book (Y, K, DR). */
  listLedgers(filter: LedgerFilter = {}): LedgerRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.vkn) {
      where.push('vkn=?');
      args.push(filter.vkn);
    }
    if (filter.period) {
      if (/^\d{4}$/.test(filter.period)) {
        where.push('substr(period,1,4)=?');
        args.push(filter.period);
      } else {
        where.push('period=?');
        args.push(filter.period);
      }
    }
    if (filter.book) {
      where.push('book=?');
      args.push(filter.book);
    }
    const sql = `SELECT * FROM ledgers ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
                 ORDER BY vkn, period, part, branch, CASE book WHEN 'Y' THEN 0 WHEN 'K' THEN 1 WHEN 'E' THEN 2 ELSE 3 END`;
    return (this.db.prepare(sql).all(...args) as Raw[]).map(rowToLedger);
  }

  /** Files recorded for a row. */
  files(key: LedgerKey): FileRow[] {
    const l = this.getLedger(key);
    if (!l) return [];
    return (this.db.prepare('SELECT * FROM files WHERE ledger_id=? ORDER BY id').all(l.id) as Raw[]).map(rowToFile);
  }

  /** The file of `role` for a row, or undefined. */
  file(key: LedgerKey, role: FileRole): FileRow | undefined {
    return this.files(key).find((f) => f.role === role);
  }

  /**
   * Records (or re-records) the file of `role` for a row, hashing it by streaming unless `sha256`
   * and `bytes` are given. Same path and same SHA-256 as stored = no change, no history.
   * @returns the stored row and whether anything changed
   */
  async recordFile(
    key: LedgerKey,
    f: { role: FileRole; path: string; sha256?: string; bytes?: number; signatureValue?: string },
    actor: Actor,
  ): Promise<{ file: FileRow; changed: boolean }> {
    const abs = path.resolve(f.path);
    const facts = f.sha256 && f.bytes !== undefined ? { sha256: f.sha256, bytes: f.bytes } : await hashFile(abs);
    const ledger = this.ensureLedger(key);
    return this.tx(() => {
      const cur = this.db.prepare('SELECT * FROM files WHERE ledger_id=? AND role=?').get(ledger.id, f.role) as Raw | undefined;
      const sig = f.signatureValue ?? (cur && cur.path === abs && cur.sha256 === facts.sha256 ? str(cur.signature_value) : undefined);
      if (cur && cur.path === abs && cur.sha256 === facts.sha256 && (str(cur.signature_value) ?? null) === (sig ?? null)) {
        return { file: rowToFile(cur), changed: false };
      }
      const t = now();
      this.db
        .prepare(`INSERT INTO files (ledger_id, role, path, name, sha256, bytes, signature_value, recorded_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                       ON CONFLICT (ledger_id, role) DO UPDATE SET path=excluded.path, name=excluded.name,
                         sha256=excluded.sha256, bytes=excluded.bytes, signature_value=excluded.signature_value,
                         recorded_at=excluded.recorded_at`)
        .run(ledger.id, f.role, abs, path.basename(abs), facts.sha256, facts.bytes, sig ?? null, t);
      this.addHistory({
        ledgerId: ledger.id,
        action: cur ? 'file.replaced' : 'file.recorded',
        actor,
        message: `${f.role}: ${path.basename(abs)}`,
        details: { role: f.role, path: abs, sha256: facts.sha256, bytes: facts.bytes, ...(cur ? { previousSha256: cur.sha256 } : {}) },
      });
      const row = this.db.prepare('SELECT * FROM files WHERE ledger_id=? AND role=?').get(ledger.id, f.role) as Raw;
      return { file: rowToFile(row), changed: true };
    });
  }

  /**
   * Moves a row to `status`. Setting the current status again is a no-op. An error state needs
   * `opts.error`; any other status clears the stored error. Going back from GİB'e Gönderildi or
   * later to an earlier non-error status is refused unless `opts.allowBackward` (GİB holds the
   * period: spec §1.9, "a period already approved can't be re-created").
   * @throws EdefterError BAD_INPUT on a refused backward move
   */
  setStatus(
    key: LedgerKey,
    status: LedgerStatus,
    actor: Actor,
    opts: { error?: StoredError; message?: string; details?: Record<string, unknown>; allowBackward?: boolean } = {},
  ): { row: LedgerRow; changed: boolean } {
    const ledger = this.ensureLedger(key);
    return this.tx(() => {
      const cur = this.getLedger(key)!;
      const err = isErrorStatus(status) ? (opts.error ?? toStoredError(fail('workflow.unknownError'))) : undefined;
      const same = cur.status === status && (cur.error?.code ?? null) === (err?.code ?? null) && (cur.error?.tr ?? null) === (err?.tr ?? null);
      if (same) return { row: cur, changed: false };
      const curRank = LEDGER_STATUS_RANK[cur.status];
      if (!isErrorStatus(status) && !opts.allowBackward && curRank >= LEDGER_STATUS_RANK.SENT && LEDGER_STATUS_RANK[status] < curRank) {
        throw fail('workflow.statusCannotGoBack', { ledger: `${key.vkn}-${key.period}-${key.book}-${key.part}`, status: cur.status, requested: status });
      }
      this.db
        .prepare(`UPDATE ledgers SET status=?, error_code=?, error_tr=?, error_en=?, updated_at=? WHERE id=?`)
        .run(status, err?.code ?? null, err?.tr ?? null, err?.en ?? null, now(), ledger.id);
      this.addHistory({
        ledgerId: ledger.id,
        action: 'status',
        fromStatus: cur.status,
        toStatus: status,
        actor,
        message: opts.message ?? err?.tr,
        details: { ...(opts.details ?? {}), ...(err ? { error: err } : {}) },
      });
      return { row: this.getLedger(key)!, changed: true };
    });
  }

  /** Moves a row forward to `status` only when it is not already at or past it (never backward). */
  advance(
    key: LedgerKey,
    status: LedgerStatus,
    actor: Actor,
    opts: { message?: string; details?: Record<string, unknown> } = {},
  ): { row: LedgerRow; changed: boolean } {
    const cur = this.ensureLedger(key);
    if (!isErrorStatus(cur.status) && LEDGER_STATUS_RANK[cur.status] >= LEDGER_STATUS_RANK[status]) return { row: cur, changed: false };
    return this.setStatus(key, status, actor, opts);
  }

  /** Puts a row into the error state `status` with the message of `e`. */
  fail(key: LedgerKey, status: LedgerStatus, e: unknown, actor: Actor, details?: Record<string, unknown>): { row: LedgerRow; changed: boolean } {
    return this.setStatus(key, status, actor, { error: toStoredError(e), details });
  }

  /**
   * Stores the backup (Yedekleme) status of a row — for the backup module (issue 7).
   * Same status and message again = no change.
   */
  setBackupStatus(key: LedgerKey, status: BackupStatus, actor: Actor, message?: string, details?: Record<string, unknown>): boolean {
    const ledger = this.ensureLedger(key);
    return this.tx(() => {
      const cur = this.getLedger(key)!;
      if (cur.backupStatus === status && (cur.backupMessage ?? null) === (message ?? null)) return false;
      this.db.prepare('UPDATE ledgers SET backup_status=?, backup_message=?, updated_at=? WHERE id=?').run(status, message ?? null, now(), ledger.id);
      this.addHistory({ ledgerId: ledger.id, action: 'backup.status', fromStatus: cur.backupStatus, toStatus: status, actor, message, details });
      return true;
    });
  }

  /** Appends a history line. */
  addHistory(h: {
    ledgerId?: number;
    packageId?: number;
    action: string;
    fromStatus?: string;
    toStatus?: string;
    actor: Actor;
    message?: string;
    details?: Record<string, unknown>;
  }): void {
    this.db
      .prepare(`INSERT INTO history (at, ledger_id, package_id, action, from_status, to_status, certificate, origin, message, details)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(
        now(),
        h.ledgerId ?? null,
        h.packageId ?? null,
        h.action,
        h.fromStatus ?? null,
        h.toStatus ?? null,
        actorCertificate(h.actor),
        h.actor.origin,
        h.message ?? null,
        h.details && Object.keys(h.details).length ? JSON.stringify(h.details) : null,
      );
  }

  /** History of a row, oldest first. */
  history(key: LedgerKey): HistoryRow[] {
    const l = this.getLedger(key);
    if (!l) return [];
    return (this.db.prepare('SELECT * FROM history WHERE ledger_id=? ORDER BY id').all(l.id) as Raw[]).map(rowToHistory);
  }
}

/** Turns anything thrown into a stored error (EdefterError keeps its code and both messages). */
export function toStoredError(e: unknown): StoredError {
  if (e && typeof e === 'object' && 'code' in e && 'tr' in e && 'en' in e) {
    const x = e as { code: unknown; tr: unknown; en: unknown };
    return { code: String(x.code), tr: String(x.tr), en: String(x.en) };
  }
  const m = e instanceof Error ? e.message : String(e);
  return { code: ErrorCode.Internal, tr: m, en: m };
}
