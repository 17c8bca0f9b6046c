import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { LedgerStatus, PackageState } from '../../packages/domain/src/index.ts';
import {
  WorkflowStore,
  ensurePackage,
  updatePackage,
  getPackage,
  packageHistory,
  syncMonthFromDisk,
  formatStatusTable,
  listPackages,
  MIGRATIONS,
  openWorkflowDb,
  dataDir,
  type LedgerKey,
} from '../../packages/bridge/src/workflow/index.ts';

const actor = { origin: 'cli' };
let dir: string;
let store: WorkflowStore;
const Y: LedgerKey = { vkn: '6090408038', period: '202501', part: '000000', book: 'Y' };

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-'));
  store = WorkflowStore.open({ file: path.join(dir, 'workflow.sqlite') });
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('workflow database', () => {
  it('uses WAL and records the schema version', () => {
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const v = store.db.prepare('SELECT version FROM schema_migrations').all();
    expect(v).toHaveLength(MIGRATIONS.length);
    // re-opening applies nothing twice
    const db2 = openWorkflowDb({ file: path.join(dir, 'workflow.sqlite') });
    expect(db2.prepare('SELECT COUNT(*) c FROM schema_migrations').get()).toEqual({ c: MIGRATIONS.length });
    db2.close();
  });

  it('refuses a database written by a newer schema', () => {
    store.db.prepare('INSERT INTO schema_migrations VALUES (99, ?, ?)').run('future', new Date().toISOString());
    expect(() => openWorkflowDb({ file: path.join(dir, 'workflow.sqlite') })).toThrow(/newer edefter-bridge/);
  });

  it('resolves the data folder from EDEFTER_DATA_DIR, then XDG_DATA_HOME', () => {
    const saved = { d: process.env.EDEFTER_DATA_DIR, x: process.env.XDG_DATA_HOME };
    process.env.EDEFTER_DATA_DIR = '/tmp/a';
    expect(dataDir()).toBe('/tmp/a');
    delete process.env.EDEFTER_DATA_DIR;
    process.env.XDG_DATA_HOME = '/tmp/xdg';
    if (process.platform === 'linux') expect(dataDir()).toBe('/tmp/xdg/edefter-bridge');
    if (saved.d === undefined) delete process.env.EDEFTER_DATA_DIR;
    else process.env.EDEFTER_DATA_DIR = saved.d;
    if (saved.x === undefined) delete process.env.XDG_DATA_HOME;
    else process.env.XDG_DATA_HOME = saved.x;
  });

  it('steps are idempotent and every change has a history line', async () => {
    const f = path.join(dir, '6090408038-202501-Y-000000.xml');
    fs.writeFileSync(f, '<x/>');
    const a = await store.recordFile(Y, { role: 'defter', path: f }, actor);
    const b = await store.recordFile(Y, { role: 'defter', path: f }, actor);
    expect(a.changed).toBe(true);
    expect(b.changed).toBe(false);
    expect(a.file.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(a.file.bytes).toBe(4);
    expect(store.setStatus(Y, LedgerStatus.FileCreated, actor).changed).toBe(true);
    expect(store.setStatus(Y, LedgerStatus.FileCreated, actor).changed).toBe(false);
    expect(store.advance(Y, LedgerStatus.FileCreated, actor).changed).toBe(false);
    store.setStatus(Y, LedgerStatus.FileSigned, { origin: 'https://portal.example', certificate: 'CN=DEMO; seri 01' });
    const h = store.history(Y);
    expect(h.map((x) => x.action)).toEqual(['file.recorded', 'status', 'status']);
    expect(h[2]).toMatchObject({ fromStatus: 'FILE_CREATED', toStatus: 'FILE_SIGNED', origin: 'https://portal.example', certificate: 'CN=DEMO; seri 01' });
    // a changed file is re-recorded with the previous hash in the history
    fs.writeFileSync(f, '<y/>');
    const c = await store.recordFile(Y, { role: 'defter', path: f }, actor);
    expect(c.changed).toBe(true);
    expect(store.history(Y).at(-1)).toMatchObject({ action: 'file.replaced', details: { previousSha256: a.file.sha256 } });
  });

  it('error states keep the message and clear on the next success; no going back after GİB', () => {
    store.fail(Y, LedgerStatus.SendFailed, { code: 'GIB_ERROR', tr: 'Bağlantı yok', en: 'No connection' }, actor);
    expect(store.getLedger(Y)).toMatchObject({ status: 'SEND_FAILED', error: { code: 'GIB_ERROR', tr: 'Bağlantı yok' } });
    store.setStatus(Y, LedgerStatus.SentToGib, actor);
    expect(store.getLedger(Y)?.error).toBeUndefined();
    expect(() => store.setStatus(Y, LedgerStatus.FileSigned, actor)).toThrow(/GİB/);
    expect(store.advance(Y, LedgerStatus.BeratSigned, actor).changed).toBe(false);
  });

  it('packages: created once, state changes recorded', () => {
    const p = ensurePackage(store, { name: '6090408038-202501-YB-000000', vkn: '6090408038', period: '202501', part: '000000', kind: 'YB' }, actor);
    expect(p.state).toBe(PackageState.Built);
    updatePackage(store, p.name, { state: PackageState.Sending, attempts: 1 }, actor);
    const again = ensurePackage(store, { name: p.name, vkn: '6090408038', period: '202501', part: '000000', kind: 'YB' }, actor);
    expect(again.state).toBe(PackageState.Sending);
    updatePackage(store, p.name, { state: PackageState.Sent, gibMessage: 'işleme alındı' }, actor);
    expect(getPackage(store, p.name)).toMatchObject({ state: 'SENT', attempts: 1, gibMessage: 'işleme alındı' });
    expect(packageHistory(store, p.name).map((h) => h.toStatus)).toEqual(['BUILT', 'SENDING', 'SENT']);
    expect(store.getLedger(Y)?.id).toBe(p.ledgerId);
  });

  it('backup status column is there for the backup module', () => {
    expect(store.ensureLedger(Y).backupStatus).toBe('NOT_SENT');
    expect(store.setBackupStatus(Y, 'RECEIVED', actor, 'Paket İşleme Alındı')).toBe(true);
    expect(store.setBackupStatus(Y, 'RECEIVED', actor, 'Paket İşleme Alındı')).toBe(false);
    expect(store.getLedger(Y)?.backupStatus).toBe('RECEIVED');
  });

  it('reads a month folder and prints the e-Defter list', async () => {
    const month = path.join(dir, 'out', '6090408038', '20250101-20251231', '01');
    fs.mkdirSync(month, { recursive: true });
    const head = `<?xml version="1.0" encoding="UTF-8"?><edefter:defter xmlns:edefter="http://www.edefter.gov.tr"><gl-cor:documentInfo><gl-cor:uniqueID contextRef="c">YEV202501000001</gl-cor:uniqueID><gl-cor:periodCoveredStart contextRef="c">2025-01-01</gl-cor:periodCoveredStart><gl-cor:periodCoveredEnd contextRef="c">2025-01-31</gl-cor:periodCoveredEnd></gl-cor:documentInfo><gl-bus:organizationIdentifiers><gl-bus:organizationIdentifier contextRef="c">DEMO TİCARET A.Ş.</gl-bus:organizationIdentifier><gl-bus:organizationDescription contextRef="c">Kurum Unvanı</gl-bus:organizationDescription></gl-bus:organizationIdentifiers>`;
    fs.writeFileSync(
      path.join(month, '6090408038-202501-Y-000000.xml'),
      head.replace(/ contextRef="c"/g, '').replace('<gl-bus:organizationIdentifier>', '<gl-bus:organizationIdentifier>') +
        '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="S"><ds:SignedInfo/><ds:SignatureValue Id="SV">AAAA\nBBBB</ds:SignatureValue></ds:Signature></edefter:defter>',
    );
    fs.writeFileSync(path.join(month, '6090408038-202501-YB-000000.xml'), '<edefter:berat><ds:SignatureValue>AAAABBBB</ds:SignatureValue></edefter:berat>');
    fs.writeFileSync(path.join(month, '6090408038-202501-K-000000.xml'), '<edefter:defter></edefter:defter>');
    fs.writeFileSync(path.join(month, 'notes.txt'), 'x');
    const r = await syncMonthFromDisk(store, { vkn: '6090408038', period: '202501', root: path.join(dir, 'out'), actor });
    expect(r.files.map((f) => f.name)).toHaveLength(3);
    const y = store.getLedger(Y)!;
    expect(y).toMatchObject({ status: 'BERAT_CREATED', controlNumber: 'YEV202501000001', periodStart: '2025-01-01', title: 'DEMO TİCARET A.Ş.' });
    expect(store.file(Y, 'defter')?.signatureValue).toBe('AAAABBBB');
    expect(store.getLedger({ ...Y, book: 'K' })?.status).toBe('FILE_CREATED');
    // second sync: nothing new in the history
    const n = store.history(Y).length;
    await syncMonthFromDisk(store, { vkn: '6090408038', period: '202501', root: path.join(dir, 'out'), actor });
    expect(store.history(Y)).toHaveLength(n);
    const table = formatStatusTable(store.listLedgers({ vkn: '6090408038' }), listPackages(store));
    expect(table).toContain('Yevmiye Defteri');
    expect(table).toContain('Berat Oluşturuldu');
    expect(table).toContain('01.01.2025');
    expect(table).toContain('Entegratöre Gönderilmedi');
  });

  it('edefter status prints the table from the CLI', () => {
    store.ensureLedger(Y, { controlNumber: 'YEV202501000001', periodStart: '2025-01-01', periodEnd: '2025-01-31', title: 'DEMO TİCARET A.Ş.' });
    store.setStatus(Y, LedgerStatus.BeratSigned, actor);
    const root = path.resolve(__dirname, '../..');
    const r = spawnSync(process.execPath, [path.join(root, 'packages/bridge/bin/edefter.mjs'), 'status', '--vkn', '6090408038'], {
      env: { ...process.env, EDEFTER_DATA_DIR: dir },
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Berat İmzalandı');
    expect(r.stdout).toContain('YEV202501000001');
  });
});
