/**
 * Durable workflow state of the e-Defter months (issue 6 §1): SQLite (better-sqlite3, WAL,
 * versioned migrations) in the user's data folder; statuses per company / period / part / book,
 * files by path + SHA-256, GİB packages, and a history of every step.
 */
export * from './paths.ts';
export * from './actor.ts';
export * from './db.ts';
export { MIGRATIONS } from './migrations.ts';
export * from './store.ts';
export * from './package-store.ts';
export * from './hash.ts';
export * from './signed.ts';
export * from './sync.ts';
export * from './table.ts';
export * from './previous-period.ts';
