/**
 * The six files of a month part that go into a backup package, found by their GİB names in the
 * month folder (`<root>/<VKN>/<fiscal period>/<MM>/`, spec §1.8):
 * `VKN-YYYYMM-{Y,K,YB,KB}-PPPPPP[-ŞŞŞŞ].xml` and the approved berats `GIB-VKN-YYYYMM-{YB,KB}-PPPPPP[-ŞŞŞŞ].xml`.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { gibFileName, monthPartProblem, type MonthPartKey } from '@edefter/domain';
import { fail } from '@edefter/protocol';

/** Role of a file in the backup package, in package order. */
export type BackupFileRole = 'Y' | 'K' | 'YB' | 'KB' | 'GIB-YB' | 'GIB-KB';

/** Every role, in the order files are zipped and checked. */
export const BACKUP_FILE_ROLES: readonly BackupFileRole[] = Object.freeze(['Y', 'K', 'YB', 'KB', 'GIB-YB', 'GIB-KB']);

/** One of the six files, located on disk. */
export interface BackupFile {
  role: BackupFileRole;
  /** File name inside the month folder and inside the zip. */
  name: string;
  /** Absolute path. */
  path: string;
}

/** How the backup messages name each field of the month-part key. */
const FIELD_LABEL: Readonly<Record<keyof MonthPartKey, string>> = {
  vkn: 'VKN',
  period: 'dönem (YYYYMM) / period',
  part: 'parça numarası / part',
  branch: 'şube / branch',
};

/**
 * Checks the shape of a month part reference (@edefter/domain monthPartProblem).
 * @throws EdefterError BAD_INPUT naming the bad field
 */
export function checkMonthPartKey(ref: MonthPartKey): void {
  const p = monthPartProblem(ref);
  if (!p) return;
  const field = p.field as keyof MonthPartKey;
  throw fail('backup.refFieldInvalid', { field: FIELD_LABEL[field], value: String(JSON.stringify(ref[field])) });
}

/**
 * GİB file name of one role of a month part, e.g. `6090408038-202501-YB-000000.xml` or
 * `GIB-6090408038-202501-KB-000000.xml` (spec §1.6, §1.8).
 */
export function backupFileName(ref: MonthPartKey, role: BackupFileRole): string {
  const approved = role.startsWith('GIB-');
  const type = (approved ? role.slice(4) : role) as 'Y' | 'K' | 'YB' | 'KB';
  return gibFileName({ ...ref, type, approved });
}

/** Name of the backup zip of a month part: `VKN-YYYYMM-YEDEK-PPPPPP[-ŞŞŞŞ].zip`. */
export function backupPackageName(ref: MonthPartKey): string {
  return `${ref.vkn}-${ref.period}-YEDEK-${ref.part}${ref.branch ? `-${ref.branch}` : ''}.zip`;
}

/**
 * Locates the six files of a month part in `monthDir`.
 * @param monthDir the month folder (`<root>/<VKN>/<fiscal period>/<MM>/`)
 * @throws EdefterError BAD_INPUT when `ref` is malformed; EMPTY_FILE when a file is missing or empty
 *   (details.missing lists the names)
 */
export async function findBackupFiles(monthDir: string, ref: MonthPartKey): Promise<BackupFile[]> {
  checkMonthPartKey(ref);
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
