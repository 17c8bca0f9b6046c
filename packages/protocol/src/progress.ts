/**
 * Progress of a long request (issue 12 §3): the bridge reports steps of signing, GİB send, GİB
 * polling, the approved-berat download and Yedekleme while a request runs; the extension relays
 * each report to the page that made the request (hops: bridge `event` → service worker →
 * content script → page `progress`). A report never carries file contents or secrets.
 * Zod-free on purpose: the content script (light build) checks reports with {@link looksLikeProgress}.
 */

/** Phases a report can name. Unknown phases from a newer bridge are passed through as they are. */
export const PROGRESS_PHASES = [
  'inspect',
  'sign',
  'berat',
  'dr',
  'check',
  'gib-send',
  'gib-poll',
  'gib-download',
  'backup',
  'backup-status',
  'done',
  'cancelled',
] as const;
export type ProgressPhase = (typeof PROGRESS_PHASES)[number];

/** One progress report. `done` ≤ `total`, both ≥ 0; `total` 0 = unknown. */
export interface Progress {
  /** what is running (see {@link PROGRESS_PHASES}) */
  phase: ProgressPhase | (string & {});
  /** bytes or items done so far */
  done: number;
  /** bytes or items in all (0 when unknown) */
  total: number;
  unit: 'bytes' | 'items';
  /** short Turkish text for the user, e.g. "6090408038-202610-Y-000000.xml imzalanıyor" or "GİB durumu: İşleniyor" */
  label?: string;
}

/** Structural check of a progress report (bounded strings, finite non-negative numbers). */
export function looksLikeProgress(v: unknown): v is Progress {
  const p = v as Partial<Progress> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.phase === 'string' &&
    p.phase.length > 0 &&
    p.phase.length <= 32 &&
    typeof p.done === 'number' &&
    Number.isFinite(p.done) &&
    p.done >= 0 &&
    typeof p.total === 'number' &&
    Number.isFinite(p.total) &&
    p.total >= 0 &&
    (p.unit === 'bytes' || p.unit === 'items') &&
    (p.label === undefined || (typeof p.label === 'string' && p.label.length <= 300))
  );
}

/** Copies only the fields of a report (drops anything else a sender added). */
export function pickProgress(p: Progress): Progress {
  return { phase: p.phase, done: p.done, total: p.total, unit: p.unit, ...(p.label !== undefined ? { label: p.label } : {}) };
}
