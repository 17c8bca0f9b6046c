/**
 * Error catalog, area `token`: the PKCS#11 token (module, slot, PIN, pinpad, keys) and its worker.
 * One file per area so that engineers never edit the same file; the entry shape and rules
 * (named typed parameters, never secrets, Turkish first) are in entry.ts.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg } from './entry.ts';

/** `token.*` entries. */
export const TOKEN = area('token', {
});
