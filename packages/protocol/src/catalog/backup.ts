/**
 * Error catalog, area `backup`: the integrator backup (ikincil saklama) service and its files.
 * One file per area so that engineers never edit the same file; the entry shape and rules
 * (named typed parameters, never secrets, Turkish first) are in entry.ts.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg } from './entry.ts';

/** `backup.*` entries. */
export const BACKUP = area('backup', {
});
