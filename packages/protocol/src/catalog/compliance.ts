/**
 * Error catalog, area `compliance`: the uyumluluk (compliance) measurements.
 * One file per area so that engineers never edit the same file; the entry shape and rules
 * (named typed parameters, never secrets, Turkish first) are in entry.ts.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg } from './entry.ts';

/** `compliance.*` entries. */
export const COMPLIANCE = area('compliance', {
});
