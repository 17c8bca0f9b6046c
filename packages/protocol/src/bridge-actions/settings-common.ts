/**
 * Shapes shared by the settings bridge actions the extension's options page uses (`gib-settings`,
 * `tsa-settings`, and the CA of `backup-settings`): a pasted trust anchor (PEM text) and how the
 * bridge describes the anchors it keeps (never the file contents).
 */
import * as z from '../zod.ts';
import { lazySchema } from '../lazy-schema.ts';

/** Largest PEM text accepted for a trust anchor (a chain of a few certificates): 64 KiB. */
export const MAX_TRUST_PEM_CHARS = 64 * 1024;

/**
 * PEM text with one or more `CERTIFICATE` blocks, pasted or read from a picked file in the options
 * page; `''` removes the stored anchor.
 */
export const TrustPem = lazySchema(() => z.string().max(MAX_TRUST_PEM_CHARS));

/** One trusted certificate as the options page and the consent window show it. */
export const TrustAnchorView = lazySchema(() =>
  z
    .object({
      /** subject CN (else the whole subject) */
      subject: z.string(),
      /** issuer CN (else the whole issuer) */
      issuer: z.string(),
      /** ISO 8601 */
      notAfter: z.string(),
      /** SHA-256 of the DER, hex */
      sha256: z.string(),
    })
    .strict(),
);
export type TrustAnchorView = z.infer<typeof TrustAnchorView>;

/** A notice to show (e.g. the password went to a 0600 file because no OS keychain works). */
export const SettingsWarning = lazySchema(() => z.object({ tr: z.string(), en: z.string() }));
