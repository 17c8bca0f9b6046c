/**
 * GİB'e Gönder / Onaylı Beratı İndir from the command line, the SOAP messages signed on the SoftHSM
 * demo token: two whole months through the simulator with the previous-period guard reading the
 * stored states in between; a SIGKILL between send and download (and in the middle of an upload)
 * resumes without uploading twice; `edefter doctor`.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { startGibSimulator, type GibSimulator } from '../../packages/simulators/src/gib/index.ts';
import { WorkflowStore, getPackage, workflowDbPath, findMonthFolder } from '../../packages/bridge/src/workflow/index.ts';
import { buildMonth } from '../../packages/bridge/src/ledger/build.ts';
import { loadCompanyProfile } from '../../packages/bridge/src/ledger/company.ts';
import { writeMonthCsv } from '../../packages/dev/src/fixtures/generate-month.ts';
import { runDoctor } from '../../packages/bridge/src/gib/doctor.ts';
import { makeSignedMonth } from './month-fixture.ts';
import { softwareSigner } from './helpers.ts';
import { runCli, startCli, until } from './cli-helpers.ts';

const VKN = '6090408038';
const PIN = '123456\n';
const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
let base: string;
const sims: GibSimulator[] = [];

/** config.json keys of the simulator run, laid over the file with EDEFTER_SETTINGS (docs/settings.md). */
function simSettings(sim: GibSimulator, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ gib: { environment: 'custom', endpoint: sim.url, trustList: [sim.trustPem], pollIntervalMs: 40, retryBaseMs: 20 }, ...extra });
}

function envFor(dir: string, sim: GibSimulator): Record<string, string> {
  return {
    EDEFTER_DATA_DIR: path.join(dir, 'data'),
    EDEFTER_CONFIG_DIR: path.join(dir, 'config'),
    EDEFTER_SETTINGS: simSettings(sim),
    EDEFTER_TOKEN_LABEL: 'DEMO MALI MUHUR',
  };
}

beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'gibcli-'));
});
afterAll(async () => {
  for (const s of sims) await s.close();
});

// CLI runs spawn tsx processes and open the token: minutes on a busy 2-core machine, seconds otherwise
describe('edefter gib (CLI, token-signed SOAP)', { timeout: 300_000 }, () => {
  it('two months from the CLI (edefter month → gib send → gib download); the guard reads the stored states in between', async () => {
    const dir = path.join(base, 'months');
    const sim = await startGibSimulator({ stateDir: path.join(dir, 'sim'), delayMs: 40, validate: false }); // XSD + schematron in the simulator: flow.test.ts
    sims.push(sim);
    const env = envFor(dir, sim);
    const root = path.join(dir, 'out');
    // January with `edefter month` (build → validate → sign → berat → sign → DR) on the demo token
    const companyJson = path.join(repo, 'test/fixtures/company.json');
    const janCsv = path.join(dir, `${VKN}-202501.csv`);
    await writeMonthCsv(janCsv, { year: 2025, month: 1, entries: 12, seed: 1 });
    const mo = await runCli(['month', janCsv, '--company', companyJson, '--out', root, '--allow-gap', '--pin-stdin'], env, PIN);
    expect(mo.code, mo.stderr).toBe(0);
    const jan = { folder: findMonthFolder(root, VKN, '202501') };

    // send only (no --wait): GİB'e Gönderildi
    const s1 = await runCli(['gib', 'send', '--vkn', VKN, '--period', '202501', '--root', root, '--pin-stdin'], env, PIN);
    expect(s1.stderr).not.toContain('HATA');
    expect(s1.code).toBe(0);
    expect(s1.stdout).toContain(`${VKN}-202501-YB-000000 paketi işleme alındı`);
    const st = await runCli(['status', '--vkn', VKN, '--period', '202501'], env);
    expect(st.stdout).toContain("GİB'e Gönderildi");
    expect(st.stdout).not.toContain('123456');

    // the guard: February cannot be built — first because the GIB- files are missing, then, with
    // hand-placed copies, because the stored status is not Onaylı Berat İndirildi
    const prevData = process.env.EDEFTER_DATA_DIR;
    process.env.EDEFTER_DATA_DIR = env.EDEFTER_DATA_DIR;
    try {
      const company = await loadCompanyProfile(path.join(repo, 'test/fixtures/company.json'));
      const csv = path.join(dir, `${VKN}-202502.csv`);
      await writeMonthCsv(csv, { year: 2025, month: 2, entries: 10, seed: 2 });
      const feb = () => buildMonth({ exportPath: csv, company, outRoot: root, creationDate: '2025-03-01' });
      await expect(feb()).rejects.toThrow(/GIB-6090408038-202501-YB-000000\.xml/);
      for (const t of ['YB', 'KB'])
        fs.copyFileSync(path.join(jan.folder, `${VKN}-202501-${t}-000000.xml`), path.join(jan.folder, `GIB-${VKN}-202501-${t}-000000.xml`));
      await expect(feb()).rejects.toThrow(/GİB'e Gönderildi \(kayıtlı durum/);
      for (const t of ['YB', 'KB']) fs.rmSync(path.join(jan.folder, `GIB-${VKN}-202501-${t}-000000.xml`));

      // download: the approved berats are checked and stored; the row shows Onaylı Berat İndirildi
      const d1 = await runCli(['gib', 'download', '--vkn', VKN, '--period', '202501', '--wait', '--pin-stdin'], env, PIN);
      expect(d1.code).toBe(0);
      expect(d1.stdout).toContain('Onaylı Berat İndirildi');
      for (const t of ['YB', 'KB']) {
        const f = path.join(jan.folder, `GIB-${VKN}-202501-${t}-000000.xml`);
        const x = spawnSync(
          'xmlsec1',
          [
            '--verify',
            '--enabled-key-data',
            'x509',
            '--trusted-pem',
            sim.trustPem,
            '--id-attr:Id',
            'SignatureValue',
            '--id-attr:Id',
            'SignedProperties',
            '--node-xpath',
            "//*[local-name()='CounterSignature']/*[local-name()='Signature']",
            f,
          ],
          { encoding: 'utf8' },
        );
        expect(x.status, x.stderr).toBe(0);
      }

      // now February builds (`edefter month`, guard included), and goes through in one command (--wait)
      const mo2 = await runCli(['month', csv, '--company', companyJson, '--out', root, '--pin-stdin'], env, PIN);
      expect(mo2.code, mo2.stderr).toBe(0);
      fs.rmSync(csv);
      const febFolder = findMonthFolder(root, VKN, '202502');
      const s2 = await runCli(['gib', 'send', '--vkn', VKN, '--period', '202502', '--root', root, '--wait', '--pin-stdin'], env, PIN);
      expect(s2.stderr).not.toMatch(/HATA/);
      expect(s2.code).toBe(0);
      expect(fs.existsSync(path.join(febFolder, `GIB-${VKN}-202502-YB-000000.xml`))).toBe(true);
    } finally {
      if (prevData === undefined) delete process.env.EDEFTER_DATA_DIR;
      else process.env.EDEFTER_DATA_DIR = prevData;
    }
    // continuity was checked by the simulator: February's first madde follows January's last
    expect(
      sim
        .state()
        .uploads.filter((u) => u.kind === 'YB')
        .map((u) => [u.period, u.stage]),
    ).toEqual([
      ['202501', 'processed'],
      ['202502', 'processed'],
    ]);
    const table = await runCli(['status', '--vkn', VKN], env);
    expect(table.stdout.match(/Onaylı Berat İndirildi/g)).toHaveLength(4);
    expect(
      sim
        .state()
        .uploads.filter((u) => u.kind === 'DR')
        .map((u) => u.stage),
    ).toEqual(['processed', 'processed']);
  });

  it('SIGKILL mid-upload and mid-wait: restart resumes, nothing is uploaded twice', async () => {
    const dir = path.join(base, 'kill');
    // the YB upload lands, but its answer takes 20 s: the CLI is killed while it waits for it
    const sim = await startGibSimulator({
      stateDir: path.join(dir, 'sim'),
      delayMs: 300,
      validate: false,
      faults: [{ op: 'sendDocumentFile', paketId: 'YB', kind: 'slow', delayMs: 20_000, afterReceive: true }],
    });
    sims.push(sim);
    const env = envFor(dir, sim);
    const root = path.join(dir, 'out');
    await makeSignedMonth({ root, year: 2025, month: 3, signer: await softwareSigner(), allowGap: true });
    const yb = `${VKN}-202503-YB-000000`;
    const kb = `${VKN}-202503-KB-000000`;

    const a = startCli(['gib', 'send', '--vkn', VKN, '--period', '202503', '--root', root, '--wait', '--pin-stdin'], env, PIN);
    await until(() => sim.uploadsOf(yb).length === 1);
    a.child.kill('SIGKILL');
    expect((await a.done).signal).toBe('SIGKILL');
    const db = WorkflowStore.open({ file: workflowDbPath(env.EDEFTER_DATA_DIR) });
    expect(getPackage(db, yb)?.state).toBe('SENDING');
    db.close();

    // restart: the YB is found at GİB (no second upload), the KB is sent; then killed while waiting
    const b = startCli(['gib', 'send', '--vkn', VKN, '--period', '202503', '--root', root, '--wait', '--pin-stdin'], env, PIN);
    await until(() => sim.uploadsOf(kb).length === 1 && (sim.state().calls.getBatchStatus ?? 0) >= 3);
    b.child.kill('SIGKILL');
    await b.done;

    // restart the download: it completes
    const c = await runCli(['gib', 'download', '--vkn', VKN, '--period', '202503', '--wait', '--pin-stdin'], env, PIN);
    expect(c.code, c.stderr).toBe(0);
    expect(sim.uploadsOf(yb)).toHaveLength(1);
    expect(sim.uploadsOf(kb)).toHaveLength(1);
    const db2 = WorkflowStore.open({ file: workflowDbPath(env.EDEFTER_DATA_DIR) });
    expect(getPackage(db2, yb)).toMatchObject({ state: 'DOWNLOADED', attempts: 1 });
    expect(db2.getLedger({ vkn: VKN, period: '202503', part: '000000', book: 'Y' })?.status).toBe('APPROVED_DOWNLOADED');
    expect(db2.history({ vkn: VKN, period: '202503', part: '000000', book: 'Y' }).some((h) => h.certificate?.includes('serialNumber=6090408038'))).toBe(true);
    db2.close();
  });

  it('edefter doctor: all fine against the simulator; clock skew and near expiry are reported', async () => {
    const dir = path.join(base, 'doctor');
    const sim = await startGibSimulator({ stateDir: path.join(dir, 'sim'), delayMs: 20, validate: false });
    sims.push(sim);
    const env = envFor(dir, sim);
    const ok = await runCli(['doctor', '--vkn', VKN], { ...env, EDEFTER_SETTINGS: simSettings(sim, { signer: { trustList: [sim.trustPem] } }) });
    expect(ok.stdout, ok.stdout).not.toContain('[HATA');
    expect(ok.code).toBe(0);
    sim.setClockOffset(-40_000);
    const bad = await runCli(['doctor', '--vkn', VKN], env);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/\[HATA \] clock\s+Saat farkı (39|40|41)\.\d sn/);
    sim.setClockOffset(0);
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const { listCertificates, shutdownTokenWorker } = await import('../../packages/bridge/src/token/index.ts');
      const notAfter = Date.parse((await listCertificates({ tokenLabel: 'DEMO MALI MUHUR' }))[0].notAfter);
      await shutdownTokenWorker();
      const soon = await runDoctor({ vkn: VKN, now: new Date(notAfter - 10 * 86_400_000) });
      expect(soon.find((c) => c.area === 'certificate')).toMatchObject({ status: 'warn' });
      expect(soon.find((c) => c.area === 'certificate')!.tr).toMatch(/gün sonra/);
    } finally {
      for (const k of Object.keys(env))
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
    }
  });
});
