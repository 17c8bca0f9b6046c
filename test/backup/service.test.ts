/**
 * Yedekleme use cases over the real workflow database (SQLite) and the integrator simulator, with
 * look-alike files: manual path, failure → Yedeklenemedi → resend, çapraz doğrulama refusal
 * (simulator receives nothing), restart while processing, interrupted upload, wrong credentials,
 * settings + automatic hook.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MonthPartKey } from '../../packages/domain/src/index.ts';
import { backupFileName } from '../../packages/bridge/src/backup/files.ts';
import { buildManifest } from '../../packages/bridge/src/backup/manifest.ts';
import { findBackupFiles } from '../../packages/bridge/src/backup/files.ts';
import { writeBackupZip } from '../../packages/bridge/src/backup/package.ts';
import {
  autoBackupAfterDownload,
  queryBackupStatus,
  resumePendingBackups,
  sendBackup,
  startBackupPoller,
  type BackupContext,
} from '../../packages/bridge/src/backup/service.ts';
import { getCompanyBackupSettings, setCompanyBackupSettings } from '../../packages/bridge/src/backup/settings.ts';
import { BackupStore } from '../../packages/bridge/src/backup/store.ts';
import { WorkflowStore } from '../../packages/bridge/src/workflow/index.ts';
import { startIntegratorSimulator, type IntegratorSimulator } from '../../packages/simulators/src/integrator/index.ts';
import { lookalikeDeps, writeLookalikeMonth } from './lookalike.ts';

const VKN = '6090408038';
let tmp: string;
let sim: IntegratorSimulator;
let dbFile: string;
let n = 0;
const env = { ...process.env };

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'edefter-backup-svc-'));
  process.env.EDEFTER_CONFIG_DIR = path.join(tmp, 'config');
  process.env.EDEFTER_DATA_DIR = path.join(tmp, 'data');
  process.env.EDEFTER_CREDENTIAL_STORE = 'file';
  sim = await startIntegratorSimulator({ dir: path.join(tmp, 'sim'), deps: lookalikeDeps(), processingDelayMs: 40, storeDelayMs: 40 });
  dbFile = path.join(tmp, 'data', 'workflow.sqlite');
});
afterAll(async () => {
  await sim.close();
  process.env = env;
  await fs.rm(tmp, { recursive: true, force: true });
});

/** A fresh month (own period so tests do not share rows) registered in the workflow. */
async function month(wf: WorkflowStore): Promise<{ ref: MonthPartKey; dir: string }> {
  const period = `2024${String(++n).padStart(2, '0')}`;
  const ref: MonthPartKey = { vkn: VKN, period, part: '000000' };
  const dir = path.join(tmp, 'defterler', VKN, '20240101-20241231', period.slice(4));
  await writeLookalikeMonth(dir, ref);
  for (const book of ['Y', 'K'] as const) wf.ensureLedger({ ...ref, book }, { folder: dir, title: 'DEMO TİCARET A.Ş.' });
  return { ref, dir };
}

function ctxFor(wf: WorkflowStore, over: Partial<BackupContext> = {}): BackupContext {
  return {
    store: new BackupStore(wf),
    actor: { origin: 'cli' },
    integrator: { baseUrl: sim.url, username: 'demo', password: 'demo1234', retryDelayMs: 10, timeoutMs: 2000 },
    crossCheckDeps: lookalikeDeps(),
    packagesDir: path.join(tmp, 'zips'),
    ...over,
  };
}

describe('Yedekleme service', () => {
  let wf: WorkflowStore;
  beforeEach(() => {
    wf?.close();
    wf = WorkflowStore.open({ file: dbFile });
  });
  afterAll(() => wf?.close());

  it('manual path: Gönder → Paket İşleme Alındı → Durum Sorgula → Yedeklendi, mirrored to Y and K rows', async () => {
    const ctx = ctxFor(wf);
    const { ref } = await month(wf);
    const r = await sendBackup(ctx, ref);
    expect(r.row).toMatchObject({ status: 'RECEIVED', statusText: 'Paket İşleme Alındı', sending: false, sends: 1 });
    expect(wf.getLedger({ ...ref, book: 'Y' })?.backupStatus).toBe('RECEIVED');
    await sim.settled(r.remote.id);
    const row = await queryBackupStatus(ctx, ref);
    expect(row.status).toBe('STORED');
    expect(row.message).toBe('Ocak ayına ait Yevmiye ve Büyük Defter dosyaları yedeklendi.');
    for (const book of ['Y', 'K'] as const) {
      const l = wf.getLedger({ ...ref, book })!;
      expect(l.backupStatus).toBe('STORED');
      const h = wf.history({ ...ref, book }).filter((x) => x.action.startsWith('backup.'));
      expect(h.map((x) => x.toStatus ?? x.action)).toEqual(['backup.send', 'RECEIVED', 'STORED']);
    }
  });

  it('Durum Sorgula is refused before anything was sent', async () => {
    const { ref } = await month(wf);
    const e = await queryBackupStatus(ctxFor(wf), ref).catch((x) => x);
    expect(e.code).toBe('BAD_INPUT');
    expect(e.tr).toMatch(/henüz entegratöre gönderilmedi/);
  });

  it('failure → Yedeklenemedi → manual resend succeeds', async () => {
    const ctx = ctxFor(wf);
    const { ref } = await month(wf);
    sim.faults.failProcessing = 1;
    const first = await sendBackup(ctx, ref);
    await sim.settled(first.remote.id);
    expect((await queryBackupStatus(ctx, ref)).statusText).toBe('Yedeklenemedi');
    expect(wf.getLedger({ ...ref, book: 'K' })?.backupStatus).toBe('FAILED');
    const again = await sendBackup(ctx, ref);
    expect(again.remote.id).not.toBe(first.remote.id);
    await sim.settled(again.remote.id);
    const row = await queryBackupStatus(ctx, ref);
    expect(row).toMatchObject({ status: 'STORED', sends: 2 });
  });

  it('a corrupted file is caught by çapraz doğrulama before anything is sent', async () => {
    const ctx = ctxFor(wf);
    const { ref, dir } = await month(wf);
    const kb = path.join(dir, backupFileName(ref, 'KB'));
    await fs.writeFile(
      kb,
      (await fs.readFile(kb, 'utf8')).replace(/<ds:SignatureValue>(.)/, (_m, c: string) => `<ds:SignatureValue>${c === 'A' ? 'B' : 'A'}`),
    );
    const before = sim.uploadsSeen;
    const e = await sendBackup(ctx, ref).catch((x) => x);
    expect(e.code).toBe('CROSS_CHECK_FAILED');
    expect(e.tr).toContain(backupFileName(ref, 'KB'));
    expect(sim.uploadsSeen).toBe(before);
    const row = ctx.store.get(ref)!;
    expect(row).toMatchObject({ status: 'NOT_SENT', sending: false, error: { code: 'CROSS_CHECK_FAILED' } });
    expect(wf.history({ ...ref, book: 'Y' }).some((h) => h.action === 'backup.crosscheck_failed')).toBe(true);
  });

  it('refuses to send before the approved berats are downloaded', async () => {
    const { ref, dir } = await month(wf);
    await fs.rm(path.join(dir, backupFileName(ref, 'GIB-KB')));
    const e = await sendBackup(ctxFor(wf), ref).catch((x) => x);
    expect(e.code).toBe('EMPTY_FILE');
    expect(e.tr).toMatch(/onaylı beratları henüz indirilmedi/);
  });

  it('wrong credentials give a clear message and are recorded', async () => {
    const { ref } = await month(wf);
    const ctx = ctxFor(wf, { integrator: { baseUrl: sim.url, username: 'demo', password: 'yanlis', retryDelayMs: 10 } });
    const e = await sendBackup(ctx, ref).catch((x) => x);
    expect(e.code).toBe('BACKUP_AUTH_FAILED');
    expect(e.tr).toContain('Entegratör kullanıcı adı veya şifresi hatalı');
    expect(ctx.store.get(ref)).toMatchObject({ status: 'NOT_SENT', sending: false, error: { code: 'BACKUP_AUTH_FAILED' } });
  });

  it('bridge restart while the integrator is processing resumes the status queries', async () => {
    const { ref } = await month(wf);
    const slow = await startIntegratorSimulator({ dir: path.join(tmp, 'sim-slow'), deps: lookalikeDeps(), processingDelayMs: 300, storeDelayMs: 100 });
    try {
      const integrator = { baseUrl: slow.url, username: 'demo', password: 'demo1234', retryDelayMs: 10 };
      const sent = await sendBackup(ctxFor(wf, { integrator }), ref);
      expect(sent.row.status).toBe('RECEIVED');
      wf.close(); // the bridge stops while the integrator works
      wf = WorkflowStore.open({ file: dbFile });
      const ctx = ctxFor(wf, { integrator });
      expect(ctx.store.pending().map((p) => p.period)).toContain(ref.period);
      const rounds: string[] = [];
      const poller = startBackupPoller(ctx, {
        intervalMs: 50,
        onRound: (r) => rounds.push(...r.rows.filter((x) => x.period === ref.period).map((x) => x.status)),
      });
      const end = Date.now() + 5000;
      while (ctx.store.get(ref)!.status !== 'STORED' && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
      await poller.stop();
      expect(ctx.store.get(ref)!.status).toBe('STORED');
      expect(rounds[0]).toBe('RECEIVED');
      expect(ctx.store.pending().some((p) => p.period === ref.period)).toBe(false);
    } finally {
      await slow.close();
    }
  });

  it('an upload cut short by a crash is resent with the same key and stored once', async () => {
    const ctx = ctxFor(wf);
    const { ref, dir } = await month(wf);
    // The bridge wrote the key and the zip, uploaded, and died before recording the answer.
    const files = await findBackupFiles(dir, ref);
    const pkg = await writeBackupZip(path.join(tmp, 'zips', 'crash.zip'), files, await buildManifest(ref, files, '0.1.0'));
    const key = 'crash-key-0001';
    ctx.store.beginSend(
      ref,
      { idempotencyKey: key, endpoint: sim.url, username: 'demo', zipPath: pkg.path, zipSha256: pkg.sha256, zipBytes: pkg.bytes, trigger: 'manual' },
      ctx.actor,
    );
    const { IntegratorClient } = await import('../../packages/bridge/src/backup/client.ts');
    const arrived = await new IntegratorClient(ctx.integrator as never).sendPackage(pkg, key);
    const { rows, errors } = await resumePendingBackups(ctx);
    expect(errors).toEqual([]);
    const row = rows.find((r) => r.period === ref.period)!;
    expect(row).toMatchObject({ remoteId: arrived.id, sending: false });
    const same = (await sim.packages()).filter((p) => p.period === ref.period);
    expect(same).toHaveLength(1);
  });

  it('settings: enabling needs user name + password; automatic backup after download only when Evet', async () => {
    const e = await setCompanyBackupSettings(VKN, { enabled: true, username: 'demo' }).catch((x) => x);
    expect(e.code).toBe('BACKUP_AUTH_FAILED');
    expect(e.tr).toMatch(/kullanıcı adı ve şifresi zorunludur/);
    expect(await getCompanyBackupSettings(VKN)).toMatchObject({ enabled: false, autoBackup: false });
    const { settings, warning } = await setCompanyBackupSettings(VKN, { enabled: true, username: 'demo', password: 'demo1234', url: sim.url });
    expect(settings).toMatchObject({ enabled: true, autoBackup: false, hasPassword: true, username: 'demo' });
    expect(warning?.tr).toMatch(/0600/);
    const cfg = await fs.readFile(path.join(tmp, 'config', 'config.json'), 'utf8');
    expect(cfg).not.toContain('demo1234');
    expect((await fs.stat(path.join(tmp, 'config', 'secrets.json'))).mode & 0o777).toBe(0o600);

    const { ref } = await month(wf);
    const ctx = ctxFor(wf, { integrator: undefined }); // from the settings
    expect(await autoBackupAfterDownload(ctx, ref)).toEqual({ started: false, reason: 'auto-off' });
    await setCompanyBackupSettings(VKN, { autoBackup: true });
    const r = await autoBackupAfterDownload(ctx, ref);
    expect(r.started).toBe(true);
    if (!r.started || !r.result) throw (r as { error?: unknown }).error;
    expect(r.result.row).toMatchObject({ status: 'RECEIVED', trigger: 'auto' });
    await sim.settled(r.result.remote.id);
    expect((await queryBackupStatus(ctx, ref)).status).toBe('STORED');
    await setCompanyBackupSettings(VKN, { enabled: false, autoBackup: false });
  });
});
