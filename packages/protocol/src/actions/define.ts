/**
 * How an action is declared: its name, the zod schemas of its parameters and result (built on first use), and its
 * end-to-end timeout. Page actions live in `actions/` (page → extension), bridge actions in
 * `bridge-actions/` (extension → bridge); one file per action, registered in the folder's
 * `index.ts`. Adding an action = one small file + one line.
 */
import type * as z from '../zod.ts';

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

/**
 * What {@link defineAction} takes: an {@link ActionDef} whose `params` and `result` are functions that build the
 * schemas. They run on the first read of `params` / `result` (see ../lazy-schema.ts: an idle bridge builds the
 * schemas of the actions it was asked for, not of all of them).
 */
export interface ActionDecl<N extends string, P extends z.ZodType, R extends z.ZodType> extends Omit<ActionDef<N, P, R>, 'params' | 'result'> {
  /** builds the parameters schema (called once, on first use) */
  readonly params: () => P;
  /** builds the result schema (called once, on first use) */
  readonly result: () => R;
}

/**
 * Declares an action: a frozen {@link ActionDef} with the literal types of `decl`, whose `params` and `result` are
 * read-only getters that build their schema on first read and return that same schema after.
 */
export function defineAction<N extends string, P extends z.ZodType, R extends z.ZodType>(decl: ActionDecl<N, P, R>): ActionDef<N, P, R> {
  let params: P | undefined;
  let result: R | undefined;
  return Object.freeze({
    name: decl.name,
    timeoutMs: decl.timeoutMs,
    since: decl.since,
    get params(): P {
      params ??= decl.params();
      return params;
    },
    get result(): R {
      result ??= decl.result();
      return result;
    },
  });
}

/** Parameters type of an action definition. */
export type ParamsOf<A> = A extends ActionDef<string, infer P, z.ZodType> ? z.input<P> : never;
/** Result type of an action definition. */
export type ResultOf<A> = A extends ActionDef<string, z.ZodType, infer R> ? z.output<R> : never;

/** What a handler of the action receives: the parameters as its schema parsed them (zod output). */
export type HandlerParamsOf<A extends ActionDef> = z.output<A['params']>;
/** What a handler of the action returns: the result as the requester's schema will read it (zod input). */
export type HandlerResultOf<A extends ActionDef> = z.input<A['result']>;

/**
 * Handlers for every action of a registry `Defs` (wire name → definition), each typed by its own
 * definition: params = {@link HandlerParamsOf}, result = {@link HandlerResultOf}. A map missing an
 * action, or a handler whose types do not fit its definition, does not compile.
 */
export type HandlerMap<Defs extends Record<string, ActionDef>, Ctx> = {
  readonly [K in keyof Defs]: (ctx: Ctx, params: HandlerParamsOf<Defs[K]>) => Promise<HandlerResultOf<Defs[K]>>;
};

/** Outcome of {@link parseActionParams}: the parsed params, or the first schema issues as `path: message` texts. */
export type ParsedParams<A extends ActionDef> = { ok: true; params: HandlerParamsOf<A> } | { ok: false; issues: string[] };

/** Validates raw wire params with an action's params schema, keeping the definition's type (at most 5 issues reported). */
export function parseActionParams<A extends ActionDef>(def: A, raw: unknown): ParsedParams<A> {
  const r = def.params.safeParse(raw);
  // zod types safeParse by the schema's declared bound (ZodType<unknown>) for a generic A; the data IS z.output<A['params']>
  if (r.success) return { ok: true, params: r.data as HandlerParamsOf<A> };
  return { ok: false, issues: r.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) };
}

/**
 * Reads a reply with an action's result schema, typed by the definition (the requester's side).
 * @throws ZodError when the reply does not fit the schema
 */
export function parseActionResult<A extends ActionDef>(def: A, raw: unknown): ResultOf<A> {
  // as in parseActionParams: the parsed value IS z.output<A['result']>, zod only types it by the bound
  return def.result.parse(raw) as ResultOf<A>;
}

/**
 * Runs the handler of `name` from a typed map with params that {@link parseActionParams} checked
 * against the same registry: the one dispatch point, with no casts (the handler's parameter type
 * and the parsed params are both `HandlerParamsOf<Defs[K]>`).
 */
export function runActionHandler<Defs extends Record<string, ActionDef>, Ctx, K extends keyof Defs>(
  handlers: HandlerMap<Defs, Ctx>,
  name: K,
  ctx: Ctx,
  params: HandlerParamsOf<Defs[K]>,
): Promise<HandlerResultOf<Defs[K]>> {
  const handler: HandlerMap<Defs, Ctx>[K] = handlers[name];
  return handler(ctx, params);
}
