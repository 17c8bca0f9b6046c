/**
 * `edefter-dev portal` (`npm run portal`): starts the bridge, the demo integrator portal (../portal) and the test services
 * behind it (../portal/services.ts: GİB simulator, Kamu SM test TSA, integrator simulator, all on
 * 127.0.0.1 and configured in the bridge's settings), prints every address and how to load and pair
 * the extension. Every command it prints runs as printed (cli/invocation.ts). Ctrl-C stops all.
 *
 * The services are written into the bridge's own settings (config.json in the config folder, where
 * the pairings, the local CA and the socket also live, so the browser's native host finds the same
 * bridge). config.json is copied first and put back when the portal stops; the demo passwords go
 * to the 0600 file store (EDEFTER_CREDENTIAL_STORE=file for this process), never the keychain.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Command } from 'commander';
import { DEFAULT_BRIDGE_PORT } from '@edefter/protocol';
import { shutdownTokenWorker } from '@edefter/bridge/token/index.ts';
import { cliCommand } from '@edefter/bridge/cli/invocation.ts';
import { runBridge } from '@edefter/bridge/cli/commands/bridge.ts';
import { repoRoot } from '../pki/demo-identity.ts';

/** Addresses of the test services, for the printed guide. */
export interface PortalServiceAddresses {
  gibUrl: string;
  tsaUrl: string;
  integratorUrl: string;
  tsaCustomer: string;
  integratorUser: string;
}

/** The printed list of services with their addresses (one line each). */
export function servicesGuide(s: PortalServiceAddresses, importDir?: string): string {
  return [
    `GİB simülatörü / GİB simulator:            ${s.gibUrl}`,
    `Zaman damgası (Kamu SM TEST) / test TSA:   ${s.tsaUrl}  (müşteri / customer ${s.tsaCustomer})`,
    `Entegratör simülatörü / integrator sim:    ${s.integratorUrl}  (kullanıcı / user ${s.integratorUser})`,
    ...(importDir ? [`Dosya Sorgula klasörü / import folder:     ${importDir}`] : []),
    "Hepsi köprünün ayarlarına yazıldı; eklentinin Ayarlar sayfasında görünür. / All are set in the bridge; see the extension's options page.",
  ].join('\n');
}

/** How to load and pair the extension, for the printed guide. */
export function portalGuide(portalOrigin: string, bridgePort: number, extDir: string): string {
  return [
    '',
    `Demo portal: ${portalOrigin}/`,
    '',
    'Eklentiyi yükleyin / Load the extension (Chromium):',
    `  chrome://extensions → Geliştirici modu / Developer mode → Paketlenmemiş öğe yükle / Load unpacked → ${extDir}`,
    `  (ya da / or: chromium --load-extension=${extDir})`,
    `Sertifikaya bir kez güvenin / Trust the bridge certificate once:  ${cliCommand('trust install')}  (sonra tarayıcıyı yeniden başlatın / then restart the browser)`,
    `Yerel yardımcıyı bir kez kurun / Install the native-messaging host once:  ${cliCommand('native-host install')}`,
    `Eklenti simgesi / extension icon → Port ${bridgePort} → Kaydet / Save → "Köprüyle eşleştir" / "Pair with bridge"  (yardımcı yoksa / without it: "Bunun yerine kodla eşleştir" + ${cliCommand('pair')})`,
    `İzinli siteler / Allowed sites → ${portalOrigin} → Ekle / Add`,
    `Sonra portalda / then in the portal: satır seçin → Dosya Oluştur → Dosya İmzala → Berat Oluştur → Berat İmzala → GİB'e Gönder → Onaylı Beratı İndir → Yedekleme`,
    '',
  ].join('\n');
}

/** Puts the demo export(s) into the Dosya Sorgula folder when it is empty. */
function seedImportFolder(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  if (fs.readdirSync(dir).length) return;
  const sample = path.join(repoRoot, 'test', 'fixtures', '6090408038-202601.csv');
  if (fs.existsSync(sample)) fs.copyFileSync(sample, path.join(dir, path.basename(sample)));
}

/**
 * Copies the settings files the services change (config.json, the 0600 password file, the two
 * pasted trust anchors) aside; the returned function puts each back, or removes it when it did not
 * exist before.
 */
async function keepConfig(): Promise<() => Promise<void>> {
  const { configDir, writeFileAtomic } = await import('@edefter/bridge/settings/store.ts');
  const dir = configDir();
  const files = ['config.json', 'secrets.json', path.join('trust', 'tsa-ca.pem'), path.join('trust', 'integrator-ca.pem')].map((f) => path.join(dir, f));
  const before = new Map(files.map((f) => [f, fs.existsSync(f) ? fs.readFileSync(f) : undefined]));
  return async () => {
    for (const [f, data] of before) {
      if (data) await writeFileAtomic(f, data, 0o600);
      else fs.rmSync(f, { force: true });
    }
  };
}

/** Registers `edefter-dev portal`. */
export function registerPortal(program: Command): void {
  program
    .command('portal')
    .description('Köprü + demo entegratör portalı + GİB/TSA/entegratör simülatörleri / bridge + demo portal + test services')
    .option('-p, --port <n>', `köprü portu / bridge port (varsayılan / default ${DEFAULT_BRIDGE_PORT})`, (v) => Number.parseInt(v, 10))
    .option('--portal-port <n>', 'portal portu / portal port (varsayılan / default 8080)', (v) => Number.parseInt(v, 10), 8080)
    .option('--import-dir <dir>', 'Dosya Sorgula klasörü / folder listed by Dosya Sorgula (varsayılan / default var/portal-import)')
    .option('--no-services', 'simülatörleri başlatma / do not start the test services')
    .action(async (opts: { port?: number; portalPort: number; importDir?: string; services: boolean }) => {
      const extDir = path.join(repoRoot, 'packages', 'extension', 'dist', 'chrome');
      if (!fs.existsSync(path.join(extDir, 'manifest.json')))
        spawnSync('pnpm', ['--filter', '@edefter/extension', 'build'], { cwd: repoRoot, stdio: 'inherit' });
      let restore: (() => Promise<void>) | undefined;
      if (opts.services) {
        process.env.EDEFTER_CREDENTIAL_STORE ??= 'file';
        restore = await keepConfig();
      }
      const importDir = path.resolve(opts.importDir ?? path.join(repoRoot, 'var', 'portal-import'));
      if (!opts.importDir) seedImportFolder(importDir);
      const { startPortal } = await import('../portal/server.ts');
      let services: { close(): Promise<void> } | undefined;
      if (opts.services) {
        const { startPortalServices } = await import('../portal/services.ts');
        const s = await startPortalServices({ stateDir: path.join(repoRoot, 'var', 'portal-services') }).catch(async (e: unknown) => {
          await restore?.();
          throw e;
        });
        services = s;
        process.stdout.write(`${servicesGuide(s, importDir)}\n`);
      }
      const bridge = await runBridge({ port: opts.port });
      const portal = await startPortal({ port: opts.portalPort, importDir });
      process.stdout.write(portalGuide(portal.origin, bridge.port, extDir));
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await portal.close();
      await bridge.close();
      await services?.close();
      await restore?.();
      await shutdownTokenWorker().catch(() => undefined);
    });
}
