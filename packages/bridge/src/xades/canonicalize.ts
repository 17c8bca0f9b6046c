/**
 * Canonicalization of in-memory XML (the small parts: SignedInfo, SignedProperties, test inputs) with
 * the same streaming scanner that digests whole documents.
 */
import { C14nScanner, type ScannerOptions } from './c14n/scanner.ts';
import { BufferSink, CanonicalWriter } from './c14n/writer.ts';
import { fail } from '@edefter/protocol/catalog';

/**
 * Canonical XML 1.0 of `xml` (whole document, or the subset selected by `opts.subset`).
 * @throws EdefterError NOT_XML when the input is malformed or the subset element is missing
 */
export function canonicalize(xml: Buffer | string, opts: ScannerOptions = {}): Buffer {
  const sink = new BufferSink();
  const sc = new C14nScanner(new CanonicalWriter(sink), opts);
  const b = typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml;
  sc.push(b, 0, b.length);
  sc.finish();
  if (opts.subset && !sc.subsetFound) {
    const what = opts.subset.id !== undefined ? `#${opts.subset.id}` : `{${opts.subset.uri ?? ''}}${opts.subset.local ?? ''}`;
    throw fail('xades.notXml', { reason: `${what} bulunamadı / not found` });
  }
  return sink.result();
}

/**
 * `root` start tag as written, made non-empty (`<r …/>` → `<r …>`), for wrapping a fragment so that it
 * sees the root's namespace declarations and `xml:*` attributes.
 */
export function openRootTag(startTag: Buffer, selfClosing: boolean): Buffer {
  if (!selfClosing) return startTag;
  let e = startTag.length - 2; // before '/>'
  while (e > 0 && (startTag[e - 1] === 0x20 || startTag[e - 1] === 0x09 || startTag[e - 1] === 0x0a || startTag[e - 1] === 0x0d)) e--;
  return Buffer.concat([startTag.subarray(0, e), Buffer.from('>')]);
}
