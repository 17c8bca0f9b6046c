/**
 * TSA settings as stored (config.json `tsa` section + credential store) ↔ the runtime
 * {@link TsaConfig}. The password is kept only in the credential store (config/secrets.ts).
 */
import { readSecret } from '../config/secrets.ts';
import { loadSection } from '../settings/store.ts';
import type { TsaSettings } from '../settings/schema.ts';
import { loadTrustList } from '../settings/trust.ts';
import type { TsaConfig } from './timestamper.ts';

export { readCertificates } from '../settings/trust.ts';

/** Name of the secret holding the Kamu SM password of `customerId`. */
export function kamusmSecretName(customerId: string): string {
  return `tsa.kamusm.${customerId}`;
}

/**
 * Builds the runtime config from stored settings: resolves trust-list paths (relative ones
 * against the config folder) and reads the password from the credential store.
 * @param settings stored settings; default: the `tsa` section in effect (settings/store.ts)
 * @throws EdefterError BAD_INPUT for an unreadable trust-list file (settings/trust.ts)
 * @returns undefined when no TSA is configured
 */
export async function loadTsaConfig(settings?: TsaSettings): Promise<TsaConfig | undefined> {
  const s = settings ?? (await loadSection('tsa'));
  if (!s) return undefined;
  const trustedCerts = loadTrustList(s.trustList);
  const password = s.mode === 'kamusm' && s.credentialRef ? await readSecret(s.credentialRef) : undefined;
  return { url: s.url, mode: s.mode, customerId: s.customerId, password, trustedCerts, timeoutMs: s.timeoutMs, maxSkewMs: s.maxSkewMs };
}
