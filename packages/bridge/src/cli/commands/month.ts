/**
 * `edefter month <export> --company company.json --out <root> [--split-at DATE] [--timestamp]
 *  [--token LABEL] [--pin-stdin] [--allow-gap]`: the whole month — build → validate → sign →
 * berat → sign berat → Defter Raporu → validate everything (spec §1.1), with progress on stderr and
 * a closing summary (entries, lines, Borç = Alacak, files with sizes and SHA-256).
 * The token is opened ONCE (one PIN entry) for every signature of the month; the PIN comes from
 * --pin-stdin, a terminal prompt, or EDEFTER_PIN (cli/pin-input.ts); PIN-pad readers need none.
 */
import type { Command } from 'commander';
import { loadCompanyProfile } from '../../ledger/company.ts';
import type { MonthRunResult } from '../../flows/build-month.ts';
import { runMonthOnThread } from '../../flows/month-thread.ts';
import type { TsaConfig } from '../../tsa/index.ts';
import { addSignerOptions, cliTimestamper, withCliSigner, type CliSignerOptions } from '../cli-signer.ts';
import { addExportOptions, exportOptions, monthProgressPrinter, printMonthSummary, type ExportCliOptions } from '../ledger-cli.ts';
import { gibPackageOrWarn, printReports } from '../validate-cli.ts';

/** CLI options of `edefter month`. */
export interface MonthCliOptions extends ExportCliOptions, CliSignerOptions {
  gibPackage?: string;
  timestamp?: boolean;
  /** TSA to use with `timestamp` instead of the configured one (the demo's test TSA). */
  tsaConfig?: TsaConfig;
  json?: boolean;
  vknCheck?: boolean;
}

/**
 * The action of `edefter month` (also used by `edefter-dev demo`).
 * @param pin a PIN to use instead of asking (the demo's); wiped by the token layer
 */
export async function monthAction(exportPath: string, o: MonthCliOptions, pin?: Buffer): Promise<MonthRunResult> {
  const t0 = Date.now();
  const company = await loadCompanyProfile(o.company);
  const gib = gibPackageOrWarn(o.gibPackage);
  const timestamp = await cliTimestamper(o.timestamp, o.tsaConfig);
  return withCliSigner(o, pin, async (signer) => {
    const progress = monthProgressPrinter();
    const r = await runMonthOnThread({
      exportPath,
      company,
      outRoot: o.out,
      ...exportOptions(o),
      signer,
      timestamp,
      gib,
      checkVkn: o.vknCheck !== false,
      onProgress: progress,
    });
    process.stderr.write('\n');
    if (o.json) printReports(r.reports, r.cross, true);
    else {
      printReports(r.reports, r.cross);
      printMonthSummary(r.build, r.files, r.dir, Date.now() - t0);
      if (r.cancelledDir) process.stdout.write(`  Önceki dosyalar / earlier files: ${r.cancelledDir}\n`);
      if (r.xslt.copied.length) process.stdout.write(`  XSLT (GİB paketinden / from GİB's package): ${r.xslt.copied.join(', ')}\n`);
      process.stdout.write(`  İmzalayan / signer: ${signer.info.subject}\n`);
    }
    return r;
  });
}

/** Registers `edefter month`. */
export function registerMonth(program: Command): void {
  const c = addExportOptions(
    program
      .command('month')
      .description('Bir ayın tamamı: oluştur → doğrula → imzala → berat → imzala → Defter Raporu → doğrula / the whole month')
      .argument('<export>', 'ERP dışa aktarımı: .csv veya VKN-YYYYAA.zip / ERP export'),
  )
    .option('--gib-package <dir>', 'GİB e-Defter paketi (xsd/, sch/) / GİB package folder')
    .option('--timestamp', 'defter ve beratları zaman damgalı imzala (XAdES-T) / timestamp defters and berats');
  addSignerOptions(c)
    .option('--no-vkn-check', 'sertifika VKN kontrolünü atla (muvafakatname) / skip the certificate VKN check')
    .option('--json', 'JSON çıktı / JSON output')
    .action(async (exportPath: string, o: MonthCliOptions) => {
      await monthAction(exportPath, o);
    });
}
