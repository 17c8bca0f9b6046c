/**
 * `edefter portal`: starts the bridge and the demo integrator portal together (the portal is a
 * development/demo page from the repository's test/portal), and prints the URL and how to load
 * and pair the extension. Ctrl-C stops both.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { DEFAULT_BRIDGE_PORT, ErrorCode, protocolError } from '@edefter/protocol';
import { shutdownTokenWorker } from '../../token/index.ts';
import { runBridge } from './bridge.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', '..');

/** How to load and pair the extension, for the printed guide. */
export function portalGuide(portalOrigin: string, bridgePort: number, extDir: string): string {
  return [
    '',
    `Demo portal: ${portalOrigin}/`,
    '',
    'Eklentiyi yükleyin / Load the extension (Chromium):',
    `  chrome://extensions → Geliştirici modu / Developer mode → Paketlenmemiş öğe yükle / Load unpacked → ${extDir}`,
    `  (ya da / or: chromium --load-extension=${extDir})`,
    'Sertifikaya bir kez güvenin / Trust the bridge certificate once:  edefter trust install  (sonra tarayıcıyı yeniden başlatın / then restart the browser)',
    `Eklenti simgesi / extension icon → Port ${bridgePort} → Kaydet / Save → "Köprüyle eşleştir" → kodlar aynıysa onaylayın / confirm if the codes match`,
    `İzinli siteler / Allowed sites → ${portalOrigin} → Ekle / Add`,
    `Sonra portalda / then in the portal: satır seçin → Dosya Oluştur → Dosya İmzala → Berat Oluştur → Berat İmzala`,
    '',
  ].join('\n');
}

/** Registers `edefter portal`. */
export function registerPortal(program: Command): void {
  program
    .command('portal')
    .description('Köprü + demo entegratör portalı / bridge + demo integrator portal')
    .option('-p, --port <n>', `köprü portu / bridge port (varsayılan / default ${DEFAULT_BRIDGE_PORT})`, (v) => Number.parseInt(v, 10))
    .option('--portal-port <n>', 'portal portu / portal port (varsayılan / default 8080)', (v) => Number.parseInt(v, 10), 8080)
    .action(async (opts: { port?: number; portalPort: number }) => {
      const serverTs = path.join(repoRoot, 'test', 'portal', 'server.ts');
      if (!fs.existsSync(serverTs)) throw protocolError(ErrorCode.BadInput, {}, { tr: 'Demo portal yalnızca depo içinden çalışır (test/portal).', en: 'The demo portal runs only from the repository (test/portal).' });
      const extDir = path.join(repoRoot, 'packages', 'extension', 'dist', 'chrome');
      if (!fs.existsSync(path.join(extDir, 'manifest.json'))) spawnSync('pnpm', ['--filter', '@edefter/extension', 'build'], { cwd: repoRoot, stdio: 'inherit' });
      const { startPortal } = (await import(pathToFileURL(serverTs).href)) as typeof import('../../../../../test/portal/server.ts');
      const bridge = await runBridge({ port: opts.port });
      const portal = await startPortal({ port: opts.portalPort });
      process.stdout.write(portalGuide(portal.origin, bridge.port, extDir));
      await new Promise<void>((resolve) => {
        const stop = (): void => { process.off('SIGINT', stop); process.off('SIGTERM', stop); resolve(); };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await portal.close();
      await bridge.close();
      await shutdownTokenWorker().catch(() => undefined);
    });
}
