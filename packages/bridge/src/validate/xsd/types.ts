/**
 * Shapes of a compiled schema: element and attribute declarations, complex types with their
 * content automata, wildcards. Built by compile.ts, read by the streaming validator.
 */
import type { SimpleType } from './simple-type.ts';

/** processContents of a wildcard. */
export type Process = 'strict' | 'lax' | 'skip';

/** A namespace constraint with its processContents (xs:any / xs:anyAttribute). */
export interface Wildcard {
  /** `##any`. */
  any: boolean;
  /** `##other`: every namespace except these ('' = no namespace). */
  not?: string[];
  /** Explicit list (`##targetNamespace`, `##local` resolved). */
  list?: Set<string>;
  process: Process;
}

/** True when a namespace ('' = none) is allowed by a wildcard. */
export function wildcardAllows(w: Wildcard, ns: string): boolean {
  if (w.any) return true;
  if (w.not) return !w.not.includes(ns);
  return w.list!.has(ns);
}

/** An element declaration. */
export interface ElementDecl {
  ns: string;
  local: string;
  /** `{ns}local`. */
  key: string;
  type: ComplexType;
  nillable: boolean;
  abstract: boolean;
  fixed?: string;
  default?: string;
  /** Global declarations that may appear in its place (itself when not abstract, plus its substitution group, transitively). */
  members: ElementDecl[];
  /** Head of its substitution group (global declarations only). */
  head?: ElementDecl;
}

/** An attribute declaration. */
export interface AttrDecl {
  ns: string;
  local: string;
  key: string;
  type: SimpleType;
  fixed?: string;
}

/** An attribute use in a complex type. */
export interface AttrUse {
  decl: AttrDecl;
  required: boolean;
  fixed?: string;
}

/** One state's outgoing edges of a content automaton. */
export interface ModelState {
  /** Element key → target state and the declaration that applies. */
  next: Map<string, { to: number; decl: ElementDecl }>;
  wild: { w: Wildcard; to: number }[];
  final: boolean;
  /** Names allowed here, for messages. */
  expected: string[];
  /**
   * The streaming validator's one-entry memo (validator.ts): the element name as written and the
   * namespace scope it last resolved from this state, and the edge it took. A pure cache (the
   * edge follows from name and scope), so a schema shared by several validators stays correct.
   */
  memoQ: string;
  memoScope: object | null;
  memoE: { to: number; decl: ElementDecl } | null;
}

/**
 * A complex type (an element with a simple type gets a complex wrapper with simple content and no
 * attributes). `content`: empty | simple (text checked against `simple`) | element (only
 * whitespace text) | mixed.
 */
export interface ComplexType {
  kind: 'complex';
  id: number;
  name: string;
  attrs: Map<string, AttrUse>;
  required: AttrUse[];
  attrWildcard: Wildcard | null;
  content: 'empty' | 'simple' | 'element' | 'mixed';
  simple?: SimpleType;
  /** Content automaton (element and mixed content). */
  states?: ModelState[];
}

/** The result of {@link compileXsd}. */
export interface CompiledSchema {
  entry: string;
  /** Global element declarations by `{ns}local`. */
  elements: Map<string, ElementDecl>;
  /** Global attribute declarations by `{ns}local` (lax attribute wildcards). */
  attributes: Map<string, AttrDecl>;
  /** Schema files read. */
  files: string[];
}
