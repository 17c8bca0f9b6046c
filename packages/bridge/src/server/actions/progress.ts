/**
 * Progress reports of the bridge actions (issue 12 §3) built from the flows' own callbacks:
 * GİB flows (gib/send.ts GibProgress) → phases `gib-send`, `gib-poll`, `gib-download`; signing
 * bytes → phase `sign`. See packages/protocol/src/progress.ts for the report's shape.
 */
import type { Progress } from '@edefter/protocol';
import type { GibProgress } from '../../gib/send.ts';

const GIB_PHASE: Record<GibProgress['phase'], Progress['phase']> = {
  scan: 'gib-send',
  package: 'gib-send',
  clock: 'gib-send',
  upload: 'gib-send',
  retry: 'gib-send',
  sent: 'gib-send',
  skip: 'gib-send',
  status: 'gib-poll',
  wait: 'gib-poll',
  download: 'gib-download',
  stored: 'gib-download',
  error: 'gib-download',
};

/**
 * A GibProgress callback that reports to `report`. Uploads report bytes; other events count items
 * (`items.done` of `items.total` packages; `done` grows on `sent`, `skip` and `stored`).
 * @param items package counter shared by the caller (total = packages of the step)
 */
export function gibProgress(report: (p: Progress) => void, items: { done: number; total: number }): (p: GibProgress) => void {
  return (g) => {
    if (g.phase === 'sent' || g.phase === 'skip' || g.phase === 'stored') items.done = Math.min(items.total, items.done + 1);
    if (g.phase === 'upload' && g.total) {
      report({ phase: 'gib-send', done: g.bytes ?? 0, total: g.total, unit: 'bytes', label: g.message });
      return;
    }
    report({ phase: GIB_PHASE[g.phase] ?? 'gib-send', done: items.done, total: items.total, unit: 'items', label: g.message });
  };
}
