/**
 * The shape of one error-catalog entry and the helpers that define areas and build errors from
 * them (issue 11 item 4: one catalog, call sites pass a key and named parameters, never texts).
 *
 * An entry maps a stable message key (`area.camelCaseName`, e.g. `token.pinIncorrect`) to the
 * wire code ({@link ErrorCode}, unchanged: pages match on it), a Turkish and an English text
 * rendered from NAMED, typed parameters, and whether the error is transient (`retriable`).
 * The parameters are also the error's `details` on the wire, so they must never hold secrets:
 * no PIN, password, API key, private key or session token goes into a parameter, only facts a
 * user or integrator may read (file names, codes, counts, URLs without credentials).
 *
 * Several keys may share one wire code (the code is the coarse class, the key the precise message).
 */
import { EdefterError, type ErrorCode } from '../errors.ts';

/** A JSON-safe parameter value (it crosses every hop as part of `details`). */
export type ParamValue = string | number | boolean | null | undefined | readonly ParamValue[] | { readonly [k: string]: ParamValue };

/** Named parameters of a message (type literals only: interfaces lack the index signature). */
export type Params = { readonly [name: string]: ParamValue };

/** A text in both languages, for parameters that carry an inner error's or a service's message. */
export type Bilingual = { readonly tr: string; readonly en: string };

/** No parameters. */
export type NoParams = Record<never, never>;

/** One catalog entry with parameters `P`. */
export interface CatalogEntry<P extends Params = NoParams> {
  /** wire code; several entries may share one */
  readonly code: ErrorCode;
  /** transient: trying the same operation again later, unchanged, may succeed */
  readonly retriable: boolean;
  /** Turkish text (shown first) */
  readonly tr: (p: P) => string;
  /** English text */
  readonly en: (p: P) => string;
  /** sample parameters: documents the entry and lets the catalog test render every text */
  readonly sample?: P;
}

/** What {@link msg} takes: a sample is required as soon as the entry has a required parameter. */
export type EntryDef<P extends Params> = Omit<CatalogEntry<P>, 'sample'> & (NoParams extends P ? { readonly sample?: P } : { readonly sample: P });

/**
 * Defines one entry. Give the parameter type explicitly; `tr`, `en` and `sample` are checked against it:
 * ```ts
 * 'gib.packageRejected': msg<{ paket: string; reason: string }>({
 *   code: ErrorCode.GibRejected, retriable: false,
 *   tr: (p) => `GİB ${p.paket} paketini reddetti: ${p.reason}`,
 *   en: (p) => `GİB rejected package ${p.paket}: ${p.reason}`,
 *   sample: { paket: '6090408038-202601-Y-000000.zip', reason: 'şema hatası' },
 * }),
 * ```
 * @param def the entry
 */
export function msg<P extends Params = NoParams>(def: EntryDef<P>): CatalogEntry<P> {
  return def as CatalogEntry<P>;
}

/** Any entry (parameters erased), as stored in a catalog map. */
// biome-ignore lint/suspicious/noExplicitAny: parameters are erased on purpose (unknown would make the entries invariant and unassignable)
export type AnyEntry = CatalogEntry<any>;

/**
 * Declares the entries of one area; fails at type level when a key does not start with `area.`.
 * Within an area, a repeated key is already a compile error (TS1117).
 * @param _area the area name (one file per area under `catalog/`)
 * @param entries the entries
 */
export function area<A extends string, T extends { [K in keyof T]: K extends `${A}.${string}` ? AnyEntry : never }>(_area: A, entries: T): T {
  return entries;
}

/** The parameters of entry `E`. */
export type ParamsOfEntry<E> = E extends CatalogEntry<infer P> ? P : never;

/** The rest arguments of `fail(key, …)`: parameters optional when the entry has none required. */
export type ParamsArg<E> = NoParams extends ParamsOfEntry<E> ? [params?: ParamsOfEntry<E>] : [params: ParamsOfEntry<E>];

/**
 * True when no key occurs in two of the maps; otherwise an object naming the duplicate keys
 * (so `const ok: NoDuplicateKeys<[A, B]> = true` fails to compile and shows them).
 */
export type NoDuplicateKeys<T extends readonly object[], Seen extends PropertyKey = never> = T extends readonly [infer H, ...infer R extends readonly object[]]
  ? [keyof H & Seen] extends [never]
    ? NoDuplicateKeys<R, Seen | keyof H>
    : { duplicate: keyof H & Seen }
  : true;

/**
 * Merges area maps into one catalog; throws on a duplicate key at load time as well
 * (the type-level check is {@link NoDuplicateKeys}).
 * @param areas the area maps
 * @throws Error naming the duplicate key
 */
export function mergeAreas<T extends readonly object[]>(...areas: T): UnionToIntersection<T[number]> {
  const out: Record<string, AnyEntry> = {};
  for (const a of areas) {
    for (const [k, v] of Object.entries(a)) {
      if (k in out) throw new Error(`duplicate error catalog key: ${k}`);
      out[k] = v as AnyEntry;
    }
  }
  return Object.freeze(out) as UnionToIntersection<T[number]>;
}

/** `A | B` → `A & B`. */
export type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/**
 * Builds the `fail(key, params)` function of a catalog: the entry's code, both texts rendered
 * from `params`, `params` as details (keys holding `undefined` dropped; omitted when empty), the key and `retriable`.
 * @param catalog merged catalog
 */
export function makeFail<C extends Record<string, AnyEntry>>(catalog: C) {
  /**
   * The error of catalog entry `key` with named parameters `params` (never secrets: they go on the wire).
   * Use as `throw fail('token.pinIncorrect', { retriesLeft: 2 })`.
   * @throws Error when `key` is not in the catalog (only possible when types are bypassed)
   */
  return function fail<K extends keyof C & string>(key: K, ...args: ParamsArg<C[K]>): EdefterError {
    const e = catalog[key];
    if (!e) throw new Error(`unknown error catalog key: ${key}`);
    const p = (args[0] ?? {}) as Params;
    const defined = Object.entries(p).filter(([, v]) => v !== undefined);
    const details = defined.length ? Object.fromEntries(defined) : undefined;
    return new EdefterError(e.code, e.tr(p), e.en(p), details, { key, retriable: e.retriable });
  };
}
