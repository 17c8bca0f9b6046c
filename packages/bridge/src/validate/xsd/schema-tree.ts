/**
 * A schema document as a small element tree, read with validate/xml-lexer.ts (no DOM library): the
 * XSD compiler reads only element names, attributes and the in-scope namespaces of GİB's schema
 * files, so each element keeps just those. Text (xs:documentation) and comments are dropped while
 * reading. The trees live only while a schema is compiled (validate/xsd/compile.ts).
 */
import { XmlLexer } from '../xml-lexer.ts';
import { XmlSyntaxError } from '../xml-wf.ts';
import { parseAttrs } from './namespaces.ts';

/** The XML namespace (the `xml` prefix). */
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** One element of a schema document: qualified name, expanded name, attributes, in-scope namespaces, child elements. */
export class SchemaElement {
  /** Child elements in document order (text and comments are not kept). */
  readonly children: SchemaElement[] = [];

  constructor(
    /** The name as written (`xs:element`). */
    readonly tagName: string,
    /** Namespace URI of the name; null when it has none. */
    readonly namespaceURI: string | null,
    readonly localName: string,
    private readonly attrs: ReadonlyMap<string, string>,
    /** In-scope namespace bindings by prefix ('' = default); shared with the parent when the element declares none. */
    private readonly ns: ReadonlyMap<string, string>,
  ) {}

  /** Normalized, decoded value of the attribute written as `name`; null when absent. */
  getAttribute(name: string): string | null {
    return this.attrs.get(name) ?? null;
  }

  hasAttribute(name: string): boolean {
    return this.attrs.has(name);
  }

  /** URI bound to `prefix` here (null or '' = the default namespace); null when unbound or bound to ''. */
  lookupNamespaceURI(prefix: string | null): string | null {
    const u = this.ns.get(prefix ?? '');
    return u === undefined || u === '' ? null : u;
  }
}

/**
 * Reads `text` (a whole schema document) into a tree and returns its root element.
 * @throws XmlSyntaxError when it is not well-formed or has a DOCTYPE; Error naming an unbound prefix
 */
export function parseSchemaTree(text: string): SchemaElement {
  const stack: SchemaElement[] = [];
  const scopes: ReadonlyMap<string, string>[] = [new Map([['xml', XML_NS]])];
  let root: SchemaElement | null = null;
  let selfClosed = false;
  const lexer = new XmlLexer({
    start(qname, raw, selfClosing, line) {
      const p = parseAttrs(raw, line);
      let ns = scopes[scopes.length - 1];
      if (p.decls.length) {
        const m = new Map(ns);
        for (const [prefix, uri] of p.decls) m.set(prefix, uri);
        ns = m;
      }
      const c = qname.indexOf(':');
      const prefix = c < 0 ? '' : qname.slice(0, c);
      const uri = ns.get(prefix);
      if (uri === undefined && prefix !== '') throw new XmlSyntaxError(`tanımsız önek '${prefix}' (unbound prefix)`, line);
      const attrs = new Map<string, string>();
      for (const a of p.attrs) attrs.set(a.qname, a.value);
      const el = new SchemaElement(qname, uri ? uri : null, c < 0 ? qname : qname.slice(c + 1), attrs, ns);
      if (stack.length) stack[stack.length - 1].children.push(el);
      else root = el;
      if (selfClosing) selfClosed = true;
      else {
        stack.push(el);
        scopes.push(ns);
      }
    },
    end() {
      // The lexer reports a self-closing tag's end right after its start: that element was never pushed.
      if (selfClosed) selfClosed = false;
      else {
        stack.pop();
        scopes.pop();
      }
    },
    text() {},
  });
  lexer.push(text, true);
  lexer.end();
  return root!;
}
