/**
 * Errors as the client (extension, and through it the consent window or a page) receives them:
 * {@link serializeError} with every filesystem path and PKCS#11 module name taken out of the
 * messages and details (issue 10 item 12). The bridge's own log keeps the full error.
 *
 * Removed: detail keys that only ever hold local facts (`module`, `path`, `file` paths, `dir`,
 * `folder`, `monthDir`, `stack`, `cwd`…), absolute or relative paths inside any string
 * (`/usr/lib/…`, `./x`, `C:\…`, `~/…`), and shared-library names (`libsofthsm2.so`, `akisp11.dll`,
 * `…dylib`). URLs (`https://…`) and plain file names such as `6090408038-202601-Y-000000.xml` stay.
 */
import { serializeError, type SerializedError } from '@edefter/protocol';

/** Detail keys dropped whatever their value. */
const LOCAL_KEYS = new Set(['module', 'modulepath', 'path', 'paths', 'dir', 'folder', 'monthdir', 'stack', 'cwd', 'configpath', 'datadir', 'zippath', 'tmp']);

/** A path: starts at the beginning or after a separator, then `/`, `\`, `~/`, `./`, `../` or `X:\`. */
const PATH = /(^|[\s'"`(=[,;:])(?<!:\/)(?<!\w:)((?:[A-Za-z]:[\\/]|\.{1,2}[\\/]|~[\\/]|[\\/])(?![\\/])[^\s'"`)\],;]*)/g;
/** A word with a backslash (the rest of a Windows path with spaces). */
const BACKSLASHED = /[^\s'"`]*\\[^\s'"`]*/g;
/** A shared-library (PKCS#11 module) name. */
const LIBRARY = /[\w.+-]+\.(?:so|dll|dylib)(?:\.\d+)*\b/gi;

/** `text` with paths and module names replaced by `…`. */
export function scrubPaths(text: string): string {
  return text
    .replace(PATH, (_m, pre: string) => `${pre}…`)
    .replace(BACKSLASHED, '…')
    .replace(LIBRARY, '…');
}

function scrubValue(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return scrubPaths(v);
  if (depth > 4 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.slice(0, 100).map((x) => scrubValue(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (LOCAL_KEYS.has(k.toLowerCase())) continue;
    out[k] = scrubValue(x, depth + 1);
  }
  return out;
}

/**
 * The serialized error for a client, without paths or module names.
 * @param e anything thrown (EdefterError, serialized error, other)
 */
export function clientError(e: unknown): SerializedError {
  const s = serializeError(e);
  return {
    code: s.code,
    tr: scrubPaths(s.tr),
    en: scrubPaths(s.en),
    ...(s.details ? { details: scrubValue(s.details, 0) as Record<string, unknown> } : {}),
    ...(s.key !== undefined ? { key: s.key } : {}),
    ...(s.retriable !== undefined ? { retriable: s.retriable } : {}),
  };
}
