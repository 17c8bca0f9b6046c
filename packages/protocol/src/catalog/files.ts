/**
 * Error catalog, area `files`: the private data folder (atomic writes, permissions).
 * One file per area so that engineers never edit the same file; the entry shape and rules
 * (named typed parameters, never secrets, Turkish first) are in entry.ts.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg } from './entry.ts';

/** `files.*` entries. */
export const FILES = area('files', {
});
