/**
 * Opens the workflow database (SQLite through better-sqlite3): WAL journal, synchronous=FULL
 * (a committed step survives a crash or power cut), foreign keys on, a busy timeout so the CLI
 * and the bridge can share the file, then runs pending {@link MIGRATIONS}.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { fail } from '@edefter/protocol';
import { MIGRATIONS, type Migration } from './migrations.ts';
import { workflowDbPath } from './paths.ts';

/** Options of {@link openWorkflowDb}. */
export interface OpenDbOptions {
  /** Database file (default `<dataDir>/workflow.sqlite`); `:memory:` for a throwaway database. */
  file?: string;
  /** Migrations to apply (default {@link MIGRATIONS}). */
  migrations?: Migration[];
  /** Busy timeout in ms while another process holds the write lock (default 10 000). */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed, folder mode 0700, file 0600) and migrates the workflow database.
 * @throws EdefterError INTERNAL when the file was written by a newer bridge (unknown schema version)
 */
export function openWorkflowDb(opts: OpenDbOptions = {}): Database.Database {
  const file = opts.file ?? workflowDbPath();
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file);
  try {
    // private like the books it tracks; SQLite gives the -wal/-shm files the same mode
    if (file !== ':memory:' && process.platform !== 'win32') {
      try {
        fs.chmodSync(file, 0o600);
      } catch {
        /* not ours to change */
      }
    }
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 10_000}`);
    if (file !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, opts.migrations ?? MIGRATIONS);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

/**
 * Applies the migrations above the database's current version, each in an IMMEDIATE transaction
 * (so two processes opening a fresh file do not both migrate).
 * @returns versions applied now
 * @throws EdefterError INTERNAL when the database is newer than this code
 */
function migrate(db: Database.Database, migrations: Migration[] = MIGRATIONS): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`workflow migrations must be numbered 1..n without gaps (got ${m.version} at ${i + 1})`);
  });
  const known = sorted.length;
  const applied: number[] = [];
  for (const m of sorted) {
    const step = db.transaction(() => {
      const have = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version);
      if (have) return false;
      m.up(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
      db.pragma(`user_version = ${m.version}`);
      return true;
    });
    if (step.immediate()) applied.push(m.version);
  }
  const max = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  if (max > known) {
    throw fail('workflow.databaseTooNew', { schemaVersion: max, known });
  }
  return applied;
}
