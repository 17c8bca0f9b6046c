/**
 * Error catalog, area `server`: the bridge server (WebSocket connection, actions, sessions, local channel).
 * One file per area so that engineers never edit the same file; the entry shape and rules
 * (named typed parameters, never secrets, Turkish first) are in entry.ts.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg } from './entry.ts';

/** `server.*` entries. */
export const SERVER = area('server', {
});
