/**
 * A lexer handler that forwards every token to several handlers, so one read and one lex of a file
 * feed layers a, b and c at once (validate/one-pass.ts). Each branch is isolated: when a handler
 * throws, that branch stops receiving tokens and keeps its error ({@link TeeHandler.errorOf}); the
 * others go on, exactly as if each layer had read the file on its own.
 */
import type { LexerHandler } from './xml-lexer.ts';

/** Forwards lexer tokens to its branches; see the module comment. */
export class TeeHandler implements LexerHandler {
  private live: LexerHandler[];
  private readonly errors = new Map<LexerHandler, unknown>();

  constructor(readonly branches: readonly LexerHandler[]) {
    this.live = [...branches];
  }

  /** What branch `h` threw (undefined while it runs well). */
  errorOf(h: LexerHandler): unknown {
    return this.errors.get(h);
  }

  private drop(h: LexerHandler, e: unknown): void {
    this.errors.set(h, e);
    this.live = this.live.filter((x) => x !== h);
  }

  start(qname: string, attrs: string, selfClosing: boolean, line: number, column: number): void {
    const l = this.live;
    for (let i = 0; i < l.length; i++) {
      try {
        l[i].start(qname, attrs, selfClosing, line, column);
      } catch (e) {
        this.drop(l[i], e);
      }
    }
  }

  end(qname: string, line: number): void {
    const l = this.live;
    for (let i = 0; i < l.length; i++) {
      try {
        l[i].end(qname, line);
      } catch (e) {
        this.drop(l[i], e);
      }
    }
  }

  text(s: string, line: number): void {
    const l = this.live;
    for (let i = 0; i < l.length; i++) {
      try {
        l[i].text(s, line);
      } catch (e) {
        this.drop(l[i], e);
      }
    }
  }

  pi(target: string, data: string, line: number): void {
    const l = this.live;
    for (let i = 0; i < l.length; i++) {
      const h = l[i];
      if (!h.pi) continue;
      try {
        h.pi(target, data, line);
      } catch (e) {
        this.drop(h, e);
      }
    }
  }
}
