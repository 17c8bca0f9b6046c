/**
 * Messages between the extension's own pages (popup, consent window) and its service worker.
 * Internal to the extension; the cross-component legs are in @edefter/protocol. The service
 * worker accepts these only from its own pages (sender URL under the extension's origin).
 */
import { z } from 'zod';
import type { PackageKind, PageKind } from '@edefter/domain';
import { GibPackageInfo, TokenSummary, TokenWithCertificates, type BridgeLinkState, type Progress, type SerializedError } from '@edefter/protocol';
import type { DocumentSummary } from './document-summary.ts';

const ConsentId = z.string().regex(/^[0-9a-f]{32}$/);

/** A message from an extension page to the service worker. */
export const UiMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ui-get-state') }),
  z.object({ kind: z.literal('ui-reconnect') }),
  /** "Eşleştir": pair through the native-messaging host */
  z.object({ kind: z.literal('ui-pair') }),
  /** manual fallback: the code `edefter pair` printed in the user's own session */
  z.object({ kind: z.literal('ui-pair-code'), code: z.string().max(32) }),
  z.object({ kind: z.literal('ui-forget-pairing') }),
  z.object({ kind: z.literal('ui-allowlist-add'), origin: z.string() }),
  z.object({ kind: z.literal('ui-allowlist-remove'), origin: z.string() }),
  z.object({ kind: z.literal('ui-set-port'), port: z.number().int().min(1024).max(65535) }),
  z.object({ kind: z.literal('ui-set-language'), language: z.enum(['tr', 'en']) }),
  z.object({ kind: z.literal('ui-backup-settings-get'), vkn: z.string().regex(/^\d{10,11}$/) }),
  z.object({
    kind: z.literal('ui-backup-settings-set'),
    vkn: z.string().regex(/^\d{10,11}$/),
    enabled: z.boolean().optional(),
    autoBackup: z.boolean().optional(),
    username: z.string().max(256).optional(),
    /** new integrator password (to the bridge's credential store); absent = keep */
    password: z.string().max(1024).optional(),
    url: z.string().max(2048).optional(),
    /** CA of the integrator's TLS (PEM text); '' removes it; absent = keep */
    caPem: z
      .string()
      .max(64 * 1024)
      .optional(),
  }),
  z.object({ kind: z.literal('ui-gib-settings-get') }),
  z.object({
    kind: z.literal('ui-gib-settings-set'),
    environment: z.enum(['test', 'production', 'custom']).optional(),
    endpoint: z.string().max(2048).optional(),
  }),
  z.object({ kind: z.literal('ui-tsa-settings-get') }),
  z.object({
    kind: z.literal('ui-tsa-settings-set'),
    mode: z.enum(['kamusm', 'rfc3161', 'none']).optional(),
    url: z.string().max(2048).optional(),
    customerId: z.string().max(18).optional(),
    /** new Kamu SM password (to the bridge's credential store); absent = keep */
    password: z.string().max(1024).optional(),
    /** trust anchor (PEM text); '' removes it; absent = keep */
    trustPem: z
      .string()
      .max(64 * 1024)
      .optional(),
  }),
  /** popup "İptal" on a running "Ayı tamamla": the bridge stops before its next step */
  z.object({ kind: z.literal('ui-month-run-cancel'), requestId: z.string().regex(/^[0-9a-f]{32}$/) }),
  z.object({ kind: z.literal('consent-get'), consentId: ConsentId }),
  z.object({ kind: z.literal('consent-heartbeat'), consentId: ConsentId }),
  z.object({
    kind: z.literal('consent-decision'),
    consentId: ConsentId,
    action: z.enum(['approve-one', 'approve-all', 'refuse']),
    certificateId: z.string().optional(),
    tokenLabel: z.string().optional(),
    /** PIN as character codes (never a string); absent when the session is open or on a PIN pad */
    pin: z.array(z.number().int().min(0).max(255)).max(64).optional(),
    timestamp: z.boolean(),
    /** the user ticked "son deneme" (required when the token reports CKF_USER_PIN_COUNT_LOW or _FINAL_TRY); sent to the bridge as `lastTry` */
    confirmFinalTry: z.boolean().optional(),
    /** SHA-256 of the documents this window showed and the user approves (the current one, or all listed for approve-all) */
    approvedSha256: z
      .array(z.string().regex(/^[0-9a-f]{64}$/))
      .max(200)
      .optional(),
  }),
]);
export type UiMessage = z.infer<typeof UiMessage>;
export type ConsentDecision = Extract<UiMessage, { kind: 'consent-decision' }>;

/** Reply to `consent-decision`: ok closes the window; an error is shown and the user may retry. */
export interface ConsentOutcome {
  ok: boolean;
  error?: SerializedError;
  /** fresh PIN-counter flags after a wrong PIN */
  token?: z.infer<typeof TokenSummary>;
}

/** Everything the consent window shows. */
export interface ConsentView {
  consentId: string;
  /** requesting web origin as the browser reported it */
  origin: string;
  /** 0-based index of the document this window is about */
  index: number;
  documents: DocumentSummary[];
  tokens: z.infer<typeof TokenWithCertificates>[];
  /** certificate pre-selected (page's certificateId or the one whose VKN matches) */
  certificateId?: string;
  /** the session is open already (PIN entered for this request): no PIN field, certificate fixed */
  sessionOpen: boolean;
  /** initial state of "Zaman damgası ekle" */
  timestamp: boolean;
  /** show the box (berats, or when the page asked for a timestamp) */
  showTimestamp: boolean;
  tsaConfigured: boolean;
  /** the page asked for this request's timestamp explicitly */
  pageAskedTimestamp?: boolean;
  /** set for GİB'e Gönder / Onaylı Beratı İndir: the packages instead of documents */
  gib?: GibConsentInfo;
  /** set for a settings change from the extension's own options page: what changes (consent/SettingsChange.tsx) */
  settings?: SettingsConsentInfo;
  /** set for "Ayı tamamla": the month's plan (consent/MonthRun.tsx); `documents` are its Y, K (and DR) */
  month?: MonthConsentInfo;
}

/**
 * What the "Ayı tamamla" window lists besides the documents: the berats built from the approved
 * defters, the GİB packages (exactly these are sent), the GİB endpoint, the backup target and
 * which steps run (bridge `month-run-plan`).
 */
export interface MonthConsentInfo {
  vkn: string;
  /** YYYYMM */
  period: string;
  berats: Array<{ name: string; kind: Extract<PageKind, 'yevmiye-berati' | 'kebir-berati'>; from: string }>;
  packages: Array<{ paketId: string; kind: Exclude<PackageKind, 'EB'>; files: string[]; state?: string; stateTr?: string }>;
  endpoint: string;
  environment: 'test' | 'production' | 'custom';
  backup: { enabled: boolean; url?: string };
  steps: Array<{ step: string; run: boolean; reason?: 'resumed' | 'off' }>;
}

/** A settings change waiting for the user's consent: old → new per field, never a secret's value. */
export interface SettingsConsentInfo {
  /** which settings: Yedekleme (backup), GİB, TSA */
  area: 'backup' | 'gib' | 'tsa';
  /** company the settings belong to */
  vkn?: string;
  /** one row per changed field; `secret` rows show only that a new value was typed */
  changes: Array<{ field: string; old?: string; new?: string; secret?: boolean }>;
  /** the stored user name and password are dropped (the integrator address changes) */
  dropsCredentials?: boolean;
}

/** What a GİB consent window lists (send: the packages to upload; download: the packages to fetch). */
export interface GibConsentInfo {
  operation: 'send' | 'download';
  vkn: string;
  /** YYYYMM */
  period: string;
  /** GİB web service and its environment, as configured in the bridge */
  endpoint: string;
  environment: 'test' | 'production' | 'custom';
  packages: z.infer<typeof GibPackageInfo>[];
}

/** One request in flight (popup list). */
export interface PendingInfo {
  id: string;
  origin: string;
  action: string;
  documents: number;
  startedAt: number;
  state: 'waiting-user' | 'signing' | 'working';
  /** latest progress report of the bridge (phase, done/total bytes or items, Turkish label) */
  progress?: Progress;
  /** "Ayı tamamla": the month, so the popup can offer "İptal" (ui-month-run-cancel) */
  month?: { vkn: string; period: string };
}

/** What the popup shows. */
export interface PopupState {
  extensionVersion: string;
  bridge: {
    state: BridgeLinkState | 'connecting';
    port: number;
    version?: string;
    protocol?: string;
    tsaConfigured?: boolean;
    testMode?: boolean;
    requiresUpdate?: 'extension' | 'bridge';
    error?: SerializedError;
  };
  paired: boolean;
  /**
   * Pairing through the native host: `missing` (no host for this browser) and `failed` make the
   * popup offer the manual code from `edefter pair`. No code from the bridge is ever shown.
   */
  nativePairing: { state: 'untried' | 'working' | 'missing' | 'failed' | 'paired'; error?: SerializedError };
  tokens: z.infer<typeof TokenWithCertificates>[];
  pending: PendingInfo[];
  allowedOrigins: string[];
  language: 'tr' | 'en';
  /** origin of the active tab, offered for "add this site" */
  activeTabOrigin?: string;
}
