/**
 * TSA settings as stored (config.json `tsa` section + credential store) ↔ the runtime
 * {@link TsaConfig}. The password is kept only in the credential store (config/secrets.ts).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fail } from '@edefter/protocol';
import { loadConfig, configDir, type TsaSettings } from '../config/index.ts';
import { readSecret } from '../config/secrets.ts';
import type { TsaConfig } from './timestamper.ts';

/** Name of the secret holding the Kamu SM password of `customerId`. */
export function kamusmSecretName(customerId: string): string {
  return `tsa.kamusm.${customerId}`;
}

/**
 * Reads certificates from a PEM bundle (any number of CERTIFICATE blocks) or a single DER file.
 * @returns DER certificates
 * @throws EdefterError BAD_INPUT when the file cannot be read or holds no certificate
 */
export async function readCertificates(file: string): Promise<Buffer[]> {
  let raw: Buffer;
  try {
    raw = await fs.readFile(file);
  } catch (e) {
    throw fail('tsa.certificateFileUnreadable', { file, cause: (e as Error).message });
  }
  const text = raw.toString('latin1');
  if (text.includes('-----BEGIN')) {
    const out = [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => Buffer.from(m[1].replace(/\s+/g, ''), 'base64'));
    if (out.length) return out;
  } else if (raw[0] === 0x30) return [raw];
  throw fail('tsa.noCertificateInFile', { file });
}

/**
 * Builds the runtime config from stored settings: resolves trust-list paths (relative ones
 * against the config folder) and reads the password from the credential store.
 * @param settings stored settings; default: the `tsa` section of config.json
 * @returns undefined when no TSA is configured
 */
export async function loadTsaConfig(settings?: TsaSettings): Promise<TsaConfig | undefined> {
  const s = settings ?? (await loadConfig()).tsa;
  if (!s) return undefined;
  const trustedCerts: Buffer[] = [];
  for (const f of s.trustList ?? []) trustedCerts.push(...(await readCertificates(path.resolve(configDir(), f))));
  const password = s.mode === 'kamusm' && s.credentialRef ? await readSecret(s.credentialRef) : undefined;
  return { url: s.url, mode: s.mode, customerId: s.customerId, password, trustedCerts, timeoutMs: s.timeoutMs, maxSkewMs: s.maxSkewMs };
}
