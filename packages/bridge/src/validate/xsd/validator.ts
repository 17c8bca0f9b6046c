/**
 * The streaming XSD validator: consumes the start/end/text events of validate/xml-lexer.ts and
 * checks each element against the compiled schema. Memory is one small frame per open element
 * (its type, its automaton state, and the text of a simple-content element while it is open); a
 * 200 MB Yevmiye is never held. Findings (layer b, code XSD) carry file, line, column when the
 * lexer gives one, and the element path; the list is capped and the total is counted.
 */
import path from 'node:path';
import { FindingList, type Finding } from '../findings.ts';
import type { LexerHandler } from '../xml-lexer.ts';
import { normalizeWs } from './builtins.ts';
import { displayName } from './compile.ts';
import { parseAttrs, Scope, XSI, type ParsedAttrs } from './namespaces.ts';
import { checkSimple, clip, flat, type SimpleType } from './simple-type.ts';
import { wildcardAllows, type CompiledSchema, type ComplexType, type ElementDecl, type Wildcard } from './types.ts';
import type { UnitRecord } from '../unit-record.ts';
import { learnShape, MAX_SHAPE_STATES, PASSED, shapeStates, TOKENS, unitFromShape, type ShapeChecks } from './shapes.ts';

/** Options of {@link createXsdValidator}. */
export interface XsdValidatorOptions {
  /** Keep at most this many findings (default 500; counting continues). */
  maxFindings?: number;
  /**
   * An unsigned draft: the root may end before its signature part (the `ds:Signature` of a defter
   * or DR, the `HashValue | ds:SignatureValue` choice and `ds:Signature` of a berat). Only that
   * one "missing child" at the root is forgiven; everything before it is checked against the
   * signed schema, so a draft berat carrying its defter's `ds:SignatureValue` passes.
   */
  draft?: boolean;
}

/** Root children a draft may still lack (local names; GİB `edefter.xsd`). */
const DRAFT_MISSING = /(^|:)(Signature|SignatureValue|HashValue)$/;

/** What {@link createXsdValidator} returns. */
export interface XsdValidator {
  /** Feed it the lexer's events (an XmlLexer handler, or forward to it from another handler). */
  handler: LexerHandler & { start(qname: string, attrs: string, selfClosing: boolean, line: number, column?: number): void };
  /** Ends the document and returns the findings (capped; see {@link count}). */
  finish(): Finding[];
  /** Total number of problems found (findings may be capped). */
  readonly count: number;
}

/** Per open element. */
interface Frame {
  qname: string;
  type: ComplexType | null;
  decl: ElementDecl | null;
  state: number;
  scope: Scope;
  /** Text so far of a simple-content element (null when not kept). */
  text: string | null;
  /** Streaming base64 check of long binary content. */
  b64: boolean;
  nil: boolean;
  /** No content check any more (skip wildcard, or an earlier error in this element's content). */
  skip: boolean;
  broken: boolean;
  textReported: boolean;
}

/** Cached outcome of an attribute check. */
interface AttrCheck {
  problems: { tr: string; en: string }[];
  nil: boolean;
  ids: string[];
}

const MAX_TEXT = 16 << 20;

/**
 * Creates a validator for one document.
 * @param schema from {@link compileXsd}
 * @param fileName shown in findings (base name is used)
 */
export function createXsdValidator(schema: CompiledSchema, fileName: string, o: XsdValidatorOptions = {}): XsdValidator {
  const out = new FindingList(path.basename(fileName), 'b', o.maxFindings ?? 500);
  const stack: Frame[] = [];
  let depth = 0;
  let root: Scope = new Scope(null, []);
  let rootSeen = false;
  /** xs:ID values seen (unique per document, XSD cvc-id.2): a few per e-Defter (contexts, units, signature parts). */
  const ids = new Set<string>();
  /** Attribute texts seen without any `xmlns` (the lexer hands the same interned strings out again). */
  const plainAttrs = new Set<string>();
  /** Indentation texts seen (the lexer hands out the same strings for the same indentation). */
  const blanks = new Set<string>();
  const blank = (s: string): boolean => {
    if (blanks.has(s)) return true;
    if (!isBlank(s)) return false;
    if (s.length <= 64 && blanks.size < 64) blanks.add(s);
    return true;
  };

  const where = (extra?: string): string => {
    const p = stack.slice(0, depth).map((f) => f.qname);
    if (extra) p.push(extra);
    return `/${p.join('/')}`;
  };
  /** `opening`: the element `field` is being opened and is not on the stack yet (its path still ends at the parent). */
  const report = (line: number, column: number | undefined, field: string, tr: string, en: string, opening = false): void => {
    const w = where(opening ? field : undefined);
    const col = column ? [` (sütun ${column})`, ` (column ${column})`] : ['', ''];
    out.add('XSD', `GİB XSD: ${w}${col[0]}: ${tr}`, `GİB XSD: ${w}${col[1]}: ${en}`, { xmlLine: line, field });
  };

  /** Per unit shape (the record's id): what its units check, learnt from one that passed; null: never by shape. */
  const shapes: (ShapeChecks | null | undefined)[] = [];

  const expectedList = (f: Frame): string => {
    const st = f.type?.states?.[f.state];
    const names = st ? st.expected : [];
    return names.length ? names.slice(0, 12).join(', ') + (names.length > 12 ? ', …' : '') : '—';
  };

  /** Attribute check of one start tag against a type (cached per scope and raw text). */
  const checkAttrs = (t: ComplexType, decl: ElementDecl | null, raw: string, parsed: ParsedAttrs | null, scope: Scope, line: number): AttrCheck => {
    // Keyed by type and nillable (xsi:nil is allowed or not): the same attribute text repeats on every entry.
    const ck = t.id * 2 + (decl?.nillable ? 1 : 0);
    let byType = scope.attrChecks.get(ck) as Map<string, AttrCheck> | undefined;
    const hit = byType?.get(raw);
    if (hit !== undefined) return hit;
    const p = parsed ?? parseAttrs(raw, line);
    const res: AttrCheck = { problems: [], nil: false, ids: [] };
    let seenRequired = 0;
    for (const a of p.attrs) {
      const n = scope.attrName(a.qname);
      if (!n) {
        res.problems.push({ tr: `'${a.qname}' niteliğinin öneki tanımsız`, en: `attribute '${a.qname}' has an undeclared prefix` });
        continue;
      }
      const [ns, local] = n;
      if (ns === XSI) {
        if (local === 'nil') {
          const v = a.value.trim();
          if (v !== 'true' && v !== 'false' && v !== '1' && v !== '0') {
            res.problems.push({ tr: `xsi:nil '${clip(v)}' boolean değil`, en: `xsi:nil '${clip(v)}' is not a boolean` });
          } else if (!decl?.nillable) res.problems.push({ tr: 'eleman nillable değil, xsi:nil kullanılamaz', en: 'the element is not nillable (xsi:nil)' });
          else res.nil = v === 'true' || v === '1';
        } else if (local === 'type') {
          res.problems.push({ tr: 'xsi:type desteklenmiyor (GİB dosyalarında kullanılmaz)', en: 'xsi:type is not supported (not used in GİB files)' });
        } else if (local !== 'schemaLocation' && local !== 'noNamespaceSchemaLocation') {
          res.problems.push({ tr: `xsi:${local} niteliğine izin verilmiyor`, en: `attribute xsi:${local} is not allowed` });
        }
        continue;
      }
      const key = `{${ns}}${local}`;
      const use = t.attrs.get(key);
      if (use) {
        if (use.required) seenRequired++;
        const pr = checkSimple(use.decl.type, a.value, scope.has);
        if (pr) res.problems.push({ tr: `@${a.qname}: ${pr.tr}`, en: `@${a.qname}: ${pr.en}` });
        else if (use.decl.type.builtin.name === 'ID') res.ids.push(a.value.trim());
        if (!pr && use.fixed !== undefined && !sameFixed(use.decl.type, a.value, use.fixed)) {
          res.problems.push({ tr: `@${a.qname} sabit değer '${use.fixed}' olmalı`, en: `@${a.qname} must have the fixed value '${use.fixed}'` });
        }
        continue;
      }
      const w = t.attrWildcard;
      if (w && wildcardAllows(w, ns)) {
        if (w.process === 'skip') continue;
        const g = schema.attributes.get(key);
        if (g) {
          const pr = checkSimple(g.type, a.value, scope.has);
          if (pr) res.problems.push({ tr: `@${a.qname}: ${pr.tr}`, en: `@${a.qname}: ${pr.en}` });
        } else if (w.process === 'strict') res.problems.push({ tr: `@${a.qname} için genel bildirim yok`, en: `no global declaration for @${a.qname}` });
        continue;
      }
      res.problems.push({ tr: `'${a.qname}' niteliğine izin verilmiyor`, en: `the attribute '${a.qname}' is not allowed` });
    }
    if (seenRequired < t.required.length) {
      for (const u of t.required) {
        if (
          !p.attrs.some((a) => {
            const n = scope.attrName(a.qname);
            return !!n && n[0] === u.decl.ns && n[1] === u.decl.local;
          })
        ) {
          const nm = displayName(u.decl.ns, u.decl.local);
          res.problems.push({ tr: `zorunlu '${nm}' niteliği eksik`, en: `the required attribute '${nm}' is missing` });
        }
      }
    }
    if (!parsed) {
      if (!byType) {
        byType = new Map();
        scope.attrChecks.set(ck, byType);
      }
      if (byType.size < 4096) byType.set(flat(raw), res);
    }
    return res;
  };

  /** Opens a frame, reusing the object left at this depth (no allocation per element). */
  const push = (qname: string, type: ComplexType | null, decl: ElementDecl | null, scope: Scope, skip: boolean): Frame => {
    const simple = type?.content === 'simple' ? type.simple! : null;
    const keep = !!simple && !skip && !simple.trivial;
    let f = stack[depth];
    if (f === undefined) {
      f = { qname, type, decl, state: 0, scope, text: null, b64: false, nil: false, skip, broken: false, textReported: false };
      stack[depth] = f;
    }
    f.qname = qname;
    f.type = type;
    f.decl = decl;
    f.state = 0;
    f.scope = scope;
    f.text = keep ? '' : null;
    f.b64 = keep && isPlainBase64(simple!);
    f.nil = false;
    f.skip = skip;
    f.broken = false;
    f.textReported = false;
    depth++;
    return f;
  };

  const start = (qname: string, attrs: string, _selfClosing: boolean, line: number, column?: number): void => {
    // The lexer reports the end of a self-closing tag itself.
    const parent = depth ? stack[depth - 1] : null;
    let scope = parent ? parent.scope : root;
    let parsed: ParsedAttrs | null = null;
    if (attrs.length !== 0 && !plainAttrs.has(attrs)) {
      if (attrs.indexOf('xmlns') >= 0) {
        parsed = parseAttrs(attrs, line);
        if (parsed.decls.length) scope = new Scope(scope, parsed.decls);
        else parsed = null;
      } else if (plainAttrs.size < 4096) plainAttrs.add(attrs);
    }
    if (!parent) {
      if (rootSeen) return;
      rootSeen = true;
      root = scope;
    }
    if (parent?.skip) {
      push(qname, null, null, scope, true);
      return;
    }
    // The usual case: the parent's state took this name in this scope before (see ModelState.memoQ).
    if (parent !== null && !parent.broken && !parent.nil && parent.type !== null && (parent.type.content === 'element' || parent.type.content === 'mixed')) {
      const st = parent.type.states![parent.state];
      if (st.memoQ === qname && st.memoScope === scope) {
        const e = st.memoE!;
        parent.state = e.to;
        opened(qname, e.decl, attrs, parsed, scope, line, column);
        return;
      }
    }
    const key = scope.elementKey(qname);
    if (key === null) {
      report(line, column, qname, `'${qname}' elemanının öneki tanımsız`, `the prefix of '${qname}' is undeclared`, true);
      if (parent) parent.broken = true;
      push(qname, null, null, scope, true);
      return;
    }
    let decl: ElementDecl | null = null;
    let lax = false;
    if (!parent) {
      decl = schema.elements.get(key) ?? null;
      if (!decl) {
        report(line, column, qname, `'${qname}' için genel eleman bildirimi yok (kök)`, `no global element declaration for the root '${qname}'`, true);
      }
    } else if (parent.nil) {
      report(line, column, qname, 'xsi:nil="true" olan eleman boş olmalı', 'an element with xsi:nil="true" must be empty', true);
      parent.nil = false;
      parent.broken = true;
    } else if (parent.type && (parent.type.content === 'element' || parent.type.content === 'mixed') && !parent.broken) {
      const st = parent.type.states![parent.state];
      const e = st.next.get(key);
      if (e) {
        st.memoQ = qname;
        st.memoScope = scope;
        st.memoE = e;
        parent.state = e.to;
        decl = e.decl;
      } else {
        const ns = key.slice(1, key.indexOf('}'));
        let w: { w: Wildcard; to: number } | undefined;
        for (const x of st.wild)
          if (wildcardAllows(x.w, ns)) {
            w = x;
            break;
          }
        if (w) {
          parent.state = w.to;
          if (w.w.process === 'skip') {
            push(qname, null, null, scope, true);
            return;
          }
          decl = schema.elements.get(key) ?? null;
          if (!decl) {
            if (w.w.process === 'strict')
              report(
                line,
                column,
                qname,
                `'${qname}' için genel eleman bildirimi yok (xs:any strict)`,
                `no global declaration for '${qname}' (strict wildcard)`,
                true,
              );
            lax = true;
          }
        } else {
          report(
            line,
            column,
            qname,
            `'${qname}' elemanı burada beklenmiyor; beklenen: ${expectedList(parent)}`,
            `the element '${qname}' is not expected here; expected: ${expectedList(parent)}`,
            true,
          );
          parent.broken = true;
          decl = schema.elements.get(key) ?? null;
          if (!decl) {
            push(qname, null, null, scope, true);
            return;
          }
        }
      }
    } else if (parent.type && !parent.broken) {
      const what = parent.type.content === 'simple' ? 'basit içerikli' : 'boş içerikli';
      report(
        line,
        column,
        qname,
        `'${parent.qname}' ${what}; alt eleman '${qname}' olamaz`,
        `'${parent.qname}' has ${parent.type.content} content; no child '${qname}' allowed`,
        true,
      );
      parent.broken = true;
      push(qname, null, null, scope, true);
      return;
    } else {
      // Content of an element already in error: still check a child that has a global declaration.
      decl = schema.elements.get(key) ?? null;
      if (!decl) {
        push(qname, null, null, scope, true);
        return;
      }
    }
    opened(qname, decl, attrs, parsed, scope, line, column, lax);
  };

  /** The element `qname` was accepted with `decl` (null: lax, or no declaration): its own checks, then its frame. */
  const opened = (
    qname: string,
    decl: ElementDecl | null,
    attrs: string,
    parsed: ParsedAttrs | null,
    scope: Scope,
    line: number,
    column: number | undefined,
    lax = false,
  ): void => {
    if (decl?.abstract)
      report(
        line,
        column,
        qname,
        `'${qname}' soyut (abstract); yerine grubundan bir eleman gelmeli`,
        `'${qname}' is abstract; a member of its substitution group must be used`,
        true,
      );
    const type = decl ? decl.type : lax ? laxType : null;
    if (!type) {
      push(qname, null, null, scope, true);
      return;
    }
    const f = push(qname, type, decl, scope, false);
    if (attrs.length || type.required.length) {
      const r = checkAttrs(type, decl, attrs, parsed, scope, line);
      for (const p of r.problems) report(line, column, qname, p.tr, p.en);
      for (const id of r.ids) {
        if (ids.has(id))
          report(line, column, qname, `xs:ID '${clip(id)}' belgede ikinci kez kullanılmış`, `the xs:ID '${clip(id)}' is used twice in the document`);
        else ids.add(id);
      }
      if (r.nil) {
        f.nil = true;
        if (f.text !== null) f.text = null;
      }
    }
  };

  const text = (s: string, line: number): void => {
    const f = depth ? stack[depth - 1] : undefined;
    if (!f || f.skip) return;
    const t = f.type!;
    if (f.nil || t.content === 'element' || t.content === 'empty') {
      if (f.textReported || blank(s)) return;
      f.textReported = true;
      report(
        line,
        undefined,
        f.qname,
        f.nil ? 'xsi:nil="true" olan eleman boş olmalı' : 'bu elemanda metin olamaz (yalnız alt elemanlar)',
        f.nil ? 'an element with xsi:nil="true" must be empty' : 'character content is not allowed here',
      );
      return;
    }
    if (f.text === null) return;
    if (f.b64 && f.text.length + s.length > 65536) {
      // Long base64 (embedded PDFs): check whole 4-character groups as they arrive and keep the rest.
      const all = (f.text + s).replace(/[ \t\r\n]+/g, '');
      const cut = all.length - (all.length % 4) - 4;
      if (cut > 0) {
        if (!/^[A-Za-z0-9+/]*$/.test(all.slice(0, cut))) {
          f.textReported = true;
          report(line, undefined, f.qname, 'base64Binary değeri geçersiz karakter içeriyor', 'the base64Binary value has an invalid character');
          f.text = null;
          return;
        }
        f.text = all.slice(cut);
        return;
      }
    }
    f.text += s;
    if (f.text.length > MAX_TEXT) {
      report(line, undefined, f.qname, 'değer çok uzun', 'value too long');
      f.text = null;
    }
  };

  const end = (qname: string, line: number, column?: number): void => {
    const f = depth ? stack[depth - 1] : undefined;
    if (!f) return;
    if (!f.skip && f.type) {
      const t = f.type;
      const st = t.states?.[f.state];
      const draftEnd = o.draft === true && depth === 1 && !!st && st.expected.some((n) => DRAFT_MISSING.test(n));
      if (!f.nil && (t.content === 'element' || t.content === 'mixed') && !f.broken && !st!.final && !draftEnd) {
        report(
          line,
          column,
          qname,
          `'${qname}' eksik alt eleman içeriyor; beklenen: ${expectedList(f)}`,
          `'${qname}' is missing child elements; expected: ${expectedList(f)}`,
        );
      } else if (!f.nil && t.content === 'simple' && f.text !== null) {
        let v = f.text.indexOf('\r') >= 0 ? f.text.replace(/\r\n?/g, '\n') : f.text;
        if (v === '' && f.decl?.default !== undefined) v = f.decl.default;
        const pr = checkSimple(t.simple!, v, f.scope.has);
        if (pr) report(line, column, qname, pr.tr, pr.en);
        else if (f.decl?.fixed !== undefined && v !== '' && !sameFixed(t.simple!, v, f.decl.fixed))
          report(line, column, qname, `sabit değer '${f.decl.fixed}' olmalı`, `must have the fixed value '${f.decl.fixed}'`);
      }
    }
    depth--;
  };

  const tokens = { start, end, text };
  const handler = { start, end, text, takeUnit: (rec: UnitRecord) => takeUnit(rec) };

  /**
   * A unit record (docs/validation-shapes.md): a unit of a shape that passed before from the same parent state is
   * decided from its values alone (each against the simple type its element had then); any other unit, and any value
   * that does not pass, goes through the tokens, which make the findings. The first clean unit of a shape teaches it.
   */
  const takeUnit = (rec: UnitRecord): void => {
    const parent = depth ? stack[depth - 1] : null;
    const id = rec.shape;
    if (id < 0 || parent === null || parent.skip || parent.broken || parent.nil || parent.type === null) {
      rec.replay(tokens);
      return;
    }
    const known = shapes[id];
    if (known === null) {
      rec.replay(tokens);
      return;
    }
    if (known !== undefined) {
      const r = unitFromShape(known, parent, rec, blank);
      if (r === PASSED) return;
      if (r === TOKENS || shapeStates(known) >= MAX_SHAPE_STATES) {
        rec.replay(tokens);
        return;
      }
    }
    const learnt = learnShape(rec, parent, {
      h: tokens,
      frame: () => (depth ? stack[depth - 1] : undefined),
      depth: () => depth,
      count: () => out.count,
      ids: () => ids.size,
    });
    if (learnt === 'never') shapes[id] = null;
    else if (learnt !== null) {
      learnt.next = known ?? null;
      shapes[id] = learnt;
    }
  };

  return {
    handler,
    finish(): Finding[] {
      if (!rootSeen) out.add('XSD', 'GİB XSD: kök eleman yok', 'GİB XSD: no root element');
      return out.items;
    },
    get count() {
      return out.count;
    },
  };
}

/** An undeclared element under a lax wildcard: anyType-like, children and attributes lax. */
const laxType: ComplexType = (() => {
  const w: Wildcard = { any: true, process: 'lax' };
  return {
    kind: 'complex',
    id: 0,
    name: 'xs:anyType',
    attrs: new Map(),
    required: [],
    attrWildcard: w,
    content: 'mixed',
    states: [{ next: new Map(), wild: [{ w, to: 0 }], final: true, expected: ['##any'], memoQ: '', memoScope: null, memoE: null }],
  };
})();

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return false;
  }
  return true;
}

function isPlainBase64(t: SimpleType): boolean {
  return (
    t.variety === 'atomic' &&
    t.builtin.kind === 'binary64' &&
    !t.facets.enums &&
    !t.facets.patterns &&
    t.facets.length === undefined &&
    t.facets.minLength === undefined &&
    t.facets.maxLength === undefined
  );
}

function sameFixed(t: SimpleType, v: string, fixed: string): boolean {
  return normalizeWs(v, t.ws) === normalizeWs(fixed, t.ws);
}
