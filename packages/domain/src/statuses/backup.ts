/**
 * Backup (Yedekleme) status of a month part (spec §6, issue 7): Entegratöre Gönderilmedi → Paket
 * İşleme Alındı → Entegratöre İşlendi | Yedeklenemedi → Yedeklendi. "Yedeklenemedi" means the user
 * must send again; the integrator keeps only the latest send. Codes are stored; never rename.
 */

/** Backup status codes by name. */
export const BackupStatus = {
  /** Nothing sent yet (or backup disabled). */
  NotSent: 'NOT_SENT',
  /** The integrator accepted the upload and queued it. */
  Received: 'RECEIVED',
  /** The integrator checked the package (manifest, çapraz doğrulama) and queued it for storage. */
  Processed: 'PROCESSED',
  /** The integrator could not store the package; the user must send again. */
  Failed: 'FAILED',
  /** Stored by the integrator: final state. */
  Stored: 'STORED',
} as const;

/** Union of the backup status codes. */
export type BackupStatus = (typeof BackupStatus)[keyof typeof BackupStatus];

/** Every backup status code (for zod enums and exhaustive checks). */
export const BACKUP_STATUS_CODES = Object.freeze(Object.values(BackupStatus)) as readonly BackupStatus[] as readonly [BackupStatus, ...BackupStatus[]];

/** Turkish (the seed's "Yedekleme Durumu" column) and English label of each backup status. */
export const BACKUP_STATUS_LABELS: Readonly<Record<BackupStatus, { tr: string; en: string }>> = Object.freeze({
  NOT_SENT: { tr: 'Entegratöre Gönderilmedi', en: 'Not sent to the integrator' },
  RECEIVED: { tr: 'Paket İşleme Alındı', en: 'Package received for processing' },
  PROCESSED: { tr: 'Entegratöre İşlendi', en: 'Processed by the integrator' },
  FAILED: { tr: 'Yedeklenemedi', en: 'Backup failed' },
  STORED: { tr: 'Yedeklendi', en: 'Backed up' },
});

/** True for statuses where the integrator is still working and a status query may change them. */
export function isPendingBackupStatus(s: BackupStatus): boolean {
  return s === BackupStatus.Received || s === BackupStatus.Processed;
}

/** True when "Durum Sorgula" is offered: any status but Entegratöre Gönderilmedi (issue 7). */
export function canQueryBackupStatus(s: BackupStatus): boolean {
  return s !== BackupStatus.NotSent;
}

/** Parses a status code. @throws TypeError on anything unknown */
export function parseBackupStatus(s: string): BackupStatus {
  if (!Object.hasOwn(BACKUP_STATUS_LABELS, s)) throw new TypeError(`unknown backup status ${JSON.stringify(s)}`);
  return s as BackupStatus;
}
