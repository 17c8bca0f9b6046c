import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGibSimulator, type GibSimulator } from '../../packages/gib-sim/src/index.ts';
import { WorkflowStore, getPackage, listPackages } from '../../packages/bridge/src/workflow/index.ts';
import { GibClient } from '../../packages/bridge/src/gib/client.ts';
import { sendMonth } from '../../packages/bridge/src/gib/send.ts';
import { downloadMonth } from '../../packages/bridge/src/gib/download.ts';
import { loadTrustList } from '../../packages/bridge/src/gib/settings.ts';
import { makeSignedMonth } from './month-fixture.ts';
import { softwareSigner } from './helpers.ts';

let dir: string;
let sim: GibSimulator;
let store: WorkflowStore;
const actor = { origin: 'test' };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gibflow-'));
  sim = await startGibSimulator({ stateDir: path.join(dir, 'sim'), delayMs: 30 });
  store = WorkflowStore.open({ file: path.join(dir, 'wf.sqlite') });
});
afterAll(async () => {
  store?.close();
  await sim?.close();
});

describe('GİB flow through the simulator (library level)', () => {
  it('sends a 2025 month (Y+YB, KB only), downloads and stores the approved berats; resending uploads nothing', async () => {
    const signer = await softwareSigner();
    const m = await makeSignedMonth({ root: path.join(dir, 'out'), year: 2025, month: 1, signer, allowGap: true });
    const client = new GibClient({ endpoint: sim.url, signer, retry: { baseMs: 5 } });
    const ctx = { store, client, actor, packagesDir: path.join(dir, 'pk') };
    const sent = await sendMonth(ctx, { vkn: '6090408038', period: '202501', folder: m.folder });
    expect(sent.map((r) => [r.paketId, r.result])).toEqual([
      ['6090408038-202501-YB-000000', 'accepted'], ['6090408038-202501-KB-000000', 'accepted'], ['6090408038-202501-DR-000000', 'accepted'],
    ]);
    expect(getPackage(store, '6090408038-202501-KB-000000')?.entries).toEqual(['6090408038-202501-KB-000000.xml']);
    const dl = await downloadMonth(ctx, { vkn: '6090408038', period: '202501', wait: true, pollIntervalMs: 20, trustedCerts: loadTrustList([sim.trustPem]) });
    expect(dl.map((r) => [r.paketId, r.state, r.error?.tr])).toEqual([
      ['6090408038-202501-YB-000000', 'DOWNLOADED', undefined], ['6090408038-202501-KB-000000', 'DOWNLOADED', undefined],
      ['6090408038-202501-DR-000000', 'APPROVED', undefined],
    ]);
    for (const t of ['YB', 'KB']) expect(fs.existsSync(path.join(m.folder, `GIB-6090408038-202501-${t}-000000.xml`))).toBe(true);
    expect(store.listLedgers({ vkn: '6090408038', period: '202501' }).map((l) => [l.book, l.status])).toEqual([['Y', 'APPROVED_DOWNLOADED'], ['K', 'APPROVED_DOWNLOADED'], ['DR', 'SENT']]);
    const again = await sendMonth(ctx, { vkn: '6090408038', period: '202501', folder: m.folder });
    expect(again.every((r) => r.result === 'skipped')).toBe(true);
    expect(sim.uploadsOf('6090408038-202501-YB-000000')).toHaveLength(1);
    expect(listPackages(store).every((p) => p.attempts === 1)).toBe(true);
  });
});
