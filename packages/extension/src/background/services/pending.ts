/** Requests in flight, for the popup's "Bekleyen istekler" list. */
import { pickProgress, type Progress } from '@edefter/protocol';
import type { PendingInfo } from '../../shared/ui-messages.ts';

const pending = new Map<string, PendingInfo>();

/** Adds or updates a request (a progress report already recorded is kept). */
export function setPending(info: PendingInfo): void {
  const progress = pending.get(info.id)?.progress;
  pending.set(info.id, { ...(progress ? { progress } : {}), ...info });
}

/** Removes a finished request. */
export function clearPending(id: string): void {
  pending.delete(id);
}

/**
 * Records a request's latest progress report (phase, done/total, label) for the popup; keeps
 * its other fields. Unknown ids are ignored (the request finished).
 */
export function setPendingProgress(id: string, p: Progress): void {
  const cur = pending.get(id);
  if (!cur) return;
  pending.set(id, { ...cur, state: cur.state === 'waiting-user' ? 'working' : cur.state, progress: pickProgress(p) });
}

/** Snapshot, oldest first. */
export function listPending(): PendingInfo[] {
  return [...pending.values()].sort((a, b) => a.startedAt - b.startedAt);
}

/** True while any request is running (keeps the bridge link alive). */
export function hasPending(): boolean {
  return pending.size > 0;
}
