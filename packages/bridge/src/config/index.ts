/**
 * The bridge's small settings file: `<configDir>/config.json`, one top-level section per concern
 * (`tsa`, and whatever other folders add: `gib`, `backup`, ...). Secrets never go in here; they go
 * through {@link ./secrets.ts} and the config only holds a reference to them.
 *
 * - Location: `$EDEFTER_CONFIG_DIR`, else `%APPDATA%\edefter-bridge` on Windows,
 *   `~/Library/Application Support/edefter-bridge` on macOS, `$XDG_CONFIG_HOME/edefter-bridge`
 *   or `~/.config/edefter-bridge` elsewhere.
 * - Writes are atomic (temp file in the same folder, fsync, rename) and the file is mode 0600.
 * - Unknown sections are kept as they are, so an older bridge does not drop a newer one's settings.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fail } from '@edefter/protocol';
import { writeFileAtomic as writeAtomicShared } from '../fs/atomic-write.ts';

/** Settings of the zaman damgası (TSA) client; see packages/bridge/src/tsa/settings.ts. */
export interface TsaSettings {
  /** TSA URL, e.g. `http://zd.kamusm.gov.tr` or a plain RFC 3161 service. */
  url: string;
  /** `kamusm` adds the Kamu SM `identity` header (spec §5.2); `rfc3161` is a plain TSA. */
  mode: 'rfc3161' | 'kamusm';
  /** Kamu SM customer number (müşteri no). Not a secret; the password is kept by reference. */
  customerId?: string;
  /** Name of the secret holding the password in the credential store (config/secrets.ts). */
  credentialRef?: string;
  /** Paths of PEM or DER files with trusted root (and optionally intermediate) TSA certificates. */
  trustList?: string[];
  /** Request timeout in ms (default 15 000). */
  timeoutMs?: number;
  /** Allowed |genTime − local clock| in ms before a warning (default 120 000). */
  maxSkewMs?: number;
}

/** The whole settings file. Known sections are typed; others pass through untouched. */
export interface BridgeConfig {
  /** File format version. */
  version: 1;
  tsa?: TsaSettings;
  [section: string]: unknown;
}

/**
 * Folder holding config.json and the file-based secret store.
 * Honours `EDEFTER_CONFIG_DIR` (tests and portable installs set it).
 */
export function configDir(): string {
  const env = process.env.EDEFTER_CONFIG_DIR;
  if (env) return path.resolve(env);
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'edefter-bridge');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'edefter-bridge');
  return path.join(process.env.XDG_CONFIG_HOME || path.join(home, '.config'), 'edefter-bridge');
}

/** Path of the settings file (`<configDir>/config.json`). */
export function configPath(): string {
  return path.join(configDir(), 'config.json');
}

/**
 * Reads the settings file. A missing file gives `{ version: 1 }`.
 * @throws EdefterError BAD_INPUT when the file is not valid JSON or not an object
 */
export async function loadConfig(): Promise<BridgeConfig> {
  const file = configPath();
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1 };
    throw e;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw fail('config.settingsNotJson', { file });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw fail('config.settingsNotObject', { file });
  }
  return { ...(parsed as Record<string, unknown>), version: 1 } as BridgeConfig;
}

/**
 * Reads, changes and writes the settings file in one step (atomic write, mode 0600).
 * @param change receives the current settings and returns the new ones (may mutate and return its argument)
 * @returns the settings as written
 */
export async function updateConfig(change: (cfg: BridgeConfig) => BridgeConfig | Promise<BridgeConfig>): Promise<BridgeConfig> {
  const next = await change(await loadConfig());
  await writeFileAtomic(configPath(), JSON.stringify({ ...next, version: 1 }, null, 2) + '\n', 0o600);
  return next;
}

/**
 * Writes `data` to `file` atomically (temp file, fsync, rename); creates the folder (mode 0700).
 * @param mode file permission bits (POSIX; ignored on Windows)
 */
export async function writeFileAtomic(file: string, data: string | Buffer, mode = 0o600): Promise<void> {
  await writeAtomicShared(file, data, { mode, dirMode: 0o700 });
}
