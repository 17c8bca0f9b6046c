/**
 * The manifest of a backup package (`manifest.json` inside the zip): which month part, which
 * files (name, role, size in bytes, SHA-256 hex), and the source note required by the seed:
 * "edefter-bridge ile aktarılmıştır". Documented in docs/integrator-backup-api.md.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { fail, type MessageParams } from '@edefter/protocol';
import { type MonthPartKey } from '@edefter/domain';
import { BACKUP_FILE_ROLES, backupFileName, checkMonthPartKey, type BackupFile, type BackupFileRole } from './files.ts';

/** Manifest format identifier; bump the number on incompatible changes. */
export const MANIFEST_FORMAT = 'edefter-yedek/1';
/** The source note the integrator shows (seed text). */
export const SOURCE_NOTE = 'edefter-bridge ile aktarılmıştır';
/** Name of the manifest entry inside the zip. */
export const MANIFEST_ENTRY = 'manifest.json';
/** Name of the plain-text source note entry inside the zip. */
export const SOURCE_NOTE_ENTRY = 'KAYNAK.txt';

/** One file listed in the manifest. */
export interface ManifestFile {
  name: string;
  role: BackupFileRole;
  /** Size in bytes. */
  bytes: number;
  /** SHA-256 of the file, lowercase hex. */
  sha256: string;
}

/** Content of `manifest.json`. */
export interface BackupManifest extends MonthPartKey {
  format: typeof MANIFEST_FORMAT;
  /** Always {@link SOURCE_NOTE}. */
  source: string;
  generator: { name: 'edefter-bridge'; version: string };
  /** ISO 8601 time the package was built. */
  createdAt: string;
  files: ManifestFile[];
}

/**
 * SHA-256 and size of a file, by streaming.
 * @returns `{ bytes, sha256 }` (hex)
 */
export async function hashFile(file: string): Promise<{ bytes: number; sha256: string }> {
  const h = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    h.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: h.digest('hex') };
}

/**
 * Builds the manifest of the six files of a month part.
 * @param version generator version written into the manifest
 */
export async function buildManifest(ref: MonthPartKey, files: BackupFile[], version: string, now = new Date()): Promise<BackupManifest> {
  const listed: ManifestFile[] = [];
  for (const f of files) {
    const { bytes, sha256 } = await hashFile(f.path);
    listed.push({ name: f.name, role: f.role, bytes, sha256 });
  }
  return {
    format: MANIFEST_FORMAT,
    source: SOURCE_NOTE,
    generator: { name: 'edefter-bridge', version },
    createdAt: now.toISOString(),
    vkn: ref.vkn,
    period: ref.period,
    part: ref.part,
    ...(ref.branch ? { branch: ref.branch } : {}),
    files: listed,
  };
}

/**
 * Parses and checks a manifest read from a package (used by the integrator side).
 * Checks: format, source note, month part fields, exactly the six roles with their GİB names,
 * sizes and SHA-256 well formed.
 * @throws EdefterError BAD_INPUT describing the first problem
 */
export function parseManifest(json: string | Buffer): BackupManifest {
  let m: BackupManifest;
  const wrong = (p: MessageParams<'backup.manifestWrong'>): never => {
    throw fail('backup.manifestWrong', p);
  };
  try {
    m = JSON.parse(json.toString()) as BackupManifest;
  } catch {
    return wrong({ problem: 'notJson' });
  }
  if (typeof m !== 'object' || m === null) return wrong({ problem: 'notObject' });
  if (m.format !== MANIFEST_FORMAT) wrong({ problem: 'format', format: String(JSON.stringify(m.format)) });
  if (m.source !== SOURCE_NOTE) wrong({ problem: 'sourceNote' });
  checkMonthPartKey(m);
  if (!Array.isArray(m.files) || m.files.length !== BACKUP_FILE_ROLES.length) wrong({ problem: 'fileCount' });
  for (const role of BACKUP_FILE_ROLES) {
    const f = m.files.find((x) => x.role === role);
    if (!f) return wrong({ problem: 'roleMissing', role });
    const want = backupFileName(m, role);
    if (f.name !== want) wrong({ problem: 'fileName', role, file: f.name, want });
    if (!Number.isSafeInteger(f.bytes) || f.bytes <= 0) wrong({ problem: 'size', file: f.name });
    if (!/^[0-9a-f]{64}$/.test(f.sha256)) wrong({ problem: 'sha256', file: f.name });
  }
  return m;
}

/**
 * Checks that files on disk match the manifest (size and SHA-256).
 * @param pathOf maps a manifest file name to its path on disk
 * @throws EdefterError BAD_INPUT naming the first file that differs
 */
export async function checkFilesAgainstManifest(m: BackupManifest, pathOf: (name: string) => string): Promise<void> {
  for (const f of m.files) {
    const st = await fs.stat(pathOf(f.name)).catch(() => null);
    if (!st) {
      throw fail('backup.packageFileMissing', { file: f.name });
    }
    const { bytes, sha256 } = await hashFile(pathOf(f.name));
    if (bytes !== f.bytes || sha256 !== f.sha256) {
      throw fail('backup.fileDiffersFromManifest', { file: f.name, expected: { bytes: f.bytes, sha256: f.sha256 }, actual: { bytes, sha256 } });
    }
  }
}
