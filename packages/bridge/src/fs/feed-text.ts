/**
 * Streams a UTF-8 file into a push parser (saxes' `write`/`close`), 1 MiB at a time, so a file of any
 * size is parsed in flat memory. The one copy of this loop (it was written out in the Envanter check
 * and the SignatureValue reader).
 */
import { createReadStream } from 'node:fs';

/** A push parser: text in pieces, then `close()` at the end of the file. */
export interface TextSink {
  write(text: string): unknown;
  close(): unknown;
}

/**
 * Feeds `file` to `sink` and closes it at the end.
 * @param file path of a UTF-8 file
 * @param sink the parser; an exception it throws stops the read
 * @throws the read error (e.g. ENOENT) or the parser's exception, unchanged
 */
export function feedTextFile(file: string, sink: TextSink): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const rs = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
    rs.on('data', (chunk) => {
      try {
        sink.write(chunk as string);
      } catch (e) {
        rs.destroy();
        reject(e);
      }
    });
    rs.on('error', reject);
    rs.on('end', () => {
      try {
        sink.close();
        resolve();
      } catch (e) {
        reject(e);
      }
    });
  });
}
