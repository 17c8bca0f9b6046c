/**
 * The small node tree the rule engine evaluates XPath on (XDM subset): a document node, elements
 * with their expanded names, attributes (parsed from the lexer's raw attribute text on first use)
 * and text. Text children are plain JS strings inside `children` (no objects for the many short
 * texts); {@link TextNode} wraps one only when an expression selects text nodes.
 *
 * Names: an element's `key` is its expanded name `uri + ' ' + local` (prefixes resolved through the
 * in-scope `xmlns` declarations), so a name test matches by namespace, never by prefix.
 */
import { attrValue } from '../xml-lexer.ts';
import { decodeEntities } from '../xml-wf.ts';

const KEYS = new Map<string, string>();

/**
 * Expanded-name key of `{uri}local`: `uri + ' ' + local`, interned (up to 64 Ki distinct names) so
 * that equal keys are one string and `===` between keys compares pointers, not the long shared URI.
 */
export function nameKey(uri: string, local: string): string {
  const k = `${uri} ${local}`;
  let v = KEYS.get(k);
  if (v === undefined) {
    // a property name is an internalized string in V8
    v = Object.keys({ [k]: 0 })[0];
    if (KEYS.size < 65536) KEYS.set(v, v);
  }
  return v;
}

/**
 * One place (an element, in document order) of a unit shape (validate/unit-record.ts), shared by the elements at that
 * place in every unit of the shape: what the tree builder decided for the first of them (name key, scope, the runner's
 * rule-plan node), valid for another when its parent's scope and plan node are the same, and the index of their
 * children by name ({@link XElem.childPositions}).
 */
export class ShapePlace {
  pos: Map<string, number[]> | null = null;
  /** The runner's: per probe feed, whether the elements here have the child the feed needs (null until known). */
  feeds: Uint8Array | null = null;
  /** The fast XPath paths' (xpath-fast.ts): what each plain path selects from the elements here, by path number. */
  paths: unknown[] | null = null;
  /** The runner's: by assert index, 1 when the assert's structural test (CAssert.structural) held here. */
  held: Uint8Array | null = null;
  /** The runner's: every rule that could match here is gated out by the attribute text the elements here have (CRule.gate). */
  quiet = false;
  constructor(
    readonly key: string,
    readonly ns: NsScope,
    readonly tn: unknown,
    readonly parentNs: NsScope,
    readonly parentTn: unknown,
  ) {}
}

const NO_POSITIONS: readonly number[] = [];

/** An attribute node. */
export class XAttr {
  constructor(
    readonly parent: XElem,
    readonly key: string,
    readonly qname: string,
    readonly value: string,
  ) {}
  get kind(): 2 {
    return 2;
  }
}

/** A text node selected by `text()` / `node()` (created on demand). */
export class TextNode {
  constructor(
    readonly parent: XElem,
    readonly value: string,
    readonly pos: number,
  ) {}
  get kind(): 3 {
    return 3;
  }
}

/** The document node. */
export class XDoc {
  readonly children: XElem[] = [];
  /** Document order index (0). */
  readonly idx = 0;
  end = 0;
  /** Number of units (gl-cor:entryHeader subtrees) dropped below this node. */
  dropped = 0;
  /** Number of streamed children dropped directly from this node (their preceding-sibling traces). */
  droppedKids = 0;
  constructor(readonly uri: string) {}
  get kind(): 9 {
    return 9;
  }
  get parent(): null {
    return null;
  }
}

/** An element. */
export class XElem {
  /** Children: elements and text (strings). */
  readonly children: (XElem | string)[] = [];
  /** Index of the last node of this subtree (set at the end tag). */
  end = 0;
  /** Number of streamed subtrees (maddeler, Kebir lines) dropped from below this node (see the runner). */
  dropped = 0;
  /** Number of streamed children dropped directly from this node (so preceding-sibling tests still see them). */
  droppedKids = 0;
  /** Ordinal among preceding same-name siblings + 1 (kept for units, whose siblings are dropped). */
  nth = 0;
  /** The runner's rule-plan trie node for this element's path (opaque here). */
  tn: unknown = null;
  /** Index of this element in its parent's `children` (set by the builder). */
  pos = -1;
  /** Its place in a unit shape, shared with the elements at the same place of the shape's other units (the runner's). */
  sh: ShapePlace | null = null;
  private parsed: XAttr[] | null = null;
  constructor(
    /** Its parent; a unit program's template (unit-program.ts) takes the parent of each unit it is refilled with. */
    public parent: XElem | XDoc,
    readonly key: string,
    readonly qname: string,
    readonly rawAttrs: string,
    readonly ns: NsScope,
    /** Document-order index (pre-order over elements and text); a unit program's template is renumbered per unit. */
    public idx: number,
    public line: number,
    public column: number,
  ) {}
  get kind(): 1 {
    return 1;
  }
  /** Local part of the name. */
  get local(): string {
    const c = this.qname.indexOf(':');
    return c < 0 ? this.qname : this.qname.slice(c + 1);
  }

  /** Attributes (namespace declarations excluded), parsed once. */
  attrs(): XAttr[] {
    if (this.parsed) return this.parsed;
    const out: XAttr[] = [];
    const re = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(this.rawAttrs))) {
      const q = m[1];
      if (q === 'xmlns' || q.startsWith('xmlns:')) continue;
      const c = q.indexOf(':');
      const uri = c < 0 ? '' : q.startsWith('xml:') ? 'http://www.w3.org/XML/1998/namespace' : (this.ns.lookup(q.slice(0, c)) ?? '');
      out.push(new XAttr(this, nameKey(uri, c < 0 ? q : q.slice(c + 1)), q, decodeEntities(m[2] ?? m[3] ?? '').replace(/[\t\n\r]/g, ' ')));
    }
    this.parsed = out;
    return out;
  }

  private byPos: Map<string, number[]> | null = null;

  /**
   * Positions in `children` of the element children with expanded name `key`, in document order; the array is shared
   * (callers must not modify it). An ended element indexes its children once, or reads the index of its shape place
   * ({@link sh}: every element there has the same children, and the first one ended made the index).
   */
  childPositions(key: string): readonly number[] {
    const ch = this.children;
    const sh = this.sh;
    if (this.end > 0 && (sh !== null || ch.length > 4)) {
      let m = sh !== null ? sh.pos : this.byPos;
      if (m === null) {
        m = new Map();
        for (let i = 0; i < ch.length; i++) {
          const x = ch[i];
          if (typeof x === 'string') continue;
          const l = m.get(x.key);
          if (l) l.push(i);
          else m.set(x.key, [i]);
        }
        if (sh !== null) sh.pos = m;
        else this.byPos = m;
      }
      return m.get(key) ?? NO_POSITIONS;
    }
    let out: number[] | null = null;
    for (let i = 0; i < ch.length; i++) {
      const x = ch[i];
      if (typeof x !== 'string' && x.key === key) (out ??= []).push(i);
    }
    return out ?? NO_POSITIONS;
  }

  /**
   * Element children with expanded name `key`, in document order: the generic XPath step's (a new array, or a shared
   * empty one; callers must not modify it). The fast paths walk {@link childPositions} without an array.
   */
  childrenByKey(key: string): XElem[] {
    const at = this.childPositions(key);
    if (at.length === 0) return NONE;
    const ch = this.children;
    const out = new Array<XElem>(at.length);
    for (let i = 0; i < at.length; i++) out[i] = ch[at[i]] as XElem;
    return out;
  }

  /** Fast attribute lookup for an unprefixed name (undefined when absent). */
  plainAttr(local: string): string | undefined {
    if (this.rawAttrs.indexOf(local) < 0) return undefined;
    const v = attrValue(this.rawAttrs, local);
    return v === undefined ? undefined : v.replace(/[\t\n\r]/g, ' ');
  }
}

const NONE: XElem[] = [];
Object.freeze(NONE);

/** A node of the tree. */
export type XNode = XElem | XDoc | XAttr | TextNode;

/** True for node items (as opposed to atomic values). */
export function isNode(x: unknown): x is XNode {
  return x instanceof XElem || x instanceof XAttr || x instanceof TextNode || x instanceof XDoc;
}

/** String value of a node (concatenated descendant text for elements and the document). */
export function stringValue(n: XNode): string {
  if (n instanceof XElem) {
    const c = n.children;
    if (c.length === 1 && typeof c[0] === 'string') return c[0];
    if (c.length === 0) return '';
    let s = '';
    for (const x of c) s += typeof x === 'string' ? x : stringValue(x);
    return s;
  }
  if (n instanceof XAttr) return n.value;
  if (n instanceof TextNode) return n.value;
  let s = '';
  for (const x of n.children) s += stringValue(x);
  return s;
}

/** Namespace scope: prefix → URI, chained to the parent scope. */
export class NsScope {
  private cache = new Map<string, string>();
  constructor(
    readonly parent: NsScope | null,
    readonly decls: Map<string, string>,
  ) {}
  lookup(prefix: string): string | undefined {
    for (let s: NsScope | null = this; s; s = s.parent) {
      const u = s.decls.get(prefix);
      if (u !== undefined) return u;
    }
    return prefix === 'xml' ? 'http://www.w3.org/XML/1998/namespace' : prefix === '' ? '' : undefined;
  }
  /** Expanded-name key of an element QName in this scope (cached per QName). */
  elementKey(qname: string): string {
    let k = this.cache.get(qname);
    if (k === undefined) {
      const c = qname.indexOf(':');
      const pfx = c < 0 ? '' : qname.slice(0, c);
      const uri = this.lookup(pfx);
      k = nameKey(uri ?? `urn:unbound-prefix:${pfx}`, c < 0 ? qname : qname.slice(c + 1));
      this.cache.set(qname, k);
    }
    return k;
  }
}
