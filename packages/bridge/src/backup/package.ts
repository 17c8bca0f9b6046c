/**
 * Backup package = one zip per month part (yazl) holding the six files (Y, K, YB, KB, GIB-YB, GIB-KB),
 * `manifest.json` (names, sizes, SHA-256) and `KAYNAK.txt` (source note). Written atomically.
 * The reader (integrator side) extracts with yauzl and refuses anything but these flat entries.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import yazl from 'yazl';
import yauzl from 'yauzl';
import { EdefterError, fail } from '@edefter/protocol';
import type { BackupFile } from './files.ts';
import { MANIFEST_ENTRY, SOURCE_NOTE, SOURCE_NOTE_ENTRY, parseManifest, type BackupManifest } from './manifest.ts';

/** A built backup package on disk. */
export interface BuiltPackage {
  /** Absolute path of the zip. */
  path: string;
  /** Zip size in bytes. */
  bytes: number;
  /** SHA-256 of the zip, lowercase hex. */
  sha256: string;
  manifest: BackupManifest;
}

/**
 * Zips the six files with their manifest and source note into `outPath` (temp file in the same
 * folder, fsync, rename).
 * @param files the six files, as returned by findBackupFiles
 * @param manifest as returned by buildManifest for the same files
 */
export async function writeBackupZip(outPath: string, files: BackupFile[], manifest: BackupManifest): Promise<BuiltPackage> {
  const dir = path.dirname(outPath);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = path.join(dir, `.${path.basename(outPath)}.${randomBytes(6).toString('hex')}.tmp`);
  const zip = new yazl.ZipFile();
  const mtime = new Date(manifest.createdAt);
  for (const f of files) zip.addFile(f.path, f.name, { mtime, mode: 0o100644 });
  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8'), MANIFEST_ENTRY, { mtime, mode: 0o100644 });
  zip.addBuffer(
    Buffer.from(
      `Bu paket ${SOURCE_NOTE}.\nThis package was exported by edefter-bridge ${manifest.generator.version}.\n` +
        `VKN ${manifest.vkn}, dönem ${manifest.period}, parça ${manifest.part}${manifest.branch ? `, şube ${manifest.branch}` : ''}.\n`,
      'utf8',
    ),
    SOURCE_NOTE_ENTRY,
    { mtime, mode: 0o100644 },
  );
  zip.end();
  const h = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      h.update(chunk);
      bytes += chunk.length;
      cb(null, chunk);
    },
  });
  try {
    await pipeline(zip.outputStream, tap, createWriteStream(tmp, { mode: 0o600 }));
    const fh = await fs.open(tmp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, outPath);
    await fsyncDir(dir);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  return { path: path.resolve(outPath), bytes, sha256: h.digest('hex'), manifest };
}

/** fsyncs a directory so a rename survives a crash (no-op where directories cannot be opened). */
export async function fsyncDir(dir: string): Promise<void> {
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(dir, 'r');
    await fh.sync();
  } catch {
    /* Windows: directories cannot be fsynced */
  } finally {
    await fh?.close();
  }
}

/** Limits applied when reading a package from an untrusted sender. */
export interface ReadLimits {
  /** Largest single entry, uncompressed bytes (default 1 GiB). */
  maxEntryBytes?: number;
  /** Most entries (default 16). */
  maxEntries?: number;
}

/**
 * Extracts a backup package into `destDir` (created) and returns its parsed manifest.
 * Refuses entries with `/`, `\`, `..`, absolute or drive paths, duplicates, directories,
 * anything not listed in the manifest, and entries larger than the limits.
 * @throws EdefterError BAD_INPUT describing the first problem
 */
export async function extractBackupZip(
  zipPath: string,
  destDir: string,
  limits: ReadLimits = {},
): Promise<{ manifest: BackupManifest; files: Map<string, string> }> {
  const maxEntryBytes = limits.maxEntryBytes ?? 1024 * 1024 * 1024;
  const maxEntries = limits.maxEntries ?? 16;
  await fs.mkdir(destDir, { recursive: true, mode: 0o700 });

  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(zipPath, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (err, z) =>
      err ? reject(fail('backup.packageWrong', { problem: 'zipUnreadable', cause: err.message })) : resolve(z!),
    ),
  );
  const files = new Map<string, string>();
  let count = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', (e: Error) => reject(fail('backup.packageWrong', { problem: 'zipUnreadable', cause: e.message })));
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = entry.fileName;
        const reason = entryNameProblem(name);
        if (reason) return reject(fail('backup.packageWrong', { problem: 'entryName', entry: name, reason }));
        if (files.has(name)) return reject(fail('backup.packageWrong', { problem: 'duplicateEntry', entry: name }));
        if (++count > maxEntries) return reject(fail('backup.packageWrong', { problem: 'tooManyEntries' }));
        if (entry.uncompressedSize > maxEntryBytes) return reject(fail('backup.packageWrong', { problem: 'entryTooLarge', entry: name }));
        zip.openReadStream(entry, (err, rs) => {
          if (err || !rs) return reject(fail('backup.packageWrong', { problem: 'entryUnreadable', entry: name }));
          const target = path.join(destDir, name);
          pipeline(rs, createWriteStream(target, { mode: 0o600 }))
            .then(() => {
              files.set(name, target);
              zip.readEntry();
            })
            .catch((e: Error) => reject(fail('backup.packageWrong', { problem: 'entryNotExtracted', entry: name, cause: e.message })));
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  const manifestPath = files.get(MANIFEST_ENTRY);
  if (!manifestPath) throw fail('backup.packageWrong', { problem: 'noManifest' });
  const manifest = parseManifest(await fs.readFile(manifestPath));
  const allowed = new Set([MANIFEST_ENTRY, SOURCE_NOTE_ENTRY, ...manifest.files.map((f) => f.name)]);
  for (const name of files.keys()) {
    if (!allowed.has(name)) throw fail('backup.packageWrong', { problem: 'entryNotInManifest', entry: name });
  }
  return { manifest, files };
}

/** Why an entry name is refused, or null when it is a plain flat file name. */
export function entryNameProblem(name: string): string | null {
  if (!name || name.length > 255) return 'empty or too long';
  if (name.includes('/') || name.includes('\\')) return 'path separators';
  if (name === '.' || name === '..' || name.includes('..')) return '..';
  if (/^[A-Za-z]:/.test(name)) return 'drive letter';
  if (/[\u0000-\u001f]/.test(name)) return 'control characters';
  return null;
}

/**
 * Reads and checks only `manifest.json` of a backup zip (e.g. to resend a package after a restart).
 * @throws EdefterError BAD_INPUT when the zip or its manifest is unreadable
 */
export async function readManifestFromZip(zipPath: string): Promise<BackupManifest> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(zipPath, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z!))));
  try {
    const buf = await new Promise<Buffer | null>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', () => resolve(null));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== MANIFEST_ENTRY || entry.uncompressedSize > 1 << 20) return zip.readEntry();
        zip.openReadStream(entry, (err, rs) => {
          if (err || !rs) return reject(err ?? new Error('unreadable'));
          const chunks: Buffer[] = [];
          rs.on('data', (c: Buffer) => chunks.push(c));
          rs.on('end', () => resolve(Buffer.concat(chunks)));
          rs.on('error', reject);
        });
      });
      zip.readEntry();
    });
    if (!buf) throw new Error('no manifest.json');
    return parseManifest(buf);
  } catch (e) {
    if (e instanceof EdefterError) throw e;
    throw fail('backup.packageUnreadable', { file: zipPath, cause: (e as Error).message });
  } finally {
    zip.close();
  }
}
