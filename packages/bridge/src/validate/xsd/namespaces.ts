/**
 * Namespace scopes of the streaming XSD validator and the parse of a start tag's raw attribute
 * text (as validate/xml-lexer.ts reports it). A scope changes only where an element declares
 * `xmlns`/`xmlns:p`; each scope caches the expanded names of the tag names seen in it, so the
 * usual e-Defter file (all declarations on the first two elements) resolves each name once.
 */
import { decodeEntities } from '../xml-wf.ts';

/** The XML namespace (the `xml` prefix). */
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
/** The XML Schema instance namespace (xsi:nil, xsi:type, xsi:schemaLocation). */
export const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** One attribute as written: qualified name and normalized, decoded value. */
interface RawAttr {
  qname: string;
  value: string;
}

/** A start tag's attributes, xmlns declarations apart. */
export interface ParsedAttrs {
  attrs: RawAttr[];
  decls: [string, string][];
}

const ATTR_RE = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * Parses raw attribute text. Values get XML attribute-value normalization (literal tab, CR, LF →
 * space; CRLF first becomes one LF) before references are decoded, so `&#10;` stays a newline.
 */
export function parseAttrs(raw: string, line: number): ParsedAttrs {
  const out: ParsedAttrs = { attrs: [], decls: [] };
  if (!raw) return out;
  ATTR_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ATTR_RE.exec(raw))) {
    let v = m[2] ?? m[3] ?? '';
    if (/[\t\n\r]/.test(v)) v = v.replace(/\r\n?/g, '\n').replace(/[\t\n]/g, ' ');
    v = decodeEntities(v, line);
    const q = m[1];
    if (q === 'xmlns') out.decls.push(['', v]);
    else if (q.startsWith('xmlns:')) out.decls.push([q.slice(6), v]);
    else out.attrs.push({ qname: q, value: v });
  }
  return out;
}

/** The in-scope namespace bindings at one element. */
export class Scope {
  /** Expanded `{ns}local` keys of element names seen in this scope. */
  readonly elementKeys = new Map<string, string>();
  /** Results of attribute checks per type id and raw attribute text, for this scope. */
  readonly attrChecks = new Map<number, Map<string, unknown>>();
  private readonly map: Map<string, string>;

  constructor(parent: Scope | null, decls: [string, string][]) {
    this.map = parent ? new Map(parent.map) : new Map([['xml', XML_NS]]);
    for (const [p, u] of decls) this.map.set(p, u);
  }

  /** URI bound to a prefix ('' = default namespace); undefined when unbound ('' default stays no namespace). */
  uri(prefix: string): string | undefined {
    return this.map.get(prefix);
  }

  /** True when `prefix` is bound (QName values). */
  readonly has = (prefix: string): boolean => {
    const u = this.map.get(prefix);
    return u !== undefined && u !== '';
  };

  /** `{ns}local` of an element name as written; null when its prefix is unbound. */
  elementKey(qname: string): string | null {
    let k = this.elementKeys.get(qname);
    if (k !== undefined) return k;
    const i = qname.indexOf(':');
    const ns = i < 0 ? (this.map.get('') ?? '') : this.map.get(qname.slice(0, i));
    if (ns === undefined) return null;
    // Internalized (a property key): the automaton's keys are too, so its Map lookup matches by pointer.
    k = Object.keys({ [`{${ns}}${i < 0 ? qname : qname.slice(i + 1)}`]: 0 })[0];
    if (this.elementKeys.size < 4096) this.elementKeys.set(Object.keys({ [qname]: 0 })[0], k);
    return k;
  }

  /** [ns, local] of an attribute name as written (no prefix = no namespace); null when unbound. */
  attrName(qname: string): [string, string] | null {
    const i = qname.indexOf(':');
    if (i < 0) return ['', qname];
    const ns = this.map.get(qname.slice(0, i));
    return ns === undefined ? null : [ns, qname.slice(i + 1)];
  }
}
