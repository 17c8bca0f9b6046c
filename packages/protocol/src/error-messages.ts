/**
 * Serialising errors for the wire. (The default texts of the former `protocolError(code)` are the
 * error catalog's transport area, catalog/transport.ts, same texts.)
 */
import { EdefterError, type SerializedError } from './errors.ts';
import { failTransport } from './catalog/light.ts';

/**
 * Turns anything thrown into a {@link SerializedError} for the wire. EdefterErrors keep their
 * code, texts, key and retriable flag; anything else becomes INTERNAL (`transport.internal`) with
 * its message in `details.message` (stack traces never cross a hop).
 */
export function serializeError(e: unknown): SerializedError {
  if (e instanceof EdefterError) return e.toJSON();
  if (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { code?: unknown }).code === 'string' &&
    typeof (e as { tr?: unknown }).tr === 'string' &&
    typeof (e as { en?: unknown }).en === 'string'
  ) {
    const o = e as SerializedError;
    return EdefterError.fromJSON({
      code: o.code,
      tr: o.tr,
      en: o.en,
      details: o.details,
      key: typeof o.key === 'string' ? o.key : undefined,
      retriable: typeof o.retriable === 'boolean' ? o.retriable : undefined,
    }).toJSON();
  }
  const message = e instanceof Error ? e.message : String(e);
  return failTransport('transport.internal', { message }).toJSON();
}
