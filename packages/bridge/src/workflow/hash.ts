/** File facts the workflow records: SHA-256 (hex) and size, computed by streaming. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';

/** SHA-256 (lowercase hex) and size in bytes of a file, read as a stream (constant memory). */
export async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    h.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: h.digest('hex'), bytes };
}
