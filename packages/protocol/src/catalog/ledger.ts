/**
 * Error catalog, area `ledger`: writing XBRL-GL (Yevmiye, Kebir, berats, Envanter, imports from accounting exports).
 * One file per area so that engineers never edit the same file; the entry shape and rules
 * (named typed parameters, never secrets, Turkish first) are in entry.ts.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg } from './entry.ts';

/** `ledger.*` entries. */
export const LEDGER = area('ledger', {
});
