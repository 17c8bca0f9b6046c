/**
 * "Ayı tamamla" (issue 12 §2): the whole month after one consent and one PIN, reusing the single
 * steps' functions: sign Y/K (xades) → build YB/KB from the signed defters (ledger/berat.ts) →
 * sign them → sign the DR → check every package in full (gib/verify-package.ts, as gib-prepare)
 * → send exactly the approved packages (gib/send-consented.ts) → wait for GİB and download the
 * approved berats (gib/download.ts) → Yedekleme (backup/service.ts) when asked.
 *
 * Consent binding (docs/security.md): the bridge signs only documents whose SHA-256 the user
 * approved (the session's `forDocuments`, inspected on this connection for this origin, VKN of the
 * certificate, the month's VKN and period), and the berats it builds itself from the defters it
 * just signed (each audited with the defter it binds). The packages found on disk must be exactly
 * the approved package ids, or nothing is sent. Every signature, send, download and the run's end
 * are audited.
 *
 * Stops at the first error; state in flows/month-state.ts lets a later run of the same documents
 * resume after the last completed step. {@link cancelMonthRun} stops a run before its next step.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import {
  ErrorCode,
  fail,
  type DocumentFacts,
  type MessageKey,
  type MessageParams,
  type MessageParamsArg,
  type MonthRunResult,
  type MonthRunStep,
  type Progress,
} from '@edefter/protocol';
import { PACKAGE_STATE_LABELS, isAtGib, packageId, pageKindOf, parseGibName, type DocKind, type PackageKind } from '@edefter/domain';
import { tryAppendAudit } from '../audit/index.ts';
import { queryBackupStatus, sendBackup, isFinalBackupStatus } from '../backup/service.ts';
import { BackupStore } from '../backup/store.ts';
import { writeFileAtomicSync } from '../fs/atomic-write.ts';
import { monthPackages } from '../gib/send.ts';
import { sendConsented, type ConsentedPackage } from '../gib/send-consented.ts';
import { createGibSession, type GibSession } from '../gib/session.ts';
import { downloadMonthFlow } from './gib.ts';
import { backupContext } from './backup.ts';
import { verifyPackageFiles } from '../gib/verify-package.ts';
import { buildBerat } from './berat.ts';
import { WorkflowStore, toStoredError } from '../workflow/store.ts';
import { getPackage } from '../workflow/package-store.ts';
import { listMonthFiles } from '../fs/month-folder.ts';
import { signXmlBuffer } from '../xades/index.ts';
import { backupState, siteParts } from '../server/actions/backup-shared.ts';
import type { BridgeActionContext } from '../server/actions/context.ts';
import { originMonthFolder, rowStates, sessionSigner } from '../server/actions/gib-shared.ts';
import { gibProgress } from '../server/actions/progress.ts';
import { requireSameTaxId } from '../server/actions/signable.ts';
import { timestamperFor } from '../server/timestamp.ts';
import { markDone, monthRunFolder, readMonthState, sameRun, startMonthState, type MonthRunState } from './month-state.ts';

/** One document as the extension sends it after consent. */
interface MonthRunDocument {
  name: string;
  kind: string;
  bytes: Buffer;
  approvedSha256: string;
}

/** Parameters of {@link runMonthFlow} (the bridge action's, bytes decoded). */
export interface MonthRunParams {
  sessionId: string;
  vkn: string;
  period: string;
  documents: MonthRunDocument[];
  /** package ids the consent window listed */
  packages: string[];
  timestamp: boolean;
  backup: boolean;
}

/** How long the backup step waits for the integrator to finish (ms) and how often it asks. */
const BACKUP_WAIT_MS = 120_000;
const BACKUP_POLL_MS = 1_000;

/** The documents a month run takes (berats are built in the run). */
const MONTH_RUN_KINDS: readonly DocKind[] = ['Y', 'K', 'DR'];

/** Running month runs by origin|vkn|period, with their cancel flag. */
const RUNNING = new Map<string, { cancelled: boolean }>();

const keyOf = (origin: string, vkn: string, period: string): string => `${origin}|${vkn}|${period}`;

/**
 * Asks the site's running month run of `vkn`/`period` to stop before its next step.
 * @returns whether one was running
 */
export function cancelMonthRun(origin: string, vkn: string, period: string): boolean {
  const r = RUNNING.get(keyOf(origin, vkn, period));
  if (r) r.cancelled = true;
  return Boolean(r);
}

/** The berat name of a Y or K part name (`…-Y-…` → `…-YB-…`). */
export function beratNameOf(defterName: string): string {
  const n = parseGibName(defterName);
  if (!n || (n.type !== 'Y' && n.type !== 'K')) throw new Error(`not a Y/K name: ${defterName}`);
  return defterName.replace(`-${n.period}-${n.type}-`, `-${n.period}-${n.type}B-`);
}

/**
 * The package ids a month run of these documents sends: YB per Y part, KB per K part, DR when a
 * DR is given (what the consent window lists).
 * @throws EdefterError BAD_INPUT for a name that is not a GİB name of the month, a kind that does
 *   not fit it, a name twice, or a month without Y and K
 */
export function plannedPackages(
  vkn: string,
  period: string,
  docs: { name: string; kind: string }[],
): { paketId: string; kind: Exclude<PackageKind, 'EB'>; files: string[] }[] {
  const bad = <K extends MessageKey>(key: K, ...params: MessageParamsArg<K>): never => {
    throw fail(key, ...params);
  };
  const seen = new Set<string>();
  const out: { paketId: string; kind: Exclude<PackageKind, 'EB'>; files: string[] }[] = [];
  for (const d of docs) {
    const n = parseGibName(d.name);
    const t = MONTH_RUN_KINDS.find((k) => pageKindOf(k) === d.kind);
    if (!n || n.approved || n.ext !== '.xml' || !t || n.type !== t) bad('flows.notMonthFile', { name: d.name });
    if (n!.vkn !== vkn || n!.period !== period) bad('flows.otherMonth', { name: d.name, vkn, period });
    if (seen.has(d.name)) bad('documents.givenTwice', { name: d.name });
    seen.add(d.name);
    if (t === 'DR') out.push({ paketId: d.name.replace(/\.xml$/, ''), kind: 'DR', files: [d.name] });
    else {
      const b = beratNameOf(d.name);
      out.push({ paketId: b.replace(/\.xml$/, ''), kind: t === 'Y' ? 'YB' : 'KB', files: [d.name, b] });
    }
  }
  if (!out.some((p) => p.kind === 'YB') || !out.some((p) => p.kind === 'KB')) bad('flows.needsYevmiyeAndKebir');
  const order = { YB: 0, KB: 1, DR: 2 };
  return out.sort((a, b) => order[a.kind] - order[b.kind] || a.paketId.localeCompare(b.paketId));
}

/** Steps done when the month's packages are already at GİB (or downloaded) in the workflow store. */
export function gibStepsDone(store: WorkflowStore, paketIds: string[]): MonthRunStep[] {
  const rows = paketIds.map((id) => getPackage(store, id));
  if (!rows.length || rows.some((r) => !r || !isAtGib(r.state))) return [];
  const done: MonthRunStep[] = ['sign', 'berat', 'dr', 'check', 'gib-send'];
  if (rows.every((r) => r!.state === 'DOWNLOADED' || (r!.kind === 'DR' && r!.state === 'APPROVED'))) done.push('gib-wait', 'gib-download');
  return done;
}

/** A package send/download result as a month-run error reports it (the error's code, not the whole error). */
function outcomeOf(r: {
  paketId: string;
  result?: string;
  state?: string;
  message?: string;
  error?: { code: string };
}): MessageParams<'flows.gibSendFailed'>['failed'][number] {
  return {
    paketId: r.paketId,
    ...(r.result ? { result: r.result } : {}),
    ...(r.state ? { state: r.state } : {}),
    ...(r.message !== undefined ? { message: r.message } : {}),
    ...(r.error ? { code: r.error.code } : {}),
  };
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/**
 * Runs (or resumes) a month (module doc).
 * @throws EdefterError USER_CANCELLED (cancelled), BUSY (a run of the month is going on), BAD_INPUT
 *   (a document not approved/inspected, another month, package list differs), VKN_MISMATCH,
 *   TSA_NOT_CONFIGURED, VALIDATION_FAILED, GIB_ERROR, BACKUP_ERROR, token errors
 */
export async function runMonthFlow(ctx: BridgeActionContext, p: MonthRunParams): Promise<MonthRunResult> {
  const origin = ctx.origin!;
  const key = keyOf(origin, p.vkn, p.period);
  if (RUNNING.has(key)) throw fail('transport.busy', { reason: 'month-run-running' });
  const run = { cancelled: false };
  RUNNING.set(key, run);
  const { log } = ctx.server;
  const auditError = (err: unknown): void =>
    log.error('Denetim kaydı yazılamadı / audit log write failed', { message: String((err as Error)?.message ?? err) });
  const say = (x: Progress): void => ctx.progress(x);
  const steps: MonthRunResult['steps'] = [];
  let current: MonthRunStep | 'start' = 'start';
  let opened: WorkflowStore | undefined;
  try {
    // inside the try: an unknown session (SESSION_NOT_FOUND) must not leave the month marked running
    const signer = sessionSigner(ctx, p.sessionId);
    tryAppendAudit(
      'month-run',
      {
        origin,
        event: 'start',
        vkn: p.vkn,
        period: p.period,
        documents: p.documents.map((d) => `${d.name} sha256:${d.approvedSha256}`),
        packages: p.packages,
        timestamp: p.timestamp,
        backup: p.backup,
        certificate: signer.info.subject,
      },
      auditError,
    );
    const store = WorkflowStore.open();
    opened = store;
    // ---- binding checks, before anything is signed or sent ----
    const planned = plannedPackages(p.vkn, p.period, p.documents);
    const want = [...p.packages].sort();
    const have = planned.map((x) => x.paketId).sort();
    if (want.length !== have.length || want.some((x, i) => x !== have[i])) {
      throw fail('flows.approvedPackagesDiffer', { reason: 'packages-differ', approved: want, planned: have });
    }
    const facts = new Map<string, DocumentFacts>();
    for (const d of p.documents) facts.set(d.name, approvedFacts(ctx, p, d));
    const sources = Object.fromEntries(p.documents.map((d) => [d.name, d.approvedSha256]));
    const dir = monthRunFolder(origin, p.vkn, p.period);
    const monthFolder = originMonthFolder(origin, p.vkn, p.period);
    const old = readMonthState(dir);
    const state: MonthRunState = sameRun(old, sources, p.timestamp)
      ? old
      : startMonthState(dir, { vkn: p.vkn, period: p.period, sources, timestamp: p.timestamp });
    for (const s of gibStepsDone(store, have)) if (!state.done.includes(s)) state.done.push(s);
    const timestamp = p.timestamp && !state.done.includes('berat') ? await timestamperFor(ctx.server.tsa) : undefined;

    const step = async (name: MonthRunStep, enabled: boolean, fn: () => Promise<string | void>): Promise<void> => {
      if (!enabled) {
        steps.push({ step: name, status: 'skipped' });
        return;
      }
      if (state.done.includes(name)) {
        steps.push({ step: name, status: 'resumed' });
        return;
      }
      if (run.cancelled) {
        throw fail('flows.monthRunCancelled', { reason: 'month-run-cancelled', before: name });
      }
      current = name;
      const message = await fn();
      markDone(dir, state, name);
      steps.push({ step: name, status: 'done', ...(message ? { message } : {}) });
    };
    const defters = p.documents.filter((d) => d.kind !== 'defter-raporu');
    const dr = p.documents.find((d) => d.kind === 'defter-raporu');
    const writeSigned = async (file: string, input: Buffer, withTs: boolean, label: string, auditFacts: Record<string, string | undefined>): Promise<void> => {
      const phase = label === 'berat' ? 'berat' : label === 'dr' ? 'dr' : 'sign';
      say({ phase, done: 0, total: input.length, unit: 'bytes', label: `${path.basename(file)} imzalanıyor` });
      const res = await signXmlBuffer(input, {
        signer,
        ...(withTs && timestamp ? { timestamp } : {}),
        onProgress: (done, total) => say({ phase, done, total, unit: 'bytes', label: `${path.basename(file)} imzalanıyor` }),
      });
      writeFileAtomicSync(file, res.xml, { mode: 0o600, dirMode: 0o700 });
      tryAppendAudit(
        'sign',
        {
          origin,
          action: 'month-run',
          file: path.basename(file),
          vkn: p.vkn,
          period: p.period,
          sha256: sha256(input),
          signedSha256: res.sha256,
          size: res.xml.length,
          timestamped: Boolean(withTs && timestamp),
          certificate: signer.info.id,
          certificateSubject: signer.info.subject,
          token: signer.info.tokenLabel,
          ...auditFacts,
        },
        auditError,
      );
    };

    await step('sign', true, async () => {
      for (const d of defters) await writeSigned(path.join(dir, d.name), d.bytes, true, 'sign', { kind: facts.get(d.name)!.type, approved: 'consent' });
      return `${defters.length} defter imzalandı`;
    });
    await step('berat', true, async () => {
      for (const [i, d] of defters.entries()) {
        say({ phase: 'berat', done: i, total: defters.length, unit: 'items', label: `${beratNameOf(d.name)} oluşturuluyor` });
        const defterPath = path.join(dir, d.name);
        const b = await buildBerat({ defter: defterPath });
        if (b.name !== beratNameOf(d.name)) throw fail('flows.unexpectedBeratName', { name: b.name });
        await writeSigned(b.path, fs.readFileSync(b.path), true, 'berat', {
          kind: b.kind,
          approved: 'derived',
          derivedFrom: d.name,
          derivedFromSha256: sha256(fs.readFileSync(defterPath)),
        });
      }
      return `${defters.length} berat oluşturuldu ve imzalandı`;
    });
    await step('dr', Boolean(dr), async () => {
      await writeSigned(path.join(dir, dr!.name), dr!.bytes, false, 'dr', { kind: 'DR', approved: 'consent' });
      return 'Defter Raporu imzalandı';
    });

    let packages: (ConsentedPackage & { paketId: string })[] = [];
    const verify = async (): Promise<void> => {
      const refs = monthPackages(listMonthFiles(dir, { vkn: p.vkn, period: p.period }));
      const found = refs.map((r) => packageId(r)).sort();
      if (found.length !== have.length || found.some((x, i) => x !== have[i])) {
        throw fail('flows.preparedPackagesDiffer', { reason: 'packages-differ', found, approved: have });
      }
      packages = [];
      for (const [i, ref] of refs.entries()) {
        say({ phase: 'check', done: i, total: refs.length, unit: 'items', label: `${found[i]} denetleniyor` });
        const v = await verifyPackageFiles(ref, dir);
        packages.push({
          ref,
          paketId: v.paketId,
          entries: v.entries.map((f) => ({ name: f.name, sha256: f.sha256, bytes: f.bytes })),
          ...(v.boundDefter ? { keep: [{ name: v.boundDefter.name, sha256: v.boundDefter.sha256 }] } : {}),
        });
      }
      say({ phase: 'check', done: refs.length, total: refs.length, unit: 'items', label: 'Paketler denetlendi' });
    };
    await step('check', true, verify);

    let gib: GibSession | undefined;
    const gibSession = async (): Promise<GibSession> => (gib ??= await createGibSession(signer));
    let sent: MonthRunResult['sent'] = [];
    await step('gib-send', true, async () => {
      if (!packages.length) await verify();
      const s = await gibSession();
      const filesOf = (x: ConsentedPackage): string[] => x.entries.map((e) => `${e.name} sha256:${e.sha256}`);
      const results = await sendConsented(
        { store, client: s.client, actor: { origin, certificate: signer.certificate }, onProgress: gibProgress(say, { done: 0, total: packages.length }) },
        {
          vkn: p.vkn,
          period: p.period,
          folder: dir,
          monthFolder,
          packages,
          onResult: (x, r) =>
            tryAppendAudit(
              'gib-send',
              {
                origin,
                action: 'month-run',
                paketId: r.paketId,
                files: filesOf(x),
                vkn: p.vkn,
                period: p.period,
                certificate: signer.info.subject,
                certificateSerial: signer.info.serialNumber,
                result: r.result,
                error: r.error?.code,
              },
              auditError,
            ),
        },
      );
      sent = results.map((r) => ({ paketId: r.paketId, kind: r.kind, result: r.result, message: r.message, ...(r.error ? { error: r.error } : {}) }));
      const failed = results.filter((r) => r.result === 'failed' || r.result === 'skipped');
      if (failed.length) throw fail('flows.gibSendFailed', { failed: failed.map(outcomeOf), packages: sent.map(outcomeOf) });
      return `${results.length} paket GİB'e gönderildi`;
    });

    let downloaded: Awaited<ReturnType<typeof downloadMonthFlow>> = [];
    const download = async (): Promise<string> => {
      const s = await gibSession();
      downloaded = await downloadMonthFlow(
        { store, client: s.client, actor: { origin, certificate: signer.certificate }, onProgress: gibProgress(say, { done: 0, total: have.length }) },
        {
          vkn: p.vkn,
          period: p.period,
          wait: true,
          pollIntervalMs: s.settings.pollIntervalMs,
          maxWaitMs: s.settings.maxWaitMs,
          trustedCerts: s.trustedCerts,
          gibPackage: s.settings.gibPackage,
        },
      );
      downloaded = downloaded.filter((r) => have.includes(r.paketId));
      for (const r of downloaded) {
        tryAppendAudit(
          'gib-download',
          {
            origin,
            action: 'month-run',
            paketId: r.paketId,
            vkn: p.vkn,
            period: p.period,
            certificate: signer.info.subject,
            certificateSerial: signer.info.serialNumber,
            result: r.state,
            error: r.error?.code,
          },
          auditError,
        );
      }
      const bad = downloaded.filter((r) => r.error || !(r.state === 'DOWNLOADED' || (r.paketId.includes('-DR-') && r.state === 'APPROVED')));
      if (bad.length) throw fail('flows.approvedBeratsMissing', { failed: bad.map(outcomeOf) });
      return `${downloaded.filter((r) => r.state === 'DOWNLOADED').length} onaylı berat indirildi`;
    };
    await step('gib-wait', true, async () => {
      await download();
      return 'GİB paketleri işledi';
    });
    await step('gib-download', true, async () => (downloaded.length ? 'Onaylı beratlar doğrulandı ve kaydedildi' : download()));

    let backup: MonthRunResult['backup'];
    await step('backup', p.backup, async () => {
      const parts = siteParts(store, origin, p.vkn, p.period);
      const backups = new BackupStore(store);
      for (const part of parts) {
        const row = backups.get(part.ref);
        if (!row || row.status === 'NOT_SENT' || row.status === 'FAILED') {
          say({ phase: 'backup', done: 0, total: 0, unit: 'bytes', label: 'Çapraz doğrulama ve yedek paketi hazırlanıyor' });
          const r = await sendBackup(backupContext(backups, { origin }), part.ref, {
            monthDir: part.folder,
            onProgress: (done, total) => say({ phase: 'backup', done, total, unit: 'bytes', label: 'Yedek entegratöre yükleniyor' }),
          });
          tryAppendAudit('backup-send', { origin, action: 'month-run', vkn: p.vkn, period: p.period, part: part.ref.part, result: r.row.status }, auditError);
        }
        const t0 = Date.now();
        for (let n = 1; ; n++) {
          const cur = backups.get(part.ref)!;
          if (isFinalBackupStatus(cur.status) || Date.now() - t0 > BACKUP_WAIT_MS) break;
          await new Promise((r) => setTimeout(r, BACKUP_POLL_MS));
          const after = await queryBackupStatus({ store: backups, actor: { origin } }, part.ref);
          say({ phase: 'backup-status', done: n, total: 0, unit: 'items', label: `Yedekleme durumu: ${after.statusText}` });
        }
        backup = await backupState(backups, part);
        if (backup.status === 'FAILED')
          throw fail('flows.backupFailed', {
            why: { tr: backup.message ?? backup.error?.tr ?? '', en: backup.error?.en ?? backup.message ?? '' },
          });
      }
      return backup?.statusTr;
    });
    if (!backup && p.backup === false) backup = undefined;

    say({ phase: 'done', done: 1, total: 1, unit: 'items', label: 'Ay tamamlandı' });
    tryAppendAudit('month-run', { origin, event: 'done', vkn: p.vkn, period: p.period, steps: steps.map((s) => `${s.step}:${s.status}`) }, auditError);
    log.info('Ay tamamlandı / month run done', { origin, vkn: p.vkn, period: p.period, steps: steps.map((s) => `${s.step}:${s.status}`) });
    return {
      vkn: p.vkn,
      period: p.period,
      steps,
      signed: signedFiles(dir, monthFolder, planned, signer.info.id),
      sent,
      packages: downloadOutcomes(store, have),
      rows: rowStates(store, p.vkn, p.period),
      ...(backup ? { backup } : {}),
    };
  } catch (e) {
    const err = toStoredError(e);
    const cancelled = (e as { code?: string })?.code === ErrorCode.UserCancelled;
    if (cancelled) say({ phase: 'cancelled', done: 0, total: 0, unit: 'items', label: 'Ayı tamamla iptal edildi' });
    tryAppendAudit(
      'month-run',
      {
        origin,
        event: cancelled ? 'cancelled' : 'stopped',
        vkn: p.vkn,
        period: p.period,
        step: current,
        code: err.code,
        reason: err.en,
        steps: steps.map((s) => `${s.step}:${s.status}`),
      },
      auditError,
    );
    log.warn('Ayı tamamla durdu / month run stopped', { origin, vkn: p.vkn, period: p.period, step: current, code: err.code });
    throw e;
  } finally {
    RUNNING.delete(key);
    opened?.close();
  }
}

/**
 * Checks one document against the consent: SHA-256 of the bytes = approved digest, in the
 * session's `forDocuments`, inspected on this connection for this origin with this name and kind,
 * of this VKN and period, VKN of the certificate.
 * @throws EdefterError BAD_INPUT (with `details.reason`), VKN_MISMATCH; audited as `sign-refused`
 */
function approvedFacts(ctx: BridgeActionContext, p: MonthRunParams, d: MonthRunDocument): DocumentFacts {
  const origin = ctx.origin!;
  const got = sha256(d.bytes);
  const refuse = (reason: MessageParams<'flows.monthDocumentRefused'>['reason']): never => {
    tryAppendAudit('sign-refused', { origin, stage: 'month-run', file: d.name, declaredKind: d.kind, sha256: got, code: ErrorCode.BadInput, reason }, (err) =>
      ctx.server.log.error('Denetim kaydı yazılamadı / audit log write failed', { message: String((err as Error)?.message ?? err) }),
    );
    throw fail('flows.monthDocumentRefused', { reason, name: d.name, sha256: got, ...(reason === 'other-month' ? { vkn: p.vkn, period: p.period } : {}) });
  };
  if (got !== d.approvedSha256) refuse('digest-mismatch');
  if (!ctx.sessions.maySign(p.sessionId, origin, got)) refuse('not-approved');
  const doc = ctx.sessions.inspected.get(origin, got);
  if (!doc) refuse('not-inspected');
  const f = doc!.facts;
  if (f.name !== d.name || f.kind !== d.kind) refuse('name-or-kind-mismatch');
  if (f.vkn !== p.vkn || f.periodStart.slice(0, 7).replace('-', '') !== p.period) refuse('other-month');
  requireSameTaxId(f, sessionSigner(ctx, p.sessionId).info);
  return f;
}

/** The month's signed files (from the working folder before the send, the month folder after). */
function signedFiles(dir: string, monthFolder: string, planned: { files: string[] }[], certificateId: string): MonthRunResult['signed'] {
  const names = [...new Set(planned.flatMap((x) => x.files))];
  return names.flatMap((name) => {
    const file = [path.join(monthFolder, name), path.join(dir, name)].find((f) => fs.existsSync(f));
    if (!file) return [];
    const bytes = fs.readFileSync(file);
    const text = bytes.subarray(Math.max(0, bytes.length - (1 << 16))).toString('utf8');
    const signingTime = /<xades:SigningTime>([^<]+)</.exec(bytes.toString('utf8', 0, Math.min(bytes.length, 1 << 24)))?.[1] ?? '';
    return [
      {
        name,
        kind: pageKindOf(parseGibName(name)!.type),
        bytes: bytes.toString('base64'),
        sha256: sha256(bytes),
        signingTime,
        timestamped: /SignatureTimeStamp/.test(text),
        certificateId,
      },
    ];
  });
}

/** Download outcomes of the month's packages with the approved berats' bytes. */
function downloadOutcomes(store: WorkflowStore, paketIds: string[]): MonthRunResult['packages'] {
  return paketIds.flatMap((id) => {
    const row = getPackage(store, id);
    if (!row) return [];
    const file = row.state === 'DOWNLOADED' ? row.approvedPath : undefined;
    const bytes = file && fs.existsSync(file) ? fs.readFileSync(file) : undefined;
    return [
      {
        paketId: id,
        state: row.state,
        stateTr: PACKAGE_STATE_LABELS[row.state].tr,
        message: row.gibMessage ?? row.error?.tr ?? PACKAGE_STATE_LABELS[row.state].tr,
        ...(row.error ? { error: row.error } : {}),
        ...(bytes ? { approved: { name: path.basename(file!), bytes: bytes.toString('base64'), sha256: sha256(bytes) } } : {}),
      },
    ];
  });
}
