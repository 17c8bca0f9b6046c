import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGibSimulator, type GibSimulator } from '../../packages/simulators/src/gib/index.ts';
import { WorkflowStore, getPackage, listPackages } from '../../packages/bridge/src/workflow/index.ts';
import { GibClient } from '../../packages/bridge/src/gib/client.ts';
import { sendMonth } from '../../packages/bridge/src/gib/send.ts';
import { downloadMonth } from '../../packages/bridge/src/gib/download.ts';
import { loadTrustList } from '../../packages/bridge/src/gib/settings.ts';
import { validateGibFile } from '../../packages/bridge/src/gib/validation.ts';
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

describe('GİB flow through the simulator (library level)', { timeout: 180_000 }, () => {
  it('sends a 2025 month (Y+YB, KB only), downloads and stores the approved berats; resending uploads nothing', async () => {
    const signer = await softwareSigner();
    const m = await makeSignedMonth({ root: path.join(dir, 'out'), year: 2025, month: 1, signer, allowGap: true });
    const client = new GibClient({ endpoint: sim.url, signer, retry: { baseMs: 5 } });
    const ctx = { store, client, actor, packagesDir: path.join(dir, 'pk') };
    const sent = await sendMonth(ctx, { vkn: '6090408038', period: '202501', folder: m.folder });
    expect(sent.map((r) => [r.paketId, r.result])).toEqual([
      ['6090408038-202501-YB-000000', 'accepted'],
      ['6090408038-202501-KB-000000', 'accepted'],
      ['6090408038-202501-DR-000000', 'accepted'],
    ]);
    expect(getPackage(store, '6090408038-202501-KB-000000')?.entries).toEqual(['6090408038-202501-KB-000000.xml']);
    // approved berats go through the full check: counter-signature, our berat sealed, XAdES, GİB XSD + schematron
    const dl = await downloadMonth(ctx, { vkn: '6090408038', period: '202501', wait: true, pollIntervalMs: 20, trustedCerts: loadTrustList([sim.trustPem]) });
    expect(dl.map((r) => [r.paketId, r.state, r.error?.tr])).toEqual([
      ['6090408038-202501-YB-000000', 'DOWNLOADED', undefined],
      ['6090408038-202501-KB-000000', 'DOWNLOADED', undefined],
      ['6090408038-202501-DR-000000', 'APPROVED', undefined],
    ]);
    for (const t of ['YB', 'KB']) expect(fs.existsSync(path.join(m.folder, `GIB-6090408038-202501-${t}-000000.xml`))).toBe(true);
    expect(store.listLedgers({ vkn: '6090408038', period: '202501' }).map((l) => [l.book, l.status])).toEqual([
      ['Y', 'APPROVED_DOWNLOADED'],
      ['K', 'APPROVED_DOWNLOADED'],
      ['DR', 'SENT'],
    ]);
    const again = await sendMonth(ctx, { vkn: '6090408038', period: '202501', folder: m.folder });
    expect(again.every((r) => r.result === 'skipped')).toBe(true);
    expect(sim.uploadsOf('6090408038-202501-YB-000000')).toHaveLength(1);
    expect(listPackages(store).every((p) => p.attempts === 1)).toBe(true);
  });

  it('a 2024 period: the KB package still carries the kebir (K + KB)', async () => {
    const signer = await softwareSigner();
    const sim2 = await startGibSimulator({ stateDir: path.join(dir, 'sim2024'), delayMs: 20, validate: false });
    const store2 = WorkflowStore.open({ file: path.join(dir, 'wf2024.sqlite') });
    try {
      const m = await makeSignedMonth({ root: path.join(dir, 'out2024'), year: 2024, month: 12, signer, allowGap: true, withDr: false });
      const ctx = { store: store2, client: new GibClient({ endpoint: sim2.url, signer, retry: { baseMs: 5 } }), actor, packagesDir: path.join(dir, 'pk2024') };
      await sendMonth(ctx, { vkn: '6090408038', period: '202412', folder: m.folder });
      expect(getPackage(store2, '6090408038-202412-KB-000000')?.entries).toEqual(['6090408038-202412-K-000000.xml', '6090408038-202412-KB-000000.xml']);
      const dl = await downloadMonth(ctx, {
        vkn: '6090408038',
        period: '202412',
        wait: true,
        pollIntervalMs: 20,
        trustedCerts: loadTrustList([sim2.trustPem]),
        validate: false,
      });
      expect(dl.map((r) => r.state)).toEqual(['DOWNLOADED', 'DOWNLOADED']);
    } finally {
      store2.close();
      await sim2.close();
    }
  });

  it("a berat that fails our rules is refused before any upload; one that GİB's schematron refuses ends REJECTED", async () => {
    const signer = await softwareSigner();
    // GİB's validator, refusing the YB as its schematron would (the berat itself is fine for us)
    const sim3 = await startGibSimulator({
      stateDir: path.join(dir, 'sim-bad'),
      delayMs: 20,
      validate: async (file) =>
        path.basename(file).includes('-YB-') ? { ok: false, errors: ['measurableQuantity en fazla 2 ondalık olmalı (simülatör)'] } : validateGibFile(file),
    });
    const store3 = WorkflowStore.open({ file: path.join(dir, 'wf-bad.sqlite') });
    try {
      const m = await makeSignedMonth({ root: path.join(dir, 'out-bad'), year: 2025, month: 6, signer, allowGap: true, withDr: false });
      const ctx = { store: store3, client: new GibClient({ endpoint: sim3.url, signer, retry: { baseMs: 5 } }), actor, packagesDir: path.join(dir, 'pk-bad') };
      // re-sign the YB after giving measurableQuantity three decimals: our rules refuse it, nothing is uploaded
      const yb = path.join(m.folder, '6090408038-202506-YB-000000.xml');
      const good = fs.readFileSync(yb);
      const unsigned = good
        .toString('utf8')
        .replace(/<ds:Signature[\s>][\s\S]*<\/ds:Signature>(\s*<\/edefter:berat>)/, '$1')
        .replace(/(<gl-bus:measurableQuantity[^>]*>)[^<]*</, '$11.234<');
      fs.writeFileSync(`${yb}.u`, unsigned);
      const { signXmlFile } = await import('../../packages/bridge/src/xades/index.ts');
      await signXmlFile({ input: `${yb}.u`, output: yb, signer });
      fs.rmSync(`${yb}.u`);
      const [bad] = await sendMonth(ctx, { vkn: '6090408038', period: '202506', folder: m.folder, kinds: ['YB'] });
      expect(bad.result).toBe('failed');
      expect(bad.message).toContain('6090408038-202506-YB-000000.xml');
      expect(sim3.state().uploads).toHaveLength(0);
      // the good berat goes out, and GİB refuses it
      fs.writeFileSync(yb, good);
      const [sent] = await sendMonth(ctx, { vkn: '6090408038', period: '202506', folder: m.folder, kinds: ['YB'] });
      expect(sent.result).toBe('accepted');
      const [r] = await downloadMonth(ctx, {
        vkn: '6090408038',
        period: '202506',
        wait: true,
        pollIntervalMs: 20,
        trustedCerts: loadTrustList([sim3.trustPem]),
      });
      expect(r.state).toBe('REJECTED');
      expect(r.message).toMatch(/şema\/şematron hatası/);
    } finally {
      store3.close();
      await sim3.close();
    }
  });
});
