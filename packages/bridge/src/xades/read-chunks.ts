/**
 * Reads a file in fixed-size chunks with one chunk of read-ahead, into two reused buffers, so
 * memory stays constant (2 × chunk size) whatever the file size (perf-notes: no whole-file buffers).
 */
import type { FileHandle } from 'node:fs/promises';

/** Default chunk size: 1 MiB. */
export const CHUNK_SIZE = 1 << 20;

/**
 * Calls `each(buf, len, pos)` for consecutive chunks of `fh` starting at byte `start`.
 * `each` runs its synchronous part while the next chunk is being read; if it returns a promise
 * (e.g. a write of the same buffer), the buffer is not reused before that promise settles.
 * @param opts.end stop before this byte offset (default: end of file)
 * @param opts.alloc allocates the two buffers (e.g. shared memory for the hash worker)
 * @returns number of bytes read
 */
export async function readChunks(
  fh: FileHandle,
  each: (buf: Buffer, len: number, pos: number) => void | Promise<unknown>,
  opts: { start?: number; end?: number; chunkSize?: number; alloc?: (size: number) => Buffer } = {},
): Promise<number> {
  const size = opts.chunkSize ?? CHUNK_SIZE;
  const alloc = opts.alloc ?? ((n: number) => Buffer.allocUnsafe(n));
  const bufs = [alloc(size), alloc(size)];
  const busy: (Promise<unknown> | undefined)[] = [undefined, undefined];
  const end = opts.end ?? Infinity;
  let pos = opts.start ?? 0;
  const want = (p: number) => Math.max(0, Math.min(size, end - p));
  let k = 0;
  let next = want(pos) > 0 ? fh.read(bufs[0], 0, want(pos), pos) : null;
  const start = pos;
  try {
    while (next !== null) {
      const { bytesRead } = await next;
      if (bytesRead === 0) break;
      const buf = bufs[k];
      const chunkPos = pos;
      pos += bytesRead;
      k ^= 1;
      if (busy[k] !== undefined) await busy[k];
      busy[k] = undefined;
      next = want(pos) > 0 ? fh.read(bufs[k], 0, want(pos), pos) : null;
      const r = each(buf, bytesRead, chunkPos);
      if (r !== undefined) busy[k ^ 1] = r;
    }
  } catch (e) {
    // let outstanding I/O on our buffers finish before they are dropped
    await Promise.allSettled([next, busy[0], busy[1]]);
    throw e;
  }
  await Promise.all([busy[0], busy[1]]);
  return pos - start;
}
