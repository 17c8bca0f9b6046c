/**
 * Signing sessions: a token login that lives for one page request only. Each session belongs
 * to one connection and one web origin; another origin cannot use it. A session ends with
 * `session-close`, when its connection drops, or after TIMEOUTS.sessionIdleMs without use —
 * then the signer is closed (C_Logout / C_CloseSession). No login state is shared across
 * origins or requests (the Fortify failure: one unlocked token, every site signs).
 */
import { randomBytes } from 'node:crypto';
import { TIMEOUTS, fail } from '@edefter/protocol';
import type { TokenSigner } from '../token/index.ts';
import { InspectedDocuments } from '../documents/index.ts';

interface Session {
  signer: TokenSigner;
  origin: string;
  timer: ReturnType<typeof setTimeout>;
  /** documents signed in this session */
  count: number;
  /** SHA-256 of the documents this session may sign (session-open `forDocuments`) */
  documents: ReadonlySet<string>;
}

/** Limit of concurrent sessions per connection. */
const MAX_SESSIONS_PER_CONNECTION = 4;

/** The sessions of one connection. */
export class SessionStore {
  private sessions = new Map<string, Session>();
  /** documents inspected on this connection (`document-inspect`), the only ones it may sign */
  readonly inspected = new InspectedDocuments();
  constructor(
    private readonly idleMs: number = TIMEOUTS.sessionIdleMs,
    private readonly onIdleClose: (id: string) => void = () => {},
  ) {}

  /**
   * Registers an open signer.
   * @param documents SHA-256 of the documents it may sign (none: a session for GİB web-service calls)
   * @returns the new session id (128-bit random hex)
   * @throws EdefterError BUSY when too many sessions are open
   */
  add(signer: TokenSigner, origin: string, documents: readonly string[] = []): string {
    if (this.sessions.size >= MAX_SESSIONS_PER_CONNECTION) throw fail('transport.busy', { sessions: this.sessions.size });
    const id = randomBytes(16).toString('hex');
    this.sessions.set(id, { signer, origin, timer: this.idleTimer(id), count: 0, documents: new Set(documents) });
    return id;
  }

  private idleTimer(id: string): ReturnType<typeof setTimeout> {
    const t = setTimeout(() => {
      void this.close(id).then((closed) => {
        if (closed) this.onIdleClose(id);
      });
    }, this.idleMs);
    t.unref?.();
    return t;
  }

  /**
   * The session's signer, for `origin` only; restarts its idle timer.
   * @throws EdefterError SESSION_NOT_FOUND (unknown, expired, or opened by another origin)
   */
  use(id: string, origin: string): TokenSigner {
    const s = this.sessions.get(id);
    if (!s || s.origin !== origin) throw fail('transport.sessionNotFound', { sessionId: id });
    clearTimeout(s.timer);
    s.timer = this.idleTimer(id);
    s.count++;
    return s.signer;
  }

  /**
   * Whether the session may sign the document with this SHA-256 (it was in `forDocuments`).
   * @throws EdefterError SESSION_NOT_FOUND (unknown, expired, or opened by another origin)
   */
  maySign(id: string, origin: string, sha256: string): boolean {
    const s = this.sessions.get(id);
    if (!s || s.origin !== origin) throw fail('transport.sessionNotFound', { sessionId: id });
    return s.documents.has(sha256);
  }

  /** Closes one session (logout). @returns whether it existed */
  async close(id: string, origin?: string): Promise<boolean> {
    const s = this.sessions.get(id);
    if (!s || (origin !== undefined && s.origin !== origin)) return false;
    this.sessions.delete(id);
    clearTimeout(s.timer);
    await s.signer.close().catch(() => undefined);
    return true;
  }

  /** Closes every session (connection closed, bridge stopping). */
  async closeAll(): Promise<void> {
    this.inspected.clear();
    await Promise.all([...this.sessions.keys()].map((id) => this.close(id)));
  }

  /** Number of open sessions. */
  get size(): number {
    return this.sessions.size;
  }
}
