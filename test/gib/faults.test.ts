/**
 * Each injected GİB fault ends in the right package state, row status and message; transient
 * faults are retried, the rest are not; nothing is ever uploaded twice; a tampered approved berat
 * is refused and not stored.
 */
import { describe, it, expect, beforeAll, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGibSimulator, type GibSimulator, type FaultRule } from '../../packages/simulators/src/gib/index.ts';
import { WorkflowStore, getPackage, type LedgerKey } from '../../packages/bridge/src/workflow/index.ts';
import { GibClient } from '../../packages/bridge/src/gib/client.ts';
import { sendMonth } from '../../packages/bridge/src/gib/send.ts';
import { downloadMonth } from '../../packages/bridge/src/gib/download.ts';
import { loadTrustList } from '../../packages/bridge/src/gib/settings.ts';
import type { RawSigner } from '../../packages/bridge/src/xades/signer.ts';
import { makeSignedMonth, type SignedMonth } from './month-fixture.ts';
import { softwareSigner } from './helpers.ts';

const VKN = '6090408038';
const YB = `${VKN}-202501-YB-000000`;
const KB = `${VKN}-202501-KB-000000`;
const Y: LedgerKey = { vkn: VKN, period: '202501', part: '000000', book: 'Y' };
let base: string;
let month: SignedMonth;
let signer: RawSigner;
let open: { sim: GibSimulator; store: WorkflowStore }[] = [];

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'gibfault-'));
  signer = await softwareSigner();
  month = await makeSignedMonth({ root: path.join(base, 'out'), year: 2025, month: 1, signer, allowGap: true, withDr: false });
});
afterEach(async () => {
  for (const o of open) {
    o.store.close();
    await o.sim.close();
  }
  open = [];
  for (const f of fs.readdirSync(month.folder)) if (f.startsWith('GIB-')) fs.rmSync(path.join(month.folder, f));
});

/** A fresh simulator + database; the client retries fast and times out after `timeoutMs`. */
async function setup(faults: FaultRule[], o: { timeoutMs?: number; clock?: 'off' | 'http-date' } = {}) {
  const dir = fs.mkdtempSync(path.join(base, 'case-'));
  const sim = await startGibSimulator({ stateDir: path.join(dir, 'sim'), delayMs: 20, faults, validate: false });
  const store = WorkflowStore.open({ file: path.join(dir, 'wf.sqlite') });
  open.push({ sim, store });
  const client = new GibClient({
    endpoint: sim.url,
    signer,
    timeoutMs: o.timeoutMs ?? 5000,
    retry: { attempts: 3, baseMs: 5 },
    clock: o.clock === 'off' ? { kind: 'off' } : { kind: 'http-date' },
  });
  const ctx = { store, client, actor: { origin: 'test' }, packagesDir: path.join(dir, 'pk') };
  const send = () => sendMonth(ctx, { vkn: VKN, period: '202501', folder: month.folder });
  const download = () =>
    downloadMonth(ctx, {
      vkn: VKN,
      period: '202501',
      wait: true,
      pollIntervalMs: 15,
      maxWaitMs: 20_000,
      trustedCerts: loadTrustList([sim.trustPem]),
      validate: false,
    });
  return { sim, store, send, download };
}

describe('GİB faults → states and messages', { timeout: 120_000 }, () => {
  it('HTTP 503 twice then success: retried, uploaded once', async () => {
    const t = await setup([{ op: 'sendDocumentFile', paketId: YB, kind: 'http', status: 503, times: 2 }]);
    const r = await t.send();
    expect(r.find((x) => x.paketId === YB)).toMatchObject({ result: 'accepted' });
    expect(getPackage(t.store, YB)).toMatchObject({ state: 'SENT', attempts: 3 });
    expect(t.sim.uploadsOf(YB)).toHaveLength(1);
  });

  it('HTTP 503 always: GİBe Gönderilemedi with the HTTP message; KB still sent', async () => {
    const t = await setup([{ op: 'sendDocumentFile', paketId: YB, kind: 'http', status: 503, times: 0 }]);
    const r = await t.send();
    expect(r.find((x) => x.paketId === YB)).toMatchObject({ result: 'failed' });
    expect(r.find((x) => x.paketId === KB)).toMatchObject({ result: 'accepted' });
    expect(getPackage(t.store, YB)).toMatchObject({ state: 'SEND_FAILED', attempts: 3 });
    expect(t.store.getLedger(Y)).toMatchObject({ status: 'SEND_FAILED', error: { code: 'GIB_UNAVAILABLE' } });
    expect(t.store.getLedger(Y)!.error!.tr).toMatch(/HTTP 503/);
    expect(t.sim.uploadsOf(YB)).toHaveLength(0);
  });

  it('timeout after the upload landed: found with getBatchStatus, never uploaded twice', async () => {
    const t = await setup([{ op: 'sendDocumentFile', paketId: YB, kind: 'timeout', afterReceive: true }], { timeoutMs: 600 });
    const r = await t.send();
    expect(r.find((x) => x.paketId === YB)).toMatchObject({ result: 'found' });
    expect(getPackage(t.store, YB)).toMatchObject({ state: 'SENT', attempts: 1 });
    expect(t.sim.uploadsOf(YB)).toHaveLength(1);
  });

  it('answer lost and status query failing: the re-upload gets 111 and counts as sent', async () => {
    const t = await setup([
      { op: 'sendDocumentFile', paketId: YB, kind: 'drop', afterReceive: true },
      { op: 'getBatchStatus', paketId: YB, kind: 'http', status: 502, times: 3 },
    ]);
    const r = await t.send();
    expect(r.find((x) => x.paketId === YB)).toMatchObject({ result: 'already-uploaded' });
    expect(getPackage(t.store, YB)).toMatchObject({ state: 'SENT', attempts: 2 });
    expect(t.sim.uploadsOf(YB)).toHaveLength(1);
    expect(t.store.getLedger(Y)?.status).toBe('SENT');
  });

  it('GİB 110 (transient) is retried; GİB 108 and 114 are not', async () => {
    const a = await setup([{ op: 'sendDocumentFile', paketId: YB, kind: 'gib-code', code: 110 }]);
    expect((await a.send()).find((x) => x.paketId === YB)).toMatchObject({ result: 'accepted' });
    expect(getPackage(a.store, YB)?.attempts).toBe(2);
    for (const code of [108, 114]) {
      const b = await setup([{ op: 'sendDocumentFile', paketId: YB, kind: 'gib-code', code }]);
      const r = (await b.send()).find((x) => x.paketId === YB)!;
      expect(r.result).toBe('failed');
      expect(r.message).toMatch(new RegExp(`^GİB ${code}: `));
      expect(getPackage(b.store, YB)).toMatchObject({ state: 'SEND_FAILED', attempts: 1 });
    }
  });

  it('processing failure: GİB Tarafından Reddedildi with GİB’s reason', async () => {
    const t = await setup([{ kind: 'process-fail', paketId: YB, message: 'Defter ile berat uyuşmuyor (simülasyon)' }]);
    await t.send();
    const d = await t.download();
    expect(d.find((x) => x.paketId === YB)).toMatchObject({ state: 'REJECTED' });
    expect(t.store.getLedger(Y)).toMatchObject({ status: 'GIB_REJECTED' });
    expect(t.store.getLedger(Y)!.error!.tr).toMatch(/Defter ile berat uyuşmuyor/);
    expect(d.find((x) => x.paketId === KB)).toMatchObject({ state: 'DOWNLOADED' });
  });

  it('receive 203 once is retried; 204 is reported without retry', async () => {
    const a = await setup([{ op: 'receiveDocumentFile', paketId: YB, kind: 'gib-code', code: 203 }]);
    await a.send();
    expect((await a.download()).find((x) => x.paketId === YB)).toMatchObject({ state: 'DOWNLOADED' });
    const b = await setup([{ op: 'receiveDocumentFile', paketId: YB, kind: 'gib-code', code: 204 }]);
    await b.send();
    const r = (await b.download()).find((x) => x.paketId === YB)!;
    expect(r.error?.tr).toMatch(/^GİB 204: Başarıyla işlenmiş paket bulunamadı/);
    expect(b.sim.state().calls.receiveDocumentFile).toBe(2); // YB once (no retry of 204) + KB once
  });

  it('slow answers within the timeout are fine', async () => {
    const t = await setup([{ op: 'getBatchStatus', kind: 'slow', delayMs: 300, times: 2 }]);
    await t.send();
    expect((await t.download()).filter((x) => x.state === 'DOWNLOADED')).toHaveLength(2);
  });

  it('clock skew over 30 s: refused before anything is sent', async () => {
    const t = await setup([]);
    t.sim.setClockOffset(45_000);
    await expect(t.send()).rejects.toMatchObject({ code: 'CLOCK_SKEW' });
    await expect(t.send()).rejects.toThrow(/saniye geri/);
    expect(t.sim.state().calls.sendDocumentFile ?? 0).toBe(0);
  });

  it('clock check off but the clock is wrong: GİB refuses the expired Timestamp (WS-Security)', async () => {
    const t = await setup([], { clock: 'off' });
    t.sim.setClockOffset(10 * 60_000);
    await expect(t.send()).rejects.toMatchObject({ code: 'CLOCK_SKEW' });
    expect(t.sim.uploadsOf(YB)).toHaveLength(0);
  });

  for (const tamper of ['countersignature', 'berat-content', 'untrusted-seal'] as const) {
    it(`tampered approved berat (${tamper}) is refused and not stored`, async () => {
      const t = await setup([{ op: 'receiveDocumentFile', paketId: YB, kind: 'tamper', tamper }]);
      await t.send();
      const r = (await t.download()).find((x) => x.paketId === YB)!;
      expect(r.state).toBe('DOWNLOAD_FAILED');
      expect(r.error?.code).toBe('COUNTER_SIGNATURE_INVALID');
      expect(r.message).toMatch(/kabul edilmedi ve kaydedilmedi/);
      expect(fs.existsSync(path.join(month.folder, `GIB-${YB}.xml`))).toBe(false);
      expect(t.store.getLedger(Y)).toMatchObject({ status: 'DOWNLOAD_FAILED' });
      // the next download gets the genuine berat
      const again = (await t.download()).find((x) => x.paketId === YB)!;
      expect(again.state).toBe('DOWNLOADED');
      expect(t.store.getLedger(Y)?.status).toBe('APPROVED_DOWNLOADED');
    });
  }
});
