/**
 * Error catalog, area `extension`: the browser extension (service worker actions, consent windows, settings).
 * One file per area so that engineers never edit the same file; the entry shape and rules
 * (named typed parameters, never secrets, Turkish first) are in entry.ts.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg } from './entry.ts';

/** `extension.*` entries. */
export const EXTENSION = area('extension', {
});
