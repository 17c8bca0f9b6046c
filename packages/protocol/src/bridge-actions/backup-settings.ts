/**
 * Bridge `backup-settings`: the extension's options page reads or changes a company's backup
 * settings — "Dosyaları Entegratöre Yedekleyebilir" (then user name and password are mandatory),
 * "e-Defter Otomatik Yedeklensin" (default Hayır), the integrator URL. The password goes to the
 * bridge's credential store and is never returned. Never on behalf of a web page (origin: none).
 */
import * as z from '../zod.ts';
import { TIMEOUTS } from '../config.ts';
import { defineAction } from '../actions/define.ts';
import { BackupSettingsView } from '../actions/backup-common.ts';
import { Vkn } from '../actions/gib-common.ts';
import { TrustAnchorView, TrustPem } from './settings-common.ts';

export const backupSettings = defineAction({
  name: 'backup-settings',
  params: () =>
    z
      .object({
        vkn: Vkn,
        /** absent = read only */
        set: z
          .object({
            enabled: z.boolean().optional(),
            autoBackup: z.boolean().optional(),
            username: z.string().max(256).optional(),
            password: z.string().max(1024).optional(),
            url: z.string().max(2048).optional(),
            /** CA certificate(s) of the integrator's TLS (PEM text, pasted or picked); '' removes it */
            caPem: TrustPem.optional(),
          })
          .strict()
          .optional(),
      })
      .strict(),
  result: () =>
    z.object({
      settings: BackupSettingsView,
      /** CAs trusted for the integrator's TLS besides the system roots (section-wide) */
      ca: z.array(TrustAnchorView).optional(),
      /** e.g. the password went to a 0600 file because no OS keychain works */
      warning: z.object({ tr: z.string(), en: z.string() }).optional(),
    }),
  timeoutMs: TIMEOUTS.shortRequestMs,
  since: '1.0.0',
});
