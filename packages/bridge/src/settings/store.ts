/**
 * The ONE module that reads and writes the bridge's settings file, `<configDir>/config.json`
 * (schema: settings/schema.ts). Modules read their section with {@link loadSection} (file + this process's
 * `EDEFTER_SETTINGS` overlay, settings/env.ts) and change it with {@link updateConfig} (file only: the
 * overlay is never written).
 *
 * - Location: `$EDEFTER_CONFIG_DIR`, else `%APPDATA%\edefter-bridge` on Windows,
 *   `~/Library/Application Support/edefter-bridge` on macOS, `$XDG_CONFIG_HOME/edefter-bridge`
 *   or `~/.config/edefter-bridge` elsewhere.
 * - Writes are atomic (temp file in the same folder, fsync, rename), the file is mode 0600 in a 0700 folder.
 * - Unknown sections and keys are kept as they are, so an older bridge does not drop a newer one's settings.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fail } from '@edefter/protocol';
import { writeFileAtomic as writeAtomicShared } from '../fs/atomic-write.ts';
import { settingsOverlay, mergeSettings } from './env.ts';
import { BridgeConfigSchema, describeIssues, type BridgeConfig } from './schema.ts';

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

/** Checks a settings object against the schema; `source` names it in the error. */
function check(value: unknown, source: string): BridgeConfig {
  const r = BridgeConfigSchema.safeParse(value);
  if (!r.success) throw fail('config.settingsInvalid', { file: source, problems: describeIssues(r.error) });
  return { ...r.data, version: 1 } as BridgeConfig;
}

/**
 * Reads the settings file as stored (no overlay). A missing file gives `{ version: 1 }`.
 * @throws EdefterError BAD_INPUT: config.settingsNotJson, config.settingsNotObject, config.settingsInvalid (schema)
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
  return check(parsed, file);
}

/**
 * The settings in effect for this process: the file with the `EDEFTER_SETTINGS` overlay (and the legacy
 * variables, settings/env.ts) laid over it.
 * @throws EdefterError BAD_INPUT as {@link loadConfig}, or config.settingsEnvInvalid / config.settingsInvalid for the overlay
 */
export async function loadEffectiveConfig(): Promise<BridgeConfig> {
  const stored = await loadConfig();
  const overlay = settingsOverlay();
  if (!Object.keys(overlay).length) return stored;
  return check(mergeSettings(stored as Record<string, unknown>, overlay), `${configPath()} + EDEFTER_SETTINGS`);
}

/**
 * One section of the settings in effect ({@link loadEffectiveConfig}).
 * @returns the section, or undefined when neither the file nor the overlay has it
 */
export async function loadSection<K extends 'gib' | 'tsa' | 'backup' | 'signer'>(name: K): Promise<BridgeConfig[K] | undefined> {
  return (await loadEffectiveConfig())[name];
}

/**
 * Reads, changes and writes the settings file in one step (atomic write, mode 0600). The new content is
 * checked against the schema before it is written.
 * @param change receives the stored settings (no overlay) and returns the new ones (may mutate and return its argument)
 * @returns the settings as written
 * @throws EdefterError BAD_INPUT (config.settingsInvalid) when the change breaks the schema; nothing is written then
 */
export async function updateConfig(change: (cfg: BridgeConfig) => BridgeConfig | Promise<BridgeConfig>): Promise<BridgeConfig> {
  const next = check({ ...(await change(await loadConfig())), version: 1 }, configPath());
  await writeFileAtomic(configPath(), JSON.stringify(next, null, 2) + '\n', 0o600);
  return next;
}

/**
 * Writes `data` to `file` atomically (temp file, fsync, rename); creates the folder (mode 0700).
 * @param mode file permission bits (POSIX; ignored on Windows)
 */
export async function writeFileAtomic(file: string, data: string | Buffer, mode = 0o600): Promise<void> {
  await writeAtomicShared(file, data, { mode, dirMode: 0o700 });
}
