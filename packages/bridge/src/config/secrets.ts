/**
 * Credential store for passwords the bridge must replay (Kamu SM zaman damgası password, later
 * integrator / GİB service passwords). Settings (config.json) only keep a reference string.
 *
 * Backends, chosen by `EDEFTER_CREDENTIAL_STORE` = `auto` (default) | `keychain` | `file`:
 * - `keychain`: the OS credential store through `@napi-rs/keyring` (keyring-rs): Windows
 *   Credential Manager, macOS Keychain, Linux Secret Service (gnome-keyring, KWallet, KeePassXC).
 *   On Linux the Secret Service is required: the kernel keyutils store does not survive a reboot.
 * - `file`: `<configDir>/secrets.json`, mode 0600, folder 0700. Used when no keychain works
 *   (headless Linux without a D-Bus session) — callers must show the returned warning.
 *
 * Values are never logged and never put into error messages or `details`.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { EdefterError, fail } from '@edefter/protocol';
import { configDir, writeFileAtomic } from '../settings/store.ts';
import { explainKeychainError } from './keychain-errors.ts';

/** Where a secret lives. */
type SecretBackend = 'keychain' | 'file';

/** A user-facing note (Turkish first). */
export interface Notice {
  tr: string;
  en: string;
}

/** Result of {@link storeSecret}. */
export interface StoredSecret {
  /** Reference to put into config.json: `keychain:<name>` or `file:<name>`. */
  ref: string;
  backend: SecretBackend;
  /** Set when the secret went to the 0600 file; the caller must show it to the user. */
  warning?: Notice;
}

/** Service name under which keychain entries are kept. */
const KEYCHAIN_SERVICE = 'edefter-bridge';

type KeyringEntry = import('@napi-rs/keyring').AsyncEntry;

/** Path of the file-based store. */
export function secretsFilePath(): string {
  return path.join(configDir(), 'secrets.json');
}

function storeMode(): 'auto' | 'keychain' | 'file' {
  const m = (process.env.EDEFTER_CREDENTIAL_STORE ?? 'auto').toLowerCase();
  if (m === 'keychain' || m === 'file' || m === 'auto') return m;
  throw fail('config.credentialStoreInvalid', { value: m });
}

/**
 * Opens a keychain entry, or returns the reason it cannot be used (library missing, no Secret
 * Service / D-Bus session, access denied).
 */
async function openKeychainEntry(name: string): Promise<{ entry?: KeyringEntry; reason?: string }> {
  try {
    const mod = await import('@napi-rs/keyring');
    const entry = new mod.AsyncEntry(KEYCHAIN_SERVICE, name, { linux: { store: 'secret-service' } });
    return { entry };
  } catch (e) {
    return { reason: (e as Error).message.split('\n')[0] };
  }
}

function fileWarning(file: string, reason?: string): Notice {
  const why = reason ? explainKeychainError(reason) : undefined;
  return {
    tr: `${why ? `${why.tr} ` : 'İşletim sistemi anahtarlığı kullanılamadı. '}Parola yalnızca sizin okuyabileceğiniz (0600) bir dosyada saklanıyor: ${file}`,
    en: `${why ? `${why.en} ` : 'The OS keychain is not available. '}The password is stored in a file only you can read (0600): ${file}`,
  };
}

/**
 * The error for a keychain that cannot be used: the mapped Turkish and English explanation
 * (keychain-errors.ts), the raw keyring message only in `details.cause`.
 */
export function keychainError(reason: string | undefined): EdefterError {
  const why = explainKeychainError(reason ?? '');
  return fail('config.keychainUnusable', { keychain: why.problem, ...(reason ? { cause: reason } : {}) });
}

interface SecretsFile {
  version: 1;
  secrets: Record<string, string>;
}

async function readSecretsFile(): Promise<SecretsFile> {
  const file = secretsFilePath();
  let st;
  try {
    st = await fs.stat(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, secrets: {} };
    throw e;
  }
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
    throw fail('config.secretsFileOpen', { file });
  }
  const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<SecretsFile>;
  return { version: 1, secrets: { ...(parsed.secrets ?? {}) } };
}

/**
 * Stores `value` under `name` (e.g. `tsa.kamusm.12345`).
 * @returns the reference for config.json, the backend used and, for the file backend, a warning
 * @throws EdefterError BAD_INPUT when `EDEFTER_CREDENTIAL_STORE=keychain` but no keychain works
 */
export async function storeSecret(name: string, value: string): Promise<StoredSecret> {
  const mode = storeMode();
  let reason: string | undefined;
  if (mode !== 'file') {
    const { entry, reason: why } = await openKeychainEntry(name);
    if (entry) {
      try {
        await entry.setPassword(value);
        return { ref: `keychain:${name}`, backend: 'keychain' };
      } catch (e) {
        reason = (e as Error).message.split('\n')[0];
      }
    } else reason = why;
    if (mode === 'keychain') throw keychainError(reason);
  }
  const file = secretsFilePath();
  const data = await readSecretsFile();
  data.secrets[name] = Buffer.from(value, 'utf8').toString('base64');
  await writeFileAtomic(file, JSON.stringify(data, null, 2) + '\n', 0o600);
  return { ref: `file:${name}`, backend: 'file', warning: fileWarning(file, reason) };
}

function parseRef(ref: string): { backend: SecretBackend; name: string } {
  const m = /^(keychain|file):(.+)$/.exec(ref);
  if (!m) throw fail('config.credentialRefInvalid', { ref });
  return { backend: m[1] as SecretBackend, name: m[2] };
}

/**
 * Reads a secret by the reference {@link storeSecret} returned.
 * @returns the value, or undefined when nothing is stored under it
 * @throws EdefterError BAD_INPUT for a malformed reference, an unusable keychain, or a 0600 file
 *   that became readable by others
 */
export async function readSecret(ref: string): Promise<string | undefined> {
  const { backend, name } = parseRef(ref);
  if (backend === 'keychain') {
    const { entry, reason } = await openKeychainEntry(name);
    if (!entry) throw keychainError(reason);
    try {
      return (await entry.getPassword()) ?? undefined;
    } catch (e) {
      throw keychainError((e as Error).message.split('\n')[0]);
    }
  }
  const data = await readSecretsFile();
  const v = data.secrets[name];
  return v === undefined ? undefined : Buffer.from(v, 'base64').toString('utf8');
}

/** Removes a secret; a missing one is not an error. */
export async function deleteSecret(ref: string): Promise<void> {
  const { backend, name } = parseRef(ref);
  if (backend === 'keychain') {
    const { entry } = await openKeychainEntry(name);
    if (!entry) return;
    try {
      await entry.deleteCredential();
    } catch (e) {
      const msg = (e as Error).message.split('\n')[0];
      if (explainKeychainError(msg).problem !== 'not-found') throw keychainError(msg);
    }
    return;
  }
  const data = await readSecretsFile();
  if (!(name in data.secrets)) return;
  delete data.secrets[name];
  await writeFileAtomic(secretsFilePath(), JSON.stringify(data, null, 2) + '\n', 0o600);
}
