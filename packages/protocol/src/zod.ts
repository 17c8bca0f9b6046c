/**
 * The part of zod the protocol and the bridge use, for `import * as z from '…/zod.ts'` (or
 * `@edefter/protocol/zod`): the same `z.object(…)`, `z.infer<…>` as zod's own `z`, without its namespace object.
 * zod's `z` is a namespace of namespaces (core, locales, iso, …) that esbuild builds in full at load (~1,300 export
 * getters and all of zod's schema classes: ~1.5 MiB of heap and 0.6 MB of bundle source, which V8 keeps as long as the
 * bridge runs); named imports let esbuild keep only what is used (issue 15: idle RSS ≤ 64 MiB). A zod function
 * not listed here is added to this list, not imported as `{ z } from 'zod'` in product code.
 */
export {
  array,
  boolean,
  discriminatedUnion,
  enum,
  literal,
  looseObject,
  number,
  object,
  record,
  string,
  union,
  unknown,
  url,
  ZodError,
  ZodType,
} from 'zod';
export type { infer, input, output } from 'zod';
