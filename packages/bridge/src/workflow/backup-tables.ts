/**
 * Workflow database tables of the backup module (issue 7; migration 2 in workflow/migrations.ts:
 * the schema is the workflow's, so workflow never imports backup — backup/store.ts uses these tables).
 *
 * `backups`: one row per month part (VKN / period / part / şube) with the latest send to the
 * integrator: status (@edefter/domain BackupStatus codes), the integrator's package id, the Idempotency-Key
 * written BEFORE the upload (so a crash mid-upload resends with the same key and the integrator
 * stores it once), the zip (path + SHA-256), counts and the last local error. The status is also
 * mirrored into `ledgers.backup_status` of the Y and K rows, and every change goes to `history`
 * (action `backup.*`).
 */
import type Database from 'better-sqlite3';

/** Name of the migration. */
export const BACKUP_MIGRATION_NAME = 'backup: integrator sends per month part';

/** Creates the backup tables (idempotent SQL). */
export function backupMigrationUp(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS backups (
      id              INTEGER PRIMARY KEY,
      vkn             TEXT NOT NULL,
      period          TEXT NOT NULL,                -- YYYYMM
      part            TEXT NOT NULL,                -- PPPPPP
      branch          TEXT NOT NULL DEFAULT '',     -- ŞŞŞŞ or ''
      status          TEXT NOT NULL DEFAULT 'NOT_SENT',
      message         TEXT,                         -- integrator's last message (Turkish)
      endpoint        TEXT,                         -- integrator base URL of the latest send
      username        TEXT,                         -- integrator user of the latest send (never the password)
      idempotency_key TEXT,                         -- of the latest send, written before uploading
      remote_id       TEXT,                         -- integrator's package id of the latest send
      zip_path        TEXT,
      zip_sha256      TEXT,
      zip_bytes       INTEGER,
      sending         INTEGER NOT NULL DEFAULT 0,   -- 1 while an upload is in flight (crash detection)
      sends           INTEGER NOT NULL DEFAULT 0,   -- accepted uploads
      trigger         TEXT,                         -- 'manual' | 'auto' of the latest send
      sent_at         TEXT,
      queried_at      TEXT,
      stored_at       TEXT,
      error_code      TEXT,                         -- last local failure (cross check, transport)
      error_tr        TEXT,
      error_en        TEXT,
      created_at      TEXT NOT NULL,
      updated_at      TEXT NOT NULL,
      UNIQUE (vkn, period, part, branch)
    );
    CREATE INDEX IF NOT EXISTS backups_pending ON backups (status, sending);
  `);
}

/**
 * Makes sure the tables exist on a database whose migration list does not (yet) include the
 * backup migration. No-op once registered.
 */
export function ensureBackupSchema(db: Database.Database): void {
  const have = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='backups'").get();
  if (!have) backupMigrationUp(db);
}
