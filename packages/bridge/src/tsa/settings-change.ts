/**
 * The zaman damgası settings as the extension's options page reads and changes them (bridge action
 * `tsa-settings`): Kamu SM (customer number; the password goes to the credential store, never into
 * config.json and never back to the page) or plain RFC 3161 (URL), and the trust anchor pasted as
 * PEM (stored as `<configDir>/trust/tsa-ca.pem`). `none` removes the TSA and its stored password.
 * The same config.json › tsa section `edefter tsa config` writes.
 */
import { fail, type TsaSettingsView } from '@edefter/protocol';
import { loadConfig, updateConfig } from '../settings/store.ts';
import type { TsaSettings } from '../settings/schema.ts';
import { deleteSecret, storeSecret, type Notice } from '../config/secrets.ts';
import { describeTrustFiles, parseTrustPem, storeTrustPem } from '../settings/trust.ts';
import { KAMUSM_PRODUCTION_URL } from './kamusm.ts';
import { kamusmSecretName } from './settings.ts';

/** What the options page may change. */
export interface TsaSettingsPatch {
  mode?: 'kamusm' | 'rfc3161' | 'none';
  url?: string;
  customerId?: string;
  password?: string;
  trustPem?: string;
}

/** The stored TSA settings as the options page sees them (no password). */
export async function tsaSettingsView(s?: TsaSettings): Promise<TsaSettingsView> {
  const t = s ?? (await loadConfig()).tsa;
  if (!t) return { mode: 'none', hasPassword: false, trust: [] };
  return {
    mode: t.mode,
    url: t.url,
    ...(t.customerId ? { customerId: t.customerId } : {}),
    hasPassword: Boolean(t.credentialRef),
    trust: await describeTrustFiles(t.trustList),
  };
}

/**
 * Changes the TSA settings.
 * @returns views before and after, and a notice when the password went to the 0600 file
 * @throws EdefterError BAD_INPUT (URL not http(s), customer number not digits, password without a
 *   customer number, PEM without a certificate), the credential store's errors (keychain-errors.ts)
 */
export async function setTsaSettings(patch: TsaSettingsPatch): Promise<{ before: TsaSettingsView; after: TsaSettingsView; warning?: Notice }> {
  const cfg0 = await loadConfig();
  const before = await tsaSettingsView(cfg0.tsa);
  const prev = cfg0.tsa;
  if (patch.mode === 'none') {
    if (prev?.credentialRef) await deleteSecret(prev.credentialRef).catch(() => undefined);
    await updateConfig((c) => {
      delete c.tsa;
      return c;
    });
    return { before, after: await tsaSettingsView(undefined) };
  }
  const mode = patch.mode ?? prev?.mode ?? (patch.customerId ? 'kamusm' : 'rfc3161');
  const url = (patch.url ?? '').trim() || prev?.url || (mode === 'kamusm' ? KAMUSM_PRODUCTION_URL : '');
  if (!/^https?:\/\/[^\s/]+/i.test(url)) throw fail('tsa.urlRequired');
  const next: TsaSettings = { ...prev, url, mode };
  if (patch.customerId !== undefined) {
    const id = patch.customerId.trim();
    if (id && !/^\d{1,18}$/.test(id)) throw fail('tsa.customerIdNotDigits', { customerId: id });
    if (id) next.customerId = id;
    else delete next.customerId;
  }
  if (mode === 'rfc3161') {
    delete next.customerId;
  }
  if (patch.trustPem) parseTrustPem(patch.trustPem); // refuse before anything is written
  let warning: Notice | undefined;
  const customerChanged = (prev?.customerId ?? '') !== (next.customerId ?? '');
  if (patch.password) {
    if (mode !== 'kamusm' || !next.customerId) throw fail('tsa.passwordNeedsCustomerId');
    if (prev?.credentialRef && customerChanged) await deleteSecret(prev.credentialRef).catch(() => undefined);
    const stored = await storeSecret(kamusmSecretName(next.customerId), patch.password);
    next.credentialRef = stored.ref;
    warning = stored.warning;
  } else if (prev?.credentialRef && (customerChanged || mode !== 'kamusm')) {
    // the stored password belongs to the old customer number: it does not carry over
    await deleteSecret(prev.credentialRef).catch(() => undefined);
    delete next.credentialRef;
  }
  if (patch.trustPem !== undefined) {
    if (patch.trustPem) next.trustList = [(await storeTrustPem('tsa-ca', patch.trustPem)).file];
    else delete next.trustList;
  }
  const written = await updateConfig((c) => ({ ...c, tsa: next }));
  return { before, after: await tsaSettingsView(written.tsa), ...(warning ? { warning } : {}) };
}

/** Audit facts of a TSA settings change (`settings` record, area `tsa`; never the password). */
export function tsaSettingsFacts(
  before: TsaSettingsView,
  after: TsaSettingsView,
  passwordGiven: boolean,
  by: string,
): Record<string, string | string[] | boolean> {
  const facts: Record<string, string | string[] | boolean> = { by, area: 'tsa' };
  const changed: string[] = [];
  for (const k of ['mode', 'url', 'customerId'] as const) {
    if ((before[k] ?? '') !== (after[k] ?? '')) {
      changed.push(k);
      facts[k] = `${before[k] || '-'} → ${after[k] || '-'}`;
    }
  }
  const fp = (v: TsaSettingsView): string => v.trust.map((t) => t.sha256.slice(0, 16)).join(',');
  if (fp(before) !== fp(after)) {
    changed.push('trust');
    facts.trust = `${fp(before) || '-'} → ${fp(after) || '-'}`;
  }
  if (passwordGiven) changed.push('password');
  else if (before.hasPassword && !after.hasPassword) {
    changed.push('password');
    facts.credentialsDropped = true;
  }
  facts.changed = changed;
  return facts;
}
