/**
 * Error catalog, area `tsa`: RFC 3161 timestamping (Kamu SM and other TSAs): settings, requests, replies, trust.
 * One file per area so that engineers never edit the same file; the entry shape and rules
 * (named typed parameters, never secrets, Turkish first) are in entry.ts.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg } from './entry.ts';

/** `tsa.*` entries. */
export const TSA = area('tsa', {
});
