/**
 * The manual pairing code (fallback for a browser without the native host): `edefter pair` asks
 * the bridge over the local channel for a code and prints it in the user's own session; the user
 * types it into the extension, which sends it over the WebSocket (`pair-code`).
 *
 * Rules: one code at a time (a new one replaces the old), 8 symbols of PAIR_CODE_ALPHABET
 * (40 bits), valid 5 minutes, single use. Attempts against a live code are taken one at a time;
 * each wrong one makes the next wait longer (250 ms, doubling, cap 8 s) and the code dies after
 * 5 wrong tries. Attempts while no code is live are refused after {@link NO_CODE_DELAY_MS}
 * (there is nothing to guess then; the WebSocket's unauthenticated pool bounds their rate).
 * The code is never sent on the WebSocket by the bridge.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { PAIR_CODE_ALPHABET } from '@edefter/protocol';

/** How long a code stays valid (ms). */
const PAIR_CODE_TTL_MS = 5 * 60_000;
/** Wrong tries after which the code dies. */
const PAIR_CODE_MAX_WRONG = 5;
/** Delay after the first wrong try (ms); doubles per wrong try. */
const PAIR_CODE_BASE_DELAY_MS = 250;
/** Longest delay (ms). */
const PAIR_CODE_MAX_DELAY_MS = 8_000;
/** Delay before refusing an attempt while no code is live (ms). */
const NO_CODE_DELAY_MS = 500;

/** Why an attempt failed (for logs and the audit log; the client only learns "rejected"). */
type PairCodeFailure = 'no-code' | 'expired' | 'wrong' | 'wrong-code-dead';

/** Outcome of {@link PairCodeBook.attempt}. */
export type PairCodeOutcome = { ok: true } | { ok: false; reason: PairCodeFailure; wrongTries: number };

const sleep = (ms: number): Promise<void> =>
  new Promise((r) => {
    const t = setTimeout(r, ms);
    t.unref?.();
  });

/** A fresh code: 8 symbols, each from 5 random bits (32-symbol alphabet, so no bias). */
function newPairCode(): string {
  const b = randomBytes(8);
  let s = '';
  for (const x of b) s += PAIR_CODE_ALPHABET[x & 31];
  return s;
}

/** Holds the one live manual code and judges attempts. */
export class PairCodeBook {
  private live?: { code: string; expires: number; wrong: number };
  /** attempts against a live code run one after another */
  private chain: Promise<unknown> = Promise.resolve();
  /** earliest time (ms) the next attempt may be judged */
  private notBefore = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Issues a new code (the old one, if any, dies). @returns the code and its lifetime in ms */
  issue(): { code: string; expiresInMs: number } {
    const code = newPairCode();
    this.live = { code, expires: this.now() + PAIR_CODE_TTL_MS, wrong: 0 };
    this.notBefore = 0;
    return { code, expiresInMs: PAIR_CODE_TTL_MS };
  }

  /** Delay after `wrong` wrong tries (ms). */
  static delayAfter(wrong: number): number {
    return wrong <= 0 ? 0 : Math.min(PAIR_CODE_BASE_DELAY_MS * 2 ** (wrong - 1), PAIR_CODE_MAX_DELAY_MS);
  }

  /**
   * Judges a typed code. Resolves after the delay the rules demand; on success the code is used up.
   * @param typed the code as sent (already schema-checked)
   */
  attempt(typed: string): Promise<PairCodeOutcome> {
    if (!this.live || this.now() > this.live.expires) {
      const reason: PairCodeFailure = this.live ? 'expired' : 'no-code';
      this.live = undefined;
      return sleep(NO_CODE_DELAY_MS).then(() => ({ ok: false, reason, wrongTries: 0 }));
    }
    const run = async (): Promise<PairCodeOutcome> => {
      const wait = this.notBefore - this.now();
      if (wait > 0) await sleep(wait);
      const live = this.live;
      if (!live) return { ok: false, reason: 'no-code', wrongTries: 0 };
      if (this.now() > live.expires) {
        this.live = undefined;
        return { ok: false, reason: 'expired', wrongTries: live.wrong };
      }
      const a = Buffer.from(typed.padEnd(8).slice(0, 8), 'utf8');
      const b = Buffer.from(live.code, 'utf8');
      if (a.length === b.length && timingSafeEqual(a, b) && typed.length === live.code.length) {
        this.live = undefined;
        this.notBefore = 0;
        return { ok: true };
      }
      live.wrong++;
      const dead = live.wrong >= PAIR_CODE_MAX_WRONG;
      if (dead) this.live = undefined;
      const delay = PairCodeBook.delayAfter(live.wrong);
      this.notBefore = this.now() + delay;
      await sleep(delay);
      return { ok: false, reason: dead ? 'wrong-code-dead' : 'wrong', wrongTries: live.wrong };
    };
    const p = this.chain.then(run, run);
    this.chain = p.catch(() => undefined);
    return p;
  }

  /** Whether a code is live (tests, diagnostics). */
  get hasLiveCode(): boolean {
    return Boolean(this.live && this.now() <= this.live.expires);
  }
}
