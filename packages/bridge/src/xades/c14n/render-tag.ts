/**
 * Decides whether a parsed start tag is already in canonical form (C14N 1.0 §2.2–2.3, §4.7) and,
 * when it is not, writes its canonical form: namespace declarations first (superfluous ones dropped,
 * sorted by prefix, default first), then attributes sorted by (namespace URI, local name), values
 * re-escaped, `"` quotes, single spaces, and never `/>`.
 */
import { compareBytes, compareCodePoints, GT, LT } from './bytes.ts';
import { NsScope, readNsDecls, splitQName, XML_NS } from './namespaces.ts';
import { writeAttrValue } from './refs.ts';
import { A_REWRITE, A_XMLNS, MarkupError, type TagParse } from './start-tag.ts';
import type { CanonicalWriter } from './writer.ts';

/** Extra context for the apex element of a document subset (C14N 1.0 §2.4 "xml:" inheritance, §4.7). */
export interface ApexContext {
  /** `xml:*` attributes inherited from the ancestors that are not in the subset (local name → value). */
  inheritedXml: ReadonlyMap<string, string>;
}

interface Entry {
  /** Attribute index in the tag, or -1 for an inherited `xml:*` attribute. */
  k: number;
  uri: string;
  local: string;
  /** For namespace declarations: the prefix ('' default); for inherited attributes: the value. */
  extra: string;
}

const XMLNS_B = Buffer.from(' xmlns');
const EQQ = Buffer.from('="');

function escapeAttr(s: string): string {
  return s.replace(/[&<"\t\n\r]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '"' ? '&quot;' : c === '\t' ? '&#x9;' : c === '\n' ? '&#xA;' : '&#xD;',
  );
}

/** The scanner side: writes the pending run of raw canonical bytes that ends at offset `i`. */
export interface RunFlusher {
  flushRun(i: number): void;
}

let order = new Int32Array(32);

/** Result slot of {@link renderStartTag}: the element's in-scope namespaces. */
export const renderResult = { scope: null as unknown as NsScope };

/**
 * Handles the start tag `t` parsed from `b[i, j)`.
 * @param emit false: only compute the scope (element outside the output subset)
 * @param flusher called with `i` before anything is written, so pending raw output keeps its order
 * @returns true when the raw bytes `b[i, j)` are the canonical form (nothing written); false when the
 *   canonical form was written to `out` (or `emit` was false). The element's scope is left in {@link renderResult}.
 * @throws MarkupError for undeclared prefixes, duplicate attributes, bad namespace declarations
 */
export function renderStartTag(
  out: CanonicalWriter,
  b: Uint8Array,
  i: number,
  j: number,
  t: TagParse,
  parent: NsScope,
  emit: boolean,
  apex: ApexContext | null,
  flusher: RunFlusher,
): boolean {
  const n = t.count;
  // Fast path: no namespace declarations, no prefixed attributes, not an apex.
  if (t.nsDecls === 0 && t.prefixed === 0 && apex === null) {
    renderResult.scope = parent;
    if (!emit) return false;
    let canonical = t.layoutOk && !t.selfClose;
    if (canonical) {
      for (let k = 0; k < n; k++) {
        if ((t.aFlags[k] & A_REWRITE) !== 0) {
          canonical = false;
          break;
        }
        if (k > 0 && compareBytes(b, t.aNameStart[k - 1], t.aNameEnd[k - 1], b, t.aNameStart[k], t.aNameEnd[k]) >= 0) {
          canonical = false;
          break;
        }
      }
    }
    if (canonical) return true;
    if (t.spacingOk && !t.selfClose && rawOrder(b, t)) {
      // only `'` quotes differ (values with `"`, `&`, TAB, LF or CR are A_REWRITE): the raw bytes, requoted
      flusher.flushRun(i);
      out.runRequoted(b, i, j, t.aValStart, t.aValEnd, n);
      return false;
    }
    // sort unprefixed attributes by name bytes (insertion sort: tags have few attributes)
    if (order.length < n) order = new Int32Array(n * 2);
    for (let k = 0; k < n; k++) {
      let m = k;
      while (m > 0) {
        const prev = order[m - 1];
        const d = compareBytes(b, t.aNameStart[prev], t.aNameEnd[prev], b, t.aNameStart[k], t.aNameEnd[k]);
        if (d === 0) throw new MarkupError('duplicate attribute', t.aNameStart[k]);
        if (d < 0) break;
        order[m] = prev;
        m--;
      }
      order[m] = k;
    }
    flusher.flushRun(i);
    out.byte(LT);
    out.run(b, t.nameStart, t.nameEnd);
    for (let k = 0; k < n; k++) writeAttr(out, b, t, order[k]);
    out.byte(GT);
    return false;
  }

  // Slow path: namespaces, prefixed attributes or apex.
  const decls = t.nsDecls > 0 ? readNsDecls(b, t) : null;
  const scope = decls !== null ? parent.child(decls) : parent;
  renderResult.scope = scope;
  const nsList: Entry[] = [];
  if (apex !== null) {
    for (const [prefix, uri] of scope.map) {
      if (prefix === 'xml' || (prefix === '' && uri === '')) continue;
      nsList.push({ k: -1, uri, local: prefix, extra: prefix });
    }
  } else if (decls !== null) {
    for (const [prefix, uri] of decls) {
      if (prefix === 'xml') continue;
      if (parent.get(prefix) === uri) continue; // superfluous (C14N §4.7 / XPath namespace axis)
      nsList.push({ k: -1, uri, local: prefix, extra: prefix });
    }
  }
  const attrs: Entry[] = [];
  for (let k = 0; k < n; k++) {
    if ((t.aFlags[k] & A_XMLNS) !== 0) continue;
    const c = t.aColon[k];
    const q = splitQName(b, t.aNameStart[k], t.aNameEnd[k], c);
    let uri = '';
    if (c !== -1) {
      const u = scope.get(q.prefix);
      if (u === undefined) throw new MarkupError(`namespace prefix '${q.prefix}' is not declared`, t.aNameStart[k]);
      uri = u;
    }
    attrs.push({ k, uri, local: c === -1 ? q.local : q.local, extra: '' });
  }
  if (apex !== null) {
    for (const [local, value] of apex.inheritedXml) {
      if (attrs.some((a) => a.uri === XML_NS && a.local === local)) continue;
      attrs.push({ k: -1, uri: XML_NS, local, extra: value });
    }
  }
  if (!emit) return false;
  const sortedNs = nsList.slice().sort((x, y) => compareCodePoints(x.extra, y.extra));
  const sortedAttrs = attrs.slice().sort((x, y) => compareCodePoints(x.uri, y.uri) || compareCodePoints(x.local, y.local));
  for (let k = 1; k < sortedAttrs.length; k++) {
    if (sortedAttrs[k - 1].uri === sortedAttrs[k].uri && sortedAttrs[k - 1].local === sortedAttrs[k].local) {
      throw new MarkupError(`duplicate attribute '${sortedAttrs[k].local}'`, i);
    }
  }
  // Raw form is canonical only if every declaration is rendered and the original order is the sorted order.
  let canonical = apex === null && t.layoutOk && !t.selfClose && (decls === null || nsList.length === decls.size);
  if (canonical) {
    let pos = 0;
    const seq = [...sortedNs.map((e) => e.extra), ...sortedAttrs.map((e) => e.k)];
    for (let k = 0; k < n && canonical; k++) {
      if ((t.aFlags[k] & A_REWRITE) !== 0) canonical = false;
      else if ((t.aFlags[k] & A_XMLNS) !== 0) {
        const ns = t.aNameStart[k];
        const ne = t.aNameEnd[k];
        const prefix = ne - ns === 5 ? '' : Buffer.from(b.buffer, b.byteOffset + ns + 6, ne - ns - 6).toString('utf8');
        if (seq[pos++] !== prefix) canonical = false;
      } else if (seq[pos++] !== k) canonical = false;
    }
  }
  if (canonical) return true;
  flusher.flushRun(i);
  out.byte(LT);
  out.run(b, t.nameStart, t.nameEnd);
  for (const e of sortedNs) {
    out.bytes(XMLNS_B);
    if (e.extra !== '') out.str(':' + e.extra);
    out.bytes(EQQ);
    out.str(escapeAttr(e.uri));
    out.byte(0x22);
  }
  for (const e of sortedAttrs) {
    if (e.k >= 0) writeAttr(out, b, t, e.k);
    else out.str(` xml:${e.local}="${escapeAttr(e.extra)}"`);
  }
  out.byte(GT);
  return false;
}

/** True when no attribute needs re-escaping and the names are in strictly ascending byte order. */
function rawOrder(b: Uint8Array, t: TagParse): boolean {
  for (let k = 0; k < t.count; k++) {
    if ((t.aFlags[k] & A_REWRITE) !== 0) return false;
    if (k > 0 && compareBytes(b, t.aNameStart[k - 1], t.aNameEnd[k - 1], b, t.aNameStart[k], t.aNameEnd[k]) >= 0) return false;
  }
  return true;
}

function writeAttr(out: CanonicalWriter, b: Uint8Array, t: TagParse, k: number): void {
  out.byte(0x20);
  out.run(b, t.aNameStart[k], t.aNameEnd[k]);
  out.bytes(EQQ);
  if ((t.aFlags[k] & A_REWRITE) !== 0) writeAttrValue(out, b, t.aValStart[k], t.aValEnd[k]);
  else out.run(b, t.aValStart[k], t.aValEnd[k]);
  out.byte(0x22);
}
