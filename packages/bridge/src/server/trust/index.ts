/**
 * `edefter trust install|status|remove`: make browsers trust the bridge's local CA.
 * Linux: certutil into ~/.pki/nssdb (Chromium/Chrome) and every Firefox profile (restart Firefox
 * afterwards). Windows and macOS: printed steps (the OS store needs the user's own consent).
 */
import { X509Certificate } from 'node:crypto';
import { hasCertutil, installInto, nssDatabases, readInstalled, removeFrom, type NssDb } from './nss.ts';

/** State of one database. */
export interface TrustEntry {
  db: NssDb;
  installed: boolean;
  current: boolean;
}

function fingerprint(pem: string): string | undefined {
  try {
    return new X509Certificate(pem).fingerprint256;
  } catch {
    return undefined;
  }
}

/**
 * Where our CA is trusted.
 * @param caPem the current CA
 */
export function trustStatus(caPem: string, home?: string): TrustEntry[] {
  const want = fingerprint(caPem);
  return nssDatabases(home).map((db) => {
    const have = readInstalled(db);
    return { db, installed: Boolean(have), current: Boolean(have && fingerprint(have) === want) };
  });
}

/** Installs the CA (file path) into every database. @returns per-database outcome */
export function trustInstall(caPemFile: string, home?: string): Array<{ db: NssDb; ok: boolean; error?: string }> {
  return nssDatabases(home).map((db) => {
    try {
      installInto(db, caPemFile);
      return { db, ok: true };
    } catch (e) {
      return { db, ok: false, error: (e as Error).message };
    }
  });
}

/** Removes the CA from every database. */
export function trustRemove(home?: string): Array<{ db: NssDb; removed: number }> {
  return nssDatabases(home).map((db) => ({ db, removed: removeFrom(db) }));
}

/** Steps for systems where we do not touch the OS store ourselves. */
export function manualSteps(platform: NodeJS.Platform, caPath: string): string {
  if (platform === 'win32') {
    return [
      'Windows: CA sertifikasını "Güvenilen Kök Sertifika Yetkilileri" deposuna (yalnızca kendi kullanıcınız) ekleyin:',
      `  certutil -user -addstore Root "${caPath}"`,
      'Windows: add the CA to your user\u2019s "Trusted Root Certification Authorities" store (command above).',
      'Firefox: about:config → security.enterprise_roots.enabled = true (Windows deposunu kullanır / uses the Windows store).',
    ].join('\n');
  }
  if (platform === 'darwin') {
    return [
      'macOS: CA sertifikasını oturum anahtar zincirine ekleyip SSL için güvenin:',
      `  security add-trusted-cert -r trustRoot -p ssl -k ~/Library/Keychains/login.keychain-db "${caPath}"`,
      'macOS: add the CA to your login keychain, trusted for SSL (command above).',
      'Firefox: about:config → security.enterprise_roots.enabled = true.',
    ].join('\n');
  }
  return '';
}

export { hasCertutil };
