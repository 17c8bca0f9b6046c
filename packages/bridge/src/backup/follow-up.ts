/**
 * What the running bridge does for Yedekleme by itself: when it starts (so a restart while the
 * integrator is processing resumes the status queries) and then every `backup.pollIntervalMs`
 * (default 30 s; config.json › backup.pollIntervalMs, or EDEFTER_SETTINGS for one process), it asks the integrator about every month
 * part still pending (Paket İşleme Alındı / Entegratöre İşlendi, or an upload cut short) and
 * records the answers. The workflow database is opened per round, never held.
 */
import fs from 'node:fs';
import { workflowDbPath } from '../workflow/paths.ts';
import { loadBackupSettings } from './settings.ts';

/** Minimal log the follow-up writes to (the bridge's BridgeLog fits). */
interface FollowUpLog {
  info(msg: string, facts?: Record<string, unknown>): void;
  warn(msg: string, facts?: Record<string, unknown>): void;
}

/** Options of {@link startBackupFollowUp}. */
export interface FollowUpOptions {
  log?: FollowUpLog;
  /** Interval in ms (default: backup.pollIntervalMs in effect, settings/store.ts, else 30 000). */
  intervalMs?: number;
  /** Workflow database file (default: the data folder's). */
  dbFile?: string;
}

/** One round: follows up the pending backups. @returns how many rows were pending */
async function backupFollowUpRound(opts: FollowUpOptions = {}): Promise<number> {
  const file = opts.dbFile ?? workflowDbPath();
  if (!fs.existsSync(file)) return 0; // nothing was ever recorded: do not create a database
  // the database (SQLite) and the backup client are loaded by the first round that has a database, not with the
  // bridge: an idle bridge of a user who never backed up keeps neither in memory (issue 15)
  const [{ openWorkflowDb }, { WorkflowStore }, { BackupStore }] = await Promise.all([
    import('../workflow/db.ts'),
    import('../workflow/store.ts'),
    import('./store.ts'),
  ]);
  const wf = new WorkflowStore(openWorkflowDb({ file }));
  try {
    const store = new BackupStore(wf);
    const pending = store.pending();
    if (!pending.length) return 0;
    const { resumePendingBackups } = await import('./service.ts');
    const { rows, errors } = await resumePendingBackups({ store, actor: { origin: 'bridge' } });
    for (const r of rows) opts.log?.info('Yedekleme durumu / backup status', { vkn: r.vkn, period: r.period, part: r.part, status: r.status });
    for (const e of errors) {
      opts.log?.warn('Yedekleme durumu sorgulanamadı / backup status query failed', {
        vkn: e.ref.vkn,
        period: e.ref.period,
        part: e.ref.part,
        error: (e.error as { en?: string })?.en ?? String(e.error),
      });
    }
    return pending.length;
  } finally {
    wf.close();
  }
}

/**
 * Starts the follow-up: a first round at once, then one every interval.
 * @returns `stop()`, which waits for a round in progress
 */
export function startBackupFollowUp(opts: FollowUpOptions = {}): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const interval = async (): Promise<number> => {
    if (opts.intervalMs) return opts.intervalMs;
    return (await loadBackupSettings().catch(() => ({ pollIntervalMs: undefined }))).pollIntervalMs ?? 30_000;
  };
  const round = (): void => {
    running = backupFollowUpRound(opts)
      .catch((e: unknown) => opts.log?.warn('Yedekleme takibi hatası / backup follow-up error', { error: (e as Error)?.message ?? String(e) }))
      .then(interval)
      .then((ms) => {
        if (!stopped) {
          timer = setTimeout(round, ms);
          timer.unref?.();
        }
      });
  };
  round();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running.catch(() => undefined);
    },
  };
}
