/**
 * The schema of the bridge's settings file, `<configDir>/config.json` (zod). One section per concern:
 * `gib` (GİB web service client), `tsa` (zaman damgası), `backup` (integrator backup), `signer`
 * (mali mühür trust). Every section and the file itself are loose objects: keys this version does not know
 * (written by a newer bridge) are kept as they are and written back unchanged. A file written by an
 * earlier version (`{"version":1,...}` with these sections) loads unchanged (test/settings/schema.test.ts).
 *
 * Secrets never go in here: passwords live in the credential store (config/secrets.ts) and the file only
 * holds their reference (`credentialRef`).
 */
import * as z from '@edefter/protocol/zod';

const ms = z.number().int().nonnegative();
const paths = z.array(z.string());

/** Where the clock is compared before a GİB send (`gib.clock`). */
const ClockSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('http-date') }),
  z.object({ kind: z.literal('ntp'), host: z.string().min(1), port: z.number().int().positive().optional() }),
  z.object({ kind: z.literal('off') }),
]);

/** The `gib` section: GİB e-Defter web service (GİB-WS v1.7 §4) client settings; defaults in gib/settings.ts. */
const GibSectionSchema = z.looseObject({
  /** `test` (default), `production`, or `custom` (uses `endpoint`). */
  environment: z.enum(['test', 'production', 'custom']).optional(),
  /** Endpoint URL for `custom` (the simulator in the demo). */
  endpoint: z.string().optional(),
  /** Clock source (default: HTTP Date of the endpoint). */
  clock: ClockSourceSchema.optional(),
  /** Largest allowed clock skew, s (default 30). */
  maxClockSkewSec: z.number().nonnegative().optional(),
  /** WS-Security Timestamp lifetime, s (default 60). */
  timestampTtlSec: z.number().positive().optional(),
  /** Per-call timeout, ms (default 120 000). */
  timeoutMs: ms.optional(),
  /** Attempts per call for transient faults (default 4). */
  retries: z.number().int().nonnegative().optional(),
  /** First backoff ceiling, ms (default 2 000). */
  retryBaseMs: ms.optional(),
  /** getBatchStatus poll interval, ms (default 15 000). */
  pollIntervalMs: ms.optional(),
  /** Longest wait for approval in `--wait` mode, ms (default 30 min). */
  maxWaitMs: ms.optional(),
  /** PEM/DER files trusted as issuers of GİB's seal on approved berats. */
  trustList: paths.optional(),
  /** GİB's e-Defter package folder (xsd/, sch/) for validating approved berats. */
  gibPackage: z.string().optional(),
  /** PEM/DER files of CAs trusted for mali mühür certificates (kept here for files of earlier versions; see `signer.trustList`). */
  signerTrustList: paths.optional(),
  /** Send Envanter berat packages (E + EB) to GİB (default false; see gib/settings.ts). */
  sendEnvanter: z.boolean().optional(),
});

/** The `tsa` section: the zaman damgası (RFC 3161 / Kamu SM) client. */
const TsaSectionSchema = z.looseObject({
  /** TSA URL, e.g. `http://zd.kamusm.gov.tr` or a plain RFC 3161 service. */
  url: z.string().min(1),
  /** `kamusm` adds the Kamu SM `identity` header (spec §5.2); `rfc3161` is a plain TSA. */
  mode: z.enum(['rfc3161', 'kamusm']),
  /** Kamu SM customer number (müşteri no); not a secret. */
  customerId: z.string().optional(),
  /** Reference of the password in the credential store (config/secrets.ts). */
  credentialRef: z.string().optional(),
  /** PEM/DER files (absolute or relative to the config folder) with trusted TSA roots/intermediates. */
  trustList: paths.optional(),
  /** Request timeout, ms (default 15 000). */
  timeoutMs: ms.optional(),
  /** Allowed |genTime − local clock|, ms, before a warning (default 120 000). */
  maxSkewMs: ms.optional(),
});

/** One company's backup switches (`backup.companies[VKN]`), as in the seed's "Yedekleme Ayarları". */
const CompanyBackupSchema = z.looseObject({
  /** "Dosyaları Entegratöre Yedekleyebilir". */
  enabled: z.boolean(),
  /** "e-Defter Otomatik Yedeklensin" (default false = Hayır). */
  autoBackup: z.boolean(),
  /** Integrator user name. */
  username: z.string().optional(),
  /** Reference of the password in the credential store. */
  credentialRef: z.string().optional(),
  /** Integrator base URL for this company (overrides the section's `url`). */
  url: z.string().optional(),
});

/** The `backup` section: the integrator backup service (docs/integrator-backup-api.md). */
const BackupSectionSchema = z.looseObject({
  /** Default integrator base URL. */
  url: z.string().optional(),
  /** PEM/DER files (absolute or relative to the config folder) of extra CAs trusted for the integrator's TLS. */
  trustList: paths.optional(),
  /** Request timeout, ms (default 60 000). */
  timeoutMs: ms.optional(),
  /** Retries of transient failures after the first attempt (default 3). */
  retries: z.number().int().nonnegative().optional(),
  /** Status polling interval of the bridge while the integrator is processing, ms (default 30 000). */
  pollIntervalMs: ms.optional(),
  /** Per-company settings by VKN/TCKN. */
  companies: z.record(z.string(), CompanyBackupSchema).optional(),
});

/** The `signer` section: mali mühür certificate trust (edefter doctor, signature checks). */
const SignerSectionSchema = z.looseObject({
  /** PEM/DER files of CAs trusted for mali mühür certificates (wins over `gib.signerTrustList`). */
  trustList: paths.optional(),
});

/** The whole file. `version` is 1 (the only format so far); it is always written as 1, whatever was read. */
export const BridgeConfigSchema = z.looseObject({
  version: z.number().optional(),
  gib: GibSectionSchema.optional(),
  tsa: TsaSectionSchema.optional(),
  backup: BackupSectionSchema.optional(),
  signer: SignerSectionSchema.optional(),
});

/** Clock source of a GİB send. */
export type ClockSourceSetting = z.infer<typeof ClockSourceSchema>;
/** The `gib` section as stored. */
export type GibSettings = z.infer<typeof GibSectionSchema>;
/** The `tsa` section as stored. */
export type TsaSettings = z.infer<typeof TsaSectionSchema>;
/** One company's backup settings as stored. */
export type CompanyBackupSettings = z.infer<typeof CompanyBackupSchema>;
/** The `backup` section as stored. */
export type BackupSettings = z.infer<typeof BackupSectionSchema>;
/** The `signer` section as stored. */
type SignerSettings = z.infer<typeof SignerSectionSchema>;
/** The whole settings file (version always 1 once loaded); unknown sections pass through. */
export interface BridgeConfig {
  version: 1;
  gib?: GibSettings;
  tsa?: TsaSettings;
  backup?: BackupSettings;
  signer?: SignerSettings;
  [section: string]: unknown;
}

/** Short text of a zod error: `path: message` per issue, at most 5. */
export function describeIssues(e: z.ZodError): string {
  return e.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
