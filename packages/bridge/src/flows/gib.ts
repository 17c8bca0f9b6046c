/**
 * The GİB flows (issue 11 item 3): send and download through gib/, with the workflow events of
 * those steps followed by the rest of the bridge. Today one follower: the automatic Yedekleme after
 * an approved berat is stored (flows/backup.ts). The product's callers (bridge actions, CLI, the
 * month run) use these, not gib/download.ts directly, so the follow-ups always run.
 */
import type { DownloadOptions, DownloadResult } from '../gib/download.ts';
import { downloadMonth } from '../gib/download.ts';
import type { GibFlowContext } from '../gib/send.ts';
import { WorkflowEvents } from '../workflow/events.ts';
import { followApprovedBerats, type AutoBackupHookOptions } from './backup.ts';

/** A workflow event bus with the GİB steps' followers subscribed (the automatic Yedekleme). */
export function gibFlowEvents(opts: AutoBackupHookOptions = {}): WorkflowEvents {
  const events = new WorkflowEvents();
  followApprovedBerats(events, opts);
  return events;
}

/** `ctx` with the followers' bus ({@link gibFlowEvents}) unless it brings its own. */
export function withGibFlowEvents<C extends GibFlowContext>(ctx: C, opts: AutoBackupHookOptions = {}): C {
  return ctx.events ? ctx : { ...ctx, events: gibFlowEvents(opts) };
}

/**
 * Onaylı Beratı İndir for a month (gib/download.ts downloadMonth) with its followers: each stored
 * approved berat may start the automatic Yedekleme, whose outcome is reported as a progress line.
 * @throws as downloadMonth: EdefterError BAD_INPUT when the month has no package at GİB
 */
export function downloadMonthFlow(ctx: GibFlowContext, o: DownloadOptions, opts: AutoBackupHookOptions = {}): Promise<DownloadResult[]> {
  return downloadMonth(withGibFlowEvents(ctx, opts), o);
}
