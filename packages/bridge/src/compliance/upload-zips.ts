/**
 * The uploads GİB's test tool takes, one zip per file in the plan's step order (Y, YB, K, KB for each
 * part; E, EB for Envanter), deflated like the product's GİB packages, with a fixed entry time so the same
 * file gives the same zip. Their sizes are the "zipped" sizes GİB's plan limits (≤ 1 / 2 / 10 MB).
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import yazl from 'yazl';

/** One zip written for the test tool. */
export interface UploadZip {
  file: string;
  zip: string;
  bytes: number;
}

/**
 * Zips `file` alone into `outDir/<file stem>.zip` (private, atomic).
 * @returns the zip's path and size in bytes
 * @throws the underlying fs error
 */
export async function zipForUpload(file: string, outDir: string): Promise<UploadZip> {
  await mkdir(outDir, { recursive: true, mode: 0o700 });
  const zipPath = path.join(outDir, `${path.basename(file, '.xml')}.zip`);
  const tmp = `${zipPath}.${process.pid}.tmp`;
  const zip = new yazl.ZipFile();
  zip.addFile(file, path.basename(file), { mtime: new Date(Date.UTC(2000, 0, 1)), mode: 0o600, compress: true });
  zip.end();
  const ws = createWriteStream(tmp, { mode: 0o600 });
  zip.outputStream.pipe(ws);
  try {
    await once(ws, 'close');
    await rename(tmp, zipPath);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return { file, zip: zipPath, bytes: (await stat(zipPath)).size };
}
