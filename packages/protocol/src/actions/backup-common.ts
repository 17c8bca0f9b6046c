/**
 * Shapes shared by the Yedekleme actions (page and bridge legs, issue 7): the backup state of one
 * month part as the bridge records it. Status codes are the bridge's stable codes
 * (@edefter/domain BackupStatus); `statusTr` is the seed's Turkish label (Yedekleme Durumu column).
 * The integrator protocol itself is docs/integrator-backup-api.md.
 */
import * as z from '../zod.ts';
import { lazySchema } from '../lazy-schema.ts';
import { BACKUP_STATUS_CODES } from '@edefter/domain';
import { Period, Vkn } from './gib-common.ts';

/** Backup status codes (@edefter/domain BackupStatus): Entegratöre Gönderilmedi … Yedeklendi. */
export const BackupStatusCode = lazySchema(() => z.enum(BACKUP_STATUS_CODES));
export type BackupStatusCode = z.infer<typeof BackupStatusCode>;

/** Part number `PPPPPP` (`000000` = the whole month). */
export const PartNo = lazySchema(() => z.string().regex(/^\d{6}$/));

/** How long a backup request may take end to end (checks and upload of a month, with retries). */
export const BACKUP_TIMEOUT_MS = 10 * 60_000;

/** Backup state of one month part. */
export const BackupState = lazySchema(() =>
  z
    .object({
      vkn: Vkn,
      period: Period,
      part: PartNo,
      branch: z
        .string()
        .regex(/^\d{4}$/)
        .optional(),
      status: BackupStatusCode,
      /** seed label: "Entegratöre Gönderilmedi" … "Yedeklendi" */
      statusTr: z.string(),
      /** integrator's last message, e.g. "Ocak ayına ait Yevmiye ve Büyük Defter dosyaları yedeklendi." */
      message: z.string().optional(),
      /** accepted uploads so far */
      sends: z.number().int().nonnegative(),
      /** ISO 8601 time of the latest accepted upload */
      sentAt: z.string().optional(),
      /** manual (Gönder) or auto (after Onaylı Beratı İndir) */
      trigger: z.enum(['manual', 'auto']).optional(),
      /** last local failure (çapraz doğrulama refused, integrator unreachable, wrong credentials) */
      error: z.object({ code: z.string(), tr: z.string(), en: z.string() }).optional(),
      /** Yedekleme › Gönder is offered: both GİB-approved berats are there */
      canSend: z.boolean(),
      /** Yedekleme › Durum Sorgula is offered: status ≠ Entegratöre Gönderilmedi */
      canQuery: z.boolean(),
    })
    .strict(),
);
export type BackupState = z.infer<typeof BackupState>;

/** Per-company backup settings as pages of the extension see them (never the password). */
export const BackupSettingsView = lazySchema(() =>
  z
    .object({
      vkn: Vkn,
      /** "Dosyaları Entegratöre Yedekleyebilir" */
      enabled: z.boolean(),
      /** "e-Defter Otomatik Yedeklensin" (default Hayır) */
      autoBackup: z.boolean(),
      username: z.string().optional(),
      hasPassword: z.boolean(),
      url: z.string().optional(),
    })
    .strict(),
);
export type BackupSettingsView = z.infer<typeof BackupSettingsView>;
