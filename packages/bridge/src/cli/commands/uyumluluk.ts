/**
 * `edefter uyumluluk --company company.json --out <root> [--token L] [--cert ID] [--pin-stdin]
 *  [--tsa URL --tsa-trust CA.pem] [--timestamp-optional] [--no-timestamp] [--quick] [--only 1,5-6]`:
 * builds GİB's whole compliance plan (GİB-UYK §3.3 and §3.4) for the user's company and mali mühür —
 * each scenario generated as an ERP export and run through the real month pipeline in its own root —
 * checks every scenario's constraints on the built files, and prints the table (Turkish, then English
 * headers) with where the files and the upload zips for GİB's test tool are. Exit code 1 when any
 * constraint fails. The token is opened once (one PIN) for every signature of the plan.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { fail } from '@edefter/protocol';
import { tryAppendAudit } from '../../audit/log.ts';
import { loadCompanyProfile } from '../../ledger/company.ts';
import { runCompliancePlan } from '../../compliance/plan-run.ts';
import { formatPlanDetails, formatPlanTable } from '../../compliance/table.ts';
import { timestamperFromSettings } from '../../tsa/options.ts';
import type { TsaConfig } from '../../tsa/index.ts';
import { certificatesFrom } from '../../xades/index.ts';
import { addSignerOptions, withCliSigner, type CliSignerOptions } from '../cli-signer.ts';
import { monthProgressPrinter } from '../ledger-cli.ts';
import { gibPackageOrWarn } from '../validate-cli.ts';

/** CLI options of `edefter uyumluluk`. */
interface UyumlulukCliOptions extends CliSignerOptions {
  company: string;
  out: string;
  gibPackage?: string;
  /** RFC 3161 TSA URL instead of the configured one. */
  tsa?: string;
  /** Trusted root(s) of `--tsa` (PEM/DER). */
  tsaTrust?: string[];
  /** Commander's `--no-timestamp`: false when given. */
  timestamp?: boolean;
  timestampOptional?: boolean;
  quick?: boolean;
  only?: string;
  seed?: string;
  creationDate?: string;
}

/** The TSA of the plan: `--tsa` with its trust list, else config.json's. */
async function tsaConfigOf(o: UyumlulukCliOptions): Promise<TsaConfig | undefined> {
  if (!o.tsa) return undefined;
  if (!o.tsaTrust?.length) throw fail('cli.tsaNeedsTrust');
  const trustedCerts = (await Promise.all(o.tsaTrust.map((f) => readFile(f)))).flatMap(certificatesFrom);
  return { url: o.tsa, mode: 'rfc3161', trustedCerts };
}

/** The action of `edefter uyumluluk`. @returns true when every scenario passed */
async function uyumlulukAction(o: UyumlulukCliOptions, pin?: Buffer): Promise<boolean> {
  const company = await loadCompanyProfile(o.company);
  const gib = gibPackageOrWarn(o.gibPackage);
  const wantTs = o.timestamp !== false;
  // The TSA is checked before the PIN is asked (TSA_NOT_CONFIGURED / TSA_UNAVAILABLE name the way out).
  const timestamp = await timestamperFromSettings({ timestamp: wantTs, timestampOptional: o.timestampOptional, config: await tsaConfigOf(o) });
  if (!timestamp)
    process.stderr.write(
      "UYARI: beratlar zaman damgasız imzalanacak; GİB değerlendirmesi zaman damgalı berat ister.\nWARNING: berats will have no timestamp; GİB's evaluation asks for timestamped berats.\n",
    );
  return withCliSigner(o, pin, async (signer) => {
    const progress = monthProgressPrinter();
    const results = await runCompliancePlan({
      outRoot: o.out,
      company,
      signer,
      timestamp,
      requireTimestamp: true,
      gib,
      quick: o.quick,
      only: o.only
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      seed: o.seed ? Number(o.seed) : undefined,
      creationDate: o.creationDate,
      warn: (tr, en) => process.stderr.write(`\n${tr}\n${en}\n`),
      onScenario: (id, period) => process.stderr.write(`\n== Senaryo / scenario ${id} (${period}) ==\n`),
      onProgress: progress,
    });
    process.stderr.write('\n');
    for (const r of results) {
      for (const f of r.signed) {
        tryAppendAudit('sign', {
          origin: 'cli',
          action: 'uyumluluk',
          file: f.name,
          kind: f.kind,
          vkn: company.vkn,
          title: company.title,
          period: r.period.replace('-', ''),
          signedSha256: f.sha256,
          size: f.bytes,
          timestamped: Boolean(timestamp),
          certificate: signer.info.id,
          certificateSubject: signer.info.subject,
          token: signer.info.tokenLabel,
        });
      }
    }
    const ok = results.every((r) => !r.failures.length);
    const w = (s: string) => process.stdout.write(s + '\n');
    w('');
    w(`GİB yazılım uyumluluk planı / GİB software compliance plan — ${company.vkn} ${company.title}${o.quick ? ' (--quick)' : ''}`);
    w(`İmzalayan / signer: ${signer.info.subject}`);
    w('');
    for (const l of formatPlanTable(results)) w(l);
    for (const l of formatPlanDetails(results)) w(l);
    w('');
    w(
      ok
        ? 'SONUÇ: bütün senaryolar kısıtlarını sağlıyor / RESULT: every scenario meets its constraints'
        : 'SONUÇ: bazı senaryolar kısıtlarını sağlamıyor / RESULT: some scenarios fail their constraints',
    );
    if (!ok) process.exitCode = 1;
    return ok;
  });
}

/** Registers `edefter uyumluluk`. */
export function registerUyumluluk(program: Command): void {
  const c = program
    .command('uyumluluk')
    .description("GİB'in yazılım uyumluluk test planının bütün senaryolarını şirketiniz ve mali mühürünüzle oluşturur / builds GİB's whole compliance plan")
    .requiredOption('--company <company.json>', 'şirket profili / company profile')
    .requiredOption('--out <root>', 'çıktı kökü (her senaryo kendi klasöründe) / output root (one folder per scenario)')
    .option('--gib-package <dir>', 'GİB e-Defter paketi (xsd/, sch/, xslt) / GİB package folder');
  addSignerOptions(c)
    .option('--tsa <url>', 'RFC 3161 zaman damgası sunucusu (yapılandırılan yerine) / RFC 3161 TSA instead of the configured one')
    .option('--tsa-trust <ca.pem>', '--tsa için güvenilen kök, tekrarlanabilir / trusted root for --tsa, repeatable', (v: string, a: string[] = []) => [
      ...a,
      v,
    ])
    .option('--timestamp-optional', 'zaman damgası sunucusu yanıt vermezse damgasız imzala / sign without a timestamp when the TSA is down')
    .option('--no-timestamp', 'zaman damgası olmadan (GİB değerlendirmesi için yetmez) / without timestamps (not enough for GİB)')
    .option('--quick', 'madde aralıklarının alt ucu, bütün kısıtlar korunur / low end of the madde ranges, every constraint kept')
    .option('--only <ids>', 'yalnızca bu senaryolar, ör. 1,5-6,E1 / only these scenarios')
    .option('--seed <n>', 'sentetik kayıtların tohumu / seed of the synthetic entries')
    .option('--creation-date <date>', 'oluşturma tarihi (varsayılan bugün) / creation date (default today)')
    .action(async (o: UyumlulukCliOptions) => {
      await uyumlulukAction(o);
    });
}
