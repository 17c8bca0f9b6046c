/** Minimal typing of the parts of SaxonJS 2.7 (saxon-js on npm) the schematron runner uses. */
declare module 'saxon-js' {
  /** An XDM node as SaxonJS exposes it (a DOM-like object). */
  export type XdmNode = object;
  export interface XPathOptions {
    params?: Record<string, unknown>;
    namespaceContext?: Record<string, string>;
    staticBaseURI?: string;
    resultForm?: 'default' | 'array' | 'iterator' | 'xdm';
  }
  export const XPath: { evaluate(expr: string, context: unknown, options?: XPathOptions): unknown };
  export function getResource(o: { file?: string; text?: string; location?: string; type: 'xml' | 'text' | 'json'; baseURI?: string }): Promise<XdmNode>;
  const SaxonJS: { XPath: typeof XPath; getResource: typeof getResource };
  export default SaxonJS;
}
