/**
 * Backup (Yedekleme) statuses of a month part and the texts the seed shows for them.
 *
 * Flow (spec §6, issue 7): Entegratöre Gönderilmedi → Paket İşleme Alındı →
 * Entegratöre İşlendi | Yedeklenemedi → Yedeklendi. "Yedeklenemedi" means the user must send again;
 * the integrator keeps only the latest send.
 */

/** Stable codes stored in the workflow database. Never rename: rows and pages match on them. */
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

/** The seed's Turkish label for each status (Yedekleme Durumu column). */
export const BACKUP_STATUS_TR: Readonly<Record<BackupStatus, string>> = Object.freeze({
  NOT_SENT: 'Entegratöre Gönderilmedi',
  RECEIVED: 'Paket İşleme Alındı',
  PROCESSED: 'Entegratöre İşlendi',
  FAILED: 'Yedeklenemedi',
  STORED: 'Yedeklendi',
});

/** English label for each status (logs, integrator developers). */
export const BACKUP_STATUS_EN: Readonly<Record<BackupStatus, string>> = Object.freeze({
  NOT_SENT: 'Not sent to the integrator',
  RECEIVED: 'Package received for processing',
  PROCESSED: 'Processed by the integrator',
  FAILED: 'Backup failed',
  STORED: 'Backed up',
});

/** True for statuses where the integrator is still working and a status query may change them. */
export function isPendingBackupStatus(s: BackupStatus): boolean {
  return s === BackupStatus.Received || s === BackupStatus.Processed;
}

/** True when "Durum Sorgula" is offered: any status but Entegratöre Gönderilmedi (issue 7). */
export function canQueryBackupStatus(s: BackupStatus): boolean {
  return s !== BackupStatus.NotSent;
}

/** Parses a status code; throws TypeError on anything unknown. */
export function parseBackupStatus(s: string): BackupStatus {
  const all = Object.values(BackupStatus) as string[];
  if (!all.includes(s)) throw new TypeError(`unknown backup status ${JSON.stringify(s)}`);
  return s as BackupStatus;
}

/** Turkish month names, January first. */
export const TURKISH_MONTHS: readonly string[] = Object.freeze([
  'Ocak', 'Şubat', 'Mart', 'Nisan', 'Mayıs', 'Haziran',
  'Temmuz', 'Ağustos', 'Eylül', 'Ekim', 'Kasım', 'Aralık',
]);

/**
 * Turkish month name of a period.
 * @param period `YYYYMM`
 * @throws TypeError when the period is not YYYYMM with month 01..12
 */
export function turkishMonthName(period: string): string {
  const m = /^\d{4}(0[1-9]|1[0-2])$/.exec(period);
  if (!m) throw new TypeError(`period must be YYYYMM, got ${JSON.stringify(period)}`);
  return TURKISH_MONTHS[Number(m[1]) - 1];
}

/**
 * The message shown when a month is backed up (seed text):
 * "<ay> ayına ait Yevmiye ve Büyük Defter dosyaları yedeklendi." and its English twin.
 * @param period `YYYYMM`
 */
export function backupDoneMessage(period: string): { tr: string; en: string } {
  const tr = `${turkishMonthName(period)} ayına ait Yevmiye ve Büyük Defter dosyaları yedeklendi.`;
  const en = `The Yevmiye and Büyük Defter files of ${period.slice(0, 4)}-${period.slice(4)} were backed up.`;
  return { tr, en };
}
