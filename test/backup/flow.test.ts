/**
 * Yedekleme end to end with real parts: a month built and signed by the ledger + xades modules,
 * sent to the GİB simulator, approved berats (GİB TEST seal counter-signature) downloaded by the
 * gib module — which triggers the automatic backup — and the integrator simulator re-checking
 * every signature. Also: corrupted files caught by çapraz doğrulama (nothing sent), and the CLI.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MonthPartKey } from '../../packages/domain/src/index.ts';
import { ensureDemoCa } from '../../packages/dev/src/pki/demo-pki.ts';
import { startGibSimulator, type GibSimulator } from '../../packages/simulators/src/gib/index.ts';
import { backupFileName, findBackupFiles } from '../../packages/bridge/src/backup/files.ts';
import { crossCheck } from '../../packages/bridge/src/backup/crosscheck.ts';
import { backupContext, crossCheckDeps } from '../../packages/bridge/src/flows/backup.ts';
import { downloadMonthFlow } from '../../packages/bridge/src/flows/gib.ts';
import { queryBackupStatus, sendBackup, type BackupContext } from '../../packages/bridge/src/backup/service.ts';
import { setCompanyBackupSettings } from '../../packages/bridge/src/backup/settings.ts';
import { BackupStore } from '../../packages/bridge/src/backup/store.ts';
import { GibClient } from '../../packages/bridge/src/gib/client.ts';
import { sendMonth } from '../../packages/bridge/src/gib/send.ts';
import { loadTrustList } from '../../packages/bridge/src/gib/settings.ts';
import { WorkflowStore } from '../../packages/bridge/src/workflow/index.ts';
import { startIntegratorSimulator, type IntegratorSimulator } from '../../packages/simulators/src/integrator/index.ts';
import { makeSignedMonth } from '../gib/month-fixture.ts';
import { softwareSigner } from '../gib/helpers.ts';

const VKN = '6090408038';
const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const env = { ...process.env };
let dir: string;
let gib: GibSimulator;
let integ: IntegratorSimulator;
let wf: WorkflowStore;
let trust: Buffer[];
let folder: string;
const ref: MonthPartKey = { vkn: VKN, period: '202501', part: '000000' };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edefter-backup-flow-'));
  Object.assign(process.env, {
    EDEFTER_CONFIG_DIR: path.join(dir, 'config'),
    EDEFTER_DATA_DIR: path.join(dir, 'data'),
    EDEFTER_CREDENTIAL_STORE: 'file',
  });
  await ensureDemoCa();
  gib = await startGibSimulator({ stateDir: path.join(dir, 'gib-sim'), delayMs: 30 });
  process.env.EDEFTER_SETTINGS = JSON.stringify({ gib: { trustList: [gib.trustPem] } }); // default trust list of çapraz doğrulama
  trust = loadTrustList([gib.trustPem]);
  integ = await startIntegratorSimulator({
    dir: path.join(dir, 'integ-sim'),
    trustedCerts: trust,
    xmlsecTrustPem: gib.trustPem,
    processingDelayMs: 50,
    storeDelayMs: 50,
  });
  wf = WorkflowStore.open();
  await setCompanyBackupSettings(VKN, { enabled: true, autoBackup: true, username: 'demo', password: 'demo1234', url: integ.url });
}, 120_000);

afterAll(async () => {
  wf?.close();
  await integ?.close();
  await gib?.close();
  process.env = env;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('Yedekleme with a real signed month', () => {
  it('automatic path: approved berats downloaded → backup sent → Yedeklendi after Durum Sorgula', async () => {
    const signer = await softwareSigner();
    const m = await makeSignedMonth({ root: path.join(dir, 'defterler'), year: 2025, month: 1, signer, allowGap: true, withDr: false });
    folder = m.folder;
    const client = new GibClient({ endpoint: gib.url, signer, retry: { baseMs: 5 } });
    const progress: string[] = [];
    const ctx = {
      store: wf,
      client,
      actor: { origin: 'test' },
      packagesDir: path.join(dir, 'pk'),
      onProgress: (p: { message: string }) => progress.push(p.message),
    };
    await sendMonth(ctx, { vkn: VKN, period: '202501', folder: m.folder });
    const dl = await downloadMonthFlow(ctx, { vkn: VKN, period: '202501', wait: true, pollIntervalMs: 20, trustedCerts: trust });
    expect(dl.map((r) => r.state)).toEqual(['DOWNLOADED', 'DOWNLOADED']);
    expect(progress).toContain('Otomatik yedekleme: Paket İşleme Alındı');

    const store = new BackupStore(wf);
    const row = store.get(ref)!;
    expect(row).toMatchObject({ status: 'RECEIVED', trigger: 'auto', sends: 1 });
    expect(wf.getLedger({ ...ref, book: 'Y' })?.backupStatus).toBe('RECEIVED');
    const settled = await integ.settled(row.remoteId!);
    expect(settled.history.map((h) => h.status)).toEqual(['RECEIVED', 'PROCESSED', 'STORED']); // the integrator re-checked every signature

    const after = await queryBackupStatus({ store, actor: { origin: 'test' } }, ref);
    expect(after.status).toBe('STORED');
    expect(after.message).toBe('Ocak ayına ait Yevmiye ve Büyük Defter dosyaları yedeklendi.');
    for (const book of ['Y', 'K'] as const) expect(wf.getLedger({ ...ref, book })?.backupStatus).toBe('STORED');
  });

  it('çapraz doğrulama passes on the real files and verifies GİB’s counter-signatures', async () => {
    const r = await crossCheck(await findBackupFiles(folder, ref), { trustedCerts: trust, deps: crossCheckDeps() });
    expect(r.problems).toEqual([]);
    expect(r.counterSignaturesVerified).toBe(true);
  });

  it('a corrupted defter is caught before anything is sent, naming the file', async () => {
    const bad = path.join(dir, 'bad', '01');
    fs.cpSync(folder, bad, { recursive: true });
    const k = path.join(bad, backupFileName(ref, 'K'));
    const text = fs.readFileSync(k, 'utf8');
    const m = /<gl-cor:amount[^>]*>(\d)/.exec(text);
    expect(m).not.toBeNull();
    const at = m!.index + m![0].length - 1;
    fs.writeFileSync(k, text.slice(0, at) + (m![1] === '9' ? '8' : '9') + text.slice(at + 1));
    const before = integ.uploadsSeen;
    const ctx: BackupContext = backupContext(wf, { origin: 'test' }); // GİB trust list from EDEFTER_SETTINGS › gib.trustList, GİB's verifier
    const e = await sendBackup(ctx, ref, { monthDir: bad }).catch((x) => x);
    expect(e.code).toBe('CROSS_CHECK_FAILED');
    expect(e.tr).toContain(backupFileName(ref, 'K'));
    expect(e.en).toContain(backupFileName(ref, 'K'));
    expect(integ.uploadsSeen).toBe(before);
  });

  it('a GİB berat with a tampered seal, or one that seals another berat, is named', async () => {
    const bad = path.join(dir, 'bad2', '01');
    fs.cpSync(folder, bad, { recursive: true });
    // GIB-YB: flip one character of GİB's counter-signature value
    const gy = path.join(bad, backupFileName(ref, 'GIB-YB'));
    const t = fs.readFileSync(gy, 'utf8');
    const cs = t.indexOf('CounterSignature');
    const sv = /<(?:[A-Za-z]+:)?SignatureValue(?:\s[^>]*)?>\s*/g;
    sv.lastIndex = cs;
    const hit = sv.exec(t)!;
    const at = hit.index + hit[0].length + 3;
    fs.writeFileSync(gy, t.slice(0, at) + (t[at] === 'A' ? 'B' : 'A') + t.slice(at + 1));
    // GIB-KB: replaced by the approved Yevmiye berat under the Kebir name
    fs.copyFileSync(path.join(folder, backupFileName(ref, 'GIB-YB')), path.join(bad, backupFileName(ref, 'GIB-KB')));
    const r = await crossCheck(await findBackupFiles(bad, ref), { trustedCerts: trust, deps: crossCheckDeps() });
    const byFile = (name: string) => r.problems.filter((p) => p.file === name).map((p) => p.check);
    expect(byFile(backupFileName(ref, 'GIB-YB'))).toContain('counter-signature');
    expect(byFile(backupFileName(ref, 'GIB-KB'))).toContain('gib-seal');
  });

  it('CLI: edefter backup config --test | send | status', async () => {
    // async: the simulators run in this process and must keep answering
    const runIn = (input: string, ...args: string[]) =>
      new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
        const child = execFile(
          process.execPath,
          [path.join(repo, 'packages/bridge/bin/edefter.mjs'), 'backup', ...args],
          { env: process.env, encoding: 'utf8', timeout: 60_000 },
          (err, stdout, stderr) => resolve({ status: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
        child.stdin!.end(input);
      });
    const run = (...args: string[]) => runIn('', ...args);
    const cfg = await run('config', '--vkn', VKN, '--test');
    expect(cfg.stdout).toContain('e-Defter Otomatik Yedeklensin:              Evet');
    expect(cfg.stdout).toContain('Integrator connection OK, user demo');
    const send = await run('send', '--vkn', VKN, '--period', '202501', '--dir', folder);
    expect(send, JSON.stringify(send)).toMatchObject({ status: 0, stderr: '' });
    expect(send.stdout).toContain('Paket İşleme Alındı');
    const st = store().get(ref)!;
    expect(st).toMatchObject({ trigger: 'manual', sends: 2 });
    await integ.settled(st.remoteId!);
    const status = await run('status', '--vkn', VKN, '--period', '202501');
    expect(status.status, JSON.stringify(status)).toBe(0);
    expect(status.stdout).toMatch(/Yedeklendi/);
    expect(status.stdout).toContain('Ocak ayına ait Yevmiye ve Büyük Defter dosyaları yedeklendi.');
  });
});

function store(): BackupStore {
  return new BackupStore(wf);
}
