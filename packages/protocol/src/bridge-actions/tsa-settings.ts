/**
 * Bridge `tsa-settings`: the extension's options page reads or changes the zaman damgası (TSA)
 * settings — Kamu SM (customer number + password; the password goes to the bridge's credential
 * store and is never returned) or a plain RFC 3161 URL, and the trust anchor (PEM pasted or picked).
 * Never on behalf of a web page (origin: none); the extension sends a change only after the user
 * approved it in its own consent window. Every change is an audit `settings` record.
 */
import * as z from '../zod.ts';
import { lazySchema } from '../lazy-schema.ts';
import { TIMEOUTS } from '../config.ts';
import { defineAction } from '../actions/define.ts';
import { SettingsWarning, TrustAnchorView, TrustPem } from './settings-common.ts';

/** TSA kinds: Kamu SM (identity header with customer number and password) or plain RFC 3161; `none` = no TSA. */
export const TsaMode = lazySchema(() => z.enum(['kamusm', 'rfc3161', 'none']));
export type TsaMode = z.infer<typeof TsaMode>;

/** The TSA settings as the options page sees them (never the password). */
export const TsaSettingsView = lazySchema(() =>
  z
    .object({
      mode: TsaMode,
      url: z.string().optional(),
      /** Kamu SM müşteri numarası */
      customerId: z.string().optional(),
      hasPassword: z.boolean(),
      /** trusted TSA roots as stored */
      trust: z.array(TrustAnchorView),
    })
    .strict(),
);
export type TsaSettingsView = z.infer<typeof TsaSettingsView>;

export const tsaSettings = defineAction({
  name: 'tsa-settings',
  params: () =>
    z
      .object({
        /** absent = read only */
        set: z
          .object({
            mode: TsaMode.optional(),
            url: z.string().max(2048).optional(),
            customerId: z.string().max(18).optional(),
            /** new Kamu SM password (credential store); absent = keep */
            password: z.string().max(1024).optional(),
            /** new trust anchor (replaces the stored ones); '' removes them */
            trustPem: TrustPem.optional(),
          })
          .strict()
          .optional(),
      })
      .strict(),
  result: () => z.object({ settings: TsaSettingsView, warning: SettingsWarning.optional() }),
  timeoutMs: TIMEOUTS.shortRequestMs,
  since: '1.0.0',
});
