/**
 * Atomic file writes: a temp file in the same folder, fsync, rename. A crash leaves either the old
 * file or the new one, never a torn one; a failed write leaves no temp file behind.
 * (Large streamed outputs — signed defters, ledgers — do the same with their own streams.)
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** Options of {@link writeFileAtomic} and {@link writeFileAtomicSync}. */
export interface AtomicWriteOptions {
  /** Permission bits of the file (POSIX; ignored on Windows). Default 0o600 (private: the user's books and settings). */
  mode?: number;
  /** Create the folder (recursively) with these permission bits if it is missing. Default 0o700. */
  dirMode?: number;
}

function tempPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Writes `data` to `file` atomically (synchronous form, for start-up and small files).
 * @throws the underlying fs error; the temp file is removed first
 */
export function writeFileAtomicSync(file: string, data: string | Buffer, opts: AtomicWriteOptions = {}): void {
  const mode = opts.mode ?? 0o600;
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: opts.dirMode ?? 0o700 });
  const tmp = tempPathFor(file);
  const fd = fs.openSync(tmp, 'wx', mode);
  try {
    try {
      fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  if (process.platform !== 'win32') fs.chmodSync(file, mode);
}

/**
 * Writes `data` to `file` atomically.
 * @throws the underlying fs error; the temp file is removed first
 */
export async function writeFileAtomic(file: string, data: string | Buffer, opts: AtomicWriteOptions = {}): Promise<void> {
  const mode = opts.mode ?? 0o600;
  await fsp.mkdir(path.dirname(file), { recursive: true, mode: opts.dirMode ?? 0o700 });
  const tmp = tempPathFor(file);
  const fh = await fsp.open(tmp, 'wx', mode);
  try {
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fsp.rename(tmp, file);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  if (process.platform !== 'win32') await fsp.chmod(file, mode);
}
