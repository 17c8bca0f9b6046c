/**
 * Where the local channel lives, and the checks on its folder.
 *
 * Path: `$EDEFTER_SOCKET` when set, else `<configDir>/run/bridge.sock`. The folder must be a real
 * folder (not a symlink) owned by the bridge's user with no group/world bits (0700): the
 * kernel then refuses every other user before our code runs. The bridge creates the folder
 * 0700 when missing and refuses to start when an existing one is group/world accessible or owned
 * by someone else. Windows (documented, not built): a named pipe whose ACL names the user.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fail } from '@edefter/protocol';
import { configDir } from '../../settings/store.ts';

/** File name of the socket inside its folder. */
const SOCKET_NAME = 'bridge.sock';

/**
 * Path of the local channel's socket.
 * @param dir config folder (default {@link configDir}); ignored when `$EDEFTER_SOCKET` is set
 */
export function localChannelPath(dir?: string): string {
  const env = process.env.EDEFTER_SOCKET;
  if (env) return path.resolve(env);
  return path.join(dir ?? configDir(), 'run', SOCKET_NAME);
}

/**
 * Makes sure the socket's folder exists, is a folder (not a symlink), is owned by this process's
 * user and has mode 0700 (no group/world bits). Creates it 0700 when missing.
 * @throws EdefterError CLIENT_NOT_ALLOWED naming the folder when an existing folder fails a check
 */
export function ensureSocketFolder(socketPath: string): string {
  const dir = path.dirname(socketPath);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.lstatSync(dir);
  if (process.platform === 'win32') return dir;
  const uid = process.getuid?.();
  const problem = !st.isDirectory() ? 'not-a-folder' : uid !== undefined && st.uid !== uid ? 'owner' : (st.mode & 0o077) !== 0 ? 'mode' : undefined;
  if (problem) {
    throw fail('server.localChannelUnsafe', { folder: dir, problem, mode: (st.mode & 0o777).toString(8) });
  }
  return dir;
}
