/**
 * Reads the SignatureValue of a signed file from its end, without streaming the whole document
 * (a berat copies the defter's SignatureValue, spec §1.5; GİB files put ds:Signature last, §2.1).
 *
 * The root start tag comes from the head of the file (for its namespace declarations); the tail is
 * searched for `<…Signature` start tags, and the candidate that, wrapped in the root start tag, parses
 * into a complete top-level ds:Signature wins. Nested signatures (a GİB CounterSignature inside
 * UnsignedProperties) never parse at the top level. The window doubles up to 64 MiB; past that,
 * or when the tail can not be read this way, the whole file is streamed.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { C14nScanner, type RootInfo } from './c14n/scanner.ts';
import { CanonicalWriter, type C14nSink } from './c14n/writer.ts';
import { openRootTag } from './canonicalize.ts';
import { parseSignature } from './verify-parse.ts';
import { scanSignedFile } from './verify-scan.ts';
import { fail } from '@edefter/protocol/catalog';

const NULL_SINK: C14nSink = { update: () => undefined };
const SIG = Buffer.from('Signature');
const MAX_WINDOW = 64 << 20;

async function readAt(fh: FileHandle, pos: number, len: number): Promise<Buffer> {
  const b = Buffer.allocUnsafe(len);
  let off = 0;
  while (off < len) {
    const { bytesRead } = await fh.read(b, off, len - off, pos + off);
    if (bytesRead === 0) break;
    off += bytesRead;
  }
  return b.subarray(0, off);
}

async function readRoot(fh: FileHandle, size: number): Promise<RootInfo> {
  const sc = new C14nScanner(new CanonicalWriter(NULL_SINK), { topLevelSignature: 'ignore' });
  for (let pos = 0; pos < size && sc.root === null; pos += 65536) {
    const b = await readAt(fh, pos, Math.min(65536, size - pos));
    sc.push(b, 0, b.length);
  }
  if (sc.root === null) throw fail('xades.notXml', { reason: 'kök eleman yok / no root element' });
  return sc.root;
}

/** Start offsets of `<qname` tags in `b` whose local name is `Signature`, last first. */
function candidates(b: Buffer): number[] {
  const out: number[] = [];
  for (let i = b.indexOf(SIG); i !== -1; i = b.indexOf(SIG, i + 1)) {
    const after = b[i + SIG.length];
    if (!(after === 0x20 || after === 0x3e || after === 0x09 || after === 0x0a || after === 0x0d || after === 0x2f)) continue;
    let j = i - 1;
    if (b[j] === 0x3a) {
      j--;
      while (j >= 0 && /[A-Za-z0-9_.-]/.test(String.fromCharCode(b[j]))) j--;
    }
    if (j >= 0 && b[j] === 0x3c) out.push(j);
  }
  return out.reverse();
}

function trySignature(open: Buffer, tail: Buffer, at: number): Buffer | null {
  const sc = new C14nScanner(new CanonicalWriter(NULL_SINK), { topLevelSignature: 'segment' });
  try {
    sc.push(open, 0, open.length);
    sc.push(tail, at, tail.length);
    sc.finish();
  } catch {
    return null;
  }
  return sc.lastSignatureRaw;
}

/**
 * Base64 text (whitespace removed) of the SignatureValue of the last ds:Signature child of the
 * root of `path`.
 * @throws EdefterError SIGNATURE_INVALID when the file has no such signature; NOT_XML, EMPTY_FILE
 */
export async function readSignatureValue(path: string): Promise<string> {
  const fh = await open(path, 'r');
  let raw: Buffer | null = null;
  let root: RootInfo;
  try {
    const size = (await fh.stat()).size;
    if (size === 0) throw fail('xades.emptyFile', { file: path });
    root = await readRoot(fh, size);
    const openTag = openRootTag(root.startTag, root.selfClosing);
    for (let win = 256 * 1024; raw === null; win *= 2) {
      const start = Math.max(root.offset + root.startTag.length, size - win);
      const tail = await readAt(fh, start, size - start);
      for (const c of candidates(tail)) {
        raw = trySignature(openTag, tail, c);
        if (raw !== null) break;
      }
      if (raw !== null || start <= root.offset + root.startTag.length || win >= MAX_WINDOW) break;
    }
  } finally {
    await fh.close();
  }
  if (raw === null) {
    const scan = await scanSignedFile(path);
    raw = scan.signature;
    root = scan.root;
  }
  if (raw === null) throw fail('xades.fileNotSigned');
  const wrapped = Buffer.concat([openRootTag(root.startTag, root.selfClosing), raw, Buffer.from(`</${root.qname}>`, 'utf8')]);
  return parseSignature(wrapped.toString('utf8')).signatureValue;
}
