/**
 * GİB'e Gönder for one month (issue 6 §2–4): reads the month folder into the workflow, builds the
 * packages (Y+YB per part, KB per the 2025 rule, DR after all berats), and uploads each one that is
 * not yet at GİB. Durable and idempotent:
 * - state SENDING is written before every upload call, so a crash mid-upload is detected;
 * - a package in SENDING (or failed ambiguously) is first looked up with getBatchStatus, and only
 *   uploaded again when GİB does not have it; 111 "already uploaded" counts as sent;
 * - packages already sent are skipped;
 * - every file of a package is verified in full before its upload (gib/verify-package.ts: no
 *   DOCTYPE, our rules, XAdES signature, defter ↔ berat binding).
 */
import path from 'node:path';
import { type EdefterError, ErrorCode, fail } from '@edefter/protocol';
import { LedgerStatus, PackageState, isAtGib, type PackageKind } from '@edefter/domain';
import { dataDir } from '../workflow/paths.ts';
import type { Actor } from '../workflow/actor.ts';
import type { WorkflowEvents } from '../workflow/events.ts';
import { toStoredError, type WorkflowStore } from '../workflow/store.ts';
import { ensurePackage, getPackage, ledgerKeyOfPackage, updatePackage, type PackageRow } from '../workflow/package-store.ts';
import { syncMonthFromDisk } from '../workflow/sync.ts';
import type { GibClient } from './client.ts';
import { buildPackage, checkZipEntries, packageName, type PackageRef } from './packages.ts';
import { verifyPackageFiles } from './verify-package.ts';

/** Progress events of the GİB flows (CLI prints them; the bridge forwards them to the page). */
export interface GibProgress {
  phase: 'scan' | 'package' | 'clock' | 'upload' | 'retry' | 'sent' | 'skip' | 'status' | 'download' | 'stored' | 'wait' | 'error';
  paketId?: string;
  /** Turkish text for the user. */
  message: string;
  bytes?: number;
  total?: number;
}

/** What the GİB flows need. */
export interface GibFlowContext {
  store: WorkflowStore;
  client: GibClient;
  actor: Actor;
  onProgress?: (p: GibProgress) => void;
  /** Where package zips are written (default `<dataDir>/gib-packages/<VKN>/<YYYYMM>`). */
  packagesDir?: string;
  /**
   * Where the steps announce what they did (workflow/events.ts), e.g. `approved-berat-stored`; the
   * flows layer subscribes the followers (flows/gib.ts: the automatic Yedekleme). None: nobody follows.
   */
  events?: WorkflowEvents;
}

/** Outcome per package of {@link sendMonth}. */
export interface SendResult {
  paketId: string;
  kind: PackageKind;
  /** sent now / was already sent earlier / found at GİB after a crash / failed. */
  result: 'accepted' | 'already-uploaded' | 'found' | 'skipped' | 'failed';
  message: string;
  error?: { code: string; tr: string; en: string };
}

/**
 * Package references of a month found on disk: YB per Y part, KB per K part, then DR; with
 * `o.envanter` (the `gib.sendEnvanter` setting) also EB per E part, after DR.
 */
export function monthPackages(
  files: { type: string; vkn: string; period: string; part: string; branch: string; approved: boolean }[],
  o: { envanter?: boolean } = {},
): PackageRef[] {
  const refs: PackageRef[] = [];
  const add = (type: string, kind: PackageKind): void => {
    for (const f of files.filter((x) => x.type === type && !x.approved)) refs.push({ vkn: f.vkn, period: f.period, part: f.part, branch: f.branch, kind });
  };
  add('YB', 'YB');
  add('KB', 'KB');
  add('DR', 'DR');
  if (o.envanter) add('EB', 'EB');
  return refs;
}

/**
 * Sends every package of a month that GİB does not have yet.
 * @param o.root ledger root (`<root>/<VKN>/<fiscal period>/<MM>/`) or `o.folder` the month folder
 * @param o.kinds restrict to some package kinds (default all)
 * @returns one result per package; failures are in the results (the caller sets the exit code)
 * @throws EdefterError CLOCK_SKEW (nothing is sent), or BAD_INPUT when the month folder is missing
 */
export async function sendMonth(
  ctx: GibFlowContext,
  o: { vkn: string; period: string; root?: string; folder?: string; kinds?: PackageKind[]; sendEnvanter?: boolean },
): Promise<SendResult[]> {
  const say = (p: GibProgress): void => ctx.onProgress?.(p);
  say({ phase: 'scan', message: `${o.vkn} ${o.period} ay klasörü okunuyor` });
  const sync = await syncMonthFromDisk(ctx.store, { vkn: o.vkn, period: o.period, root: o.root, folder: o.folder, actor: ctx.actor });
  if (o.kinds?.includes('EB') && !o.sendEnvanter) throw envanterSendOff();
  const refs = monthPackages(sync.files, { envanter: o.sendEnvanter }).filter((r) => !o.kinds || o.kinds.includes(r.kind));
  if (!refs.length) {
    throw fail('gib.noBeratToSend', { folder: sync.folder });
  }
  const outDir = ctx.packagesDir ?? path.join(dataDir(), 'gib-packages', o.vkn, o.period);
  const results: SendResult[] = [];
  for (const ref of refs) {
    const name = packageName(ref);
    if (ref.kind === 'DR' && results.some((r) => r.result === 'failed' && r.kind !== 'EB')) {
      results.push({ paketId: name, kind: ref.kind, result: 'skipped', message: 'Beratlar gönderilemediği için defter raporu gönderilmedi' });
      continue;
    }
    results.push(await sendPackage(ctx, ref, sync.folder, outDir));
  }
  return results;
}

/** The refusal when an Envanter package is asked for while `gib.sendEnvanter` is off. */
export function envanterSendOff(): EdefterError {
  return fail('gib.envanterSendOff', { setting: 'gib.sendEnvanter' });
}

/**
 * Sends one package (idempotent; see module doc).
 * @param expect the consented files of the package (entry name + SHA-256): the built zip is read
 *   back and must hold exactly these bytes, right before the upload (see {@link checkZipEntries})
 * @throws EdefterError CLOCK_SKEW
 */
export async function sendPackage(
  ctx: GibFlowContext,
  ref: PackageRef,
  folder: string,
  outDir: string,
  expect?: { name: string; sha256: string }[],
): Promise<SendResult> {
  const say = (p: GibProgress): void => ctx.onProgress?.(p);
  const name = packageName(ref);
  const key = ledgerKeyOfPackage(ref);
  let row: PackageRow = ensurePackage(ctx.store, { ...ref, name }, ctx.actor);
  if (isAtGib(row.state)) {
    say({ phase: 'skip', paketId: name, message: `${name} daha önce GİB'e gönderilmiş` });
    return { paketId: name, kind: ref.kind, result: 'skipped', message: row.gibMessage ?? "GİB'e gönderilmiş" };
  }
  try {
    if (row.state === PackageState.Sending || (row.state === PackageState.SendFailed && row.attempts > 0)) {
      // a previous run may have uploaded it: ask GİB first (never upload twice)
      say({ phase: 'status', paketId: name, message: `${name}: önceki gönderimin sonucu GİB'e soruluyor` });
      const st = await ctx.client.getBatchStatus(name);
      if (st.length) {
        markSent(ctx, name, st[0].text, 'found');
        return { paketId: name, kind: ref.kind, result: 'found', message: st[0].text };
      }
    }
    say({ phase: 'package', paketId: name, message: `${name}.zip hazırlanıyor` });
    // the month folder the CLI names: every file verified in full here (the bridge verified its
    // files at gib-prepare; `expect` binds the upload to those very bytes)
    if (!expect) await verifyPackageFiles(ref, folder);
    const built = await buildPackage(ref, folder, outDir);
    if (expect) await checkZipEntries(built.zipPath, expect);
    row = updatePackage(
      ctx.store,
      name,
      { zipPath: built.zipPath, sha256: built.sha256, bytes: built.bytes, entries: built.entries, endpoint: ctx.client.endpoint },
      ctx.actor,
    );
    await ctx.store.recordFile(key, { role: 'package', path: built.zipPath, sha256: built.sha256, bytes: built.bytes }, ctx.actor);
    say({ phase: 'clock', paketId: name, message: 'Bilgisayar saati GİB saatiyle karşılaştırılıyor' });
    const out = await ctx.client.sendDocumentFile(built.zipPath, `${name}.zip`, {
      beforeUpload: (n) => {
        const cur = getPackage(ctx.store, name)!;
        updatePackage(ctx.store, name, { state: PackageState.Sending, attempts: cur.attempts + 1, error: null }, ctx.actor, {
          action: 'gib.upload',
          message: `${name}.zip GİB'e yükleniyor (deneme ${n})`,
          details: { sha256: built.sha256, bytes: built.bytes, endpoint: ctx.client.endpoint },
        });
        say({ phase: 'upload', paketId: name, message: `${name}.zip yükleniyor (${built.bytes} bayt)`, bytes: 0, total: built.bytes });
      },
      onProgress: (sent, total) => say({ phase: 'upload', paketId: name, message: `${name}.zip yükleniyor`, bytes: sent, total }),
      onRetry: (e, attempt, delay) =>
        say({
          phase: 'retry',
          paketId: name,
          message: `${(e as { tr?: string }).tr ?? String(e)} — ${Math.round(delay / 1000)} sn sonra tekrar denenecek (deneme ${attempt + 1})`,
        }),
    });
    markSent(ctx, name, out.message, out.result, out.clock ? { clockSkewMs: out.clock.skewMs, clockSource: out.clock.source } : undefined);
    return { paketId: name, kind: ref.kind, result: out.result, message: out.message };
  } catch (e) {
    const err = toStoredError(e);
    if (err.code === ErrorCode.ClockSkew) {
      // nothing was sent; the row keeps its state (not an error of the package)
      throw e;
    }
    updatePackage(ctx.store, name, { state: PackageState.SendFailed, error: err }, ctx.actor, { message: `${name}: ${err.tr}` });
    ctx.store.fail(key, LedgerStatus.SendFailed, err, ctx.actor, { paketId: name });
    say({ phase: 'error', paketId: name, message: `${name}: ${err.tr}` });
    return { paketId: name, kind: ref.kind, result: 'failed', message: err.tr, error: err };
  }
}

function markSent(ctx: GibFlowContext, name: string, message: string, how: string, details?: Record<string, unknown>): void {
  const row = getPackage(ctx.store, name)!;
  ctx.store.tx(() => {
    updatePackage(ctx.store, name, { state: PackageState.Sent, sentAt: new Date().toISOString(), gibMessage: message, error: null }, ctx.actor, {
      message: `${name}: ${message}`,
      details: { how, ...(details ?? {}) },
    });
    ctx.store.setStatus(ledgerKeyOfPackage(row), LedgerStatus.SentToGib, ctx.actor, { message: `${name}: ${message}`, details: { paketId: name, how } });
  });
  ctx.onProgress?.({ phase: 'sent', paketId: name, message: `${name}: ${message}` });
}
