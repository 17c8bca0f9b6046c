/**
 * Error catalog, area `config`: the bridge configuration (config.json, secrets, trust PEM files).
 * One file per area so that engineers never edit the same file; the entry shape and rules
 * (named typed parameters, never secrets, Turkish first) are in entry.ts.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg } from './entry.ts';

/** `config.*` entries. */
export const CONFIG = area('config', {
});
