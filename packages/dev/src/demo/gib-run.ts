/**
 * The GİB part of `edefter-dev demo`: starts the GİB simulator (packages/simulators/src/gib, TEST ONLY) with its
 * state in `var/gib-sim`, then GİB'e Gönder and Onaylı Beratı İndir for the demo month with the demo
 * mali mühür on the SoftHSM2 token, and prints the e-Defter list. Unless EDEFTER_DATA_DIR is set, the
 * workflow database of the demo is `var/demo-data` (recreated on each run). The simulator's seal is issued by
 * the demo TEST CA, which is the only trust anchor used here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openSigner } from '@edefter/bridge/token/index.ts';
import { WorkflowStore } from '@edefter/bridge/workflow/store.ts';
import { listPackages } from '@edefter/bridge/workflow/package-store.ts';
import { formatStatusTable } from '@edefter/bridge/workflow/table.ts';
import { createGibSession } from '@edefter/bridge/gib/session.ts';
import { loadGibSettings } from '@edefter/bridge/gib/settings.ts';
import { sendMonth, type GibProgress } from '@edefter/bridge/gib/send.ts';
import { downloadMonthFlow } from '@edefter/bridge/flows/gib.ts';
import { PACKAGE_STATE_LABELS } from '@edefter/domain';

/** Options of {@link runGibDemo}. */
export interface GibDemoOptions {
  /** Repository root (the simulator's state goes to var/gib-sim). */
  repoRoot: string;
  /** Ledger root of the demo month (`<root>/<VKN>/<fiscal period>/<MM>/`). */
  root: string;
  vkn: string;
  /** YYYYMM */
  period: string;
  tokenLabel: string;
  /** Token PIN (wiped by the token layer). */
  pin: Buffer;
  out?: (line: string) => void;
}

/**
 * Sends and downloads the demo month through a freshly started simulator; the simulator is closed
 * before returning. Resets var/gib-sim so the demo can be run again.
 * @returns the e-Defter list as printed
 */
export async function runGibDemo(o: GibDemoOptions): Promise<string> {
  const out = o.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const stateDir = path.join(o.repoRoot, 'var', 'gib-sim');
  fs.rmSync(stateDir, { recursive: true, force: true });
  if (!process.env.EDEFTER_DATA_DIR) {
    // the demo keeps its workflow database apart from the user's (and starts it afresh each run)
    process.env.EDEFTER_DATA_DIR = path.join(o.repoRoot, 'var', 'demo-data');
    fs.rmSync(process.env.EDEFTER_DATA_DIR, { recursive: true, force: true });
  }
  const { startGibSimulator } = await import('@edefter/simulators/gib/index.ts');
  const sim = await startGibSimulator({ stateDir, delayMs: 300 });
  out(`GİB simülatörü / GİB simulator: ${sim.url}`);
  const signer = await openSigner({ tokenLabel: o.tokenLabel, pin: o.pin });
  const store = WorkflowStore.open();
  try {
    const settings = {
      ...(await loadGibSettings()),
      endpoint: sim.url,
      environment: 'custom' as const,
      trustList: [sim.trustPem],
      pollIntervalMs: 300,
      retryBaseMs: 200,
    };
    const s = await createGibSession(signer, settings);
    const say = (p: GibProgress): void => {
      if (p.phase !== 'status' && (p.phase !== 'upload' || p.bytes === 0)) process.stderr.write(`[gib] ${p.message}\n`);
    };
    const ctx = { store, client: s.client, actor: { origin: 'demo', certificate: signer.certificate }, onProgress: say };
    const sent = await sendMonth(ctx, { vkn: o.vkn, period: o.period, root: o.root });
    for (const r of sent) out(`  ${r.paketId}: ${r.message}`);
    const dl = await downloadMonthFlow(ctx, {
      vkn: o.vkn,
      period: o.period,
      wait: true,
      pollIntervalMs: 300,
      maxWaitMs: 5 * 60_000,
      trustedCerts: s.trustedCerts,
    });
    for (const r of dl) out(`  ${r.paketId}: ${PACKAGE_STATE_LABELS[r.state].tr} — ${r.message}`);
    const table = formatStatusTable(store.listLedgers({ vkn: o.vkn, period: o.period }), listPackages(store, { vkn: o.vkn, period: o.period }), {
      packages: true,
    });
    out('');
    out(table);
    return table;
  } finally {
    store.close();
    await signer.close();
    await sim.close();
  }
}
