/**
 * Content models as position (Glushkov) automata. A particle tree (sequence, choice, element,
 * wildcard with minOccurs/maxOccurs) becomes a regular expression over positions; each position
 * is one element particle or wildcard. The automaton's states are "nothing matched yet" (0) and
 * "position p matched last" (p); XSD's Unique Particle Attribution rule makes it deterministic, so
 * validating one open element needs one integer of state, whatever the document's size.
 *
 * Bounded repeats are unrolled (maxOccurs="3" → three copies); unbounded ones loop. Unrolling is
 * capped (see MAX_POSITIONS) so a schema with maxOccurs="100000" fails at compile time instead of
 * exhausting memory.
 */

/** A particle term after references are resolved. */
type Term<E, W> = { t: 'element'; decl: E } | { t: 'any'; w: W } | { t: 'seq' | 'choice'; items: Particle<E, W>[] };

/** A term with occurrence bounds (max = Infinity for unbounded). */
export interface Particle<E, W> {
  term: Term<E, W>;
  min: number;
  max: number;
}

/** Regular expression over positions. */
type Rx = { k: 'pos'; p: number } | { k: 'seq' | 'alt'; c: Rx[] } | { k: 'star' | 'opt'; c: Rx } | { k: 'eps' } | { k: 'none' };

/** One position: the particle it came from. */
type Position<E, W> = { t: 'element'; decl: E } | { t: 'any'; w: W };

/** A compiled, deterministic content model. */
export interface Automaton<E, W> {
  positions: Position<E, W>[];
  /** follow[s]: positions that may come after state s (state 0 = start). */
  follow: number[][];
  /** final[s]: the content may end in state s. */
  final: boolean[];
}

const MAX_POSITIONS = 5000;

/**
 * Builds the position automaton of a particle.
 * @param emptyChoice how an xs:choice without particles reads: 'none' (XSD: unsatisfiable) or 'eps' (empty)
 * @throws Error when unrolling would exceed MAX_POSITIONS positions
 */
export function buildAutomaton<E, W>(root: Particle<E, W> | null, emptyChoice: 'none' | 'eps' = 'none'): Automaton<E, W> {
  const positions: Position<E, W>[] = [null as unknown as Position<E, W>];
  const one = (term: Term<E, W>): Rx => {
    if (term.t === 'element' || term.t === 'any') {
      if (positions.length > MAX_POSITIONS) throw new Error(`content model larger than ${MAX_POSITIONS} positions`);
      positions.push(term.t === 'element' ? { t: 'element', decl: term.decl } : { t: 'any', w: term.w });
      return { k: 'pos', p: positions.length - 1 };
    }
    if (!term.items.length) return term.t === 'seq' ? { k: 'eps' } : { k: emptyChoice };
    return { k: term.t === 'seq' ? 'seq' : 'alt', c: term.items.map(particle) };
  };
  const particle = (p: Particle<E, W>): Rx => {
    if (p.max === 0) return { k: 'eps' };
    const c: Rx[] = [];
    for (let i = 0; i < p.min; i++) c.push(one(p.term));
    if (p.max === Infinity) c.push({ k: 'star', c: one(p.term) });
    else {
      // min..max: (t (t (t)?)?)? nested, so positions stay deterministic.
      let tail: Rx | null = null;
      for (let i = p.max - p.min; i > 0; i--) {
        const t = one(p.term);
        tail = { k: 'opt', c: tail ? { k: 'seq', c: [t, tail] } : t };
      }
      if (tail) c.push(tail);
    }
    return c.length === 1 ? c[0] : { k: 'seq', c };
  };
  const rx: Rx = root ? particle(root) : { k: 'eps' };
  const n = positions.length;
  const follow: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  const final = new Array<boolean>(n).fill(false);
  // Returns [nullable, first, last] and fills follow.
  const walk = (r: Rx): [boolean, number[], number[]] => {
    switch (r.k) {
      case 'pos':
        return [false, [r.p], [r.p]];
      case 'eps':
        return [true, [], []];
      case 'none':
        return [false, [], []];
      case 'opt': {
        const [, f, l] = walk(r.c);
        return [true, f, l];
      }
      case 'star': {
        const [, f, l] = walk(r.c);
        for (const x of l) for (const y of f) follow[x].add(y);
        return [true, f, l];
      }
      case 'alt': {
        let nul = false;
        const f: number[] = [];
        const l: number[] = [];
        for (const c of r.c) {
          const [a, b, d] = walk(c);
          nul ||= a;
          f.push(...b);
          l.push(...d);
        }
        return [nul, f, l];
      }
      case 'seq': {
        let nul = true;
        let f: number[] = [];
        let l: number[] = [];
        let dead = false;
        for (const c of r.c) {
          const [a, b, d] = walk(c);
          if (c.k === 'none') dead = true;
          for (const x of l) for (const y of b) follow[x].add(y);
          if (nul) f = f.concat(b);
          l = a ? l.concat(d) : d;
          nul = nul && a;
        }
        return dead ? [false, [], []] : [nul, f, l];
      }
    }
  };
  const [nullable, first, last] = walk(rx);
  follow[0] = new Set(first);
  final[0] = nullable;
  for (const p of last) final[p] = true;
  return { positions, follow: follow.map((s) => [...s]), final };
}
