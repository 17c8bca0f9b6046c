/**
 * Compiles GİB's XSD set (read at run time from the configured GİB package, never copied into the
 * repository) into the shapes of types.ts: global and local element declarations, substitution
 * groups (abstract heads such as xbrli:item / xbrli:tuple), complex types by extension or
 * restriction with sequence/choice content, attribute groups and wildcards, simple types with
 * facets, unions and lists. Constructs outside this subset (xs:all, xs:redefine, identity
 * constraints' semantics aside, date range facets…) fail at compile time with their name.
 *
 * Identity constraints (xs:key/keyref/unique) are not enforced; GİB's schemas declare none.
 */
import path from 'node:path';
import { BUILTINS, normalizeWs } from './builtins.ts';
import { buildAutomaton, type Particle } from './content-model.ts';
import type { SchemaElement as Element } from './schema-tree.ts';
import { loadSchemaSet, qkey, resolveQName, schemaError, XS, xsKids, type RawComponent, type RawSchemaSet, type SchemaDoc } from './schema-load.ts';
import { builtinType, flat, type Facets, type SimpleType } from './simple-type.ts';
import type { AttrDecl, AttrUse, CompiledSchema, ComplexType, ElementDecl, ModelState, Process, Wildcard } from './types.ts';
import { xsdRegex } from './xsd-regex.ts';

/** Options of {@link compileXsd}. */
export interface CompileOptions {
  /**
   * How an xs:choice with no particles reads. XSD (and libxml2) make it unsatisfiable ('none',
   * the default); GİB's `edefter_unsigned.xsd` uses it for "no signature yet", so drafts compile
   * it as empty ('eps').
   */
  emptyChoice?: 'none' | 'eps';
}

/** Well-known prefixes for messages. */
const PREFIX: Record<string, string> = {
  'http://www.edefter.gov.tr': 'edefter',
  'http://www.xbrl.org/2003/instance': 'xbrli',
  'http://www.xbrl.org/2003/linkbase': 'link',
  'http://www.w3.org/1999/xlink': 'xlink',
  'http://www.xbrl.org/int/gl/cor/2006-10-25': 'gl-cor',
  'http://www.xbrl.org/int/gl/bus/2006-10-25': 'gl-bus',
  'http://www.xbrl.org/int/gl/muc/2006-10-25': 'gl-muc',
  'http://www.w3.org/2000/09/xmldsig#': 'ds',
  'http://uri.etsi.org/01903/v1.3.2#': 'xades',
  'http://uri.etsi.org/01903/v1.4.1#': 'xades141',
  'http://www.edefter.gov.tr/ek': 'defterek',
};

/** `prefix:local` for messages (well-known prefixes; `{ns}local` otherwise, bare local for no namespace). */
export function displayName(ns: string, local: string): string {
  if (!ns) return local;
  const p = PREFIX[ns];
  return p ? `${p}:${local}` : `{${ns}}${local}`;
}

type P = Particle<ElementDecl, Wildcard>;

/** Compiler state for one schema set. */
class Compiler {
  private readonly elements = new Map<string, ElementDecl>();
  private readonly attributes = new Map<string, AttrDecl>();
  private readonly types = new Map<string, ComplexType | SimpleType>();
  private readonly wrappers = new Map<SimpleType, ComplexType>();
  private readonly pending: { type: ComplexType; particle: P | null }[] = [];
  private nextId = 1;
  private anyTypeDef: ComplexType | null = null;

  constructor(
    private readonly raw: RawSchemaSet,
    private readonly o: CompileOptions,
  ) {}

  run(entry: string): CompiledSchema {
    for (const k of this.raw.elements.keys()) this.globalElement(k);
    for (const k of this.raw.attributes.keys()) this.globalAttribute(k);
    for (const k of this.raw.types.keys()) this.namedType(k);
    // Substitution groups, transitively: each head lists every non-abstract member below it.
    for (const d of this.elements.values()) {
      for (let h = d.head, guard = 0; h; h = h.head, guard++) {
        if (guard > 50) throw schemaError(entry, `döngüsel substitutionGroup: ${d.key}`, `circular substitutionGroup: ${d.key}`);
        if (!d.abstract) h.members.push(d);
      }
    }
    for (const { type, particle } of this.pending) type.states = this.automaton(type, particle);
    return { entry, elements: this.elements, attributes: this.attributes, files: this.raw.files };
  }

  private fail(doc: SchemaDoc | null, tr: string, en: string): never {
    throw schemaError(doc?.file ?? '', tr, en);
  }

  private qname(el: Element, attr: string, doc: SchemaDoc): [string, string] {
    return resolveQName(el, el.getAttribute(attr) ?? '', doc.file);
  }

  /** The anyType: mixed, any element (lax), any attribute (lax). */
  anyType(): ComplexType {
    if (!this.anyTypeDef) {
      const w: Wildcard = { any: true, process: 'lax' };
      const t: ComplexType = { kind: 'complex', id: this.nextId++, name: 'xs:anyType', attrs: new Map(), required: [], attrWildcard: w, content: 'mixed' };
      this.anyTypeDef = t;
      this.pending.push({ type: t, particle: { term: { t: 'any', w }, min: 0, max: Infinity } });
    }
    return this.anyTypeDef;
  }

  // ---------------------------------------------------------------- elements

  globalElement(k: string): ElementDecl {
    const have = this.elements.get(k);
    if (have) return have;
    const rc = this.raw.elements.get(k);
    if (!rc) this.fail(null, `tanımsız eleman ${k}`, `undeclared element ${k}`);
    const d = this.declare(rc.el, rc.doc, rc.doc.targetNs);
    this.elements.set(k, d);
    const sg = rc.el.getAttribute('substitutionGroup');
    if (sg) d.head = this.globalElement(qkey(...this.qname(rc.el, 'substitutionGroup', rc.doc)));
    this.fillElement(d, rc.el, rc.doc);
    return d;
  }

  private declare(el: Element, doc: SchemaDoc, ns: string): ElementDecl {
    const local = el.getAttribute('name') ?? '';
    const d: ElementDecl = {
      ns,
      local,
      key: qkey(ns, local),
      type: null as unknown as ComplexType,
      nillable: el.getAttribute('nillable') === 'true',
      abstract: el.getAttribute('abstract') === 'true',
      members: [],
    };
    if (el.hasAttribute('fixed')) d.fixed = el.getAttribute('fixed')!;
    if (el.hasAttribute('default')) d.default = el.getAttribute('default')!;
    if (!d.abstract) d.members.push(d);
    for (const c of xsKids(el)) {
      if (c.localName === 'key' || c.localName === 'keyref' || c.localName === 'unique') {
        this.fail(doc, `kimlik kısıtı xs:${c.localName} desteklenmiyor`, `identity constraint xs:${c.localName} not supported`);
      }
    }
    return d;
  }

  private fillElement(d: ElementDecl, el: Element, doc: SchemaDoc): void {
    const inline = xsKids(el).find((c) => c.localName === 'complexType' || c.localName === 'simpleType');
    if (el.hasAttribute('type')) d.type = this.asComplex(this.typeRef(el, 'type', doc));
    else if (inline)
      d.type = this.asComplex(
        inline.localName === 'complexType'
          ? this.complexType(inline, doc, `${displayName(d.ns, d.local)} anonim türü`)
          : this.simpleType(inline, doc, `${displayName(d.ns, d.local)} anonim türü`),
      );
    else if (d.head) {
      if (!d.head.type) this.fail(doc, `substitutionGroup başı ${d.head.key} henüz derlenmedi`, `substitutionGroup head ${d.head.key} not compiled yet`);
      d.type = d.head.type;
    } else d.type = this.anyType();
  }

  private localElement(el: Element, doc: SchemaDoc): ElementDecl {
    if (el.hasAttribute('ref')) return this.globalElement(qkey(...this.qname(el, 'ref', doc)));
    const form = el.getAttribute('form');
    const qualified = form ? form === 'qualified' : doc.elementQualified;
    const d = this.declare(el, doc, qualified ? doc.targetNs : '');
    this.fillElement(d, el, doc);
    return d;
  }

  // ---------------------------------------------------------------- types

  private typeRef(el: Element, attr: string, doc: SchemaDoc): ComplexType | SimpleType {
    const [ns, local] = this.qname(el, attr, doc);
    return this.typeByName(ns, local, doc);
  }

  private typeByName(ns: string, local: string, doc: SchemaDoc): ComplexType | SimpleType {
    if (ns === XS) {
      if (local === 'anyType') return this.anyType();
      const b = builtinType(local);
      if (!b) this.fail(doc, `bilinmeyen yerleşik tür xs:${local}`, `unknown built-in type xs:${local}`);
      return b;
    }
    return this.namedType(qkey(ns, local));
  }

  private namedType(k: string): ComplexType | SimpleType {
    const have = this.types.get(k);
    if (have) return have;
    const rc: RawComponent | undefined = this.raw.types.get(k);
    if (!rc) this.fail(null, `tanımsız tür ${k}`, `undefined type ${k}`);
    const name = displayName(rc.doc.targetNs, rc.el.getAttribute('name') ?? '');
    return rc.el.localName === 'complexType' ? this.complexType(rc.el, rc.doc, name, k) : this.simpleType(rc.el, rc.doc, name, k);
  }

  private asComplex(t: ComplexType | SimpleType): ComplexType {
    if (t.kind === 'complex') return t;
    let w = this.wrappers.get(t);
    if (!w) {
      w = { kind: 'complex', id: this.nextId++, name: t.name, attrs: new Map(), required: [], attrWildcard: null, content: 'simple', simple: t };
      this.wrappers.set(t, w);
    }
    return w;
  }

  private complexType(el: Element, doc: SchemaDoc, name: string, key?: string): ComplexType {
    const t: ComplexType = { kind: 'complex', id: this.nextId++, name, attrs: new Map(), required: [], attrWildcard: null, content: 'empty' };
    if (key) this.types.set(key, t);
    let mixed = el.getAttribute('mixed') === 'true';
    let particle: P | null = null;
    const kids = xsKids(el);
    const content = kids.find((c) => c.localName === 'simpleContent' || c.localName === 'complexContent');
    if (content) {
      const der = xsKids(content)[0];
      if (!der || (der.localName !== 'extension' && der.localName !== 'restriction'))
        this.fail(doc, `${name}: ${content.localName} içinde extension/restriction yok`, `${name}: no extension/restriction in ${content.localName}`);
      const base = this.typeRef(der, 'base', doc);
      const own = this.attributeUses(xsKids(der), doc, name);
      if (content.localName === 'simpleContent') {
        const baseSimple = base.kind === 'simple' ? base : base.simple;
        if (!baseSimple)
          this.fail(doc, `${name}: simpleContent tabanı ${base.name} basit içerikli değil`, `${name}: simpleContent base ${base.name} has no simple content`);
        t.content = 'simple';
        t.simple = der.localName === 'restriction' ? this.restrictSimple(baseSimple, der, doc, name) : baseSimple;
        this.mergeAttrs(t, base.kind === 'complex' ? base : null, own, der.localName === 'extension', doc);
      } else {
        if (base.kind !== 'complex')
          this.fail(doc, `${name}: complexContent tabanı basit tür ${base.name}`, `${name}: complexContent base is the simple type ${base.name}`);
        if (content.getAttribute('mixed') !== null && content.hasAttribute('mixed')) mixed = content.getAttribute('mixed') === 'true';
        const mine = this.particleOf(xsKids(der), doc, name);
        if (der.localName === 'extension') {
          const baseParticle = this.particleOfType(base);
          particle = baseParticle && mine ? { term: { t: 'seq', items: [baseParticle, mine] }, min: 1, max: 1 } : (baseParticle ?? mine);
          if (base.content === 'mixed') mixed = true;
        } else particle = mine;
        this.mergeAttrs(t, base, own, der.localName === 'extension', doc);
      }
    } else {
      particle = this.particleOf(kids, doc, name);
      this.mergeAttrs(t, null, this.attributeUses(kids, doc, name), true, doc);
    }
    if (t.content !== 'simple') {
      t.content = mixed ? 'mixed' : particle ? 'element' : 'empty';
      this.particles.set(t, particle);
      if (particle || mixed) this.pending.push({ type: t, particle });
    }
    return t;
  }

  private readonly particles = new Map<ComplexType, P | null>();

  /** The particle a complex type's content came from (for extension). */
  private particleOfType(t: ComplexType): P | null {
    if (t === this.anyTypeDef) return { term: { t: 'any', w: t.attrWildcard! }, min: 0, max: Infinity };
    const p = this.particles.get(t);
    if (p === undefined && t.content !== 'empty')
      this.fail(null, `${t.name}: tür kendi tanımı bitmeden genişletildi`, `${t.name}: type extended before its definition ends`);
    return p ?? null;
  }

  /** The content particle among a complex type's or derivation's children (null = none). */
  private particleOf(kids: Element[], doc: SchemaDoc, where: string): P | null {
    const c = kids.find((k) => k.localName === 'sequence' || k.localName === 'choice' || k.localName === 'all' || k.localName === 'group');
    if (!c) return null;
    const p = this.particle(c, doc, where);
    // An empty sequence with no particles is no content at all.
    return p.term.t === 'seq' && !p.term.items.length ? null : p;
  }

  private occurs(el: Element, doc: SchemaDoc): [number, number] {
    const min = el.hasAttribute('minOccurs') ? +el.getAttribute('minOccurs')! : 1;
    const mx = el.getAttribute('maxOccurs');
    const max = mx === null || mx === '' ? 1 : mx === 'unbounded' ? Infinity : +mx;
    if (!Number.isInteger(min) || min < 0 || (max !== Infinity && (!Number.isInteger(max) || max < min)))
      this.fail(doc, `geçersiz minOccurs/maxOccurs (${min}, ${mx})`, `invalid minOccurs/maxOccurs (${min}, ${mx})`);
    return [min, max];
  }

  private particle(el: Element, doc: SchemaDoc, where: string): P {
    const [min, max] = this.occurs(el, doc);
    switch (el.localName) {
      case 'element':
        return { term: { t: 'element', decl: this.localElement(el, doc) }, min, max };
      case 'any':
        return { term: { t: 'any', w: this.wildcard(el, doc) }, min, max };
      case 'sequence':
      case 'choice':
        return { term: { t: el.localName === 'sequence' ? 'seq' : 'choice', items: xsKids(el).map((c) => this.particle(c, doc, where)) }, min, max };
      case 'group': {
        const k = qkey(...this.qname(el, 'ref', doc));
        const g = this.raw.groups.get(k);
        if (!g) this.fail(doc, `tanımsız grup ${k}`, `undefined group ${k}`);
        const inner = xsKids(g.el)[0];
        const p = this.particle(inner, g.doc, where);
        return { term: p.term, min, max };
      }
      default:
        return this.fail(doc, `${where}: desteklenmeyen içerik modeli xs:${el.localName}`, `${where}: unsupported content model xs:${el.localName}`);
    }
  }

  private wildcard(el: Element, doc: SchemaDoc): Wildcard {
    const process = (el.getAttribute('processContents') || 'strict') as Process;
    if (process !== 'strict' && process !== 'lax' && process !== 'skip')
      this.fail(doc, `geçersiz processContents ${process}`, `invalid processContents ${process}`);
    const ns = (el.getAttribute('namespace') || '##any').trim();
    if (ns === '##any') return { any: true, process };
    if (ns === '##other') return { any: false, not: [doc.targetNs, ''], process };
    const list = new Set(ns.split(/\s+/).map((x) => (x === '##targetNamespace' ? doc.targetNs : x === '##local' ? '' : x)));
    return { any: false, list, process };
  }

  // ---------------------------------------------------------------- attributes

  private globalAttribute(k: string): AttrDecl {
    const have = this.attributes.get(k);
    if (have) return have;
    const rc = this.raw.attributes.get(k);
    if (!rc) this.fail(null, `tanımsız nitelik ${k}`, `undeclared attribute ${k}`);
    const d = this.attrDecl(rc.el, rc.doc, rc.doc.targetNs);
    this.attributes.set(k, d);
    return d;
  }

  private attrDecl(el: Element, doc: SchemaDoc, ns: string): AttrDecl {
    const local = el.getAttribute('name') ?? '';
    const inline = xsKids(el).find((c) => c.localName === 'simpleType');
    let type: SimpleType;
    if (el.hasAttribute('type')) {
      const t = this.typeRef(el, 'type', doc);
      if (t.kind !== 'simple') this.fail(doc, `nitelik ${local} karmaşık türde`, `attribute ${local} has a complex type`);
      type = t;
    } else type = inline ? this.simpleType(inline, doc, `@${local} anonim türü`) : builtinType('anySimpleType')!;
    const d: AttrDecl = { ns, local, key: qkey(ns, local), type };
    if (el.hasAttribute('fixed')) d.fixed = el.getAttribute('fixed')!;
    return d;
  }

  /** Attribute uses and the wildcard among children (attribute, attributeGroup ref, anyAttribute). */
  private attributeUses(kids: Element[], doc: SchemaDoc, where: string): { uses: AttrUse[]; prohibited: string[]; wildcard: Wildcard | null } {
    const out = { uses: [] as AttrUse[], prohibited: [] as string[], wildcard: null as Wildcard | null };
    for (const c of kids) {
      if (c.localName === 'attribute') {
        let decl: AttrDecl;
        if (c.hasAttribute('ref')) decl = this.globalAttribute(qkey(...this.qname(c, 'ref', doc)));
        else {
          const form = c.getAttribute('form');
          decl = this.attrDecl(c, doc, (form ? form === 'qualified' : doc.attributeQualified) ? doc.targetNs : '');
        }
        const use = c.getAttribute('use') || 'optional';
        if (use === 'prohibited') {
          out.prohibited.push(decl.key);
          continue;
        }
        const u: AttrUse = { decl, required: use === 'required' };
        const fixed = c.getAttribute('fixed') ?? decl.fixed;
        if (c.hasAttribute('fixed') || decl.fixed !== undefined) u.fixed = fixed ?? undefined;
        out.uses.push(u);
      } else if (c.localName === 'attributeGroup') {
        const k = qkey(...this.qname(c, 'ref', doc));
        const g = this.raw.attributeGroups.get(k);
        if (!g) this.fail(doc, `tanımsız nitelik grubu ${k}`, `undefined attribute group ${k}`);
        const inner = this.attributeUses(xsKids(g.el), g.doc, where);
        out.uses.push(...inner.uses);
        out.prohibited.push(...inner.prohibited);
        if (inner.wildcard) out.wildcard = out.wildcard ? unionWildcard(out.wildcard, inner.wildcard) : inner.wildcard;
      } else if (c.localName === 'anyAttribute') {
        const w = this.wildcard(c, doc);
        out.wildcard = out.wildcard ? unionWildcard(out.wildcard, w) : w;
      }
    }
    return out;
  }

  private mergeAttrs(
    t: ComplexType,
    base: ComplexType | null,
    own: { uses: AttrUse[]; prohibited: string[]; wildcard: Wildcard | null },
    extension: boolean,
    _doc: SchemaDoc,
  ): void {
    if (base && base !== this.anyTypeDef) for (const [k, u] of base.attrs) t.attrs.set(k, u);
    for (const k of own.prohibited) t.attrs.delete(k);
    for (const u of own.uses) t.attrs.set(u.decl.key, u);
    t.required = [...t.attrs.values()].filter((u) => u.required);
    const baseW = base && base !== this.anyTypeDef ? base.attrWildcard : null;
    t.attrWildcard = extension ? (baseW && own.wildcard ? unionWildcard(baseW, own.wildcard) : (baseW ?? own.wildcard)) : own.wildcard;
  }

  // ---------------------------------------------------------------- simple types

  private simpleType(el: Element, doc: SchemaDoc, name: string, key?: string): SimpleType {
    const d = xsKids(el)[0];
    if (!d) this.fail(doc, `${name}: boş simpleType`, `${name}: empty simpleType`);
    let t: SimpleType;
    if (d.localName === 'restriction') {
      const inline = xsKids(d).find((c) => c.localName === 'simpleType');
      const base = inline ? this.simpleType(inline, doc, `${name} tabanı`) : this.typeRef(d, 'base', doc);
      if (base.kind !== 'simple')
        this.fail(doc, `${name}: basit tür karmaşık ${base.name} türünden türetilemez`, `${name}: a simple type cannot restrict the complex ${base.name}`);
      t = this.restrictSimple(base, d, doc, name);
    } else if (d.localName === 'union') {
      const members: SimpleType[] = [];
      for (const m of (d.getAttribute('memberTypes') ?? '').split(/\s+/).filter(Boolean)) {
        const mt = this.typeByName(...resolveQName(d, m, doc.file), doc);
        if (mt.kind !== 'simple') this.fail(doc, `${name}: birleşim üyesi karmaşık`, `${name}: complex union member`);
        members.push(mt);
      }
      for (const c of xsKids(d)) if (c.localName === 'simpleType') members.push(this.simpleType(c, doc, `${name} üyesi`));
      t = { kind: 'simple', name, variety: 'union', builtin: BUILTINS.anySimpleType, ws: 'collapse', facets: {}, members, trivial: false };
    } else if (d.localName === 'list') {
      const inline = xsKids(d).find((c) => c.localName === 'simpleType');
      const item = inline ? this.simpleType(inline, doc, `${name} öğesi`) : this.typeRef(d, 'itemType', doc);
      if (item.kind !== 'simple') this.fail(doc, `${name}: liste öğesi karmaşık`, `${name}: complex list item`);
      t = { kind: 'simple', name, variety: 'list', builtin: BUILTINS.anySimpleType, ws: 'collapse', facets: {}, item, trivial: false };
    } else return this.fail(doc, `${name}: desteklenmeyen xs:${d.localName}`, `${name}: unsupported xs:${d.localName}`);
    if (key) this.types.set(key, t);
    return t;
  }

  /** A restriction step: the base's facets, overridden or narrowed by the step's own. */
  private restrictSimple(base: SimpleType, der: Element, doc: SchemaDoc, name: string): SimpleType {
    const f: Facets = { ...base.facets, ...(base.facets.patterns ? { patterns: [...base.facets.patterns] } : {}) };
    let ws = base.ws;
    const enums: string[] = [];
    const patterns: RegExp[] = [];
    let changed = false;
    for (const c of xsKids(der)) {
      const v = c.getAttribute('value') ?? '';
      switch (c.localName) {
        case 'simpleType':
        case 'attribute':
        case 'attributeGroup':
        case 'anyAttribute':
        case 'sequence':
        case 'choice':
          continue;
        case 'enumeration':
          enums.push(v);
          break;
        case 'pattern':
          try {
            patterns.push(xsdRegex(v));
          } catch (e) {
            this.fail(doc, `${name}: desen desteklenmiyor: ${(e as Error).message}`, `${name}: unsupported pattern: ${(e as Error).message}`);
          }
          break;
        case 'whiteSpace':
          ws = v as typeof ws;
          break;
        case 'length':
        case 'minLength':
        case 'maxLength':
        case 'totalDigits':
        case 'fractionDigits':
          f[c.localName] = +v;
          break;
        case 'minInclusive':
        case 'maxInclusive':
        case 'minExclusive':
        case 'maxExclusive':
          if (base.variety !== 'atomic' || base.builtin.kind !== 'decimal')
            this.fail(doc, `${name}: ${base.name} üzerinde ${c.localName} desteklenmiyor`, `${name}: ${c.localName} on ${base.name} not supported`);
          f[c.localName] = v.trim();
          break;
        default:
          this.fail(doc, `${name}: desteklenmeyen yön xs:${c.localName}`, `${name}: unsupported facet xs:${c.localName}`);
      }
      changed = true;
    }
    if (!changed) return base;
    if (enums.length) f.enums = new Set(enums.map((e) => normalizeWs(e, ws)));
    if (patterns.length) f.patterns = [...(f.patterns ?? []), patterns];
    return { ...base, name, ws, facets: f, trivial: false };
  }

  // ---------------------------------------------------------------- automata

  private automaton(t: ComplexType, particle: P | null): ModelState[] {
    let a;
    try {
      a = buildAutomaton(particle, this.o.emptyChoice ?? 'none');
    } catch (e) {
      return this.fail(null, `${t.name}: ${(e as Error).message}`, `${t.name}: ${(e as Error).message}`);
    }
    return a.follow.map((ps, s) => {
      const st: ModelState = { next: new Map(), wild: [], final: a.final[s], expected: [], memoQ: '', memoScope: null, memoE: null };
      for (const p of ps) {
        const pos = a.positions[p];
        if (pos.t === 'any') {
          st.wild.push({ w: pos.w, to: p });
          st.expected.push(pos.w.any ? '##any' : pos.w.not ? '##other' : [...pos.w.list!].join(' '));
          continue;
        }
        for (const m of pos.decl.members) {
          const prev = st.next.get(m.key);
          if (prev && prev.to !== p)
            this.fail(null, `${t.name}: UPA ihlali, ${m.key} iki yerle eşleşiyor`, `${t.name}: Unique Particle Attribution violated by ${m.key}`);
          // Internalized, as Scope.elementKey's keys are: the validator's lookup then matches by pointer.
          st.next.set(flat(m.key), { to: p, decl: m });
        }
        // A substitution group head is named by its members when they are few (xbrli:item has hundreds).
        const ms = pos.decl.members;
        if (ms.length === 1 && ms[0] === pos.decl) st.expected.push(displayName(pos.decl.ns, pos.decl.local));
        else if (ms.length <= 8) st.expected.push(...ms.map((m) => displayName(m.ns, m.local)));
        else st.expected.push(`${displayName(pos.decl.ns, pos.decl.local)} (ikame grubu / substitution group)`);
      }
      return st;
    });
  }
}

/** Union of two wildcards (attribute wildcards of an extension or of several attribute groups). */
function unionWildcard(a: Wildcard, b: Wildcard): Wildcard {
  const process = a.process;
  if (a.any || b.any) return { any: true, process };
  if (a.list && b.list) return { any: false, list: new Set([...a.list, ...b.list]), process };
  const not = a.not ?? b.not!;
  const list = a.list ?? b.list;
  if (a.not && b.not) return a.not.join() === b.not.join() ? a : { any: true, process };
  return { any: false, not: not.filter((n) => !list!.has(n)), process };
}

const cache = new Map<string, Promise<CompiledSchema>>();

/**
 * Compiles an entry schema and what it imports (cached per file and options for the process).
 * @param entrySchema path of e.g. `<gib>/xsd/edefter.xsd`; `http://www.xbrl.org/2003/` imports resolve in its folder
 * @throws EdefterError(INTERNAL) naming the file and construct when the schema cannot be compiled
 */
export function compileXsd(entrySchema: string, o: CompileOptions = {}): Promise<CompiledSchema> {
  const file = path.resolve(entrySchema);
  const key = `${file}\u0000${o.emptyChoice ?? 'none'}`;
  let p = cache.get(key);
  if (!p) {
    p = Promise.resolve().then(() => new Compiler(loadSchemaSet(file, path.dirname(file)), o).run(file));
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}
