/**
 * How an action is declared: its name, the zod schemas of its parameters and result, and its
 * end-to-end timeout. Page actions live in `actions/` (page → extension), bridge actions in
 * `bridge-actions/` (extension → bridge); one file per action, registered in the folder's
 * `index.ts`. Adding an action = one small file + one line.
 */
import type { z } from 'zod';

/** A declared action. `P`/`R` are the zod schemas of params and result. */
export interface ActionDef<N extends string = string, P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  /** wire name, kebab-case, stable forever */
  readonly name: N;
  /** parameters schema (validated by the receiving side) */
  readonly params: P;
  /** result schema (validated by the requesting side) */
  readonly result: R;
  /** how long the requester waits for the result (ms) */
  readonly timeoutMs: number;
  /** protocol version that introduced it (for `requiresUpdate` messages) */
  readonly since: string;
}

/** Declares an action (identity function that keeps the literal types). */
export function defineAction<N extends string, P extends z.ZodType, R extends z.ZodType>(def: ActionDef<N, P, R>): ActionDef<N, P, R> {
  return Object.freeze(def);
}

/** Parameters type of an action definition. */
export type ParamsOf<A> = A extends ActionDef<string, infer P, z.ZodType> ? z.input<P> : never;
/** Result type of an action definition. */
export type ResultOf<A> = A extends ActionDef<string, z.ZodType, infer R> ? z.output<R> : never;
