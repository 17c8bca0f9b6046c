/**
 * A minimal element builder for the signature parts we generate ourselves (never for documents).
 * Output uses `"` quotes, escapes text and attribute values the C14N way, writes empty elements as
 * start/end pairs and adds no whitespace, so it is already close to canonical form.
 */

/** An element: qualified name, attributes in output order, children (strings are text). */
export interface XmlNode {
  name: string;
  attrs?: [string, string][];
  children?: (XmlNode | string)[];
}

/** Escapes character data (C14N 1.0 §5.2 text rules). */
function escapeText(s: string): string {
  return s.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#xD;'));
}

/** Escapes an attribute value (C14N 1.0 §5.2 attribute rules). */
function escapeAttr(s: string): string {
  return s.replace(/[&<"\t\n\r]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '"' ? '&quot;' : c === '\t' ? '&#x9;' : c === '\n' ? '&#xA;' : '&#xD;',
  );
}

/** Shorthand constructor. */
export function el(name: string, attrs: [string, string][] = [], ...children: (XmlNode | string | undefined | false)[]): XmlNode {
  return { name, attrs, children: children.filter((c): c is XmlNode | string => c !== undefined && c !== false) };
}

/** Serializes `node`. */
export function serialize(node: XmlNode): string {
  let s = '<' + node.name;
  for (const [k, v] of node.attrs ?? []) s += ` ${k}="${escapeAttr(v)}"`;
  s += '>';
  for (const c of node.children ?? []) s += typeof c === 'string' ? escapeText(c) : serialize(c);
  return s + '</' + node.name + '>';
}
