/**
 * Dosya Oluştur: ERP export → Yevmiye (Y) and Büyük Defter (K) parts of one month, unsigned,
 * in GİB's folder layout (spec §1.1–1.4, §1.8–1.9).
 *
 * Two passes over the export keep memory flat and guarantee that bad input writes nothing:
 *  1. check pass: parse and check every row and madde, number them, measure each day's XML
 *     size, collect the month's account totals (for the Defter Raporu) — nothing is written;
 *  2. write pass: plan the parts, then stream each madde into its Y part and into a bounded
 *     external sorter that groups the part's lines by account for the K part.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { type EdefterError, fail } from '@edefter/protocol';
import type { VergiSums } from '@edefter/domain';
import { CANCELLED_DIR, fiscalPeriodOf, type FiscalPeriod, MONTH_KINDS } from '@edefter/domain';
import type { DecimalMode } from './amount.ts';
import type { CompanyProfile } from './company.ts';
import { tryAppendAudit } from '../audit/log.ts';
import { ExportAttachments, fileAttachment, type AttachOption } from './attachments.ts';
import { readCsvRows, type ExportEncoding } from './csv-rows.ts';
import { ElementGroupCounter, type ElementGroupCount } from './element-groups.ts';
import { CURRENCIES } from './iso4217.ts';
import { compareMonths, monthEnd, nextMonth, todayLocal, yyyymm, type YearMonth } from './dates.ts';
import { exportNameHint, openExport, type ExportSource, type ZipLimits } from './export-source.ts';
import { importOptionsOf } from './import/plan.ts';
import type { ImportFormat } from './import/profile.ts';
import { monthDir } from './layout.ts';
import { readMaddeler, type MaddeOptions } from './maddeler.ts';
import { listMonthFiles } from '../fs/month-folder.ts';
import { monthFiles } from './month-files.ts';
import { openingNumbering } from './numbering.ts';
import { checkPreviousPeriod } from './previous-period.ts';
import { DEFAULT_MAX_PART_BYTES, segmentsOf, type PartPlan } from './split.ts';
import { MonthWriter, type MonthWriterOptions } from './month-writer.ts';
import type { AttachmentRef, Madde, Numbering } from './types.ts';

/** Movements of one main account over the month (Defter Raporu, spec §1.7). */
export interface AccountTotal {
  mainID: string;
  description: string;
  debit: bigint;
  credit: bigint;
  debitCount: number;
  creditCount: number;
}

/** Progress event: phase, counts so far and bytes written so far. */
export interface BuildProgress {
  phase: 'check' | 'write';
  entries: number;
  lines: number;
  bytes: number;
  file?: string;
}

/** Options of {@link buildMonth}. */
export interface BuildOptions {
  /** ERP export: `.csv` or `VKN-YYYYMM.zip`. */
  exportPath: string;
  company: CompanyProfile;
  /** Root of the folder layout (`<root>/<VKN>/<fiscal period>/<MM>/`). */
  outRoot: string;
  encoding?: ExportEncoding;
  /** CSV delimiter; undefined: read from the header (import/detect.ts). */
  delimiter?: string;
  decimal?: DecimalMode;
  /** `--format`: the import profile (default: detected from the header; import/profile.ts). */
  format?: ImportFormat;
  /** Manual split dates (ISO); each ends a part. */
  splitAt?: string[];
  /** Part size limit in bytes (default 200,000,000). */
  maxPartBytes?: number;
  /** documentInfo/creationDate and context instant; default today (local). */
  creationDate?: string;
  /** Start numbers; default read from the previous months in the layout. */
  numbering?: Numbering;
  /** Skip the previous-period guard and tolerate a missing previous month (tests only; warns loudly). */
  allowGap?: boolean;
  /** Write the files here instead of the layout's month folder (the month command's staging). */
  outDir?: string;
  zipLimits?: ZipLimits;
  onProgress?: (p: BuildProgress) => void;
  /** Receives warnings (Turkish, English). */
  warn?: (tr: string, en: string) => void;
  /** Kebir sorter memory budget in characters (tests use small values to force spilling). */
  kebirBudgetChars?: number;
  /** Folder for temporary kebir runs (default: the output folder). */
  tmpDir?: string;
  /** See MonthWriterOptions.onPartClosed (sign/check parts while the next one is built). */
  onPartClosed?: MonthWriterOptions['onPartClosed'];
  /** Export columns to drop on purpose (`--ignore-columns`); any other unknown column is an error. */
  ignoreColumns?: string[];
  /** PDFs to embed as defterek:binaryObject, by madde entryNumber (`--attach MADDE=file.pdf`). */
  attach?: AttachOption[];
}

/** One written file. */
export interface OutFile {
  path: string;
  name: string;
  bytes: number;
}

/** One written part (a Y and a K file covering the same days and entries). */
export interface PartResult {
  plan: PartPlan;
  y: OutFile;
  k: OutFile;
  uniqueY: string;
  uniqueK: string;
  /** First/last madde and line numbers in the part (0 when empty). */
  firstEntry: number;
  lastEntry: number;
  firstLine: number;
  lastLine: number;
  entries: number;
  lines: number;
  totalDebit: bigint;
  totalCredit: bigint;
  vergi: VergiSums;
}

/** Result of {@link buildMonth}. */
export interface BuildResult {
  vkn: string;
  month: YearMonth;
  fiscal: FiscalPeriod;
  /** Folder holding the files. */
  dir: string;
  creationDate: string;
  parts: PartResult[];
  entries: number;
  lines: number;
  totalDebit: bigint;
  totalCredit: bigint;
  numberingStart: Numbering;
  numberingEnd: Numbering;
  /** Month movements per main account, sorted by account ID (for the Defter Raporu). */
  accounts: AccountTotal[];
  /** Optional element groups written and how many Y lines carry each (summary). */
  elementGroups: ElementGroupCount[];
  /** Export columns dropped on purpose (`--ignore-columns`), as written in the header. */
  ignoredColumns: string[];
  /** PDFs embedded (defterek:binaryObject), with the madde they belong to. */
  attachments: { entryNumber: string; filename: string; bytes: number; source: string }[];
}

/**
 * Şube fields of a madde (gl-bus:batchID / batchDescription): the same on every line of the madde (only
 * one pair is written per entryHeader, so a differing line would be lost); with a şube in company.json
 * (`branch`), empty fields take its code and name and another code is refused (GİB: the şube is the same
 * in the file name, the entityInformation and the entries).
 * @throws EdefterError(BAD_INPUT) `file:line` of the first line that disagrees
 */
function checkBranch(m: Madde, company: CompanyProfile): void {
  for (const l of m.lines) {
    if ((l.batchID ?? '') !== (m.batchID ?? '') || (l.batchDescription ?? '') !== (m.batchDescription ?? '')) {
      throw fail('ledger.maddeBranchMixed', {
        file: l.pos.file,
        line: l.pos.line,
        field: 'batchID',
        entryNumber: m.entryNumber,
        lineBranch: `'${l.batchID ?? ''}'/'${l.batchDescription ?? ''}'`,
        maddeBranch: `'${m.batchID ?? ''}'/'${m.batchDescription ?? ''}'`,
      });
    }
  }
  const br = company.branch;
  if (!br) return;
  if (m.batchID && m.batchID !== br.code) {
    throw fail('ledger.maddeOtherBranch', {
      file: m.pos.file,
      line: m.pos.line,
      field: 'batchID',
      batchID: m.batchID,
      branchCode: br.code,
      branchName: br.name,
    });
  }
  m.batchID ??= br.code;
  m.batchDescription ??= br.name;
}

/** GİB's rule for an empty whole month, cited in the refusal (edefter_yevmiye.sch). */
export const EMPTY_MONTH_RULE = 'Tüm ayı kapsayan bir defterde en az 1 gl-cor:entryHeader elemanı olmalıdır';

/** The refusal of an export without maddeler: GİB's rule and what the accountant can do. */
export function emptyMonthError(exportName: string, monthKnown: boolean): EdefterError {
  return fail('ledger.emptyMonth', { file: exportName, monthKnown, reason: 'empty-month', rule: EMPTY_MONTH_RULE });
}

/**
 * Foreign currencies named in the export's amountOriginalCurrency column and whether amountCurrency is used,
 * read before writing because the Y/K heads declare one xbrli:unit per currency and gl-muc:defaultCurrency.
 * Reads the export only when its header has those columns. Invalid codes are left to the line parser's errors.
 */
async function scanCurrencies(sources: ExportSource[], o: BuildOptions): Promise<{ currencies: string[]; defaultCurrency: boolean }> {
  const currencies = new Set<string>();
  let defaultCurrency = false;
  for (const src of sources) {
    for await (const row of readCsvRows(src, csvOpts(o))) {
      if (!row.has('amountOriginalCurrency') && !row.has('amountCurrency')) break;
      const c = row
        .get('amountOriginalCurrency')
        .replace(/^iso4217:/i, '')
        .trim()
        .toUpperCase();
      if (c && CURRENCIES.has(c)) currencies.add(c);
      if (row.get('amountCurrency')) defaultCurrency = true;
    }
  }
  return { currencies: [...currencies].sort(), defaultCurrency };
}

/** uniqueID: `YEV`/`KEB` + YYYYMM + 6-digit counter running over the fiscal period's parts (spec §1.4). */
export function uniqueId(prefix: 'YEV' | 'KEB', ym: YearMonth, counter: number): string {
  return `${prefix}${yyyymm(ym)}${String(counter).padStart(6, '0')}`;
}

async function resolveMonth(o: BuildOptions, sources: ExportSource[]): Promise<YearMonth> {
  const hint = exportNameHint(o.exportPath);
  if (hint && hint.vkn !== o.company.vkn) {
    throw fail('ledger.exportVknMismatch', { fileVkn: hint.vkn, companyVkn: o.company.vkn });
  }
  if (hint) return { year: +hint.yyyymm.slice(0, 4), month: +hint.yyyymm.slice(4) };
  // Without a hint, the first row decides (readMaddeler then enforces it for all rows).
  for await (const m of readMaddeler(sources, { ...csvOpts(o), lastEntryNumberCounter: 0, lastLineNumber: 0, defaultEnteredBy: 'xx' })) {
    return { year: +m.date.slice(0, 4), month: +m.date.slice(5, 7) };
  }
  throw emptyMonthError(path.basename(o.exportPath), false);
}

function csvOpts(o: BuildOptions): Pick<MaddeOptions, 'encoding' | 'delimiter' | 'decimal' | 'format' | 'company' | 'onNotice' | 'ignoreColumns'> {
  return { encoding: o.encoding, delimiter: o.delimiter, decimal: o.decimal, ignoreColumns: o.ignoreColumns, ...importOptionsOf(o) };
}

/**
 * Builds the unsigned Y and K parts of the month in the export.
 * @throws EdefterError(BAD_INPUT) for bad input (nothing written), a failed previous-period guard,
 *         an approved month (GIB- files present) or a later month already built
 */
export async function buildMonth(o: BuildOptions): Promise<BuildResult> {
  const company = o.company;
  const sources = await openExport(o.exportPath, o.zipLimits);
  const month = await resolveMonth(o, sources);
  const fiscal = fiscalPeriodOf(company, month);
  const creationDate = o.creationDate ?? todayLocal();
  if (creationDate < monthEnd(month) && !(o.splitAt && o.splitAt.length)) {
    throw fail('ledger.monthNotEnded', { month: yyyymm(month), creationDate });
  }
  const warn = o.warn ?? (() => undefined);

  // Guards on the layout.
  const guard = await checkPreviousPeriod({ root: o.outRoot, company, month });
  if (!guard.ok) {
    if (!o.allowGap) throw guard.error!;
    warn(
      `!!! UYARI: önceki dönem denetimi --allow-gap ile atlandı (yalnızca test içindir): ${guard.error!.tr}`,
      `!!! WARNING: previous-period guard skipped with --allow-gap (tests only): ${guard.error!.en}`,
    );
  }
  for (let m = nextMonth(month); compareMonths(m, fiscal.lastMonth) <= 0; m = nextMonth(m)) {
    if ((await monthFiles(o.outRoot, company, m)).length) {
      throw fail('ledger.laterMonthBuilt', { later: yyyymm(m), month: yyyymm(month) });
    }
  }
  const layoutDir = monthDir(o.outRoot, company.vkn, fiscal, month);
  const existing = listMonthFiles(layoutDir, { kinds: MONTH_KINDS });
  if (existing.some((f) => f.approved)) {
    throw fail('ledger.periodApproved', { month: yyyymm(month), dir: layoutDir });
  }
  const start = o.numbering ?? (await openingNumbering(o.outRoot, company, month, o.allowGap)).numbering;
  const segments = segmentsOf(month, o.splitAt);
  const ignoredColumns = new Set<string>();
  const mOpts: MaddeOptions = {
    ...csvOpts(o),
    month,
    lastEntryNumberCounter: start.lastEntryNumberCounter,
    lastLineNumber: start.lastLineNumber,
    defaultEnteredBy: company.enteredBy ?? company.accountant.name,
    onHeader: (h) => {
      for (const c of h.ignored) ignoredColumns.add(c);
    },
  };
  const muc = await scanCurrencies(sources, o);
  // --attach PDFs are checked before anything is written; each must name a madde of the export.
  const attachByEntry = new Map<string, AttachmentRef[]>();
  for (const a of o.attach ?? []) {
    const ref = await fileAttachment(a.entryNumber, a.file, `--attach ${a.entryNumber}=${a.file}`);
    attachByEntry.set(a.entryNumber, [...(attachByEntry.get(a.entryNumber) ?? []), ref]);
  }
  const exportAttachments = new ExportAttachments(o.exportPath);
  const groups = new ElementGroupCounter();
  const attached: BuildResult['attachments'] = [];

  // One pass: check, number and write into a staging folder; nothing reaches the layout on error.
  const staging = o.tmpDir ?? path.join(o.outRoot, company.vkn, `.yapim-${process.pid}-${Date.now()}`);
  const createdDirs = [o.outRoot, path.join(o.outRoot, company.vkn)].filter((d) => !existsSync(d)).reverse();
  await mkdir(staging, { recursive: true, mode: 0o700 });
  const writer = new MonthWriter({
    company,
    month,
    fiscal,
    creationDate,
    tmpDir: staging,
    start,
    segments,
    manualSplit: !!(o.splitAt && o.splitAt.length),
    maxPartBytes: o.maxPartBytes ?? DEFAULT_MAX_PART_BYTES,
    kebirBudgetChars: o.kebirBudgetChars,
    onPartClosed: o.onPartClosed,
    currencies: muc.currencies,
    defaultCurrency: muc.defaultCurrency,
  });
  let entries = 0,
    lines = 0,
    totalDebit = 0n;
  let bytes = 0;
  let parts: PartResult[];
  const dir = o.outDir ?? layoutDir;
  try {
    for await (const m of readMaddeler(sources, mOpts)) {
      checkBranch(m, company);
      const refs: AttachmentRef[] = [];
      const named = new Set<string>();
      for (const l of m.lines) {
        // the same file named on several lines of a madde is embedded once
        if (l.attachmentFile && !named.has(l.attachmentFile)) {
          named.add(l.attachmentFile);
          refs.push(await exportAttachments.resolve(m.entryNumber, l.attachmentFile, `${l.pos.file}:${l.pos.line} (attachmentFile)`));
        }
      }
      const opt = attachByEntry.get(m.entryNumber);
      if (opt) {
        refs.push(...opt);
        attachByEntry.delete(m.entryNumber);
      }
      if (refs.length) {
        m.attachments = refs;
        for (const r of refs) attached.push({ entryNumber: m.entryNumber, filename: r.filename, bytes: r.bytes, source: r.source });
      }
      groups.add(m);
      await writer.add(m);
      entries++;
      lines += m.lines.length;
      totalDebit += m.total;
      if (entries % 5000 === 0) o.onProgress?.({ phase: 'write', entries, lines, bytes });
    }
    if (attachByEntry.size) {
      const missing = [...attachByEntry.keys()];
      throw fail('ledger.attachNoMadde', { reason: 'attachment', missing });
    }
    if (entries === 0 && !(o.splitAt && o.splitAt.length)) throw emptyMonthError(path.basename(o.exportPath), true);
    parts = await writer.finish(staging);
  } catch (e) {
    await writer.abort();
    if (!o.tmpDir) await rm(staging, { recursive: true, force: true });
    for (const d of createdDirs) await rmdir(d).catch(() => undefined);
    throw e;
  }
  // Commit: earlier unapproved files of this month move to "İPTAL EDİLENLER", the new ones into place.
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (!o.outDir && existing.length) {
    const cancel = path.join(layoutDir, CANCELLED_DIR, new Date().toISOString().replace(/[:.]/g, '-'));
    await mkdir(cancel, { recursive: true, mode: 0o700 });
    for (const f of existing) await rename(f.path, path.join(cancel, f.name));
    warn(`${yyyymm(month)} için önceki dosyalar ${cancel} klasörüne taşındı`, `previous files of ${yyyymm(month)} moved to ${cancel}`);
  }
  for (const p of parts) {
    for (const f of [p.y, p.k]) {
      const to = path.join(dir, f.name);
      if (f.path !== to) {
        await rename(f.path, to);
        f.path = to;
      }
      bytes += f.bytes;
    }
  }
  if (!o.tmpDir) await rm(staging, { recursive: true, force: true });
  o.onProgress?.({ phase: 'write', entries, lines, bytes });
  if (ignoredColumns.size || attached.length) {
    // data deliberately left out of (or added to) a legal ledger is a decision worth a trace
    tryAppendAudit('export-columns', {
      vkn: company.vkn,
      period: yyyymm(month),
      export: path.basename(o.exportPath),
      ignoredColumns: [...ignoredColumns],
      attachments: attached.map((a) => `${a.entryNumber}:${a.filename}:${a.bytes}`),
    });
  }
  const last = parts.filter((p) => p.entries > 0).pop();
  return {
    vkn: company.vkn,
    month,
    fiscal,
    dir,
    creationDate,
    parts,
    entries,
    lines,
    totalDebit,
    totalCredit: totalDebit,
    numberingStart: start,
    numberingEnd: {
      lastEntryNumberCounter: last?.lastEntry ?? start.lastEntryNumberCounter,
      lastLineNumber: last?.lastLine ?? start.lastLineNumber,
      lastUniqueCounter: start.lastUniqueCounter + parts.length,
    },
    accounts: [...writer.accounts.values()].sort((a, b) => (a.mainID < b.mainID ? -1 : a.mainID > b.mainID ? 1 : 0)),
    elementGroups: groups.result(),
    ignoredColumns: [...ignoredColumns],
    attachments: attached,
  };
}
