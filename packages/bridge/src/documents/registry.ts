/**
 * Documents inspected on one connection (`document-inspect`), by SHA-256 and origin: the bridge
 * signs only bytes whose digest was inspected here, for the same origin, recently. In memory only
 * (facts, never the bytes); entries expire {@link INSPECTED_TTL_MS} after their last use and the
 * oldest are dropped beyond {@link MAX_INSPECTED}.
 */
import { TIMEOUTS, type DocumentFacts, type DocumentKind } from '@edefter/protocol';

/** How long an inspected document stays signable (ms): a consent window's lifetime plus margin. */
const INSPECTED_TTL_MS = TIMEOUTS.consentWindowMs * 2;

/** Most documents remembered per connection. */
export const MAX_INSPECTED = 512;

/** One remembered document. */
export interface InspectedDocument {
  origin: string;
  facts: DocumentFacts;
  /** the kind the page declared when it was inspected */
  declaredKind: DocumentKind;
  /** Date.now() when it expires */
  expires: number;
}

/** The inspected documents of one connection. */
export class InspectedDocuments {
  private byKey = new Map<string, InspectedDocument>();

  constructor(
    private readonly ttlMs: number = INSPECTED_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  private key(origin: string, sha256: string): string {
    return `${origin} ${sha256}`;
  }

  /** Remembers (or refreshes) a document inspected for `origin`. */
  remember(origin: string, facts: DocumentFacts, declaredKind: DocumentKind): void {
    this.prune();
    const k = this.key(origin, facts.sha256);
    this.byKey.delete(k);
    this.byKey.set(k, { origin, facts, declaredKind, expires: this.now() + this.ttlMs });
    while (this.byKey.size > MAX_INSPECTED) this.byKey.delete(this.byKey.keys().next().value!);
  }

  /**
   * The document with this digest inspected for `origin`, unless it expired. A hit extends its
   * life by the TTL again (a request whose later documents wait behind earlier consent windows).
   */
  get(origin: string, sha256: string): InspectedDocument | undefined {
    const d = this.byKey.get(this.key(origin, sha256));
    if (!d) return undefined;
    const t = this.now();
    if (d.expires <= t) {
      this.byKey.delete(this.key(origin, sha256));
      return undefined;
    }
    d.expires = t + this.ttlMs;
    return d;
  }

  /** Drops expired entries. */
  prune(): void {
    const t = this.now();
    for (const [k, d] of this.byKey) if (d.expires <= t) this.byKey.delete(k);
  }

  /** Forgets everything (connection closed). */
  clear(): void {
    this.byKey.clear();
  }

  /** Number of remembered documents. */
  get size(): number {
    return this.byKey.size;
  }
}
