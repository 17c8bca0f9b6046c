/**
 * Error catalog, area `cli`: the edefter command line (options, commands, PIN input, native-messaging host).
 * One file per area so that engineers never edit the same file; the entry shape and rules
 * (named typed parameters, never secrets, Turkish first) are in entry.ts.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg } from './entry.ts';

/** `cli.*` entries. */
export const CLI = area('cli', {
});
