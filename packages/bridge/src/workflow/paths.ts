/**
 * Where the bridge keeps its durable state: the user's data folder.
 *
 * - `$EDEFTER_DATA_DIR` when set (tests, portable installs);
 * - Windows: `%LOCALAPPDATA%\edefter-bridge`; macOS: `~/Library/Application Support/edefter-bridge`;
 * - elsewhere `$XDG_DATA_HOME/edefter-bridge`, else `~/.local/share/edefter-bridge`
 *   (XDG Base Directory Specification).
 */
import os from 'node:os';
import path from 'node:path';

/** Absolute path of the bridge's data folder (not created here). */
export function dataDir(): string {
  const env = process.env.EDEFTER_DATA_DIR;
  if (env) return path.resolve(env);
  const home = os.homedir();
  if (process.platform === 'win32') {
    return path.join(process.env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'edefter-bridge');
  }
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'edefter-bridge');
  return path.join(process.env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'edefter-bridge');
}

/** Path of the workflow database file: `<dataDir>/workflow.sqlite`. */
export function workflowDbPath(dir: string = dataDir()): string {
  return path.join(dir, 'workflow.sqlite');
}
