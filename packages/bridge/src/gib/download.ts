/**
 * Onaylı Beratı İndir for one month (issue 6 §5): for each package at GİB, getBatchStatus; when
 * processed, receiveDocumentFile, check the approved berat (approved.ts) and store it as
 * `GIB-<berat name>.xml` in the month folder; statuses GİB Tarafından Reddedildi /
 * Onaylı Berat İndirildi / Onaylı Berat İndirilemedi. A stored berat is announced as the workflow
 * event `approved-berat-stored` on `ctx.events` (the flows layer's automatic Yedekleme follows it). With `wait`, polls until every package is
 * final. A tampered or foreign approved berat is refused and never stored.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fail } from '@edefter/protocol';
import { LedgerStatus, PackageState, gibFileName } from '@edefter/domain';
import { toStoredError } from '../workflow/store.ts';
import { getPackage, ledgerKeyOfPackage, listPackages, updatePackage, type PackageRow } from '../workflow/package-store.ts';
import { hashFile } from '../workflow/hash.ts';
import { checkApprovedBerat, extractApprovedXml, writeAtomic, type ApprovedCheckOptions } from './approved.ts';
import { sleep } from '../net/retry.ts';
import { isTransient } from './errors.ts';
import type { GibFlowContext } from './send.ts';

/** Outcome per package of {@link downloadMonth}. */
export interface DownloadResult {
  paketId: string;
  state: PackageState;
  message: string;
  /** Path of the stored GIB-… file. */
  stored?: string;
  error?: { code: string; tr: string; en: string };
  /** The error is transient (network, 5xx, GİB 203/206/303): polling again may help. */
  retryable?: boolean;
}

/** Options of {@link downloadMonth}. */
export interface DownloadOptions extends ApprovedCheckOptions {
  vkn: string;
  period: string;
  /** Poll until every package is final (default false: one pass). */
  wait?: boolean;
  pollIntervalMs?: number;
  maxWaitMs?: number;
}

const WAITING: PackageState[] = [PackageState.Sent, PackageState.Processing, PackageState.Approved, PackageState.DownloadFailed];

/** One pass over one package. */
export async function refreshPackage(ctx: GibFlowContext, p: PackageRow, o: ApprovedCheckOptions): Promise<DownloadResult> {
  const say = ctx.onProgress ?? (() => undefined);
  const key = ledgerKeyOfPackage(p);
  const name = p.name;
  try {
    if (p.state !== PackageState.Approved && p.state !== PackageState.DownloadFailed) {
      say({ phase: 'status', paketId: name, message: `${name}: GİB'deki durumu sorgulanıyor` });
      const st = await ctx.client.getBatchStatus(name);
      if (!st.length) {
        const err = toStoredError(fail('gib.packageUnknown', { paket: name, gibCode: 304 }));
        updatePackage(ctx.store, name, { state: PackageState.SendFailed, error: err, gibCode: '304' }, ctx.actor, { message: err.tr });
        ctx.store.fail(key, LedgerStatus.SendFailed, err, ctx.actor, { paketId: name });
        return { paketId: name, state: PackageState.SendFailed, message: err.tr, error: err };
      }
      const s = st[0];
      say({ phase: 'status', paketId: name, message: `${name}: GİB durumu — ${s.text}${s.code ? ` (${s.code})` : ''}` });
      if (s.outcome === 'pending') {
        updatePackage(ctx.store, name, { state: PackageState.Processing, gibCode: s.code, gibMessage: s.text }, ctx.actor);
        return { paketId: name, state: PackageState.Processing, message: s.text };
      }
      if (s.outcome === 'failed') {
        const err = toStoredError(fail('gib.packageRejected', { paket: name, gibText: s.text }));
        updatePackage(ctx.store, name, { state: PackageState.Rejected, gibCode: s.code, gibMessage: s.text, error: err }, ctx.actor, { message: err.tr });
        ctx.store.fail(key, LedgerStatus.GibRejected, err, ctx.actor, { paketId: name, durumKodu: s.code });
        return { paketId: name, state: PackageState.Rejected, message: err.tr, error: err };
      }
      p = updatePackage(
        ctx.store,
        name,
        { state: PackageState.Approved, gibCode: s.code, gibMessage: s.text, approvedAt: new Date().toISOString(), error: null },
        ctx.actor,
      );
    }
    if (p.kind === 'DR') {
      // a Defter Raporu is not counter-signed; nothing to download (spec §1.7)
      return { paketId: name, state: PackageState.Approved, message: p.gibMessage ?? 'Paket başarıyla işlendi' };
    }
    return await downloadApproved(ctx, p, o);
  } catch (e) {
    const err = toStoredError(e);
    say({ phase: 'error', paketId: name, message: `${name}: ${err.tr}` });
    return { paketId: name, state: getPackage(ctx.store, name)!.state, message: err.tr, error: err, retryable: isTransient(e) };
  }
}

async function downloadApproved(ctx: GibFlowContext, p: PackageRow, o: ApprovedCheckOptions): Promise<DownloadResult> {
  const say = ctx.onProgress ?? (() => undefined);
  const key = ledgerKeyOfPackage(p);
  const name = p.name;
  const ledger = ctx.store.getLedger(key);
  const berat = ctx.store.file(key, 'berat');
  if (!ledger?.folder || !berat) {
    throw fail('gib.beratLocationUnknown', { paket: name });
  }
  say({ phase: 'download', paketId: name, message: `${name}: onaylı berat indiriliyor` });
  const files = await ctx.client.receiveDocumentFile(name);
  if (!files.length) throw fail('gib.noFileReturned', { paket: name, transient: true });
  const { xml } = await extractApprovedXml(files[0].fileName, files[0].data);
  const targetName = gibFileName({ vkn: p.vkn, period: p.period, type: p.kind, part: p.part, branch: p.branch, approved: true });
  const check = await checkApprovedBerat(xml, berat.path, targetName, o);
  if (!check.ok) {
    const errors = { tr: check.errors.map((x) => x.split(' / ')[0]).join('; '), en: check.errors.map((x) => x.split(' / ')[1] ?? x).join('; ') };
    const err = toStoredError(fail('gib.approvedBeratRefused', { file: targetName, errors }));
    updatePackage(ctx.store, name, { state: PackageState.DownloadFailed, error: err }, ctx.actor, { message: err.tr, details: { errors: check.errors } });
    ctx.store.fail(key, LedgerStatus.DownloadFailed, err, ctx.actor, { paketId: name });
    say({ phase: 'error', paketId: name, message: err.tr });
    return { paketId: name, state: PackageState.DownloadFailed, message: err.tr, error: err };
  }
  const target = path.join(ledger.folder, targetName);
  if (!fs.existsSync(target) || !fs.readFileSync(target).equals(xml)) writeAtomic(target, xml);
  const { sha256, bytes } = await hashFile(target);
  const seal = check.counterSignature?.signer;
  ctx.store.tx(() => {
    updatePackage(
      ctx.store,
      name,
      { state: PackageState.Downloaded, downloadedAt: new Date().toISOString(), approvedPath: target, approvedSha256: sha256, error: null },
      ctx.actor,
      { message: `${targetName} indirildi`, details: { sha256, seal: seal?.subject, sealSigningTime: check.counterSignature?.signingTime } },
    );
  });
  await ctx.store.recordFile(
    key,
    { role: 'approved', path: target, sha256, bytes, signatureValue: check.counterSignature?.sealedSignatureValue },
    { ...ctx.actor, certificate: seal ? Buffer.from(seal.der, 'base64') : undefined },
  );
  ctx.store.setStatus(key, LedgerStatus.ApprovedDownloaded, ctx.actor, {
    message: `${targetName} indirildi ve doğrulandı`,
    details: { paketId: name, sha256 },
  });
  say({ phase: 'stored', paketId: name, message: `${targetName} doğrulandı ve kaydedildi` });
  // followers of this step (the flows layer subscribes the automatic Yedekleme, issue 7) report what they did
  const notes =
    (await ctx.events?.emit('approved-berat-stored', {
      store: ctx.store,
      ref: { vkn: p.vkn, period: p.period, part: p.part, ...(p.branch ? { branch: p.branch } : {}) },
      paketId: name,
      folder: ledger.folder,
      stored: target,
      actor: ctx.actor,
      ...(o.trustedCerts ? { trustedCerts: o.trustedCerts } : {}),
    })) ?? [];
  for (const n of notes) say({ phase: n.error ? 'error' : 'stored', paketId: name, message: n.tr });
  return { paketId: name, state: PackageState.Downloaded, message: `${targetName} kaydedildi`, stored: target };
}

/**
 * Refreshes every package of a month that is at GİB and not final; with `wait`, repeats until
 * all are final or `maxWaitMs` passes.
 * @throws EdefterError BAD_INPUT when the month has no package at GİB
 */
export async function downloadMonth(ctx: GibFlowContext, o: DownloadOptions): Promise<DownloadResult[]> {
  const say = ctx.onProgress ?? (() => undefined);
  const started = Date.now();
  const results = new Map<string, DownloadResult>();
  const all = listPackages(ctx.store, { vkn: o.vkn, period: o.period });
  if (!all.length) {
    throw fail('gib.nothingSent', { vkn: o.vkn, period: o.period });
  }
  for (const p of all)
    if (!WAITING.includes(p.state)) results.set(p.name, { paketId: p.name, state: p.state, message: p.gibMessage ?? p.error?.tr ?? p.state });
  // a package that failed for good in this run (refused berat, non-transient GİB code) is not tried again in it
  const settled = new Set<string>();
  for (;;) {
    const open = listPackages(ctx.store, { vkn: o.vkn, period: o.period }).filter(
      (p) => WAITING.includes(p.state) && !(p.kind === 'DR' && p.state === PackageState.Approved) && !settled.has(p.name),
    );
    for (const p of open) {
      const r = await refreshPackage(ctx, p, o);
      results.set(p.name, r);
      if (r.error && !r.retryable) settled.add(p.name);
    }
    const pending = [...results.values()].filter((r) => (r.error ? r.retryable : r.state === PackageState.Processing || r.state === PackageState.Sent));
    if (!o.wait || !pending.length) break;
    if (Date.now() - started > (o.maxWaitMs ?? 30 * 60_000)) {
      say({ phase: 'wait', message: 'Bekleme süresi doldu; GİB işlemeyi bitirmedi. Daha sonra tekrar indirin.' });
      break;
    }
    say({ phase: 'wait', message: `GİB paketleri işliyor (${pending.map((r) => r.paketId).join(', ')}); bekleniyor` });
    await sleep(o.pollIntervalMs ?? 15_000);
  }
  return listPackages(ctx.store, { vkn: o.vkn, period: o.period }).map(
    (p) => results.get(p.name) ?? { paketId: p.name, state: p.state, message: p.gibMessage ?? '' },
  );
}
