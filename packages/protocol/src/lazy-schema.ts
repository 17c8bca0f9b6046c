/**
 * Schemas built on first use. Every message and action schema of the protocol used to be built when the module
 * loaded (~860 zod objects, ~1 MiB of heap), which the bridge, idle most of its life, kept for nothing (issue 15:
 * idle RSS ≤ 64 MiB): an idle bridge needs the few schemas of `hello`, `auth` and `status`. A schema declared with
 * {@link lazySchema} is built by its first use (a property read, `parse`, `safeParse`, `extend`, `instanceof`, being
 * read by an enclosing schema) and is then the same schema as before for every purpose: types, wire format and
 * validation do not change.
 */

/**
 * A schema (any object) that `build` makes on its first use; the returned object stands for it everywhere (a Proxy
 * that forwards every read, write, `in`, key listing and prototype query to the built schema). Its type is the
 * built schema's, so `z.infer<typeof X>`, `.extend`, composition in other schemas and `instanceof` work unchanged.
 * `build` runs at most once; when it throws, the use that triggered it throws and the next use tries again.
 * Methods run with `this` = the stand-in, whose reads reach the built schema (zod reads its state through `_zod`).
 * @param build makes the schema; called once, on first use, never at module load
 */
/* @__NO_SIDE_EFFECTS__ */
export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const real = (): T => {
    built ??= build();
    return built;
  };
  return new Proxy({} as T, {
    get: (_t, key) => Reflect.get(real(), key),
    set: (_t, key, value) => Reflect.set(real(), key, value),
    has: (_t, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    // reported as configurable: the stand-in's own (empty) target must not be asked to hold the built schema's
    // non-configurable properties (zod's `_zod`), which a Proxy invariant would otherwise demand
    getOwnPropertyDescriptor: (_t, key) => {
      const d = Reflect.getOwnPropertyDescriptor(real(), key);
      return d && { ...d, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
}
