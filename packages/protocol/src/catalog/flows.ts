/**
 * Error catalog, area `flows`: the orchestrated flows (a whole month, GİB send/download, backup).
 * One file per area so that engineers never edit the same file; the entry shape and rules
 * (named typed parameters, never secrets, Turkish first) are in entry.ts.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg } from './entry.ts';

/** `flows.*` entries. */
export const FLOWS = area('flows', {
});
