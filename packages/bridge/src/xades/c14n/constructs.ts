/**
 * The other constructs of the streaming canonicalizer ({@link C14nScanner}): processing instructions
 * (and the XML declaration, with its encoding check), comments (kept only `…#WithComments`), CDATA
 * sections (rewritten as escaped text) and DOCTYPE / ENTITY declarations (refused). C14N 1.0 §2.1,
 * §5.2; XML 1.0 §2.5–2.8.
 */
import { CR, DASH, GT, IS_WS, LF, NAME_STOP, QMARK, RBRACKET, AMP, LT, bytesEqualAscii } from './bytes.ts';
import { MarkupError } from './start-tag.ts';
import type { C14nScanner } from './scanner.ts';
import type { CanonicalWriter } from './writer.ts';
import { fail } from '@edefter/protocol/catalog';

/** Scanner states. */
export const ST_TEXT = 0;
export const ST_COMMENT = 1;
export const ST_CDATA = 2;

const GT_E = Buffer.from('&gt;');
const AMP_E = Buffer.from('&amp;');
const LT_E = Buffer.from('&lt;');
const COMMENT_OPEN = Buffer.from('<!--');
const COMMENT_CLOSE = Buffer.from('-->');
const PI_OPEN = Buffer.from('<?');
const PI_CLOSE = Buffer.from('?>');

/** A processing instruction or the XML declaration at `b[i]`; -1 when cut off. */
export function pi(sc: C14nScanner, b: Uint8Array, i: number, n: number): number {
  let p = i + 2;
  while (p < n && NAME_STOP[b[p]] === 0) p++;
  if (p >= n) return -1;
  const te = p;
  if (te === i + 2) throw new MarkupError('processing instruction target expected', i);
  let q = p;
  while (q + 1 < n && !(b[q] === QMARK && b[q + 1] === GT)) q++;
  if (q + 1 >= n) return -1;
  const j = q + 2;
  if (p < q && IS_WS[b[p]] !== 1) throw new MarkupError('whitespace expected after processing instruction target', p);
  while (p < q && IS_WS[b[p]] === 1) p++;
  const target = Buffer.from(b.subarray(i + 2, te)).toString('utf8');
  if (target === 'xml') {
    if (!sc.atStart) throw new MarkupError('XML bildirimi belgenin başında olmalı / XML declaration must be at the start', i);
    const decl = Buffer.from(b.subarray(p, q)).toString('latin1');
    const m = /encoding\s*=\s*["']([^"']*)["']/.exec(decl);
    if (m && !/^(utf-?8|us-ascii|ascii)$/i.test(m[1])) throw fail('xades.encodingUnsupported', { encoding: m[1] });
    sc.flushRun(i);
    sc.resume(j);
    return j;
  }
  if (target.toLowerCase() === 'xml') throw new MarkupError(`reserved processing instruction target '${target}'`, i);
  const outside = sc.depth === 0;
  if ((outside && sc.subset === null) || sc.on) {
    sc.flushRun(i);
    const out = sc.out;
    if (outside && sc.rootSeen) out.byte(LF);
    out.bytes(PI_OPEN);
    out.run(b, i + 2, te);
    if (p < q) {
      out.byte(0x20);
      writeNormalizedNewlines(out, b, p, q);
    }
    out.bytes(PI_CLOSE);
    if (outside && !sc.rootSeen) out.byte(LF);
  }
  sc.resume(j);
  return j;
}

/** `<!…` at `b[i]`: comment or CDATA opener, or a refused DOCTYPE/ENTITY; -1 when cut off. */
export function bang(sc: C14nScanner, b: Uint8Array, i: number, n: number): number {
  if (n - i < 4) return -1;
  if (b[i + 2] === DASH) {
    if (b[i + 3] !== DASH) throw new MarkupError("'<!--' expected", i);
    sc.flushRun(i);
    const outside = sc.depth === 0;
    sc.commentEmit = !sc.withComments ? 0 : sc.on ? 1 : outside && sc.subset === null ? (sc.rootSeen ? 3 : 2) : 0;
    if (sc.commentEmit === 3) sc.out.byte(LF);
    if (sc.commentEmit !== 0) sc.out.bytes(COMMENT_OPEN);
    sc.st = ST_COMMENT;
    sc.dashes = 0;
    return i + 4;
  }
  if (b[i + 2] === 0x5b) {
    if (n - i < 9) return -1;
    if (!bytesEqualAscii(b, i + 2, i + 9, '[CDATA[')) throw new MarkupError("'<![CDATA[' expected", i);
    if (sc.depth === 0) throw new MarkupError('CDATA outside the root element', i);
    sc.flushRun(i);
    sc.st = ST_CDATA;
    sc.dashes = 0;
    return i + 9;
  }
  for (const kw of ['DOCTYPE', 'ENTITY', 'ELEMENT', 'ATTLIST', 'NOTATION']) {
    const avail = Math.min(n - i - 2, kw.length);
    if (bytesEqualAscii(b, i + 2, i + 2 + avail, kw.slice(0, avail))) {
      if (avail < kw.length) return -1;
      throw fail('xades.doctypeForbidden', { offset: sc.base + i });
    }
  }
  throw new MarkupError("unexpected '<!'", i);
}

/** Comment content up to and including `-->`; consumes the whole buffer when it does not end there. */
export function commentBytes(sc: C14nScanner, b: Uint8Array, i: number, n: number): number {
  const emit = sc.commentEmit !== 0;
  const out = sc.out;
  while (i < n) {
    const c = b[i];
    if (c === DASH) {
      sc.dashes++;
      i++;
      continue;
    }
    if (sc.dashes >= 2) {
      if (c !== GT || sc.dashes > 2) throw fail('xades.notXml', { reason: "yorum içinde '--' / '--' inside a comment", offset: sc.base + i });
      if (emit) out.bytes(COMMENT_CLOSE);
      if (sc.commentEmit === 2) out.byte(LF);
      sc.st = ST_TEXT;
      sc.dashes = 0;
      i++;
      sc.resume(i);
      return i;
    }
    if (sc.dashes === 1) {
      if (emit) out.byte(DASH);
      sc.dashes = 0;
    }
    if (c === CR) {
      if (emit) out.byte(LF);
      if (i + 1 < n) i += b[i + 1] === LF ? 2 : 1;
      else {
        i++;
        sc.skipLF = true;
      }
      continue;
    }
    const s = i;
    while (i < n && b[i] !== DASH && b[i] !== CR) i++;
    if (emit) out.run(b, s, i);
  }
  return n;
}

/** CDATA content up to and including `]]>`, written as escaped text. */
export function cdataBytes(sc: C14nScanner, b: Uint8Array, i: number, n: number): number {
  const emit = sc.on;
  const out = sc.out;
  while (i < n) {
    const c = b[i];
    if (c === RBRACKET) {
      sc.dashes++;
      i++;
      continue;
    }
    if (c === GT && sc.dashes >= 2) {
      if (emit) for (let k = 2; k < sc.dashes; k++) out.byte(RBRACKET);
      sc.st = ST_TEXT;
      sc.dashes = 0;
      i++;
      sc.resume(i);
      return i;
    }
    if (sc.dashes > 0) {
      if (emit) for (let k = 0; k < sc.dashes; k++) out.byte(RBRACKET);
      sc.dashes = 0;
    }
    if (c === AMP || c === LT || c === GT) {
      if (emit) out.bytes(c === AMP ? AMP_E : c === LT ? LT_E : GT_E);
      i++;
      continue;
    }
    if (c === CR) {
      if (emit) out.byte(LF);
      if (i + 1 < n) i += b[i + 1] === LF ? 2 : 1;
      else {
        i++;
        sc.skipLF = true;
      }
      continue;
    }
    const s = i;
    while (i < n) {
      const d = b[i];
      if (d === RBRACKET || d === AMP || d === LT || d === GT || d === CR) break;
      i++;
    }
    if (emit) out.run(b, s, i);
  }
  return n;
}

/** Writes bytes [s, e) with CRLF / CR turned into LF. */
function writeNormalizedNewlines(out: CanonicalWriter, b: Uint8Array, s: number, e: number): void {
  let run = s;
  for (let p = s; p < e; p++) {
    if (b[p] !== CR) continue;
    out.run(b, run, p);
    out.byte(LF);
    if (p + 1 < e && b[p + 1] === LF) p++;
    run = p + 1;
  }
  out.run(b, run, e);
}
