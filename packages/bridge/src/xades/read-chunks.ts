/**
 * Reads a file in fixed-size chunks with one chunk of read-ahead, into a small ring of reused
 * buffers, so memory stays constant (buffers × chunk size) whatever the file size (perf-notes: no
 * whole-file buffers).
 */
import type { FileHandle } from 'node:fs/promises';

/** Default chunk size: 1 MiB. */
const CHUNK_SIZE = 1 << 20;

/**
 * Calls `each(buf, len, pos)` for consecutive chunks of `fh` starting at byte `start`.
 * `each` runs its synchronous part while the next chunk is being read; if it returns a promise
 * (e.g. a write of the same buffer, or a hash worker's acknowledgement), that buffer is not reused
 * before the promise settles, while the other buffers of the ring keep the reader going: with
 * `buffers` = n, up to n − 1 chunks may be pending in consumers while the next one is read
 * (a worker thread that hashes chunk k does not hold up the scanning of chunk k + 1).
 * @param opts.end stop before this byte offset (default: end of file)
 * @param opts.alloc allocates the buffers (e.g. shared memory for the hash worker)
 * @param opts.buffers size of the buffer ring, at least 2 (default 2)
 * @returns number of bytes read
 */
export async function readChunks(
  fh: FileHandle,
  each: (buf: Buffer, len: number, pos: number) => void | Promise<unknown>,
  opts: { start?: number; end?: number; chunkSize?: number; alloc?: (size: number) => Buffer; buffers?: number } = {},
): Promise<number> {
  const size = opts.chunkSize ?? CHUNK_SIZE;
  const alloc = opts.alloc ?? ((n: number) => Buffer.allocUnsafe(n));
  const end = opts.end ?? Infinity;
  let pos = opts.start ?? 0;
  const want = (p: number) => Math.max(0, Math.min(size, end - p));
  const n = Math.max(2, opts.buffers ?? 2);
  const bufs: Buffer[] = [];
  const busy: (Promise<unknown> | undefined)[] = new Array(n).fill(undefined);
  // allocated on first use: a short read (e.g. the tail after the root) needs only one buffer
  const buffer = (k: number) => (bufs[k] ??= alloc(size));
  let k = 0;
  let next = want(pos) > 0 ? fh.read(buffer(0), 0, want(pos), pos) : null;
  const start = pos;
  try {
    while (next !== null) {
      const { bytesRead } = await next;
      if (bytesRead === 0) break;
      const buf = bufs[k];
      const cur = k;
      const chunkPos = pos;
      pos += bytesRead;
      k = (k + 1) % n;
      if (busy[k] !== undefined) await busy[k];
      busy[k] = undefined;
      next = want(pos) > 0 ? fh.read(buffer(k), 0, want(pos), pos) : null;
      const r = each(buf, bytesRead, chunkPos);
      if (r !== undefined) busy[cur] = r;
    }
  } catch (e) {
    // let outstanding I/O on our buffers finish before they are dropped
    await Promise.allSettled([next, ...busy]);
    throw e;
  }
  await Promise.all(busy);
  return pos - start;
}
