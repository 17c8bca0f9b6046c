/**
 * A lexer handler that forwards every token to several handlers, so one read and one lex of a file
 * feed layers a, b and c at once (validate/one-pass.ts). Each branch is isolated: when a handler
 * throws, that branch stops receiving tokens and keeps its error ({@link TeeHandler.errorOf}); the
 * others go on, exactly as if each layer had read the file on its own.
 *
 * The first three branches sit in fixed slots, each called from its own call site (one handler
 * class per site: the calls stay monomorphic, which a loop over the branches is not); a fourth
 * branch and beyond go through a loop.
 */
import type { UnitRecord } from './unit-record.ts';
import type { LexerHandler } from './xml-lexer.ts';

/** Stands in for an empty slot. */
const NONE: LexerHandler = { start() {}, end() {}, text() {} };

/** Forwards lexer tokens to its branches; see the module comment. */
export class TeeHandler implements LexerHandler {
  private readonly errors = new Map<LexerHandler, unknown>();
  private readonly h0: LexerHandler;
  private readonly h1: LexerHandler;
  private readonly h2: LexerHandler;
  /** Slots still receiving tokens. */
  private on0: boolean;
  private on1: boolean;
  private on2: boolean;
  /** Branches after the third that still receive tokens. */
  private rest: LexerHandler[];

  constructor(readonly branches: readonly LexerHandler[]) {
    this.h0 = branches[0] ?? NONE;
    this.h1 = branches[1] ?? NONE;
    this.h2 = branches[2] ?? NONE;
    this.on0 = branches.length > 0;
    this.on1 = branches.length > 1;
    this.on2 = branches.length > 2;
    this.rest = branches.slice(3);
  }

  /** What branch `h` threw (undefined while it runs well). */
  errorOf(h: LexerHandler): unknown {
    return this.errors.get(h);
  }

  private drop(h: LexerHandler, e: unknown): void {
    this.errors.set(h, e);
    if (h === this.h0) this.on0 = false;
    else if (h === this.h1) this.on1 = false;
    else if (h === this.h2) this.on2 = false;
    else this.rest = this.rest.filter((x) => x !== h);
  }

  start(qname: string, attrs: string, selfClosing: boolean, line: number, column: number): void {
    if (this.on0)
      try {
        this.h0.start(qname, attrs, selfClosing, line, column);
      } catch (e) {
        this.drop(this.h0, e);
      }
    if (this.on1)
      try {
        this.h1.start(qname, attrs, selfClosing, line, column);
      } catch (e) {
        this.drop(this.h1, e);
      }
    if (this.on2)
      try {
        this.h2.start(qname, attrs, selfClosing, line, column);
      } catch (e) {
        this.drop(this.h2, e);
      }
    const l = this.rest;
    for (let i = 0; i < l.length; i++) {
      try {
        l[i].start(qname, attrs, selfClosing, line, column);
      } catch (e) {
        this.drop(l[i], e);
      }
    }
  }

  end(qname: string, line: number): void {
    if (this.on0)
      try {
        this.h0.end(qname, line);
      } catch (e) {
        this.drop(this.h0, e);
      }
    if (this.on1)
      try {
        this.h1.end(qname, line);
      } catch (e) {
        this.drop(this.h1, e);
      }
    if (this.on2)
      try {
        this.h2.end(qname, line);
      } catch (e) {
        this.drop(this.h2, e);
      }
    const l = this.rest;
    for (let i = 0; i < l.length; i++) {
      try {
        l[i].end(qname, line);
      } catch (e) {
        this.drop(l[i], e);
      }
    }
  }

  text(s: string, line: number): void {
    if (this.on0)
      try {
        this.h0.text(s, line);
      } catch (e) {
        this.drop(this.h0, e);
      }
    if (this.on1)
      try {
        this.h1.text(s, line);
      } catch (e) {
        this.drop(this.h1, e);
      }
    if (this.on2)
      try {
        this.h2.text(s, line);
      } catch (e) {
        this.drop(this.h2, e);
      }
    const l = this.rest;
    for (let i = 0; i < l.length; i++) {
      try {
        l[i].text(s, line);
      } catch (e) {
        this.drop(l[i], e);
      }
    }
  }

  /**
   * A unit record: each branch that takes records gets it, the others get its tokens (in turn, branch after branch:
   * the layers are independent, so the order between them does not matter; within a branch it is the file's). The three
   * layers of one-pass all take records, and the rule engine replays its units with a loop of its own.
   */
  takeUnit(rec: UnitRecord): void {
    if (this.on0) this.unitTo(this.h0, rec);
    if (this.on1) this.unitTo(this.h1, rec);
    if (this.on2) this.unitTo(this.h2, rec);
    const l = this.rest;
    for (let i = 0; i < l.length; i++) this.unitTo(l[i], rec);
  }

  /** Gives branch `h` the record (or its tokens); a branch that throws is dropped. */
  private unitTo(h: LexerHandler, rec: UnitRecord): void {
    try {
      if (h.takeUnit !== undefined) h.takeUnit(rec);
      else rec.replay(h);
    } catch (e) {
      this.drop(h, e);
    }
  }

  pi(target: string, data: string, line: number): void {
    // Rare (the prolog): one loop over the live branches.
    const live = [...(this.on0 ? [this.h0] : []), ...(this.on1 ? [this.h1] : []), ...(this.on2 ? [this.h2] : []), ...this.rest];
    for (const h of live) {
      if (!h.pi) continue;
      try {
        h.pi(target, data, line);
      } catch (e) {
        this.drop(h, e);
      }
    }
  }
}
