/**
 * Start and end tags for the streaming canonicalizer ({@link C14nScanner}): the element stack,
 * namespace scopes, the subset apex, top-level ds:Signature segments and raw capture, the first
 * xbrl:identifier, and the root's start and end (C14N 1.0 §2.3–2.4, §4.7; XMLDSig §6.6.4).
 */
import { GT, IS_WS, NAME_STOP, bytesEqualAscii } from './bytes.ts';
import { elementUri, readNsDecls, xmlAttrsOf, type NsScope } from './namespaces.ts';
import { renderStartTag, renderResult, type ApexContext } from './render-tag.ts';
import { MarkupError, type TagParse } from './start-tag.ts';
import type { C14nScanner, SubsetSelector } from './scanner.ts';
import { fail } from '@edefter/protocol/catalog';

/** XMLDSig namespace (XMLDSig §4). */
export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
/** XBRL instance namespace (the `xbrli:` prefix, GİB-TK §2.1.1). */
const XBRLI_NS = 'http://www.xbrl.org/2003/instance';

const CLOSE_OPEN = Buffer.from('</');

/**
 * Handles the start tag `b[i, j)` already parsed into `sc.tag` (the scanner's fast path parses first
 * and comes here for every tag it does not handle itself); returns `j`.
 */
export function startTagParsed(sc: C14nScanner, b: Uint8Array, i: number, j: number): number {
  const t = sc.tag;
  const depth = sc.depth;
  if (depth === 0 && sc.rootSeen) throw new MarkupError('kök elemandan sonra ikinci eleman / second element after the root element', i);
  const parent = sc.scopes[depth];
  let apex: ApexContext | null = null;
  let emit = sc.on;
  let becameApex = false;
  let isSig = false;
  let isIdent = false;
  if (sc.subset !== null && sc.apexDepth === 0) {
    const xml = xmlAttrsOf(b, t, sc.xmlStack[depth]);
    sc.xmlStack[depth + 1] = xml;
    if (!sc.apexDone && matchesSubset(sc, b, t, parent)) {
      apex = { inheritedXml: sc.xmlStack[depth] };
      becameApex = true;
      emit = true;
    }
  }
  const ln = t.nameEnd - (t.colon === -1 ? t.nameStart : t.colon + 1);
  const ls = t.colon === -1 ? t.nameStart : t.colon + 1;
  if (depth === 1 && sc.sigMode !== 'ignore' && ln === 9 && bytesEqualAscii(b, ls, t.nameEnd, 'Signature')) {
    const scope = t.nsDecls > 0 ? parent.child(readNsDecls(b, t)) : parent;
    isSig = elementUri(b, t, scope).uri === DSIG_NS;
  }
  if (sc.identifier === undefined && sc.identDepth === 0 && sc.on && ln === 10 && bytesEqualAscii(b, ls, t.nameEnd, 'identifier')) {
    const scope = t.nsDecls > 0 ? parent.child(readNsDecls(b, t)) : parent;
    isIdent = elementUri(b, t, scope).uri === XBRLI_NS;
  }
  if (isSig) {
    if (sc.sigMode === 'reject') throw fail('xades.alreadySigned');
    sc.flushRun(i);
    sc.out.flush();
    const k = sc.signatureCount++;
    sc.onSignatureStart?.(k);
    sc.out.setSegment(k);
    sc.sigDepth = depth + 1;
    sc.capturing = true;
    sc.capParts = [Buffer.from(b.subarray(i, j))];
    sc.lastSignatureOffset = sc.base + i;
    if (sc.inPend) sc.capStartReq = true;
    else sc.capFrom = j;
  }
  if (depth === 0) {
    sc.rootSeen = true;
    if (sc.subset === null) {
      sc.on = true;
      emit = true;
    }
  }
  if (becameApex) {
    sc.flushRun(i);
    sc.on = true;
    sc.apexDepth = depth + 1;
  }
  const raw = renderStartTag(sc.out, b, i, j, t, parent, emit, apex, sc);
  const scope = renderResult.scope;
  if (emit) {
    if (raw) sc.emitRaw(i, j);
    else sc.runStart = -1;
  }
  if (depth === 0) {
    sc.root = {
      qname: Buffer.from(b.subarray(t.nameStart, t.nameEnd)).toString('utf8'),
      startTag: Buffer.from(b.subarray(i, j)),
      scope,
      xmlAttrs: xmlAttrsOf(b, t, new Map()),
      selfClosing: t.selfClose,
      offset: sc.base + i,
    };
  }
  // push
  sc.depth = depth + 1;
  sc.scopes[depth + 1] = scope;
  const nl = t.nameEnd - t.nameStart;
  if (sc.inPend) {
    // the pending buffer is reused: keep the name now
    sc.nameStart.push(sc.copyName(b, t.nameStart, nl));
    sc.nameLen.push(nl);
    sc.chunkNamesFrom = sc.nameStart.length;
  } else {
    sc.nameStart.push(t.nameStart);
    sc.nameLen.push(nl);
  }
  if (isIdent) {
    sc.flushRun(j);
    sc.identDepth = depth + 1;
    sc.out.tap = [];
  }
  if (t.selfClose) {
    closeElement(sc, b, j, j, false);
    if (depth === 0) sc.rootEndOffset = sc.base + j - 2;
  }
  sc.resume(j);
  return j;
}

/** True when the tag `t` is the apex the subset selector asks for. */
function matchesSubset(sc: C14nScanner, b: Uint8Array, t: TagParse, parent: NsScope): boolean {
  const sel = sc.subset as SubsetSelector;
  if (sel.local !== undefined) {
    const scope = t.nsDecls > 0 ? parent.child(readNsDecls(b, t)) : parent;
    const u = elementUri(b, t, scope);
    if (u.local !== sel.local || (sel.uri !== undefined && u.uri !== sel.uri)) return false;
  }
  if (sel.id !== undefined) {
    for (let k = 0; k < t.count; k++) {
      if (t.aColon[k] !== -1) continue;
      const s = t.aNameStart[k];
      const e = t.aNameEnd[k];
      if (!(bytesEqualAscii(b, s, e, 'Id') || bytesEqualAscii(b, s, e, 'ID') || bytesEqualAscii(b, s, e, 'id'))) continue;
      if (Buffer.from(b.subarray(t.aValStart[k], t.aValEnd[k])).toString('utf8') === sel.id) return true;
    }
    return false;
  }
  return sel.local !== undefined;
}

/** Handles the end tag at `b[i]`; returns the offset after it, or -1 when it is cut off at `n`. */
export function endTag(sc: C14nScanner, b: Uint8Array, i: number, n: number): number {
  if (sc.depth === 0) throw new MarkupError('açılmamış elemanın bitiş etiketi / end tag without a start tag', i);
  // Fast path: `</name>` exactly as the open element's name, compared while scanning.
  const top = sc.nameStart.length - 1;
  const s = sc.nameStart[top];
  const len = sc.nameLen[top];
  const nb = top < sc.chunkNamesFrom ? sc.nameBuf : sc.cur;
  const q = i + 2;
  if (q + len < n) {
    let k = 0;
    while (k < len && b[q + k] === nb[s + k]) k++;
    if (k === len && b[q + len] === GT) {
      const j = q + len + 1;
      closeElement(sc, b, i, j, true);
      sc.resume(j);
      return j;
    }
  }
  let p = q;
  while (p < n && NAME_STOP[b[p]] === 0) p++;
  if (p >= n) return -1;
  const ne = p;
  while (p < n && IS_WS[b[p]] === 1) p++;
  if (p >= n) return -1;
  if (b[p] !== GT) throw new MarkupError("'>' expected in end tag", p);
  const j = p + 1;
  let same = ne - q === len;
  for (let k = 0; same && k < len; k++) if (nb[s + k] !== b[q + k]) same = false;
  if (!same)
    throw new MarkupError(`</${sc.topName()}> bekleniyordu / expected </${sc.topName()}>, found </${Buffer.from(b.subarray(q, ne)).toString('utf8')}>`, i);
  closeElement(sc, b, i, j, ne + 1 === j);
  sc.resume(j);
  return j;
}

/** Emits the end tag (raw [i, j) when `raw`) and pops the element. */
function closeElement(sc: C14nScanner, b: Uint8Array, i: number, j: number, raw: boolean): void {
  const depth = sc.depth;
  const top = sc.nameStart.length - 1;
  const s = sc.nameStart[top];
  const len = sc.nameLen[top];
  const inBuf = top < sc.chunkNamesFrom;
  if (sc.on) {
    if (sc.identDepth === depth) {
      sc.flushRun(i);
      sc.identifier = decodeCanonicalText(Buffer.from(sc.out.tap ?? [])).trim();
      sc.out.tap = null;
      sc.identDepth = 0;
    }
    if (raw) sc.emitRaw(i, j);
    else {
      sc.flushRun(i);
      sc.out.bytes(CLOSE_OPEN);
      sc.out.run(inBuf ? sc.nameBuf : sc.cur, s, s + len);
      sc.out.byte(GT);
    }
  }
  sc.nameStart.pop();
  sc.nameLen.pop();
  if (inBuf) {
    sc.nameTop = s;
    sc.chunkNamesFrom = top;
  }
  sc.depth = depth - 1;
  if (sc.apexDepth === depth) {
    sc.flushRun(j);
    sc.on = false;
    sc.apexDepth = 0;
    sc.apexDone = true;
  }
  if (sc.sigDepth === depth) {
    sc.flushRun(j);
    sc.out.setSegment(-1);
    sc.sigDepth = 0;
    if (sc.inPend) sc.capStopReq = true;
    else finishCapture(sc, b, j);
  }
  if (depth === 1) {
    sc.flushRun(j);
    sc.on = false;
    sc.rootDone = true;
    sc.rootEndOffset = sc.base + i;
  }
}

/** Completes the raw capture of a top-level ds:Signature at `upto`. */
export function finishCapture(sc: C14nScanner, b: Uint8Array, upto: number): void {
  sc.capParts.push(Buffer.from(b.subarray(sc.capFrom, upto)));
  sc.lastSignatureRaw = Buffer.concat(sc.capParts);
  sc.capParts = [];
  sc.capturing = false;
}

/** Decodes canonical text (`&amp;` `&lt;` `&gt;` `&#xD;`) back to a string. */
function decodeCanonicalText(b: Buffer): string {
  return b.toString('utf8').replace(/&(amp|lt|gt|#xD);/g, (_, x: string) => (x === 'amp' ? '&' : x === 'lt' ? '<' : x === 'gt' ? '>' : '\r'));
}
