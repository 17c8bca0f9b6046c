/**
 * Shared pieces of the ledger commands (`build`, `berat`, `month`, `demo`): export options, progress
 * lines on stderr and the closing summary (validation reports: cli/validate-cli.ts).
 */
import type { Command } from 'commander';
import { fail } from '@edefter/protocol';
import { formatAmountTr, type DecimalMode } from '../ledger/amount.ts';
import { parseAttachOptions } from '../ledger/attachments.ts';
import type { BuildResult } from '../ledger/build.ts';
import type { ExportEncoding } from '../ledger/csv-rows.ts';
import { parseFormat } from '../ledger/import/plan.ts';
import { IMPORT_FORMATS } from '../ledger/import/profile.ts';
import { parseDate } from '../ledger/dates.ts';
import { optionChoice } from './option-choice.ts';
import type { MonthFileInfo, MonthProgress } from '../flows/build-month.ts';

/** Options shared by `build` and `month`. */
export interface ExportCliOptions {
  company: string;
  out: string;
  encoding?: string;
  delimiter?: string;
  decimal?: string;
  format?: string;
  splitAt?: string[];
  maxPartBytes?: string;
  creationDate?: string;
  allowGap?: boolean;
  maxZipBytes?: string;
  ignoreColumns?: string[];
  attach?: string[];
}

/** Adds the export options to a command. */
export function addExportOptions(c: Command): Command {
  return c
    .requiredOption('--company <company.json>', 'şirket profili / company profile')
    .requiredOption('--out <root>', 'GİB klasör düzeninin kökü / root of the GİB folder layout')
    .option('--encoding <enc>', 'auto | utf8 | windows-1254', 'auto')
    .option('--delimiter <c>', "CSV ayracı; verilmezse başlıktan / separator; default: from the header (';', tab, ',')")
    .option('--format <name>', `dışa aktarım biçimi; verilmezse başlıktan / export format; default: from the header (${IMPORT_FORMATS.join(', ')})`)
    .option('--decimal <mode>', 'auto | comma | point', 'auto')
    .option('--split-at <date>', 'bu günün sonunda parça böl (tekrarlanabilir) / end a part on DATE (repeatable)', (v: string, a: string[] = []) => [...a, v])
    .option('--max-part-bytes <n>', 'parça boyutu sınırı (bayt; varsayılan 200000000) / part size limit')
    .option('--creation-date <date>', 'oluşturma tarihi (varsayılan bugün) / creation date (default today)')
    .option('--max-zip-bytes <n>', 'zip açılmış boyut sınırı / zip expansion limit (bytes)')
    .option('--allow-gap', 'önceki dönem denetimini atla — YALNIZCA TEST / skip the previous-period guard — TESTS ONLY')
    .option(
      '--ignore-columns <a,b>',
      'bu dışa aktarım sütunlarını bilerek at (özette yazılır) / drop these export columns on purpose (listed in the summary)',
      (v: string, a: string[] = []) => [
        ...a,
        ...v
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      ],
    )
    .option(
      '--attach <MADDE=file.pdf>',
      'maddeye PDF eki (defterek:binaryObject; tekrarlanabilir) / attach a PDF to the madde with this entryNumber (repeatable)',
      (v: string, a: string[] = []) => [...a, v],
    );
}

/** Converts the CLI options into build options (validated). */
export function exportOptions(o: ExportCliOptions) {
  const enc = optionChoice('--encoding', o.encoding ?? 'auto', ['auto', 'utf8', 'utf-8', 'windows-1254', 'cp1254'], ['auto', 'utf8', 'windows-1254']);
  const dec = optionChoice('--decimal', o.decimal ?? 'auto', ['auto', 'comma', 'point']);
  const splitAt = (o.splitAt ?? []).map((d) => {
    const p = parseDate(d);
    if (!p) throw fail('cli.invalidDate', { option: '--split-at', value: d });
    return p;
  });
  const creationDate = o.creationDate ? (parseDate(o.creationDate) ?? undefined) : undefined;
  if (o.creationDate && !creationDate) throw fail('cli.invalidDate', { option: '--creation-date', value: o.creationDate });
  const num = (v: string | undefined, name: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw fail('cli.positiveInteger', { option: name, value: v });
    return n;
  };
  return {
    encoding: (enc === 'utf-8' ? 'utf8' : enc === 'cp1254' ? 'windows-1254' : enc) as ExportEncoding,
    delimiter: o.delimiter === '\\t' || o.delimiter === 'tab' ? '\t' : o.delimiter,
    format: parseFormat(o.format),
    decimal: dec as DecimalMode,
    splitAt,
    maxPartBytes: num(o.maxPartBytes, '--max-part-bytes'),
    creationDate,
    allowGap: !!o.allowGap,
    zipLimits: { maxUncompressedBytes: num(o.maxZipBytes, '--max-zip-bytes') },
    ignoreColumns: o.ignoreColumns ?? [],
    attach: parseAttachOptions(o.attach ?? []),
    warn: (tr: string, en: string) => process.stderr.write(`\n${tr}\n${en}\n\n`),
  };
}

const MB = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

/** A progress printer for long work: rewrites one stderr line on terminals, prints steps otherwise. */
export function monthProgressPrinter(): (p: MonthProgress) => void {
  const tty = !!process.stderr.isTTY;
  let lastStep = '';
  let lastAt = 0;
  return (p) => {
    const counts = [
      p.entries !== undefined ? `${p.entries.toLocaleString('tr-TR')} madde` : '',
      p.lines !== undefined ? `${p.lines.toLocaleString('tr-TR')} satır` : '',
      p.bytes !== undefined ? (p.bytesTotal ? `${MB(p.bytes)} / ${MB(p.bytesTotal)}` : MB(p.bytes)) : '',
    ]
      .filter(Boolean)
      .join(', ');
    const line = `${p.tr}${counts ? ' — ' + counts : ''}`;
    const now = Date.now();
    if (tty) {
      process.stderr.write(`\r\x1b[K${line.slice(0, (process.stderr.columns ?? 120) - 1)}`);
      if (p.step !== lastStep && lastStep) process.stderr.write('');
    } else if (p.step !== lastStep || now - lastAt > 2000) {
      process.stderr.write(`${line}\n`);
      lastAt = now;
    }
    lastStep = p.step;
  };
}

/** The closing summary of a month: counts, Borç = Alacak, files with sizes and SHA-256. */
export function printMonthSummary(b: BuildResult, files: MonthFileInfo[], dir: string, ms: number): void {
  const w = (s: string) => process.stdout.write(s + '\n');
  w('');
  w(`e-Defter ${b.vkn} ${b.month.year}/${String(b.month.month).padStart(2, '0')} — ${dir}`);
  w(
    `  Madde / entries:        ${b.entries.toLocaleString('tr-TR')} (madde no ${b.numberingStart.lastEntryNumberCounter + 1}–${b.numberingEnd.lastEntryNumberCounter})`,
  );
  w(`  Satır / lines:          ${b.lines.toLocaleString('tr-TR')} (satır no ${b.numberingStart.lastLineNumber + 1}–${b.numberingEnd.lastLineNumber})`);
  w(`  Toplam borç / debit:    ${formatAmountTr(b.totalDebit)}`);
  w(`  Toplam alacak / credit: ${formatAmountTr(b.totalCredit)}  ${b.totalDebit === b.totalCredit ? '(borç = alacak ✔)' : '(EŞİT DEĞİL ✘)'}`);
  w(`  Parça / parts:          ${b.parts.length}${b.parts.length > 1 ? ' (' + b.parts.map((p) => `${p.plan.start}…${p.plan.end}`).join(', ') + ')' : ''}`);
  w('  Dosyalar / files:');
  for (const f of files) w(`    ${f.name.padEnd(36)} ${String(f.bytes).padStart(12)} bayt  sha256 ${f.sha256}`);
  printElementGroups(b);
  w(`  Süre / time: ${(ms / 1000).toFixed(1)} s`);
}

/**
 * Prints which optional element groups were written and how many Y lines carry each, the PDFs
 * embedded and the export columns dropped on purpose (Turkish, then English).
 */
export function printElementGroups(b: Pick<BuildResult, 'elementGroups' | 'ignoredColumns' | 'attachments' | 'lines'>): void {
  const w = (s: string) => process.stdout.write(s + '\n');
  w('  Yazılan isteğe bağlı öğeler / optional elements written (yevmiye satırı / journal lines):');
  for (const g of b.elementGroups) {
    const n = g.count.toLocaleString('tr-TR');
    w(`    ${g.group.padEnd(34)} ${g.count ? n.padStart(9) : '        —'}  ${g.tr} / ${g.en}${g.count && g.inKebir ? ' (kebirde de / also in K)' : ''}`);
  }
  for (const a of b.attachments) w(`    PDF: ${a.filename} (${a.bytes} bayt) → madde ${a.entryNumber} [${a.source}]`);
  if (b.ignoredColumns.length)
    w(
      `  Bilerek atılan sütunlar (--ignore-columns) / columns dropped on purpose: ${b.ignoredColumns.join(', ')} — bu verileri deftere yazılmadı / their data was NOT written`,
    );
}
