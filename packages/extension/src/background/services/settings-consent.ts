/**
 * Settings change only with consent (issue 10 item 9): the options page asks for a Yedekleme
 * settings change; the service worker reads the current settings from the bridge, opens a consent
 * window listing every changed field old → new (a password only as "new password typed"), and
 * sends the change to the bridge (`backup-settings`, which the bridge accepts only without a web
 * origin) only after the user approved it. Only the fields that really change are sent, so a user
 * name that merely stays the same is not mistaken for new credentials.
 */
import { ErrorCode, TIMEOUTS, backupSettings, protocolError, type ResultOf } from '@edefter/protocol';
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
}

type Result = ResultOf<typeof backupSettings>;

async function call(bridge: BridgeConnection, vkn: string, set?: BackupSettingsPatch): Promise<Result> {
  await bridge.ready();
  return backupSettings.result.parse(await bridge.request('backup-settings', { vkn, ...(set ? { set } : {}) }, { timeoutMs: TIMEOUTS.shortRequestMs }));
}

/** Reads a company's settings (no consent needed: nothing changes, the password is never returned). */
export function readBackupSettings(bridge: BridgeConnection, vkn: string): Promise<Result> {
  return call(bridge, vkn);
}

const norm = (s: string | undefined): string => (s ?? '').trim();

/**
 * Changes a company's settings after the user's consent.
 * @returns the bridge's answer; the current settings when nothing changes (no window)
 * @throws EdefterError USER_CANCELLED / TIMEOUT (window refused, closed, timed out),
 *   BACKUP_AUTH_FAILED (new integrator address while enabled, without new credentials), the bridge's errors
 */
export async function changeBackupSettings(bridge: BridgeConnection, vkn: string, wanted: BackupSettingsPatch): Promise<Result> {
  const { settings: cur } = await call(bridge, vkn);
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
  if (!changes.length) return { settings: cur };

  const dropsCredentials = patch.url !== undefined && (cur.hasPassword || Boolean(cur.username)) && !patch.password;
  if (dropsCredentials && (patch.enabled ?? cur.enabled)) {
    throw protocolError(ErrorCode.BackupAuthFailed, { vkn, reason: 'url-changed' }, {
      tr: 'Entegratör adresi değişti: kayıtlı kullanıcı adı ve şifre yeni adrese taşınmaz; ikisini de yeniden girin.',
      en: 'The integrator address changed: the stored user name and password do not carry over to the new address; enter both again.',
    });
  }
  await askConsent({
    origin: new URL(browser.runtime.getURL('')).origin,
    index: 0, documents: [], tokens: [], sessionOpen: false, timestamp: false, showTimestamp: false, tsaConfigured: false,
    settings: { area: 'backup', vkn, changes, ...(dropsCredentials ? { dropsCredentials } : {}) },
  }, async () => undefined);
  const r = await call(bridge, vkn, patch);
  patch.password = undefined;
  return r;
}
