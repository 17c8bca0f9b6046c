/**
 * `edefter build <export> --company company.json --out <root>`: Dosya Oluştur — the month's
 * Yevmiye (Y) and Büyük Defter (K) parts, unsigned, in GİB's folder layout, then validated as
 * drafts (layers a, b, c; spec §3). Sign them with `edefter sign --in-place`, or run
 * `edefter month` for the whole flow.
 */
import type { Command } from 'commander';
import { loadCompanyProfile } from '../../ledger/company.ts';
import { buildMonth } from '../../ledger/build.ts';
import { validateFiles } from '../../validate/index.ts';
import { addExportOptions, exportOptions, monthProgressPrinter, printElementGroups, type ExportCliOptions } from '../ledger-cli.ts';
import { gibPackageOrWarn, printReports } from '../validate-cli.ts';

/** Registers `edefter build`. */
export function registerBuild(program: Command): void {
  addExportOptions(
    program
      .command('build')
      .description('ERP dışa aktarımından yevmiye ve kebir defterlerini oluşturur (imzasız) / builds the unsigned Y and K parts from an ERP export')
      .argument('<export>', 'ERP dışa aktarımı: .csv veya VKN-YYYYAA.zip / ERP export'),
  )
    .option('--gib-package <dir>', 'GİB e-Defter paketi (xsd/, sch/) / GİB package folder')
    .option('--json', 'JSON çıktı / JSON output')
    .action(async (exportPath: string, o: ExportCliOptions & { gibPackage?: string; json?: boolean }) => {
      const t0 = Date.now();
      const company = await loadCompanyProfile(o.company);
      const gib = gibPackageOrWarn(o.gibPackage);
      const progress = monthProgressPrinter();
      const r = await buildMonth({
        exportPath,
        company,
        outRoot: o.out,
        ...exportOptions(o),
        onProgress: (p) =>
          progress({
            step: 'build',
            tr: p.phase === 'check' ? 'Dışa aktarım denetleniyor' : 'Yazılıyor',
            en: p.phase,
            entries: p.entries,
            lines: p.lines,
            bytes: p.bytes,
          }),
      });
      process.stderr.write('\n');
      const reports = await validateFiles(
        r.parts.flatMap((p) => [p.y.path, p.k.path]),
        { gib, requireSignature: false },
      );
      const ok = printReports(reports, [], o.json);
      if (!o.json) {
        process.stdout.write(`\n${r.entries} madde, ${r.lines} satır, ${r.parts.length} parça → ${r.dir} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
        printElementGroups(r);
        process.stdout.write('Sonraki adım / next: edefter sign --in-place <dosya> ya da tüm akış için edefter month\n');
      }
      if (!ok) process.exitCode = 1;
    });
}
