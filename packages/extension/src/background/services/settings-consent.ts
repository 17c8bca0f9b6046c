/**
 * Settings change only with consent (issue 10 item 9): the options page asks for a Yedekleme,
 * GİB or zaman damgası settings change; the service worker reads the current settings from the bridge, opens a consent
 * window listing every changed field old → new (a password only as "new password typed"), and
 * sends the change to the bridge (`backup-settings`, `gib-settings`, `tsa-settings`, which the
 * bridge accepts only without a web origin) only after the user approved it. Only the fields that really change are sent, so a user
 * name that merely stays the same is not mistaken for new credentials.
 */
import { TIMEOUTS, backupSettings, gibSettings, tsaSettings, fail, type ResultOf, type TrustAnchorView } from '@edefter/protocol';
import browser from '../../shared/browser.ts';
import type { SettingsConsentInfo } from '../../shared/ui-messages.ts';
import type { BridgeConnection } from './bridge-connection.ts';
import { askConsent } from './consent.ts';

/** What the options page may change. */
export interface BackupSettingsPatch {
  enabled?: boolean;
  autoBackup?: boolean;
  username?: string;
  password?: string;
  url?: string;
  /** CA of the integrator's TLS, PEM text ('' removes it) */
  caPem?: string;
}

type Result = ResultOf<typeof backupSettings>;

async function call(bridge: BridgeConnection, vkn: string, set?: BackupSettingsPatch): Promise<Result> {
  await bridge.ready();
  return await bridge.call(backupSettings, { vkn, ...(set ? { set } : {}) }, { timeoutMs: TIMEOUTS.shortRequestMs });
}

const norm = (s: string | undefined): string => (s ?? '').trim();

/**
 * Changes a company's settings after the user's consent.
 * @returns the bridge's answer; the current settings when nothing changes (no window)
 * @throws EdefterError USER_CANCELLED / TIMEOUT (window refused, closed, timed out),
 *   BACKUP_AUTH_FAILED (new integrator address while enabled, without new credentials), the bridge's errors
 */
export async function changeBackupSettings(bridge: BridgeConnection, vkn: string, wanted: BackupSettingsPatch): Promise<Result> {
  const { settings: cur, ca: curCa } = await call(bridge, vkn);
  const patch: BackupSettingsPatch = {};
  const changes: SettingsConsentInfo['changes'] = [];
  if (wanted.enabled !== undefined && wanted.enabled !== cur.enabled) {
    patch.enabled = wanted.enabled;
    changes.push({ field: 'enabled', old: String(cur.enabled), new: String(wanted.enabled) });
  }
  if (wanted.autoBackup !== undefined && wanted.autoBackup !== cur.autoBackup) {
    patch.autoBackup = wanted.autoBackup;
    changes.push({ field: 'autoBackup', old: String(cur.autoBackup), new: String(wanted.autoBackup) });
  }
  if (wanted.username !== undefined && norm(wanted.username) !== norm(cur.username)) {
    patch.username = norm(wanted.username);
    changes.push({ field: 'username', old: cur.username ?? '', new: norm(wanted.username) });
  }
  if (wanted.url !== undefined && norm(wanted.url) !== norm(cur.url)) {
    patch.url = norm(wanted.url);
    changes.push({ field: 'url', old: cur.url ?? '', new: norm(wanted.url) });
  }
  if (wanted.password) {
    patch.password = wanted.password;
    changes.push({ field: 'password', secret: true });
  }
  const ca = await pemChange(wanted.caPem, curCa ?? []);
  if (ca) {
    patch.caPem = wanted.caPem;
    changes.push({ field: 'ca', ...ca });
  }
  if (!changes.length) return { settings: cur, ...(curCa ? { ca: curCa } : {}) };

  const dropsCredentials = patch.url !== undefined && (cur.hasPassword || Boolean(cur.username)) && !patch.password;
  if (dropsCredentials && (patch.enabled ?? cur.enabled)) {
    throw fail('extension.backupAddressChanged', { vkn, reason: 'url-changed' });
  }
  await askSettingsConsent({ area: 'backup', vkn, changes, ...(dropsCredentials ? { dropsCredentials } : {}) });
  const r = await call(bridge, vkn, patch);
  patch.password = undefined;
  return r;
}

/** Opens the consent window for a settings change; resolves once approved. */
async function askSettingsConsent(settings: SettingsConsentInfo): Promise<void> {
  await askConsent(
    {
      origin: new URL(browser.runtime.getURL('')).origin,
      index: 0,
      documents: [],
      tokens: [],
      sessionOpen: false,
      timestamp: false,
      showTimestamp: false,
      tsaConfigured: false,
      settings,
    },
    async () => undefined,
  );
}

/** How trust anchors are listed in the consent window: subject CN, expiry and the start of the SHA-256. */
const anchorsText = (a: TrustAnchorView[]): string =>
  a.map((t) => `${t.subject} (${t.notAfter.slice(0, 10).split('-').reverse().join('.')}, SHA-256 ${t.sha256.slice(0, 16)}…)`).join('; ');

/**
 * The consent row of a pasted trust anchor: old → new as subject, expiry and fingerprint; the PEM is
 * read here only to show it (the bridge checks it again).
 * @returns undefined when nothing changes (no PEM given, or the same certificates)
 */
async function pemChange(pem: string | undefined, cur: TrustAnchorView[]): Promise<{ old: string; new: string } | undefined> {
  if (pem === undefined) return undefined;
  if (pem.trim() === '') return cur.length ? { old: anchorsText(cur), new: '' } : undefined;
  const blocks = [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
  if (!blocks.length) {
    throw fail('config.noPemCertificate');
  }
  const hashes: string[] = [];
  for (const m of blocks) {
    const der = Uint8Array.from(atob(m[1].replace(/\s+/g, '')), (c) => c.charCodeAt(0));
    const h = new Uint8Array(await crypto.subtle.digest('SHA-256', der));
    hashes.push([...h].map((b) => b.toString(16).padStart(2, '0')).join(''));
  }
  if (hashes.join(',') === cur.map((t) => t.sha256).join(',')) return undefined;
  return { old: anchorsText(cur), new: hashes.map((h) => `SHA-256 ${h.slice(0, 16)}…`).join('; ') };
}

/** What the options page may change of the GİB settings. */
export interface GibSettingsPatch {
  environment?: 'test' | 'production' | 'custom';
  endpoint?: string;
}

type GibResult = ResultOf<typeof gibSettings>;

async function callGib(bridge: BridgeConnection, set?: GibSettingsPatch): Promise<GibResult> {
  await bridge.ready();
  return await bridge.call(gibSettings, set ? { set } : {}, { timeoutMs: TIMEOUTS.shortRequestMs });
}

/** Reads the GİB settings (no consent needed). */
export function readGibSettings(bridge: BridgeConnection): Promise<GibResult> {
  return callGib(bridge);
}

/**
 * Changes the GİB endpoint after the user's consent.
 * @returns the bridge's answer; the current settings when nothing changes (no window)
 * @throws EdefterError USER_CANCELLED / TIMEOUT (window refused, closed, timed out), the bridge's errors
 */
export async function changeGibSettings(bridge: BridgeConnection, wanted: GibSettingsPatch): Promise<GibResult> {
  const { settings: cur } = await callGib(bridge);
  const patch: GibSettingsPatch = {};
  const changes: SettingsConsentInfo['changes'] = [];
  if (wanted.environment && wanted.environment !== cur.environment) {
    patch.environment = wanted.environment;
    changes.push({ field: 'environment', old: cur.environment, new: wanted.environment });
  }
  if (wanted.endpoint !== undefined && norm(wanted.endpoint) !== norm(cur.customEndpoint)) {
    patch.endpoint = norm(wanted.endpoint);
    changes.push({ field: 'endpoint', old: cur.customEndpoint ?? '', new: norm(wanted.endpoint) });
  }
  if (!changes.length) return { settings: cur };
  await askSettingsConsent({ area: 'gib', changes });
  return callGib(bridge, patch);
}

/** What the options page may change of the zaman damgası settings. */
export interface TsaSettingsPatch {
  mode?: 'kamusm' | 'rfc3161' | 'none';
  url?: string;
  customerId?: string;
  password?: string;
  trustPem?: string;
}

type TsaResult = ResultOf<typeof tsaSettings>;

async function callTsa(bridge: BridgeConnection, set?: TsaSettingsPatch): Promise<TsaResult> {
  await bridge.ready();
  return await bridge.call(tsaSettings, set ? { set } : {}, { timeoutMs: TIMEOUTS.shortRequestMs });
}

/** Reads the zaman damgası settings (no consent needed; the password is never returned). */
export function readTsaSettings(bridge: BridgeConnection): Promise<TsaResult> {
  return callTsa(bridge);
}

/**
 * Changes the zaman damgası settings after the user's consent.
 * @returns the bridge's answer; the current settings when nothing changes (no window)
 * @throws EdefterError USER_CANCELLED / TIMEOUT, BAD_INPUT (PEM without a certificate), the bridge's errors
 */
export async function changeTsaSettings(bridge: BridgeConnection, wanted: TsaSettingsPatch): Promise<TsaResult> {
  const { settings: cur } = await callTsa(bridge);
  const patch: TsaSettingsPatch = {};
  const changes: SettingsConsentInfo['changes'] = [];
  if (wanted.mode && wanted.mode !== cur.mode) {
    patch.mode = wanted.mode;
    changes.push({ field: 'mode', old: cur.mode, new: wanted.mode });
  }
  if (wanted.mode !== 'none') {
    if (wanted.url !== undefined && norm(wanted.url) !== norm(cur.url)) {
      patch.url = norm(wanted.url);
      changes.push({ field: 'tsaUrl', old: cur.url ?? '', new: norm(wanted.url) });
    }
    if (wanted.customerId !== undefined && norm(wanted.customerId) !== norm(cur.customerId)) {
      patch.customerId = norm(wanted.customerId);
      changes.push({ field: 'customerId', old: cur.customerId ?? '', new: norm(wanted.customerId) });
    }
    if (wanted.password) {
      patch.password = wanted.password;
      changes.push({ field: 'tsaPassword', secret: true });
    }
    const trust = await pemChange(wanted.trustPem, cur.trust);
    if (trust) {
      patch.trustPem = wanted.trustPem;
      changes.push({ field: 'trust', ...trust });
    }
  }
  if (!changes.length) return { settings: cur };
  await askSettingsConsent({ area: 'tsa', changes });
  const r = await callTsa(bridge, patch);
  patch.password = undefined;
  return r;
}
