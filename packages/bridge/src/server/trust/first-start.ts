/**
 * First-start trust (issue 15, the Debian package): a package cannot know every user at install time,
 * so the systemd user unit starts `edefter bridge --trust-on-first-start`, and the first time a user's
 * bridge starts, the local CA goes into that user's NSS databases (~/.pki/nssdb for Chromium/Chrome,
 * every Firefox profile) — the same as `edefter trust install`. It runs once per CA folder: a marker
 * beside the CA records it, so a user who later runs `edefter trust remove` is not overruled.
 * Linux only, and only when certutil (libnss3-tools) is present.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../../fs/atomic-write.ts';
import { trustInstall } from './index.ts';
import { hasCertutil } from './nss.ts';

/** Marker file name, written into the CA's folder after the first-start attempt. */
export const FIRST_START_MARKER = 'trust-first-start.done';

/** What {@link trustOnFirstStart} did: skipped (with why) or the per-database results. */
export type FirstStartTrust =
  | { done: false; why: 'not-linux' | 'already-done' | 'no-certutil' }
  | { done: true; results: Array<{ label: string; ok: boolean; error?: string }> };

/**
 * Adds the CA in `caPemFile` to the user's NSS databases the first time it is called for that CA folder.
 * Never throws for a failed database (results say which failed); the marker is written either way.
 * @param caPemFile the bridge's local CA (PEM), e.g. `<config>/tls/ca.pem`
 * @param home home folder whose NSS databases are used (default: the user's)
 * @throws Error only when the marker cannot be written (folder not writable)
 */
export function trustOnFirstStart(caPemFile: string, home?: string): FirstStartTrust {
  if (process.platform !== 'linux') return { done: false, why: 'not-linux' };
  const marker = path.join(path.dirname(caPemFile), FIRST_START_MARKER);
  if (fs.existsSync(marker)) return { done: false, why: 'already-done' };
  if (!hasCertutil()) return { done: false, why: 'no-certutil' };
  const results = trustInstall(caPemFile, home).map((r) => ({ label: r.db.label, ok: r.ok, ...(r.error ? { error: r.error } : {}) }));
  writeFileAtomicSync(marker, `${new Date().toISOString()}\n`, { mode: 0o600, dirMode: 0o700 });
  return { done: true, results };
}
