/**
 * Backup settings: config.json section `backup` (integrator URL, trusted CAs, per-company switches)
 * + the credential store (config/secrets.ts) for the integrator passwords — the same way the TSA
 * settings keep the Kamu SM password.
 *
 * Per company (VKN), as in the seed:
 * - "Dosyaları Entegratöre Yedekleyebilir" (`enabled`): when on, user name and password are mandatory;
 * - "e-Defter Otomatik Yedeklensin" (`autoBackup`): default Hayır (false); when on, backup starts right
 *   after the approved berats are downloaded.
 */
import { fail } from '@edefter/protocol';
import { deleteSecret, readSecret, storeSecret, type Notice } from '../config/secrets.ts';
import type { BackupSettings, CompanyBackupSettings } from '../settings/schema.ts';
import { loadSection, updateConfig } from '../settings/store.ts';
import { derToPem, loadTrustList } from '../settings/trust.ts';
import type { IntegratorConfig } from './client.ts';

export type { BackupSettings, CompanyBackupSettings } from '../settings/schema.ts';

/** What a page or the CLI sees of one company's settings (no password). */
export interface CompanyBackupView {
  vkn: string;
  enabled: boolean;
  autoBackup: boolean;
  username?: string;
  /** True when a password is stored. */
  hasPassword: boolean;
  /** Effective integrator URL. */
  url?: string;
}

/** Changes accepted by {@link setCompanyBackupSettings}; undefined fields keep their value. */
export interface CompanyBackupPatch {
  enabled?: boolean;
  autoBackup?: boolean;
  username?: string;
  /** New password (stored in the credential store, never in config.json). */
  password?: string;
  /** Company-specific integrator URL ('' removes it). */
  url?: string;
}

/** Name of the secret holding a company's integrator password. */
export function integratorSecretName(vkn: string): string {
  return `backup.integrator.${vkn}`;
}

/** Reads the `backup` section in effect (settings/store.ts; empty object when absent). */
export async function loadBackupSettings(): Promise<BackupSettings> {
  return (await loadSection('backup')) ?? {};
}

/** A company's settings, defaults filled (enabled false, autoBackup false). */
export async function getCompanyBackupSettings(vkn: string, settings?: BackupSettings): Promise<CompanyBackupView> {
  const s = settings ?? (await loadBackupSettings());
  const c = s.companies?.[vkn];
  return {
    vkn,
    enabled: c?.enabled ?? false,
    autoBackup: c?.autoBackup ?? false,
    ...(c?.username ? { username: c.username } : {}),
    hasPassword: Boolean(c?.credentialRef),
    url: c?.url ?? s.url,
  };
}

/**
 * Changes a company's settings (and the section-wide ones given in `section`).
 * Enabling backup requires a user name and a password (given now or stored before). Changing the
 * company's effective integrator URL drops its stored user name and password unless a new password
 * comes in the same change (they must be entered again; while backup stays enabled the change is
 * refused without them).
 * @returns the new view and, when the password went to the 0600 file, a notice to show
 * @throws EdefterError BAD_INPUT (bad VKN), BACKUP_AUTH_FAILED (enabled without credentials)
 */
export async function setCompanyBackupSettings(
  vkn: string,
  patch: CompanyBackupPatch,
  section: Pick<BackupSettings, 'url' | 'trustList' | 'timeoutMs' | 'retries' | 'pollIntervalMs'> = {},
): Promise<{ settings: CompanyBackupView; warning?: Notice }> {
  if (!/^(\d{10}|\d{11})$/.test(vkn)) {
    throw fail('backup.vknInvalid', { vkn });
  }
  if (patch.url) {
    try {
      new URL(patch.url);
    } catch {
      throw fail('backup.urlInvalid', { url: patch.url });
    }
  }
  const before = await loadBackupSettings();
  const current = before.companies?.[vkn];
  const next: CompanyBackupSettings = {
    enabled: patch.enabled ?? current?.enabled ?? false,
    autoBackup: patch.autoBackup ?? current?.autoBackup ?? false,
    ...(current?.username ? { username: current.username } : {}),
    ...(current?.credentialRef ? { credentialRef: current.credentialRef } : {}),
    ...(current?.url ? { url: current.url } : {}),
  };
  if (patch.username !== undefined) next.username = patch.username.trim() || undefined;
  if (patch.url !== undefined) next.url = patch.url || undefined;
  // A new integrator address never inherits the stored credentials: they were given for the old
  // one. Unless a new password comes in this very change, both user name and password are dropped
  // and must be entered again (issue 10 item 9).
  const oldUrl = current?.url ?? before.url;
  const newUrl = next.url ?? section.url ?? before.url;
  const urlChanged = (oldUrl ?? '') !== (newUrl ?? '');
  const dropCredentials = urlChanged && Boolean(current?.credentialRef || current?.username) && !patch.password;
  if (dropCredentials) {
    const newName = patch.username !== undefined && patch.username.trim() !== (current?.username ?? '') ? next.username : undefined;
    if (newName) next.username = newName;
    else delete next.username;
    delete next.credentialRef;
  }
  if (next.enabled && (!next.username || (!next.credentialRef && !patch.password))) {
    throw dropCredentials ? fail('backup.credentialsDropped', { vkn, reason: 'url-changed' }) : fail('backup.credentialsMandatory', { vkn });
  }
  if (dropCredentials && current?.credentialRef) await deleteSecret(current.credentialRef);
  let warning: Notice | undefined;
  if (patch.password !== undefined) {
    if (!patch.password) {
      if (next.credentialRef) await deleteSecret(next.credentialRef);
      delete next.credentialRef;
    } else {
      const stored = await storeSecret(integratorSecretName(vkn), patch.password);
      next.credentialRef = stored.ref;
      warning = stored.warning;
    }
  }
  await updateConfig((cfg) => {
    const s: BackupSettings = { ...((cfg.backup as BackupSettings | undefined) ?? {}) };
    for (const [k, v] of Object.entries(section)) if (v !== undefined) (s as Record<string, unknown>)[k] = v;
    s.companies = { ...(s.companies ?? {}), [vkn]: next };
    return { ...cfg, backup: s };
  });
  return { settings: await getCompanyBackupSettings(vkn), ...(warning ? { warning } : {}) };
}

/**
 * The integrator connection of a company, with the password read from the credential store.
 * @throws EdefterError BACKUP_ERROR when backup is not enabled or no URL is configured;
 *   BACKUP_AUTH_FAILED when the user name or password is missing
 */
export async function loadIntegratorConfig(vkn: string): Promise<IntegratorConfig & { pollIntervalMs: number }> {
  const s = await loadBackupSettings();
  const c = await getCompanyBackupSettings(vkn, s);
  if (!c.enabled) {
    throw fail('backup.notEnabled', { vkn });
  }
  if (!c.url) {
    throw fail('backup.noUrl', { vkn });
  }
  const ref = s.companies?.[vkn]?.credentialRef;
  const password = ref ? await readSecret(ref) : undefined;
  if (!c.username || !password) {
    throw fail('backup.credentialsMissing', { vkn });
  }
  const ca = loadTrustList(s.trustList).map((der) => Buffer.from(derToPem(der)));
  return {
    baseUrl: c.url,
    username: c.username,
    password,
    ...(ca.length ? { ca } : {}),
    ...(s.timeoutMs ? { timeoutMs: s.timeoutMs } : {}),
    ...(s.retries !== undefined ? { retries: s.retries } : {}),
    pollIntervalMs: s.pollIntervalMs ?? 30_000,
  };
}
