/**
 * Serialising errors for the wire, and the old `protocolError(code)` helper. The default texts it
 * had now live in the error catalog's transport area (catalog/transport.ts, same texts).
 */
import { EdefterError, ErrorCode, type SerializedError } from './errors.ts';
import { failTransport } from './catalog/light.ts';
import { TRANSPORT } from './catalog/transport.ts';
import type { AnyEntry } from './catalog/entry.ts';

/** The transport entry for each code (the first one), for {@link protocolError}. */
const BY_CODE = new Map<string, [string, AnyEntry]>();
for (const [k, e] of Object.entries(TRANSPORT) as [string, AnyEntry][]) if (!BY_CODE.has(e.code)) BY_CODE.set(e.code, [k, e]);

/**
 * @deprecated use `fail('transport.…', params)` from the catalog; kept until every call site is converted.
 * Builds an {@link EdefterError} with the transport catalog's texts for `code`.
 * @param code error code
 * @param details machine-readable facts (never secrets)
 * @param override replace the default Turkish/English texts
 */
export function protocolError(code: ErrorCode, details?: Record<string, unknown>, override?: Partial<{ tr: string; en: string }>): EdefterError {
  const hit = BY_CODE.get(code);
  const p = details ?? {};
  const tr = override?.tr ?? (hit ? hit[1].tr(p) : `Hata: ${code}`);
  const en = override?.en ?? (hit ? hit[1].en(p) : `Error: ${code}`);
  return new EdefterError(code, tr, en, details, override || !hit ? {} : { key: hit[0], retriable: hit[1].retriable });
}

/**
 * Turns anything thrown into a {@link SerializedError} for the wire. EdefterErrors keep their
 * code, texts, key and retriable flag; anything else becomes INTERNAL (`transport.internal`) with
 * its message in `details.message` (stack traces never cross a hop).
 */
export function serializeError(e: unknown): SerializedError {
  if (e instanceof EdefterError) return e.toJSON();
  if (typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string'
      && typeof (e as { tr?: unknown }).tr === 'string' && typeof (e as { en?: unknown }).en === 'string') {
    const o = e as SerializedError;
    return EdefterError.fromJSON({ code: o.code, tr: o.tr, en: o.en, details: o.details, key: typeof o.key === 'string' ? o.key : undefined,
      retriable: typeof o.retriable === 'boolean' ? o.retriable : undefined }).toJSON();
  }
  const message = e instanceof Error ? e.message : String(e);
  return failTransport('transport.internal', { message }).toJSON();
}
