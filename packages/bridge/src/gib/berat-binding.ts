/**
 * The defter ↔ berat binding (spec §1.5 step 4, GİB-TK §2.3): a berat carries, as a sibling after
 * `xbrli:xbrl` directly under `edefter:berat`, the `ds:SignatureValue` of its signed defter.
 */
import fs from 'node:fs/promises';

/**
 * Base64 text (whitespace removed) of the defter SignatureValue copied into a berat: the
 * `ds:SignatureValue` that comes before the berat's own `ds:Signature`. Reads the last MiB only
 * (berats are small). Returns undefined when absent.
 */
export async function readBeratDefterSignatureValue(file: string): Promise<string | undefined> {
  const fh = await fs.open(file, 'r');
  let s: string;
  try {
    const { size } = await fh.stat();
    const len = Math.min(size, 1 << 20);
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, size - len);
    s = buf.toString('utf8');
  } finally {
    await fh.close();
  }
  const sigAt = s.search(/<ds:Signature[\s>]/);
  const head = sigAt < 0 ? s : s.slice(0, sigAt);
  const all = [...head.matchAll(/<ds:SignatureValue[^>]*>([^<]*)</g)];
  const m = all.at(-1);
  return m ? m[1].replace(/\s+/g, '') : undefined;
}
