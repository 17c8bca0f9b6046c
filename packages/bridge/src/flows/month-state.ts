/**
 * Resumable state of "Ayı tamamla" (flows/month-run.ts): one private working folder per site and
 * month, `<site folder>/.month-run/<VKN>-<YYYYMM>/` (0700; files 0600, written atomically), holding
 * the files signed and built so far and `state.json`: the unsigned documents' names and SHA-256
 * (the run's identity), whether a zaman damgası was used, and the steps completed. A run of other
 * documents (or another timestamp choice) starts the month over; a run of the same documents skips
 * the completed steps. The GİB steps are also read from the workflow store (packages at GİB).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { MonthRunStep } from '@edefter/protocol';
import { writeFileAtomicSync } from '../fs/atomic-write.ts';
import { originRoot } from '../server/actions/gib-shared.ts';

/** What state.json holds. */
export interface MonthRunState {
  version: 1;
  vkn: string;
  period: string;
  /** unsigned document name → SHA-256 (hex), as approved */
  sources: Record<string, string>;
  timestamp: boolean;
  /** completed steps, in order */
  done: MonthRunStep[];
}

/** The working folder of a site's month run. */
export function monthRunFolder(origin: string, vkn: string, period: string): string {
  if (!/^\d{10,11}$/.test(vkn) || !/^\d{6}$/.test(period)) throw new Error('bad vkn/period');
  return path.join(originRoot(origin), '.month-run', `${vkn}-${period}`);
}

/** Reads the state of a working folder (undefined when absent or unreadable). */
export function readMonthState(dir: string): MonthRunState | undefined {
  try {
    const s = JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8')) as MonthRunState;
    return s.version === 1 && Array.isArray(s.done) && typeof s.sources === 'object' ? s : undefined;
  } catch {
    return undefined;
  }
}

/** True when `state` belongs to exactly these documents and this timestamp choice. */
export function sameRun(state: MonthRunState | undefined, sources: Record<string, string>, timestamp: boolean): state is MonthRunState {
  if (!state || state.timestamp !== timestamp) return false;
  const a = Object.entries(state.sources).sort();
  const b = Object.entries(sources).sort();
  return a.length === b.length && a.every(([n, h], i) => n === b[i][0] && h === b[i][1]);
}

/** Creates the working folder anew (0700 from the site's folder down), empty but for a fresh state. */
export function startMonthState(dir: string, state: Omit<MonthRunState, 'version' | 'done'>): MonthRunState {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') for (const d of [path.dirname(path.dirname(dir)), path.dirname(dir), dir]) fs.chmodSync(d, 0o700);
  const s: MonthRunState = { version: 1, ...state, done: [] };
  saveMonthState(dir, s);
  return s;
}

/** Writes state.json atomically (0600). */
function saveMonthState(dir: string, s: MonthRunState): void {
  writeFileAtomicSync(path.join(dir, 'state.json'), JSON.stringify(s, null, 1), { mode: 0o600, dirMode: 0o700 });
}

/** Marks a step completed and saves. */
export function markDone(dir: string, s: MonthRunState, step: MonthRunStep): void {
  if (!s.done.includes(step)) s.done.push(step);
  saveMonthState(dir, s);
}
