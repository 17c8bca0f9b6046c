/**
 * The test services behind `edefter-dev portal` (TEST ONLY, all on 127.0.0.1): the GİB web-service
 * simulator (simulators/src/gib), a Kamu SM-compatible test TSA (simulators/src/tsa) and the integrator
 * simulator over HTTPS with a certificate from the demo TEST CA (simulators/src/integrator). Each one is
 * configured in the bridge's settings exactly as the extension's options page would do it: GİB
 * environment `custom` with the simulator's address and seal trust, zaman damgası Kamu SM (customer
 * 123456) with the test TSA's root, and Yedekleme for the demo company with the integrator's CA.
 * So every button of the demo portal works against them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startGibSimulator } from '@edefter/simulators/gib/index.ts';
import { updateConfig } from '@edefter/bridge/settings/store.ts';
import { storeTrustPem } from '@edefter/bridge/settings/trust.ts';
import { setGibSettings } from '@edefter/bridge/gib/settings-change.ts';
import { setTsaSettings } from '@edefter/bridge/tsa/settings-change.ts';
import { setCompanyBackupSettings } from '@edefter/bridge/backup/settings.ts';
import type { GibSettings } from '@edefter/bridge/gib/settings.ts';
import { startTestTsa } from '@edefter/simulators/tsa/index.ts';
import { startIntegratorSimulator } from '@edefter/simulators/integrator/server.ts';
import { demoIntegratorTls } from '@edefter/simulators/integrator/tls.ts';

/** Options of {@link startPortalServices}. */
export interface PortalServicesOptions {
  /** folder for the simulators' state (recreated) */
  stateDir: string;
  /** company configured for Yedekleme (default the demo VKN 6090408038) */
  vkn?: string;
  /** GİB simulator stage delay in ms (default 300) */
  gibDelayMs?: number;
}

/** The running services and their addresses. */
export interface PortalServices {
  gibUrl: string;
  tsaUrl: string;
  integratorUrl: string;
  /** Kamu SM test customer configured in the bridge */
  tsaCustomer: string;
  /** integrator user configured for the company */
  integratorUser: string;
  close(): Promise<void>;
}

/**
 * Starts the three services and writes their settings into the bridge's config folder
 * (`EDEFTER_CONFIG_DIR`; the caller points it at a demo folder).
 * @throws when a service cannot start (e.g. the demo PKI is missing: run scripts/setup.sh)
 */
export async function startPortalServices(o: PortalServicesOptions): Promise<PortalServices> {
  const vkn = o.vkn ?? '6090408038';
  fs.rmSync(o.stateDir, { recursive: true, force: true });
  fs.mkdirSync(o.stateDir, { recursive: true, mode: 0o700 });
  const closers: Array<() => Promise<void>> = [];
  try {
    const gib = await startGibSimulator({ stateDir: path.join(o.stateDir, 'gib-sim'), delayMs: o.gibDelayMs ?? 300 });
    closers.push(() => gib.close());
    await setGibSettings({ environment: 'custom', endpoint: gib.url });
    await updateConfig((c) => ({
      ...c,
      gib: { ...((c.gib as GibSettings | undefined) ?? {}), trustList: [gib.trustPem], pollIntervalMs: 1_000, retryBaseMs: 300 },
    }));

    const tsa = await startTestTsa({ kind: 'kamusm' });
    closers.push(() => tsa.close());
    const tsaCustomer = '123456';
    await setTsaSettings({
      mode: 'kamusm',
      url: tsa.url,
      customerId: tsaCustomer,
      password: tsa.customers[tsaCustomer].password,
      trustPem: fs.readFileSync(tsa.caPath, 'utf8'),
    });

    const tls = await demoIntegratorTls();
    const integ = await startIntegratorSimulator({
      dir: path.join(o.stateDir, 'integrator-sim'),
      tls: { key: tls.key, cert: tls.cert },
      trustedCerts: [Buffer.from(tls.caPem), fs.readFileSync(gib.trustPem)],
      processingDelayMs: 300,
      storeDelayMs: 300,
    });
    closers.push(() => integ.close());
    const ca = await storeTrustPem('integrator-ca', tls.caPem);
    await setCompanyBackupSettings(vkn, { enabled: true, autoBackup: true, username: 'demo', password: 'demo1234', url: integ.url }, { trustList: [ca.file] });

    return {
      gibUrl: gib.url,
      tsaUrl: tsa.url,
      integratorUrl: integ.url,
      tsaCustomer,
      integratorUser: 'demo',
      async close() {
        for (const c of closers.reverse()) await c().catch(() => undefined);
      },
    };
  } catch (e) {
    for (const c of closers.reverse()) await c().catch(() => undefined);
    throw e;
  }
}
