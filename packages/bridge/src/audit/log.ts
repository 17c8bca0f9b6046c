/**
 * The audit log: an append-only, hash-chained record of everything that touches the user's consent
 * (pairings, revocations, allowed sites, settings, consent windows shown and answered, signatures,
 * GİB sends and downloads, backups). No anchor (Web eID, Fortify, Autogram) keeps one; we do.
 *
 * File: `<dataDir>/audit.log` (mode 0600, folder 0700), one JSON record per line:
 *   `{"seq":N,"time":"ISO 8601","type":"sign",...facts,"prev":"<SHA-256 hex of the previous line's bytes>"}`
 * The first record's `prev` is 64 zeros. `<dataDir>/audit.head` (0600) holds the last `seq` and the
 * SHA-256 of the last line, so a removed tail is found too (see verify.ts).
 *
 * Secrets never enter it: facts whose name looks secret (pin, password, secret, mac, credential)
 * are dropped before writing, whatever the caller passes.
 * Appends from several processes (bridge, CLI) are serialized with a lock file (`audit.lock`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { dataDir } from '../workflow/paths.ts';

/** What happened. */
export type AuditType =
  | 'pairing'
  | 'pairing-revoke'
  | 'pairing-refused'
  | 'allowlist'
  | 'settings'
  | 'consent-shown'
  | 'consent-answer'
  | 'sign'
  | 'sign-refused'
  | 'gib-send'
  | 'gib-download'
  | 'backup-send'
  /** "Ayı tamamla": a month run started, stopped at an error, was cancelled or finished (issue 12). */
  | 'month-run'
  /** A defter was built with export columns dropped on purpose (--ignore-columns) or PDFs embedded. */
  | 'export-columns';

/** Facts of one record: flat, printable values. */
export type AuditFacts = Record<string, string | number | boolean | null | undefined | readonly string[]>;

/** One stored record. */
export interface AuditRecord {
  seq: number;
  /** ISO 8601, UTC */
  time: string;
  type: AuditType;
  /** SHA-256 (hex) of the previous line's bytes (without its newline); 64 zeros for the first */
  prev: string;
  [fact: string]: unknown;
}

/** `prev` of the first record. */
export const GENESIS = '0'.repeat(64);

const SECRET_NAME = /(pin|password|passwd|secret|mac|credential|privatekey)$/i;

/** Paths of the audit files in `dir` (default: the data folder). */
export function auditPaths(dir: string = dataDir()): { log: string; head: string; lock: string } {
  return { log: path.join(dir, 'audit.log'), head: path.join(dir, 'audit.head'), lock: path.join(dir, 'audit.lock') };
}

/** SHA-256 hex of one line (without newline). */
export function lineHash(line: string): string {
  return createHash('sha256').update(line, 'utf8').digest('hex');
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function withLock<T>(lock: string, fn: () => T): T {
  const t0 = Date.now();
  for (;;) {
    try {
      fs.closeSync(fs.openSync(lock, 'wx', 0o600));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // a lock older than 10 s belongs to a crashed writer
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > 10_000) fs.rmSync(lock, { force: true });
      } catch {
        /* gone */
      }
      if (Date.now() - t0 > 15_000) throw new Error('audit log lock timeout');
      sleepSync(5);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** Last line of the log (without newline), or undefined when empty. Reads only the tail. */
function lastLine(file: string): string | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) return undefined;
    let chunk = 4096;
    for (;;) {
      const start = Math.max(0, size - chunk);
      const buf = Buffer.alloc(size - start);
      fs.readSync(fd, buf, 0, buf.length, start);
      const text = buf.toString('utf8').replace(/\n+$/, '');
      const nl = text.lastIndexOf('\n');
      if (nl >= 0 || start === 0) return text.slice(nl + 1);
      chunk *= 4;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Drops secret-looking facts and undefined values. */
export function sanitizeFacts(facts: AuditFacts): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(facts)) {
    if (v === undefined || SECRET_NAME.test(k) || k === 'seq' || k === 'time' || k === 'type' || k === 'prev') continue;
    out[k] = v;
  }
  return out;
}

/**
 * Appends one record (synchronously: fsync'ed before it returns).
 * @param type what happened
 * @param facts who and what (origin, file name, SHA-256, VKN, period, certificate, …); never a secret
 * @param dir data folder (default {@link dataDir})
 * @returns the record written
 * @throws the fs error when the log cannot be written (callers decide whether that stops the action)
 */
export function appendAudit(type: AuditType, facts: AuditFacts, dir: string = dataDir()): AuditRecord {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const p = auditPaths(dir);
  return withLock(p.lock, () => {
    const last = lastLine(p.log);
    let seq = 1;
    let prev = GENESIS;
    if (last !== undefined) {
      prev = lineHash(last);
      try {
        seq = Number((JSON.parse(last) as { seq?: unknown }).seq) + 1 || 1;
      } catch {
        seq = 1;
      }
    }
    const rec: AuditRecord = { seq, time: new Date().toISOString(), type, ...sanitizeFacts(facts), prev };
    const line = JSON.stringify(rec);
    const fd = fs.openSync(p.log, 'a', 0o600);
    try {
      fs.writeSync(fd, line + '\n');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    const head = JSON.stringify({ seq, hash: lineHash(line) }) + '\n';
    const tmp = `${p.head}.tmp`;
    fs.writeFileSync(tmp, head, { mode: 0o600 });
    fs.renameSync(tmp, p.head);
    if (process.platform !== 'win32') fs.chmodSync(p.log, 0o600);
    return rec;
  });
}

/**
 * Like {@link appendAudit}, but never throws: for events whose action has already happened
 * (a failure to log is reported through `onError`).
 */
export function tryAppendAudit(type: AuditType, facts: AuditFacts, onError?: (e: unknown) => void, dir?: string): void {
  try {
    appendAudit(type, facts, dir);
  } catch (e) {
    onError?.(e);
  }
}
