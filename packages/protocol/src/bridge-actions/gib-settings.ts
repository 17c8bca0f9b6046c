/**
 * Bridge `gib-settings`: the extension's options page reads or changes the GİB web-service endpoint
 * (config.json › gib: `test`, `production`, or `custom` with a URL, e.g. the simulator). Never on
 * behalf of a web page (origin: none); the extension sends a change only after the user approved it
 * in its own consent window. Every change is an audit `settings` record.
 */
import * as z from '../zod.ts';
import { lazySchema } from '../lazy-schema.ts';
import { TIMEOUTS } from '../config.ts';
import { defineAction } from '../actions/define.ts';
import { SettingsWarning } from './settings-common.ts';

/** GİB environments: GİB's test service, production, or a custom URL. */
export const GibEnvironment = lazySchema(() => z.enum(['test', 'production', 'custom']));
export type GibEnvironment = z.infer<typeof GibEnvironment>;

/** The GİB settings as the options page sees them. */
export const GibSettingsView = lazySchema(() =>
  z
    .object({
      environment: GibEnvironment,
      /** the endpoint the bridge will call (effective, after defaults and overrides) */
      endpoint: z.string(),
      /** stored custom URL (kept while another environment is chosen) */
      customEndpoint: z.string().optional(),
      /** EDEFTER_GIB_ENDPOINT / EDEFTER_GIB_ENV in the bridge's environment win over the stored setting */
      overriddenByEnvironment: z.boolean(),
    })
    .strict(),
);
export type GibSettingsView = z.infer<typeof GibSettingsView>;

export const gibSettings = defineAction({
  name: 'gib-settings',
  params: () =>
    z
      .object({
        /** absent = read only */
        set: z
          .object({
            environment: GibEnvironment.optional(),
            /** `https://…` (or `http://127.0.0.1…` for the simulator); required with `custom` when none is stored */
            endpoint: z.string().max(2048).optional(),
          })
          .strict()
          .optional(),
      })
      .strict(),
  result: () => z.object({ settings: GibSettingsView, warning: SettingsWarning.optional() }),
  timeoutMs: TIMEOUTS.shortRequestMs,
  since: '1.0.0',
});
