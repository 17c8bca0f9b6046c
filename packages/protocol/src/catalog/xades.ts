/**
 * Error catalog, area `xades`: XAdES signing and verification of e-Defter documents.
 * One file per area so that engineers never edit the same file; the entry shape and rules
 * (named typed parameters, never secrets, Turkish first) are in entry.ts.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg } from './entry.ts';

/** `xades.*` entries. */
export const XADES = area('xades', {
});
