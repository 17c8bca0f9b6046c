/**
 * The Yedekleme part of `edefter-dev demo` (issue 7 §6): before the GİB step it starts the integrator
 * simulator (packages/simulators/src/integrator, TEST ONLY; HTTPS with a certificate from the demo TEST CA, state in
 * `var/integrator-sim`) and turns on "Dosyaları Entegratöre Yedekleyebilir" and "e-Defter Otomatik
 * Yedeklensin" = Evet for the demo company, so the approved-berat download sends the backup by
 * itself; afterwards it waits for the integrator, runs Durum Sorgula and prints the e-Defter list
 * with its Yedekleme Durumu column.
 *
 * Unless EDEFTER_CONFIG_DIR is set, the demo's settings live in `var/demo-config` (recreated on each
 * run) and the integrator password in its 0600 file, never in the user's settings or keychain.
 */
import fs from 'node:fs';
import path from 'node:path';
import { WorkflowStore } from '@edefter/bridge/workflow/store.ts';
import { formatStatusTable } from '@edefter/bridge/workflow/table.ts';
import { queryBackupStatus } from '@edefter/bridge/backup/service.ts';
import { setCompanyBackupSettings } from '@edefter/bridge/backup/settings.ts';
import { BackupStore } from '@edefter/bridge/backup/store.ts';

/** A prepared backup demo. */
export interface BackupDemo {
  /** Base URL of the integrator simulator. */
  url: string;
  /**
   * After the GİB step: waits until the integrator has finished with the month's latest send,
   * runs Durum Sorgula and prints the result and the e-Defter list.
   * @returns the e-Defter list as printed
   */
  finish(o: { vkn: string; period: string }): Promise<string>;
  /** Stops the simulator. */
  close(): Promise<void>;
}

/**
 * Starts the integrator simulator and configures the demo company for automatic backup.
 * @param o.repoRoot repository root (the simulator's state goes to var/integrator-sim)
 */
export async function prepareBackupDemo(o: { repoRoot: string; vkn: string; out?: (line: string) => void }): Promise<BackupDemo> {
  const out = o.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  if (!process.env.EDEFTER_CONFIG_DIR) {
    process.env.EDEFTER_CONFIG_DIR = path.join(o.repoRoot, 'var', 'demo-config');
    fs.rmSync(process.env.EDEFTER_CONFIG_DIR, { recursive: true, force: true });
    process.env.EDEFTER_CREDENTIAL_STORE ??= 'file';
  }
  const dir = path.join(o.repoRoot, 'var', 'integrator-sim');
  fs.rmSync(dir, { recursive: true, force: true });
  const { startIntegratorSimulator } = await import('@edefter/simulators/integrator/server.ts');
  const { demoIntegratorTls } = await import('@edefter/simulators/integrator/tls.ts');
  const tls = await demoIntegratorTls();
  const caFile = path.join(o.repoRoot, 'var', 'demo-pki', 'ca.pem');
  const sim = await startIntegratorSimulator({
    dir,
    tls: { key: tls.key, cert: tls.cert },
    trustedCerts: [Buffer.from(tls.caPem)],
    xmlsecTrustPem: fs.existsSync(caFile) ? caFile : undefined,
    processingDelayMs: 300,
    storeDelayMs: 300,
  });
  out(`Entegratör simülatörü / integrator simulator: ${sim.url}`);
  const caPath = path.join(process.env.EDEFTER_CONFIG_DIR!, 'integrator-ca.pem');
  fs.mkdirSync(path.dirname(caPath), { recursive: true });
  fs.writeFileSync(caPath, tls.caPem);
  const { warning } = await setCompanyBackupSettings(
    o.vkn,
    { enabled: true, autoBackup: true, username: 'demo', password: 'demo1234', url: sim.url },
    { trustList: [caPath] },
  );
  if (warning && process.env.EDEFTER_CONFIG_DIR !== path.join(o.repoRoot, 'var', 'demo-config'))
    process.stderr.write(`UYARI: ${warning.tr}\nWARNING: ${warning.en}\n`);
  out('Yedekleme: Dosyaları Entegratöre Yedekleyebilir = Evet, e-Defter Otomatik Yedeklensin = Evet');

  return {
    url: sim.url,
    async finish({ vkn, period }) {
      const wf = WorkflowStore.open();
      try {
        const store = new BackupStore(wf);
        const rows = store.list({ vkn, period });
        if (!rows.length) out('Yedekleme: bu ay için gönderim yok / no backup was sent for this month');
        for (const row of rows) {
          if (row.remoteId) await sim.settled(row.remoteId, 60_000);
          const ref = { vkn: row.vkn, period: row.period, part: row.part, ...(row.branch ? { branch: row.branch } : {}) };
          const after = row.status === 'NOT_SENT' && !row.sending ? row : await queryBackupStatus({ store, actor: { origin: 'demo' } }, ref);
          out(
            `Yedekleme › Durum Sorgula ${ref.vkn}-${ref.period}-${ref.part}: ${after.statusText}${after.message ? ` — ${after.message}` : ''}${after.error ? ` (HATA: ${after.error.tr})` : ''}`,
          );
        }
        const table = formatStatusTable(wf.listLedgers({ vkn, period }));
        out('');
        out(table);
        return table;
      } finally {
        wf.close();
      }
    },
    close: () => sim.close(),
  };
}
