/**
 * Bridge restart while the integrator is processing: a backup is sent (Paket İşleme Alındı), the
 * sender goes away, and a freshly started bridge server (startBridgeServer) resumes the status
 * queries by itself until the workflow says Yedeklendi.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sendBackup } from '../../packages/bridge/src/backup/service.ts';
import { setCompanyBackupSettings } from '../../packages/bridge/src/backup/settings.ts';
import { BackupStore } from '../../packages/bridge/src/backup/store.ts';
import { startBridgeServer } from '../../packages/bridge/src/server/index.ts';
import { WorkflowStore } from '../../packages/bridge/src/workflow/index.ts';
import { startIntegratorSimulator, type IntegratorSimulator } from '../../packages/simulators/src/integrator/index.ts';
import { lookalikeDeps, writeLookalikeMonth } from './lookalike.ts';

const env = { ...process.env };
let dir: string;
let sim: IntegratorSimulator;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edefter-backup-restart-'));
  Object.assign(process.env, {
    EDEFTER_CONFIG_DIR: path.join(dir, 'config'),
    EDEFTER_DATA_DIR: path.join(dir, 'data'),
    EDEFTER_CREDENTIAL_STORE: 'file',
    EDEFTER_SETTINGS: JSON.stringify({ backup: { pollIntervalMs: 100 } }),
  });
  sim = await startIntegratorSimulator({ dir: path.join(dir, 'sim'), deps: lookalikeDeps(), processingDelayMs: 400, storeDelayMs: 200 });
});
afterAll(async () => {
  await sim?.close();
  process.env = env;
  fs.rmSync(dir, { recursive: true, force: true });
});

it('a restarted bridge resumes the status queries until Yedeklendi', async () => {
  const ref = { vkn: '6090408038', period: '202503', part: '000000' };
  const month = path.join(dir, 'defterler', ref.vkn, '20250101-20251231', '03');
  await writeLookalikeMonth(month, ref);
  await setCompanyBackupSettings(ref.vkn, { enabled: true, username: 'demo', password: 'demo1234', url: sim.url });
  const wf = WorkflowStore.open();
  for (const book of ['Y', 'K'] as const) wf.ensureLedger({ ...ref, book }, { folder: month });
  const sent = await sendBackup({ store: new BackupStore(wf), actor: { origin: 'cli' }, crossCheckDeps: lookalikeDeps() }, ref);
  expect(sent.row.status).toBe('RECEIVED');
  wf.close(); // whoever sent it is gone; the integrator is still processing

  const bridge = await startBridgeServer({ port: 0, log: { info() {}, warn() {}, error() {}, say() {} } as never });
  try {
    const end = Date.now() + 10_000;
    let status = '';
    while (Date.now() < end) {
      const check = WorkflowStore.open();
      try {
        status = new BackupStore(check).get(ref)!.status;
        if (status === 'STORED') {
          expect(check.getLedger({ ...ref, book: 'K' })?.backupMessage).toBe('Mart ayına ait Yevmiye ve Büyük Defter dosyaları yedeklendi.');
          expect(
            check
              .history({ ...ref, book: 'Y' })
              .filter((h) => h.action === 'backup.status')
              .at(-1)?.origin,
          ).toBe('bridge');
        }
      } finally {
        check.close();
      }
      if (status === 'STORED') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe('STORED');
  } finally {
    await bridge.close();
  }
});
