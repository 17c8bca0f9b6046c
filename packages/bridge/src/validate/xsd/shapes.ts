/**
 * Layer b by unit shape (docs/validation-shapes.md, step 2). The validator's state after a unit depends only on the
 * parent's state before it (its type, content-model state and namespace scope) and on the unit's tokens; two units of
 * one shape have the same tags, attribute texts and indentation, and differ only in their value texts. So once a unit
 * of a shape went through the token path without a finding, a later unit of that shape from the same parent state
 * needs only the checks the values took part in:
 *  - a value inside a simple-content element: the element's simple type (and its fixed value), on the whole text;
 *  - a value inside element-only content: white space only.
 * Everything else (the content models, the attributes, the indentation) came out the same and passed. A unit for which
 * one check fails, or with a value the shortcut does not cover (empty, a carriage return, longer than 64 KiB: the
 * default value, line-end normalization and streamed base64 of the token path), goes through the tokens, which make
 * the findings with their lines and columns.
 *
 * Not learnt (always the token path): a shape whose tags declare namespaces (new scopes per unit), carry xsi:nil, or
 * an xs:ID (unique per document); an element with more than one text (a comment between two).
 */
import { TEXT, type UnitRecord } from '../unit-record.ts';
import type { LexerHandler } from '../xml-lexer.ts';
import type { Scope } from './namespaces.ts';
import { checkSimple, type SimpleType } from './simple-type.ts';
import { normalizeWs } from './builtins.ts';
import type { ComplexType, ElementDecl } from './types.ts';

/** Value texts longer than this go through the tokens (the token path streams long base64: validator.ts). */
const MAX_SHAPE_VALUE = 65536;

/** What {@link learnShape} and {@link unitFromShape} read of an open element's frame (validator.ts's Frame). */
export interface ShapeFrame {
  type: ComplexType | null;
  decl: ElementDecl | null;
  state: number;
  scope: Scope;
  text: string | null;
  nil: boolean;
  skip: boolean;
  broken: boolean;
}

/** What units of one shape check, from one parent state (a chain of them per shape). */
export interface ShapeChecks {
  type: ComplexType;
  state: number;
  scope: Scope;
  /** The parent's content-model state after the unit. */
  after: number;
  /** Token indexes of values in element-only content (white space only). */
  blank: number[];
  /** Token indexes of simple-content values, with their element's type and declaration. */
  tok: number[];
  simple: SimpleType[];
  decl: (ElementDecl | null)[];
  next: ShapeChecks | null;
}

/** The validator's side of {@link learnShape}. */
export interface ShapeHost {
  /** The token handlers. */
  h: LexerHandler;
  /** The innermost open frame, and how many are open. */
  frame(): ShapeFrame | undefined;
  depth(): number;
  /** Problems found so far (findings, capped or not), and xs:ID values seen. */
  count(): number;
  ids(): number;
}

/** Outcomes of {@link unitFromShape}. */
const UNKNOWN = 0;
export const PASSED = 1;
export const TOKENS = 2;

/** Parent states learnt per shape at most (then the others go through the tokens). */
export const MAX_SHAPE_STATES = 8;

/**
 * Decides a unit of a learnt shape from its values: PASSED when it passed (the parent's state moved past it); TOKENS
 * when it must go through the tokens (a check failed, or a value the shortcut does not cover); UNKNOWN when the shape
 * has no checks for this parent state. Nothing is changed unless it passed.
 */
export function unitFromShape(c: ShapeChecks | null, parent: ShapeFrame, rec: UnitRecord, blank: (s: string) => boolean): 0 | 1 | 2 {
  for (; c !== null; c = c.next) if (c.type === parent.type && c.state === parent.state && c.scope === parent.scope) break;
  if (c === null) return UNKNOWN;
  const { tok, simple, decl } = c;
  for (let i = 0; i < c.blank.length; i++) if (!blank(rec.text(c.blank[i]))) return TOKENS;
  const has = c.scope.has;
  for (let i = 0; i < tok.length; i++) {
    const v = rec.text(tok[i]);
    if (v.length === 0 || v.length > MAX_SHAPE_VALUE || v.indexOf('\r') >= 0) return TOKENS;
    const t = simple[i];
    if (checkSimple(t, v, has) !== null) return TOKENS;
    const fixed = decl[i]?.fixed;
    if (fixed !== undefined && normalizeWs(v, t.ws) !== normalizeWs(fixed, t.ws)) return TOKENS;
  }
  parent.state = c.after;
  return PASSED;
}

/** Parent states a shape has checks for. */
export function shapeStates(c: ShapeChecks | null): number {
  let n = 0;
  for (; c !== null; c = c.next) n++;
  return n;
}

/**
 * Runs a unit through the tokens and notes, per value text, what checked it. Returns the shape's checks when the unit
 * passed cleanly and its checks can be replayed; null when it did not pass (the next unit of the shape may teach it);
 * 'never' when the shape cannot be decided from values (see the module comment).
 */
export function learnShape(rec: UnitRecord, parent: ShapeFrame, host: ShapeHost): ShapeChecks | null | 'never' {
  const { type, state, scope } = parent;
  const count = host.count();
  const ids = host.ids();
  const base = host.depth();
  const blank: number[] = [];
  const tok: number[] = [];
  const simple: SimpleType[] = [];
  const decl: (ElementDecl | null)[] = [];
  /** Per open depth below the parent: the token of its text (-1 none). */
  const textOf: number[] = [];
  let never = false;
  let i = 0;
  const h = host.h;
  const learner: LexerHandler = {
    start(qname, attrs, selfClosing, line, column) {
      h.start(qname, attrs, selfClosing, line, column);
      i++;
      const f = host.frame()!;
      if (f.scope !== scope || f.nil) never = true;
      textOf[host.depth() - base] = -1;
    },
    text(s, line) {
      const f = host.frame();
      const d = host.depth() - base;
      if (f !== undefined && !f.skip && f.type !== null && d > 0 && rec.kinds[i] === TEXT) {
        if (f.type.content === 'element' || f.type.content === 'empty') blank.push(i);
        else if (f.text !== null) {
          if (textOf[d] !== -1) never = true;
          textOf[d] = i;
        }
      } else if (f !== undefined && !f.skip && f.type !== null && d > 0 && f.text !== null) {
        // indentation as (part of) a value: fixed by the shape, but a second text would make the value two tokens
        if (textOf[d] !== -1) never = true;
        textOf[d] = -2;
      }
      h.text(s, line);
      i++;
    },
    end(qname, line) {
      const f = host.frame();
      const d = host.depth() - base;
      if (f !== undefined && !f.skip && f.type !== null && f.type.content === 'simple' && f.text !== null && d > 0 && textOf[d] >= 0) {
        tok.push(textOf[d]);
        simple.push(f.type.simple!);
        decl.push(f.decl);
      }
      h.end(qname, line);
      i++;
    },
  };
  rec.replay(learner);
  if (never || host.ids() !== ids) return 'never';
  if (host.count() !== count || host.depth() !== base || parent.broken || type === null) return null;
  return { type, state, scope, after: parent.state, blank, tok, simple, decl, next: null };
}
