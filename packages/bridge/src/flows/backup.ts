/**
 * The automatic backup hook (issue 7): gib/download.ts calls {@link backupAfterApprovedDownload}
 * right after an approved berat was verified and stored (status Onaylı Berat İndirildi). When the
 * company has "e-Defter Otomatik Yedeklensin" = Evet and both GİB berats of the month part are
 * there, the six files are sent to the integrator. Never throws; with auto off it costs one read
 * of config.json.
 */
import { type MonthPartKey } from '@edefter/domain';
import type { Actor, WorkflowStore } from '../workflow/index.ts';
import { autoBackupAfterDownload, type AutoBackupResult, type BackupContext } from './service.ts';
import { BackupStore } from './store.ts';

/** Optional overrides (tests, demo). */
export interface AutoBackupHookOptions {
  /** Trust anchors for çapraz doğrulama (default: the GİB trust list). */
  trustedCerts?: Buffer[];
  /** Everything else of the backup context (integrator, packagesDir, verifiers). */
  context?: Partial<Omit<BackupContext, 'store' | 'actor'>>;
}

/**
 * Runs the automatic backup of a month part after its approved berat download.
 * @param folder the month folder holding the six files
 * @returns what happened (never throws: errors are returned and written to the history)
 */
export async function backupAfterApprovedDownload(
  wf: WorkflowStore,
  ref: MonthPartKey,
  folder: string,
  actor: Actor,
  opts: AutoBackupHookOptions = {},
): Promise<AutoBackupResult> {
  try {
    const ctx: BackupContext = { store: new BackupStore(wf), actor, ...(opts.trustedCerts ? { trustedCerts: opts.trustedCerts } : {}), ...opts.context };
    return await autoBackupAfterDownload(ctx, { vkn: ref.vkn, period: ref.period, part: ref.part, ...(ref.branch ? { branch: ref.branch } : {}) }, folder);
  } catch (error) {
    return { started: true, error };
  }
}
