/**
 * Loads GİB's XSD files (the entry schema and everything it imports or includes) from the
 * configured GİB package into per-namespace tables of raw `xs:*` DOM elements, for
 * {@link compileXsd}. Schema files are small (≤ 200 KB), so a DOM is fine here; the instance
 * documents are never parsed this way.
 *
 * Imports of `http://www.xbrl.org/2003/...` (gl-cor-content imports the XBRL instance schema by
 * URL) resolve to the same file name in the package's xsd folder, like the XML catalog that
 * xmllint was given: nothing is ever fetched. A namespace already imported is not imported again
 * (libxml2 does the same and warns).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EdefterError } from '@edefter/protocol';
import { fail } from '@edefter/protocol/catalog';
import { XmlSyntaxError } from '../xml-wf.ts';
import { parseSchemaTree, type SchemaElement } from './schema-tree.ts';

/** The XML Schema namespace. */
export const XS = 'http://www.w3.org/2001/XMLSchema';

/** One raw top-level component with the schema document it came from. */
export interface RawComponent {
  el: SchemaElement;
  doc: SchemaDoc;
}

/** One loaded schema document. */
export interface SchemaDoc {
  file: string;
  targetNs: string;
  elementQualified: boolean;
  attributeQualified: boolean;
}

/** Raw components of all loaded schema documents, keyed by `{ns}local`. */
export interface RawSchemaSet {
  elements: Map<string, RawComponent>;
  types: Map<string, RawComponent>;
  attributes: Map<string, RawComponent>;
  attributeGroups: Map<string, RawComponent>;
  groups: Map<string, RawComponent>;
  files: string[];
}

/** `{ns}local` key of an expanded name. */
export function qkey(ns: string, local: string): string {
  return `{${ns}}${local}`;
}

/** Compile-time error: a schema this validator cannot read or a construct it does not support. */
export function schemaError(file: string, tr: string, en: string): EdefterError {
  return fail('validate.xsdCompile', { file, name: path.basename(file), reason: { tr, en } });
}

/** Child elements of `el` in the XML Schema namespace (annotations left out). */
export function xsKids(el: SchemaElement): SchemaElement[] {
  const out: SchemaElement[] = [];
  for (const e of el.children) {
    if (e.namespaceURI !== XS) throw schemaError('', `xs dışı eleman <${e.tagName}>`, `non-xs element <${e.tagName}>`);
    if (e.localName !== 'annotation') out.push(e);
  }
  return out;
}

/** Resolves a QName attribute value (`p:local`) with the in-scope namespaces of `el`. */
export function resolveQName(el: SchemaElement, value: string, file: string): [string, string] {
  const v = value.trim();
  const i = v.indexOf(':');
  const prefix = i < 0 ? null : v.slice(0, i);
  const ns = el.lookupNamespaceURI(prefix ?? '') ?? (prefix === null ? el.lookupNamespaceURI(null) : null);
  if (ns === null && prefix !== null) throw schemaError(file, `tanımsız önek '${prefix}' (${v})`, `undeclared prefix '${prefix}' (${v})`);
  return [ns ?? '', i < 0 ? v : v.slice(i + 1)];
}

function parseSchemaFile(file: string): SchemaElement {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw schemaError(file, `dosya okunamadı: ${(e as Error).message}`, `cannot read the file: ${(e as Error).message}`);
  }
  if (/<!DOCTYPE/i.test(text)) throw schemaError(file, 'DOCTYPE içeren şema reddedilir', 'a schema with a DOCTYPE is refused');
  let root: SchemaElement;
  try {
    root = parseSchemaTree(text);
  } catch (e) {
    if (e instanceof XmlSyntaxError) throw schemaError(file, `XML hatalı: ${e.message}`, `not well-formed: ${e.message}`);
    throw e;
  }
  if (!root || root.namespaceURI !== XS || root.localName !== 'schema') throw schemaError(file, 'kök xs:schema değil', 'the root is not xs:schema');
  return root;
}

/** Maps a schemaLocation to a local file: relative to the including file, or xbrl.org URLs to the package's xsd folder. */
function locate(from: string, loc: string, xsdDir: string): string {
  const m = /^https?:\/\/www\.xbrl\.org\/2003\/(.+)$/.exec(loc);
  if (m) return path.join(xsdDir, m[1]);
  if (/^[a-z]+:/i.test(loc)) throw schemaError(from, `uzak şema adresi desteklenmiyor: ${loc}`, `remote schema location not supported: ${loc}`);
  return path.resolve(path.dirname(from), loc);
}

/**
 * Reads the entry schema and, transitively, its xs:import and xs:include targets.
 * @param entry path of the entry schema (e.g. `<pkg>/xsd/edefter.xsd`)
 * @param xsdDir the package's xsd folder (target of xbrl.org URLs)
 * @throws EdefterError(INTERNAL) when a file is missing, not well-formed, or uses xs:redefine
 */
export function loadSchemaSet(entry: string, xsdDir: string): RawSchemaSet {
  const set: RawSchemaSet = { elements: new Map(), types: new Map(), attributes: new Map(), attributeGroups: new Map(), groups: new Map(), files: [] };
  const seenFiles = new Set<string>();
  const importedNs = new Set<string>();
  const load = (file: string, chameleonNs?: string): void => {
    const key = `${file}\u0000${chameleonNs ?? ''}`;
    if (seenFiles.has(key)) return;
    seenFiles.add(key);
    set.files.push(file);
    const root = parseSchemaFile(file);
    const targetNs = root.getAttribute('targetNamespace') ?? chameleonNs ?? '';
    if (chameleonNs !== undefined && root.hasAttribute('targetNamespace') && targetNs !== chameleonNs) {
      throw schemaError(file, `xs:include hedef ad alanı farklı (${targetNs})`, `xs:include with a different target namespace (${targetNs})`);
    }
    importedNs.add(targetNs);
    const doc: SchemaDoc = {
      file,
      targetNs,
      elementQualified: root.getAttribute('elementFormDefault') === 'qualified',
      attributeQualified: root.getAttribute('attributeFormDefault') === 'qualified',
    };
    for (const el of xsKids(root)) {
      const name = el.getAttribute('name') ?? '';
      const k = qkey(targetNs, name);
      switch (el.localName) {
        case 'import': {
          const ns = el.getAttribute('namespace') ?? '';
          const loc = el.getAttribute('schemaLocation');
          if (importedNs.has(ns) || !loc) break;
          load(locate(file, loc, xsdDir));
          break;
        }
        case 'include':
          load(locate(file, el.getAttribute('schemaLocation') ?? '', xsdDir), targetNs);
          break;
        case 'element':
          set.elements.set(k, { el, doc });
          break;
        case 'complexType':
        case 'simpleType':
          set.types.set(k, { el, doc });
          break;
        case 'attribute':
          set.attributes.set(k, { el, doc });
          break;
        case 'attributeGroup':
          set.attributeGroups.set(k, { el, doc });
          break;
        case 'group':
          set.groups.set(k, { el, doc });
          break;
        case 'notation':
          break;
        default:
          throw schemaError(file, `desteklenmeyen üst düzey yapı xs:${el.localName}`, `unsupported top-level construct xs:${el.localName}`);
      }
    }
  };
  load(path.resolve(entry));
  return set;
}
