/**
 * Texts of the backup (Yedekleme) flow that are not status labels: the seed's "backed up" message.
 * The backup status codes and their labels are @edefter/domain's BackupStatus / BACKUP_STATUS_LABELS.
 */
import { PERIOD_RE, TURKISH_MONTHS } from '@edefter/domain';

/**
 * Turkish month name of a period.
 * @param period `YYYYMM`
 * @throws TypeError when the period is not YYYYMM with month 01..12
 */
export function turkishMonthName(period: string): string {
  if (!PERIOD_RE.test(period)) throw new TypeError(`period must be YYYYMM, got ${JSON.stringify(period)}`);
  return TURKISH_MONTHS[Number(period.slice(4)) - 1];
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
