/**
 * The six files of a month part that go into a backup package, found by their GİB names in the
 * month folder (`<root>/<VKN>/<fiscal period>/<MM>/`, spec §1.8):
 * `VKN-YYYYMM-{Y,K,YB,KB}-PPPPPP[-ŞŞŞŞ].xml` and the approved berats `GIB-VKN-YYYYMM-{YB,KB}-PPPPPP[-ŞŞŞŞ].xml`.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fail } from '@edefter/protocol';

/** Role of a file in the backup package, in package order. */
export type BackupFileRole = 'Y' | 'K' | 'YB' | 'KB' | 'GIB-YB' | 'GIB-KB';

/** Every role, in the order files are zipped and checked. */
export const BACKUP_FILE_ROLES: readonly BackupFileRole[] = Object.freeze(['Y', 'K', 'YB', 'KB', 'GIB-YB', 'GIB-KB']);

/** Identifies one month part of one taxpayer. */
export interface MonthPartRef {
  /** VKN (10 digits) or TCKN (11 digits). */
  vkn: string;
  /** `YYYYMM`. */
  period: string;
  /** 6-digit part number, `000000` when the month is one part (spec §1.8). */
  part: string;
  /** Optional 4-digit şube code (never `0000`). */
  branch?: string;
}

/** One of the six files, located on disk. */
export interface BackupFile {
  role: BackupFileRole;
  /** File name inside the month folder and inside the zip. */
  name: string;
  /** Absolute path. */
  path: string;
}

/**
 * Checks the shape of a month part reference.
 * @throws EdefterError BAD_INPUT naming the bad field
 */
export function checkMonthPartRef(ref: MonthPartRef): void {
  const bad = (field: string, value: unknown): never => {
    throw fail('backup.refFieldInvalid', { field, value: String(JSON.stringify(value)) });
  };
  if (!/^(\d{10}|\d{11})$/.test(ref.vkn)) bad('VKN', ref.vkn);
  if (!/^\d{4}(0[1-9]|1[0-2])$/.test(ref.period)) bad('dönem (YYYYMM) / period', ref.period);
  if (!/^\d{6}$/.test(ref.part)) bad('parça numarası / part', ref.part);
  if (ref.branch !== undefined && (!/^\d{4}$/.test(ref.branch) || ref.branch === '0000')) bad('şube / branch', ref.branch);
}

/**
 * GİB file name of one role of a month part, e.g. `6090408038-202501-YB-000000.xml` or
 * `GIB-6090408038-202501-KB-000000.xml` (spec §1.6, §1.8).
 */
export function backupFileName(ref: MonthPartRef, role: BackupFileRole): string {
  const gib = role.startsWith('GIB-');
  const type = gib ? role.slice(4) : role;
  const base = `${ref.vkn}-${ref.period}-${type}-${ref.part}${ref.branch ? `-${ref.branch}` : ''}.xml`;
  return gib ? `GIB-${base}` : base;
}

/** Name of the backup zip of a month part: `VKN-YYYYMM-YEDEK-PPPPPP[-ŞŞŞŞ].zip`. */
export function backupPackageName(ref: MonthPartRef): string {
  return `${ref.vkn}-${ref.period}-YEDEK-${ref.part}${ref.branch ? `-${ref.branch}` : ''}.zip`;
}

/**
 * Locates the six files of a month part in `monthDir`.
 * @param monthDir the month folder (`<root>/<VKN>/<fiscal period>/<MM>/`)
 * @throws EdefterError BAD_INPUT when `ref` is malformed; EMPTY_FILE when a file is missing or empty
 *   (details.missing lists the names)
 */
export async function findBackupFiles(monthDir: string, ref: MonthPartRef): Promise<BackupFile[]> {
  checkMonthPartRef(ref);
  const files = BACKUP_FILE_ROLES.map((role) => {
    const name = backupFileName(ref, role);
    return { role, name, path: path.resolve(monthDir, name) };
  });
  const missing: string[] = [];
  for (const f of files) {
    const st = await fs.stat(f.path).catch(() => null);
    if (!st || !st.isFile() || st.size === 0) missing.push(f.name);
  }
  if (missing.length) {
    throw fail('backup.filesMissing', { missing, monthDir });
  }
  return files;
}
