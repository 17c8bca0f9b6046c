/**
 * `edefter update --check [--manifest URL|FILE] [--signature URL|FILE] [--json]`: verifies the signed release manifest
 * with the compiled-in release key and says whether a newer version exists (update/check.ts). Never downloads or
 * runs anything. Exit status 0 (up to date or newer), 1 on a refused or unreadable manifest (Turkish, then English).
 */
import type { Command } from 'commander';
import { checkForUpdate, formatUpdateReport } from '../../update/check.ts';

/** Registers `edefter update`. */
export function registerUpdate(program: Command): void {
  program
    .command('update')
    .description('imzalı sürüm bildirimini denetle (indirmez) / check the signed release manifest (downloads nothing)')
    .option('--check', 'yeni sürüm var mı? / is there a newer version?')
    .option('--manifest <url-or-file>', 'sürüm bildirimi (varsayılan: derlemedeki adres) / release manifest (default: the compiled-in address)')
    .option('--signature <url-or-file>', 'ayrık imza (varsayılan: <bildirim>.sig) / detached signature (default: <manifest>.sig)')
    .option('--json', 'JSON çıktı / JSON output')
    .action(async (o: { check?: boolean; manifest?: string; signature?: string; json?: boolean }, cmd: Command) => {
      if (!o.check) {
        cmd.outputHelp();
        return;
      }
      const r = await checkForUpdate({ manifest: o.manifest, signature: o.signature });
      if (o.json) {
        process.stdout.write(JSON.stringify({ status: r.status, current: r.current, latest: r.latest, url: r.url, sha256: r.sha256 }, null, 2) + '\n');
      } else {
        process.stdout.write(formatUpdateReport(r) + '\n');
      }
    });
}
