/** Every status table: e-Defter row (workflow), GİB upload package, backup; each with TR and EN labels. */
export * from './ledger.ts';
export * from './package.ts';
export * from './backup.ts';
