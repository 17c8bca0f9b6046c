/**
 * A SOAP message as a list of parts — literal XML text, or a file to be inlined as base64 — so
 * a package of tens of MB is digested and sent by streaming, never held as one string.
 */
import fs from 'node:fs';

/** One piece of a message: literal UTF-8 text, bytes, or a file inlined as base64 (RFC 4648 §4). */
export type XmlPart = string | Buffer | { base64File: string; size: number };

/** Escapes text content for XML (also `\r`, which canonical XML writes as `&#xD;`). */
export function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
}

/** Escapes an attribute value the way canonical XML does (`&`, `<`, `"`, tab, LF, CR). */
export function xmlAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/\t/g, '&#x9;').replace(/\n/g, '&#xA;').replace(/\r/g, '&#xD;');
}

/** Byte length of a part once serialized. */
function partLength(p: XmlPart): number {
  if (typeof p === 'string') return Buffer.byteLength(p, 'utf8');
  if (Buffer.isBuffer(p)) return p.length;
  return 4 * Math.ceil(p.size / 3);
}

/** Total byte length of parts. */
export function partsLength(parts: XmlPart[]): number {
  return parts.reduce((n, p) => n + partLength(p), 0);
}

/**
 * Streams the base64 text of a file in chunks (1 MiB reads; carries 1–2 leftover bytes so every
 * chunk but the last encodes a multiple of 3 bytes and the concatenation equals base64 of the file).
 * @throws Error when the file's size differs from `size` (changed while being sent)
 */
async function* base64FileChunks(file: string, size: number): AsyncGenerator<Buffer> {
  let carry = Buffer.alloc(0);
  let seen = 0;
  for await (const c of fs.createReadStream(file, { highWaterMark: 3 << 18 })) {
    const chunk = c as Buffer;
    seen += chunk.length;
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const whole = buf.length - (buf.length % 3);
    if (whole) yield Buffer.from(buf.subarray(0, whole).toString('base64'), 'ascii');
    carry = Buffer.from(buf.subarray(whole));
  }
  if (carry.length) yield Buffer.from(carry.toString('base64'), 'ascii');
  if (seen !== size) throw new Error(`${file} changed while being read (${seen} bytes, expected ${size})`);
}

/** Yields the serialized bytes of parts in order. */
export async function* partChunks(parts: XmlPart[]): AsyncGenerator<Buffer> {
  for (const p of parts) {
    if (typeof p === 'string') yield Buffer.from(p, 'utf8');
    else if (Buffer.isBuffer(p)) yield p;
    else yield* base64FileChunks(p.base64File, p.size);
  }
}
