/**
 * Namespace scopes for the streaming canonicalizer (Namespaces in XML 1.0 §3–6) and the rules of
 * C14N 1.0 §2.3/§4.7 for which declarations are rendered.
 */
import { MarkupError, A_XMLNS, type TagParse } from './start-tag.ts';
import { decodeAttrValue } from './refs.ts';

/** The namespace bound to the `xml` prefix. */
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/**
 * In-scope namespace bindings of one element: prefix ('' = default namespace) → URI.
 * Immutable once built; elements without declarations share their parent's scope.
 */
export class NsScope {
  constructor(readonly map: ReadonlyMap<string, string>) {}

  /** URI bound to `prefix`, or undefined. The default namespace unset and `xmlns=""` both give ''. */
  get(prefix: string): string | undefined {
    if (prefix === 'xml') return XML_NS;
    const v = this.map.get(prefix);
    if (v === undefined && prefix === '') return '';
    return v;
  }

  /** The scope of an element declaring `decls` (prefix → URI) below this one. */
  child(decls: Map<string, string>): NsScope {
    const m = new Map(this.map);
    for (const [p, u] of decls) m.set(p, u);
    return new NsScope(m);
  }
}

/** The empty scope above the root element. */
export const EMPTY_SCOPE = new NsScope(new Map());

/** Namespace declarations made by the tag `t` (prefix → URI), validated. */
export function readNsDecls(b: Uint8Array, t: TagParse): Map<string, string> {
  const decls = new Map<string, string>();
  for (let k = 0; k < t.count; k++) {
    if ((t.aFlags[k] & A_XMLNS) === 0) continue;
    const ns = t.aNameStart[k];
    const ne = t.aNameEnd[k];
    const prefix = ne - ns === 5 ? '' : Buffer.from(b.buffer, b.byteOffset + ns + 6, ne - ns - 6).toString('utf8');
    const uri = decodeAttrValue(b, t.aValStart[k], t.aValEnd[k]);
    if (prefix === 'xmlns') throw new MarkupError("the 'xmlns' prefix must not be declared", ns);
    if (prefix === 'xml' && uri !== XML_NS) throw new MarkupError("the 'xml' prefix can only be bound to its own namespace", ns);
    if (prefix !== 'xml' && (uri === XML_NS || uri === XMLNS_NS)) throw new MarkupError('reserved namespace name bound to another prefix', ns);
    if (prefix !== '' && uri === '') throw new MarkupError(`empty namespace name for prefix '${prefix}'`, ns);
    if (decls.has(prefix)) throw new MarkupError(`duplicate namespace declaration for '${prefix}'`, ns);
    decls.set(prefix, uri);
  }
  return decls;
}

/** Local part and prefix of the qualified name bytes [s, e) with `:` at `colon` (-1: no prefix). */
export function splitQName(b: Uint8Array, s: number, e: number, colon: number): { prefix: string; local: string } {
  const str = (x: number, y: number) => Buffer.from(b.buffer, b.byteOffset + x, y - x).toString('utf8');
  if (colon === -1) return { prefix: '', local: str(s, e) };
  return { prefix: str(s, colon), local: str(colon + 1, e) };
}

/** Namespace URI of the element of tag `t` in `scope` ('' when none). */
export function elementUri(b: Uint8Array, t: TagParse, scope: NsScope): { uri: string; local: string; prefix: string } {
  const q = splitQName(b, t.nameStart, t.nameEnd, t.colon);
  const uri = scope.get(q.prefix);
  if (uri === undefined) throw new MarkupError(`namespace prefix '${q.prefix}' is not declared`, t.nameStart);
  return { uri, local: q.local, prefix: q.prefix };
}

/** The `xml:*` attributes (local name → value) of tag `t`, layered over the inherited ones. */
export function xmlAttrsOf(b: Uint8Array, t: TagParse, inherited: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  let m: Map<string, string> | null = null;
  for (let k = 0; k < t.count; k++) {
    const c = t.aColon[k];
    const s = t.aNameStart[k];
    if (c !== s + 3 || b[s] !== 0x78 || b[s + 1] !== 0x6d || b[s + 2] !== 0x6c || (t.aFlags[k] & A_XMLNS) !== 0) continue;
    m ??= new Map(inherited);
    m.set(Buffer.from(b.buffer, b.byteOffset + c + 1, t.aNameEnd[k] - c - 1).toString('utf8'), decodeAttrValue(b, t.aValStart[k], t.aValEnd[k]));
  }
  return m ?? inherited;
}
