/**
 * NSS certificate databases through `certutil` (libnss3-tools): the user's shared database
 * `$HOME/.pki/nssdb` (Chromium/Chrome on Linux) and each Firefox profile's own database.
 * Always `sql:` format (cert9.db): 64-bit Firefox ignores the old dbm format (nexu#10).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Nickname of our CA in NSS databases. */
const NSS_NICKNAME = 'edefter-bridge yerel CA';

/** One NSS database we manage. */
export interface NssDb {
  /** `chromium` for ~/.pki/nssdb, `firefox` for a profile */
  kind: 'chromium' | 'firefox';
  /** folder holding cert9.db */
  dir: string;
  /** profile or store name for messages */
  label: string;
}

function certutil(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync('certutil', args, { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** True when the certutil tool is installed. */
export function hasCertutil(): boolean {
  try {
    return spawnSync('certutil', ['-H'], { encoding: 'utf8' }).error === undefined;
  } catch {
    return false;
  }
}

/** Firefox profile folders (classic, snap, flatpak) under `home`. */
function firefoxProfiles(home = os.homedir()): string[] {
  const roots = [
    path.join(home, '.mozilla', 'firefox'),
    path.join(home, 'snap', 'firefox', 'common', '.mozilla', 'firefox'),
    path.join(home, '.var', 'app', 'org.mozilla.firefox', '.mozilla', 'firefox'),
  ];
  const out: string[] = [];
  for (const r of roots) {
    let names: string[] = [];
    try {
      names = fs.readdirSync(r);
    } catch {
      continue;
    }
    for (const n of names) {
      const d = path.join(r, n);
      if (fs.existsSync(path.join(d, 'cert9.db')) || fs.existsSync(path.join(d, 'prefs.js'))) out.push(d);
    }
  }
  return out;
}

/** Databases to manage: ~/.pki/nssdb (created if missing, for install) and every Firefox profile. */
export function nssDatabases(home = os.homedir()): NssDb[] {
  const dbs: NssDb[] = [{ kind: 'chromium', dir: path.join(home, '.pki', 'nssdb'), label: '~/.pki/nssdb (Chromium/Chrome)' }];
  const snapChromium = path.join(home, 'snap', 'chromium', 'current', '.pki', 'nssdb');
  if (fs.existsSync(snapChromium)) dbs.push({ kind: 'chromium', dir: snapChromium, label: 'snap Chromium' });
  for (const p of firefoxProfiles(home)) dbs.push({ kind: 'firefox', dir: p, label: `Firefox ${path.basename(p)}` });
  return dbs;
}

/** Creates an empty sql: database with no password if none exists. */
function ensureDb(db: NssDb): void {
  if (fs.existsSync(path.join(db.dir, 'cert9.db'))) return;
  fs.mkdirSync(db.dir, { recursive: true, mode: 0o700 });
  const r = certutil(['-N', '-d', `sql:${db.dir}`, '--empty-password']);
  if (r.status !== 0) throw new Error(`certutil -N failed for ${db.dir}: ${r.stderr.trim()}`);
}

/** PEM of our CA in `db`, if present. */
export function readInstalled(db: NssDb): string | undefined {
  if (!fs.existsSync(path.join(db.dir, 'cert9.db'))) return undefined;
  const r = certutil(['-L', '-d', `sql:${db.dir}`, '-n', NSS_NICKNAME, '-a']);
  return r.status === 0 && r.stdout.includes('BEGIN CERTIFICATE') ? r.stdout : undefined;
}

/** Removes every copy of our CA from `db`. @returns how many were removed */
export function removeFrom(db: NssDb): number {
  let n = 0;
  while (readInstalled(db) && n < 10) {
    const r = certutil(['-D', '-d', `sql:${db.dir}`, '-n', NSS_NICKNAME]);
    if (r.status !== 0) break;
    n++;
  }
  return n;
}

/** Installs `caPemFile` as a trusted TLS root ("C,,") in `db`, replacing an older copy. */
export function installInto(db: NssDb, caPemFile: string): void {
  ensureDb(db);
  removeFrom(db);
  const r = certutil(['-A', '-d', `sql:${db.dir}`, '-n', NSS_NICKNAME, '-t', 'C,,', '-i', caPemFile]);
  if (r.status !== 0) throw new Error(`certutil -A failed for ${db.dir}: ${r.stderr.trim()}`);
}
