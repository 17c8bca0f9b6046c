/**
 * Versioned schema migrations of the workflow database. Each migration runs once, in its own
 * transaction, in version order; applied versions are recorded in `schema_migrations` and in
 * `PRAGMA user_version`.
 *
 * To change the schema, APPEND a migration with the next version (never edit an applied one).
 * Every table lives here, the backup module's too (workflow/backup-tables.ts): workflow imports no feature module.
 */
import type Database from 'better-sqlite3';
import { BACKUP_MIGRATION_NAME, backupMigrationUp } from './backup-tables.ts';

/** One schema step. */
export interface Migration {
  /** 1, 2, 3, … without gaps. */
  version: number;
  /** Short description, stored with the version. */
  name: string;
  /** Applies the step (inside a transaction opened by the runner). */
  up(db: Database.Database): void;
}

/** All migrations, in order. */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'ledgers, files, packages, history',
    up(db) {
      db.exec(`
        CREATE TABLE ledgers (
          id             INTEGER PRIMARY KEY,
          vkn            TEXT NOT NULL,
          period         TEXT NOT NULL,               -- YYYYMM
          part           TEXT NOT NULL,               -- PPPPPP (000000 = whole month)
          branch         TEXT NOT NULL DEFAULT '',    -- ŞŞŞŞ or ''
          book           TEXT NOT NULL CHECK (book IN ('Y','K','DR')),
          title          TEXT,                        -- company title (unvan)
          control_number TEXT,                        -- kontrol numarası: documentInfo/uniqueID (YEV…/KEB…)
          period_start   TEXT,                        -- YYYY-MM-DD
          period_end     TEXT,
          folder         TEXT,                        -- <root>/<VKN>/<fiscal period>/<MM>
          status         TEXT NOT NULL DEFAULT 'NOT_STARTED',
          error_code     TEXT,
          error_tr       TEXT,
          error_en       TEXT,
          backup_status  TEXT NOT NULL DEFAULT 'NOT_SENT',   -- owned by backup/ (issue 7)
          backup_message TEXT,
          created_at     TEXT NOT NULL,
          updated_at     TEXT NOT NULL,
          UNIQUE (vkn, period, part, branch, book)
        );
        CREATE INDEX ledgers_period ON ledgers (vkn, period);

        CREATE TABLE files (
          id              INTEGER PRIMARY KEY,
          ledger_id       INTEGER NOT NULL REFERENCES ledgers (id) ON DELETE CASCADE,
          role            TEXT NOT NULL CHECK (role IN ('defter','berat','approved','package','report')),
          path            TEXT NOT NULL,
          name            TEXT NOT NULL,
          sha256          TEXT NOT NULL,              -- hex
          bytes           INTEGER NOT NULL,
          signature_value TEXT,                       -- base64 of the top-level ds:SignatureValue
          recorded_at     TEXT NOT NULL,
          UNIQUE (ledger_id, role)
        );

        CREATE TABLE packages (
          id              INTEGER PRIMARY KEY,
          name            TEXT NOT NULL UNIQUE,       -- paket ID, e.g. 6090408038-202501-YB-000000
          vkn             TEXT NOT NULL,
          period          TEXT NOT NULL,
          part            TEXT NOT NULL,
          branch          TEXT NOT NULL DEFAULT '',
          kind            TEXT NOT NULL CHECK (kind IN ('YB','KB','DR')),
          ledger_id       INTEGER REFERENCES ledgers (id) ON DELETE SET NULL,
          zip_path        TEXT,
          sha256          TEXT,
          bytes           INTEGER,
          entries         TEXT,                       -- JSON array of entry names
          state           TEXT NOT NULL,
          endpoint        TEXT,
          attempts        INTEGER NOT NULL DEFAULT 0, -- sendDocumentFile calls made
          gib_code        TEXT,                       -- last getBatchStatus durumKodu
          gib_message     TEXT,                       -- last GİB answer text
          error_code      TEXT,
          error_tr        TEXT,
          error_en        TEXT,
          sent_at         TEXT,
          approved_at     TEXT,
          downloaded_at   TEXT,
          approved_path   TEXT,
          approved_sha256 TEXT,
          created_at      TEXT NOT NULL,
          updated_at      TEXT NOT NULL
        );
        CREATE INDEX packages_period ON packages (vkn, period);

        CREATE TABLE history (
          id          INTEGER PRIMARY KEY,
          at          TEXT NOT NULL,                  -- ISO 8601 UTC
          ledger_id   INTEGER REFERENCES ledgers (id) ON DELETE CASCADE,
          package_id  INTEGER REFERENCES packages (id) ON DELETE CASCADE,
          action      TEXT NOT NULL,                  -- e.g. file.recorded, status, gib.send, gib.download
          from_status TEXT,
          to_status   TEXT,
          certificate TEXT,                           -- signer: subject / serial / SHA-256 of the DER
          origin      TEXT NOT NULL,                  -- 'cli', 'bridge', or the web origin that asked
          message     TEXT,
          details     TEXT                            -- JSON, never secrets
        );
        CREATE INDEX history_ledger ON history (ledger_id, id);
        CREATE INDEX history_package ON history (package_id, id);
      `);
    },
  },
  { version: 2, name: BACKUP_MIGRATION_NAME, up: backupMigrationUp }, // the backup module's tables (issue 7)
  { version: 3, name: 'envanter: book E, package kind EB', up: envanterMigrationUp },
];

/**
 * Version 3: the Envanter Defteri joins the workflow (book `E`, package kind `EB`). SQLite cannot
 * alter a CHECK constraint and rebuilding `ledgers` would cascade-delete its files and history
 * (foreign keys are on), so the two CHECK texts are widened in the stored schema, the documented
 * way for a constraint change that every stored row already meets (sqlite.org/lang_altertable.html
 * §7: writable_schema, then schema_version + 1); better-sqlite3's defensive mode is lifted for
 * those statements only.
 */
function envanterMigrationUp(db: Database.Database): void {
  const v = db.pragma('schema_version', { simple: true }) as number;
  db.unsafeMode(true);
  try {
    db.pragma('writable_schema = ON');
    const widen = db.prepare(`UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = ?`);
    widen.run("CHECK (book IN ('Y','K','DR'))", "CHECK (book IN ('Y','K','DR','E'))", 'ledgers');
    widen.run("CHECK (kind IN ('YB','KB','DR'))", "CHECK (kind IN ('YB','KB','DR','EB'))", 'packages');
    db.pragma(`schema_version = ${v + 1}`);
    db.pragma('writable_schema = OFF');
  } finally {
    db.unsafeMode(false);
  }
}
