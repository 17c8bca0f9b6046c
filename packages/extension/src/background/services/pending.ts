/** Requests in flight, for the popup's "Bekleyen istekler" list. */
import type { PendingInfo } from '../../shared/ui-messages.ts';

const pending = new Map<string, PendingInfo>();
let onChange: () => void = () => {};

/** Registers a listener for changes (one; the service worker's broadcaster). */
export function onPendingChange(fn: () => void): void { onChange = fn; }

/** Adds or updates a request. */
export function setPending(info: PendingInfo): void { pending.set(info.id, info); onChange(); }

/** Removes a finished request. */
export function clearPending(id: string): void { if (pending.delete(id)) onChange(); }

/** Snapshot, oldest first. */
export function listPending(): PendingInfo[] { return [...pending.values()].sort((a, b) => a.startedAt - b.startedAt); }

/** True while any request is running (keeps the bridge link alive). */
export function hasPending(): boolean { return pending.size > 0; }
