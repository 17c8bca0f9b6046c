/**
 * `edefter envanter <export> --date YYYY-MM-DD --company company.json --out <root> [--timestamp]
 *  [--token LABEL] [--pin-stdin]`: the Envanter Defteri of one inventory date — read and check the
 * export, GİB's Envanter rules, write E, validate (our rules, GİB XSD, envanter_defter.sch), sign,
 * build EB, sign (zaman damgası opt-in), validate (envanter_berat.sch), store both in the month
 * folder (flows/envanter-run.ts). The token is opened once (one PIN entry) for every signature.
 */
import type { Command } from 'commander';
import { fail } from '@edefter/protocol';
import { tryAppendAudit } from '../../audit/index.ts';
import { loadCompanyProfile } from '../../ledger/company.ts';
import { parseDate } from '../../ledger/dates.ts';
import { runEnvanter, type EnvanterRunResult } from '../../flows/envanter-run.ts';
import { addSignerOptions, cliTimestamper, withCliSigner, type CliSignerOptions } from '../cli-signer.ts';
import { exportOptions, type ExportCliOptions } from '../ledger-cli.ts';
import { gibPackageOrWarn } from '../validate-cli.ts';

/** CLI options of `edefter envanter`. */
interface EnvanterCliOptions extends ExportCliOptions, CliSignerOptions {
  date: string;
  gibPackage?: string;
  timestamp?: boolean;
  json?: boolean;
  vknCheck?: boolean;
}

function printSummary(r: EnvanterRunResult, signer: string, ms: number): void {
  const w = (s: string) => process.stdout.write(s + '\n');
  w('');
  w(`Envanter Defteri ${r.date} — ${r.dir}`);
  w(`  Madde / entries:   ${r.entries} (madde no ${r.firstEntry}–${r.lastEntry})`);
  w(`  Satır / lines:     ${r.lines} (miktarlı / with quantity: ${r.measurableLines}, dövizli / foreign currency: ${r.mucLines})`);
  w(`  Parça / parts:     ${r.parts.length}`);
  w(
    `  Y/K karşılaştırma / compared with Y/K: ${r.rules.yk.length ? `${r.rules.yk.length} dosya, şube ${r.rules.branches.map((b) => b || 'yok').join(', ')}, program aynı / same program` : 'bu ayda Y/K yok / no Y/K in this month'}`,
  );
  if (r.rules.earlier.length) w(`  Numaralar şundan devam / numbering continues from: ${r.rules.earlier[r.rules.earlier.length - 1]}`);
  w('  Dosyalar / files:');
  for (const f of r.files) w(`    ${f.name}  ${f.bytes.toLocaleString('tr-TR')} bayt  sha256 ${f.sha256}`);
  for (const rep of r.reports) w(`  ✔ ${rep.file}: a geçti, b ${rep.b ? 'geçti' : 'atlandı'}, c ${rep.c ? 'geçti' : 'atlandı'}`);
  if (r.cancelledDir) w(`  Önceki dosyalar / earlier files: ${r.cancelledDir}`);
  w(`  İmzalayan / signer: ${signer}`);
  w(`  Süre / time: ${(ms / 1000).toFixed(1)} s`);
}

/**
 * The action of `edefter envanter`.
 * @param pin a PIN to use instead of asking; wiped by the token layer
 */
async function envanterAction(exportPath: string, o: EnvanterCliOptions, pin?: Buffer): Promise<EnvanterRunResult> {
  const t0 = Date.now();
  const date = parseDate(o.date);
  if (!date) throw fail('cli.invalidDateFormat', { option: '--date', value: o.date });
  const company = await loadCompanyProfile(o.company);
  const gib = gibPackageOrWarn(o.gibPackage);
  const eo = exportOptions(o);
  const timestamp = await cliTimestamper(o.timestamp);
  return withCliSigner(o, pin, async (signer) => {
    const r = await runEnvanter({
      exportPath,
      company,
      outRoot: o.out,
      date,
      creationDate: eo.creationDate,
      signer,
      timestamp,
      gib,
      encoding: eo.encoding,
      delimiter: eo.delimiter,
      decimal: eo.decimal,
      zipLimits: eo.zipLimits,
      maxPartBytes: eo.maxPartBytes,
      checkVkn: o.vknCheck !== false,
      warn: eo.warn,
      ignoreColumns: o.ignoreColumns,
      onProgress: (tr) => process.stderr.write(`${tr}\n`),
    });
    for (const f of r.files) {
      tryAppendAudit('sign', {
        origin: 'cli',
        file: f.name,
        kind: f.kind,
        vkn: company.vkn,
        title: company.title,
        period: date.slice(0, 7).replace('-', ''),
        periodStart: date,
        periodEnd: date,
        signedSha256: f.sha256,
        size: f.bytes,
        timestamped: Boolean(timestamp),
        certificate: signer.info.id,
        certificateSubject: signer.info.subject,
        token: signer.info.tokenLabel,
      });
    }
    if (o.json)
      process.stdout.write(
        JSON.stringify(
          { ok: true, ...r, reports: r.reports.map((x) => ({ file: x.file, ok: x.ok })) },
          (_k, v) => (typeof v === 'bigint' ? v.toString() : v),
          2,
        ) + '\n',
      );
    else printSummary(r, signer.info.subject, Date.now() - t0);
    return r;
  });
}

/** Registers `edefter envanter`. */
export function registerEnvanter(program: Command): void {
  const c = program
    .command('envanter')
    .description('Envanter Defteri: dışa aktarım → E → doğrula → imzala → EB → imzala → doğrula → ay klasörü / the Envanter Defteri of one date')
    .argument('<export>', 'envanter dışa aktarımı: .csv veya .zip / envanter export')
    .requiredOption('--date <YYYY-MM-DD>', 'envanter tarihi / inventory date')
    .requiredOption('--company <company.json>', 'şirket profili / company profile')
    .requiredOption('--out <root>', 'GİB klasör düzeninin kökü / root of the GİB folder layout')
    .option('--encoding <enc>', 'auto | utf8 | windows-1254', 'auto')
    .option('--delimiter <c>', "CSV ayracı / separator (';' varsayılan)", ';')
    .option('--decimal <mode>', 'auto | comma | point', 'auto')
    .option('--max-part-bytes <n>', 'parça boyutu sınırı (bayt; varsayılan 200000000) / part size limit')
    .option('--creation-date <date>', 'oluşturma tarihi (varsayılan bugün) / creation date (default today)')
    .option('--max-zip-bytes <n>', 'zip açılmış boyut sınırı / zip expansion limit (bytes)')
    .option('--ignore-columns <a,b>', 'bu dışa aktarım sütunlarını bilerek at / drop these export columns on purpose', (v: string, a: string[] = []) => [
      ...a,
      ...v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    ])
    .option('--gib-package <dir>', 'GİB e-Defter paketi (xsd/, sch/) / GİB package folder')
    .option('--timestamp', 'E ve EB zaman damgalı imzalansın (XAdES-T) / timestamp E and EB');
  addSignerOptions(c)
    .option('--no-vkn-check', 'sertifika VKN kontrolünü atla (muvafakatname) / skip the certificate VKN check')
    .option('--json', 'JSON çıktı / JSON output')
    .action(async (exportPath: string, o: EnvanterCliOptions) => {
      await envanterAction(exportPath, o);
    });
}
