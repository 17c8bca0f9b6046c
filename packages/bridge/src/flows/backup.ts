/**
 * The backup flow (issue 7, issue 11 item 3): what backup/ needs from the rest of the bridge, wired
 * here so that backup and gib never import each other.
 *
 * - {@link backupContext}: a BackupContext whose çapraz doğrulama trusts the GİB trust list
 *   (gib.trustList / EDEFTER_GIB_TRUST, loaded only when a send needs it) and also verifies GİB's
 *   counter-signature on the approved berats ({@link crossCheckDeps}).
 * - {@link followApprovedBerats}: the automatic Yedekleme. It subscribes to the workflow event
 *   `approved-berat-stored` (gib/download.ts emits it): when the company has "e-Defter Otomatik
 *   Yedeklensin" = Evet and both GİB berats of the month part are there, the six files are sent to
 *   the integrator. Never throws; with auto off it costs one read of config.json.
 */
import type { MonthPartKey } from '@edefter/domain';
import { defaultCrossCheckDeps, type CrossCheckDeps } from '../backup/crosscheck.ts';
import { autoBackupAfterDownload, type AutoBackupResult, type BackupContext } from '../backup/service.ts';
import { BackupStore } from '../backup/store.ts';
import { verifyCounterSignature } from '../gib/countersignature.ts';
import { loadGibSettings, loadTrustList } from '../gib/settings.ts';
import type { Actor } from '../workflow/actor.ts';
import type { EventNote, WorkflowEvents } from '../workflow/events.ts';
import { toStoredError, type WorkflowStore } from '../workflow/store.ts';

/** The verifiers of çapraz doğrulama: xades (backup's own) plus GİB's counter-signature check (gib/countersignature.ts). */
export function crossCheckDeps(): CrossCheckDeps {
  return {
    ...defaultCrossCheckDeps(),
    verifyCounterSignature: (p, o) => verifyCounterSignature(p, { trustedCerts: o?.trustedCerts, expectedSignatureValue: o?.expectedSignatureValue }),
  };
}

/** Trust anchors of the signature checks: the GİB settings' trust list (gib.trustList / EDEFTER_GIB_TRUST). */
export async function signatureTrust(): Promise<Buffer[]> {
  return loadTrustList((await loadGibSettings()).trustList);
}

/**
 * A backup context for the product's callers (bridge actions, CLI, month run): GİB trust list and
 * verifiers as above; `over` replaces any of them (tests, demo, `--trust`).
 */
export function backupContext(store: BackupStore | WorkflowStore, actor: Actor, over: Partial<Omit<BackupContext, 'store' | 'actor'>> = {}): BackupContext {
  const { trustedCerts, crossCheckDeps: deps, ...rest } = over;
  return {
    ...rest,
    store: store instanceof BackupStore ? store : new BackupStore(store),
    actor,
    trustedCerts: trustedCerts ?? signatureTrust,
    crossCheckDeps: deps ?? crossCheckDeps(),
  };
}

/** Optional overrides of the automatic backup (tests, demo). */
export interface AutoBackupHookOptions {
  /** Everything else of the backup context (integrator, packagesDir, verifiers, trust). */
  context?: Partial<Omit<BackupContext, 'store' | 'actor'>>;
}

/**
 * Runs the automatic backup of a month part after its approved berat download.
 * @param folder the month folder holding the six files
 * @param trustedCerts anchors the download trusted (used for çapraz doğrulama when given)
 * @returns what happened (never throws: errors are returned and written to the history)
 */
export async function backupAfterApprovedDownload(
  wf: WorkflowStore,
  ref: MonthPartKey,
  folder: string,
  actor: Actor,
  trustedCerts: Buffer[] | undefined,
  opts: AutoBackupHookOptions = {},
): Promise<AutoBackupResult> {
  try {
    const ctx = backupContext(wf, actor, { ...(trustedCerts ? { trustedCerts } : {}), ...opts.context });
    return await autoBackupAfterDownload(ctx, { vkn: ref.vkn, period: ref.period, part: ref.part, ...(ref.branch ? { branch: ref.branch } : {}) }, folder);
  } catch (error) {
    return { started: true, error };
  }
}

/** The note a download shows for an automatic backup ("Otomatik yedekleme: …"), or none when none started. */
export function autoBackupNote(auto: AutoBackupResult): EventNote | undefined {
  if (!auto.started) return undefined;
  return auto.error ? { tr: `Otomatik yedekleme: ${toStoredError(auto.error).tr}`, error: true } : { tr: `Otomatik yedekleme: ${auto.result?.row.statusText}` };
}

/**
 * Subscribes the automatic Yedekleme to `approved-berat-stored` on `events`.
 * @returns a function that unsubscribes it
 */
export function followApprovedBerats(events: WorkflowEvents, opts: AutoBackupHookOptions = {}): () => void {
  return events.on('approved-berat-stored', async (e) =>
    autoBackupNote(await backupAfterApprovedDownload(e.store, e.ref, e.folder, e.actor, e.trustedCerts, opts)),
  );
}
