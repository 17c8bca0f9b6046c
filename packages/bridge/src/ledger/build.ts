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
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { EdefterError, ErrorCode } from '@edefter/protocol';
import type { DecimalMode } from './amount.ts';
import type { CompanyProfile } from './company.ts';
import type { ExportEncoding } from './csv-rows.ts';
import { compareMonths, monthEnd, monthStart, nextMonth, todayLocal, yyyymm, type YearMonth } from './dates.ts';
import { ENTRY_HEADER_CLOSE, journalEntryXml, ledgerDetailXml, ledgerHeaderOpen } from './entry-xml.ts';
import { exportNameHint, openExport, type ExportSource, type ZipLimits } from './export-source.ts';
import { groupKey, KebirSorter, sortKey } from './kebir-sort.ts';
import { CANCELLED_DIR, fileName, fiscalPeriodOf, monthDir, type FiscalPeriod } from './layout.ts';
import { readMaddeler, type MaddeOptions } from './maddeler.ts';
import { listMonthFiles, monthFiles } from './month-files.ts';
import { openingNumbering } from './numbering.ts';
import { checkPreviousPeriod } from './previous-period.ts';
import { planParts, type DayStat, type PartPlan } from './split.ts';
import type { Madde, Numbering } from './types.ts';
import { documentHead, documentTail, type HeaderSpec } from './xbrl-header.ts';
import { AtomicXmlFile } from './xml-out.ts';

/** The five accounts of the berat's vergi detayı (spec §1.5 step 3). */
export const VERGI_ACCOUNTS = ['391', '191', '600', '601', '602'] as const;
export type VergiAccount = (typeof VERGI_ACCOUNTS)[number];
/** Period movements of the vergi detayı accounts, kuruş. */
export type VergiSums = Record<VergiAccount, { D: bigint; C: bigint }>;

/** Movements of one main account over the month (Defter Raporu, spec §1.7). */
export interface AccountTotal { mainID: string; description: string; debit: bigint; credit: bigint; debitCount: number; creditCount: number }

/** Progress event: phase, counts so far and bytes written so far. */
export interface BuildProgress { phase: 'check' | 'write'; entries: number; lines: number; bytes: number; file?: string }

/** Options of {@link buildMonth}. */
export interface BuildOptions {
  /** ERP export: `.csv` or `VKN-YYYYMM.zip`. */
  exportPath: string;
  company: CompanyProfile;
  /** Root of the folder layout (`<root>/<VKN>/<fiscal period>/<MM>/`). */
  outRoot: string;
  encoding?: ExportEncoding;
  delimiter?: string;
  decimal?: DecimalMode;
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
}

/** One written file. */
export interface OutFile { path: string; name: string; bytes: number }

/** One written part (a Y and a K file covering the same days and entries). */
export interface PartResult {
  plan: PartPlan;
  y: OutFile;
  k: OutFile;
  uniqueY: string;
  uniqueK: string;
  /** First/last madde and line numbers in the part (0 when empty). */
  firstEntry: number; lastEntry: number; firstLine: number; lastLine: number;
  entries: number; lines: number;
  totalDebit: bigint; totalCredit: bigint;
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
}

/** Empty vergi sums. */
export function emptyVergi(): VergiSums {
  return { 391: { D: 0n, C: 0n }, 191: { D: 0n, C: 0n }, 600: { D: 0n, C: 0n }, 601: { D: 0n, C: 0n }, 602: { D: 0n, C: 0n } } as VergiSums;
}

function addVergi(v: VergiSums, m: Madde): void {
  for (const l of m.lines) {
    const a = l.accountMainID as VergiAccount;
    if (a in v) v[a][l.debitCreditCode] += l.amount;
  }
}

interface MonthCtx { company: CompanyProfile; month: YearMonth; fiscal: FiscalPeriod; creationDate: string; dir: string }

function headerSpec(c: MonthCtx, kind: 'Y' | 'K', plan: PartPlan, unique: string): HeaderSpec {
  const journal = kind === 'Y';
  return {
    root: 'defter', stylesheet: journal ? 'yevmiye.xslt' : 'kebir.xslt', contextId: journal ? 'journal_context' : 'ledger_context',
    company: c.company, instant: c.creationDate, fiscalYearStart: c.fiscal.start, fiscalYearEnd: c.fiscal.end,
    documentInfo: {
      entriesType: journal ? 'journal' : 'ledger', uniqueID: unique, creationDate: c.creationDate,
      entriesComment: journal ? 'Yevmiye Defteri' : 'Büyük Defter',
      periodCoveredStart: plan.start, periodCoveredEnd: plan.end, sourceApplication: c.company.sourceApplication,
    },
  };
}

/** uniqueID: `YEV`/`KEB` + YYYYMM + 6-digit counter running over the fiscal period's parts (spec §1.4). */
export function uniqueId(prefix: 'YEV' | 'KEB', ym: YearMonth, counter: number): string {
  return `${prefix}${yyyymm(ym)}${String(counter).padStart(6, '0')}`;
}

async function resolveMonth(o: BuildOptions, sources: ExportSource[]): Promise<YearMonth> {
  const hint = exportNameHint(o.exportPath);
  if (hint && hint.vkn !== o.company.vkn) {
    throw new EdefterError(ErrorCode.VknMismatch, `Dışa aktarım dosyasının adındaki VKN (${hint.vkn}) şirket profilindekiyle (${o.company.vkn}) aynı değil`, `The export's file name VKN (${hint.vkn}) differs from the company profile (${o.company.vkn})`);
  }
  if (hint) return { year: +hint.yyyymm.slice(0, 4), month: +hint.yyyymm.slice(4) };
  // Without a hint, the first row decides (readMaddeler then enforces it for all rows).
  for await (const m of readMaddeler(sources, { ...csvOpts(o), lastEntryNumberCounter: 0, lastLineNumber: 0, defaultEnteredBy: 'xx' })) {
    return { year: +m.date.slice(0, 4), month: +m.date.slice(5, 7) };
  }
  throw new EdefterError(ErrorCode.BadInput, `${path.basename(o.exportPath)}: dışa aktarımda hiç kayıt yok; boş defter oluşturulamaz`, `${path.basename(o.exportPath)}: the export has no rows; an empty defter cannot be built`);
}

function csvOpts(o: BuildOptions): Pick<MaddeOptions, 'encoding' | 'delimiter' | 'decimal'> {
  return { encoding: o.encoding, delimiter: o.delimiter, decimal: o.decimal };
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
    throw new EdefterError(ErrorCode.BadInput, `${yyyymm(month)} ayı henüz bitmedi (oluşturma tarihi ${creationDate}); tüm ayı kapsayan defter ay bitmeden oluşturulamaz (ara dönem için --split-at kullanın)`, `${yyyymm(month)} has not ended (creation date ${creationDate}); use --split-at for an interim part`);
  }
  const warn = o.warn ?? (() => undefined);

  // Guards on the layout.
  const guard = await checkPreviousPeriod({ root: o.outRoot, company, month });
  if (!guard.ok) {
    if (!o.allowGap) throw new EdefterError(ErrorCode.BadInput, guard.tr!, guard.en!, { missing: guard.missing });
    warn(`!!! UYARI: önceki dönem denetimi --allow-gap ile atlandı (yalnızca test içindir): ${guard.tr}`, `!!! WARNING: previous-period guard skipped with --allow-gap (tests only): ${guard.en}`);
  }
  for (let m = nextMonth(month); compareMonths(m, fiscal.lastMonth) <= 0; m = nextMonth(m)) {
    if ((await monthFiles(o.outRoot, company, m)).length) {
      throw new EdefterError(ErrorCode.BadInput, `Sonraki bir ay (${yyyymm(m)}) zaten oluşturulmuş; ${yyyymm(month)} yeniden oluşturulursa numaralar bozulur`, `A later month (${yyyymm(m)}) is already built; rebuilding ${yyyymm(month)} would break the numbering`);
    }
  }
  const layoutDir = monthDir(o.outRoot, company.vkn, fiscal, month);
  const existing = await listMonthFiles(layoutDir);
  if (existing.some((f) => f.gib)) {
    throw new EdefterError(ErrorCode.BadInput, `${yyyymm(month)} dönemi için GİB onaylı berat var; onaylanmış dönem yeniden oluşturulamaz (${layoutDir})`, `${yyyymm(month)} has GİB-approved berats; an approved period cannot be re-created`);
  }
  const start = o.numbering ?? (await openingNumbering(o.outRoot, company, month, o.allowGap)).numbering;
  const mOpts: MaddeOptions = { ...csvOpts(o), month, lastEntryNumberCounter: start.lastEntryNumberCounter, lastLineNumber: start.lastLineNumber, defaultEnteredBy: company.enteredBy ?? company.accountant.name };

  // Pass 1: check and measure.
  const days: DayStat[] = [];
  const accounts = new Map<string, AccountTotal>();
  const groups = new Set<string>();
  let entries = 0, lines = 0;
  let totalDebit = 0n;
  for await (const m of readMaddeler(sources, mOpts)) {
    const yb = Buffer.byteLength(journalEntryXml(m));
    let d = days[days.length - 1];
    if (!d || d.date !== m.date) { d = { date: m.date, entries: 0, lines: 0, yBytes: 0, kLineBytes: 0 }; days.push(d); }
    d.entries++; d.lines += m.lines.length; d.yBytes += yb; d.kLineBytes += yb;
    for (const l of m.lines) {
      let a = accounts.get(l.accountMainID);
      if (!a) { a = { mainID: l.accountMainID, description: l.accountMainDescription, debit: 0n, credit: 0n, debitCount: 0, creditCount: 0 }; accounts.set(l.accountMainID, a); }
      if (l.debitCreditCode === 'D') { a.debit += l.amount; a.debitCount++; } else { a.credit += l.amount; a.creditCount++; }
      groups.add(groupKey(l.accountMainID, l.accountSubID));
    }
    entries++; lines += m.lines.length; totalDebit += m.total;
    if (entries % 5000 === 0) o.onProgress?.({ phase: 'check', entries, lines, bytes: 0 });
  }
  if (entries === 0) throw new EdefterError(ErrorCode.BadInput, `${path.basename(o.exportPath)}: dışa aktarımda hiç kayıt yok; boş defter oluşturulamaz`, `the export has no rows; an empty defter cannot be built`);
  o.onProgress?.({ phase: 'check', entries, lines, bytes: 0 });

  const ctx: MonthCtx = { company, month, fiscal, creationDate, dir: o.outDir ?? layoutDir };
  const probe: PartPlan = { index: 1, part: 0, start: monthStart(month), end: monthEnd(month), entries: 0, lines: 0, yBytes: 0, kBytes: 0 };
  const overhead = (k: 'Y' | 'K') => Buffer.byteLength(documentHead(headerSpec(ctx, k, probe, uniqueId('YEV', month, 1)))) + 200;
  const plans = planParts({
    month, days, splitAt: o.splitAt, maxPartBytes: o.maxPartBytes, overheadY: overhead('Y'), overheadK: overhead('K'),
    kGroups: groups.size, kGroupBytes: Buffer.byteLength(ledgerHeaderOpen(0n, 0n) + ENTRY_HEADER_CLOSE) + 40,
  });

  // Prepare the folder: earlier unapproved files of this month move to "İPTAL EDİLENLER".
  await mkdir(ctx.dir, { recursive: true });
  if (!o.outDir && existing.length) {
    const cancel = path.join(layoutDir, CANCELLED_DIR, new Date().toISOString().replace(/[:.]/g, '-'));
    await mkdir(cancel, { recursive: true });
    for (const f of existing) await rename(f.path, path.join(cancel, f.name));
    warn(`${yyyymm(month)} için önceki dosyalar ${cancel} klasörüne taşındı`, `previous files of ${yyyymm(month)} moved to ${cancel}`);
  }

  // Pass 2: write.
  const parts: PartResult[] = [];
  const tmpDir = o.tmpDir ?? ctx.dir;
  let pi = 0;
  let written = 0;
  let cur: Awaited<ReturnType<typeof openPart>> | null = null;
  const openPart = async (plan: PartPlan) => {
    const counter = start.lastUniqueCounter + plan.index;
    const uniqueY = uniqueId('YEV', month, counter), uniqueK = uniqueId('KEB', month, counter);
    const yName = fileName(company.vkn, month, 'Y', plan.part, company.branch?.code);
    const y = await AtomicXmlFile.create(path.join(ctx.dir, yName));
    await y.write(documentHead(headerSpec(ctx, 'Y', plan, uniqueY)));
    return {
      plan, y, uniqueY, uniqueK, sorter: new KebirSorter(tmpDir, o.kebirBudgetChars),
      totals: new Map<string, { d: bigint; c: bigint }>(), vergi: emptyVergi(),
      firstEntry: 0, lastEntry: 0, firstLine: 0, lastLine: 0, entries: 0, lines: 0, total: 0n,
    };
  };
  const closePart = async (p: NonNullable<typeof cur>) => {
    if (p.entries !== p.plan.entries || p.lines !== p.plan.lines) {
      throw new EdefterError(ErrorCode.BadInput, 'Dışa aktarım dosyası okunurken değişti (iki okuma farklı sonuç verdi); işlem durduruldu', 'The export changed while being read (the two passes differ); stopped');
    }
    await p.y.write(documentTail('defter'));
    const yBytes = await p.y.commit();
    const kName = fileName(company.vkn, month, 'K', p.plan.part, company.branch?.code);
    const k = await AtomicXmlFile.create(path.join(ctx.dir, kName));
    try {
      await k.write(documentHead(headerSpec(ctx, 'K', p.plan, p.uniqueK)));
      let group: string | null = null;
      for await (const r of p.sorter.drain()) {
        if (r.group !== group) {
          if (group !== null) await k.write(ENTRY_HEADER_CLOSE);
          const t = p.totals.get(r.group)!;
          await k.write(t.d >= t.c ? ledgerHeaderOpen(t.d - t.c, 0n) : ledgerHeaderOpen(0n, t.c - t.d));
          group = r.group;
        }
        await k.write(r.xml);
      }
      if (group !== null) await k.write(ENTRY_HEADER_CLOSE);
      await k.write(documentTail('defter'));
      const kBytes = await k.commit();
      const max = o.maxPartBytes ?? 200_000_000;
      if (kBytes > max) throw new EdefterError(ErrorCode.Internal, `${kName} ${kBytes} bayt, sınır ${max}`, `${kName} is ${kBytes} bytes, limit ${max}`);
      parts.push({
        plan: p.plan, y: { path: p.y.path, name: path.basename(p.y.path), bytes: yBytes }, k: { path: k.path, name: kName, bytes: kBytes },
        uniqueY: p.uniqueY, uniqueK: p.uniqueK, firstEntry: p.firstEntry, lastEntry: p.lastEntry, firstLine: p.firstLine, lastLine: p.lastLine,
        entries: p.entries, lines: p.lines, totalDebit: p.total, totalCredit: p.total, vergi: p.vergi,
      });
      written += yBytes + kBytes;
    } catch (e) { await k.abort(); throw e; }
  };
  let done = 0, doneLines = 0;
  try {
    cur = await openPart(plans[0]);
    for await (const m of readMaddeler(sources, mOpts)) {
      while (m.date > plans[pi].end) {
        await closePart(cur);
        cur = null;
        cur = await openPart(plans[++pi]);
      }
      const x = journalEntryXml(m);
      await cur.y.write(x);
      let ln = m.firstLineNumber;
      for (const l of m.lines) {
        const g = groupKey(l.accountMainID, l.accountSubID);
        await cur.sorter.add(sortKey(g, ln), ledgerDetailXml(l, ln, m.counter));
        let t = cur.totals.get(g);
        if (!t) { t = { d: 0n, c: 0n }; cur.totals.set(g, t); }
        if (l.debitCreditCode === 'D') t.d += l.amount; else t.c += l.amount;
        ln++;
      }
      addVergi(cur.vergi, m);
      if (!cur.entries) { cur.firstEntry = m.counter; cur.firstLine = m.firstLineNumber; }
      cur.lastEntry = m.counter; cur.lastLine = m.firstLineNumber + m.lines.length - 1;
      cur.entries++; cur.lines += m.lines.length; cur.total += m.total;
      done++; doneLines += m.lines.length;
      if (done % 5000 === 0) o.onProgress?.({ phase: 'write', entries: done, lines: doneLines, bytes: written + cur.y.bytes, file: cur.y.path });
    }
    await closePart(cur);
    cur = null;
    while (pi + 1 < plans.length) { cur = await openPart(plans[++pi]); await closePart(cur); cur = null; }
  } catch (e) {
    if (cur) { await cur.y.abort(); await cur.sorter.dispose(); }
    throw e;
  }
  o.onProgress?.({ phase: 'write', entries: done, lines: doneLines, bytes: written });
  const last = parts.filter((p) => p.entries > 0).pop();
  return {
    vkn: company.vkn, month, fiscal, dir: ctx.dir, creationDate, parts, entries, lines, totalDebit, totalCredit: totalDebit,
    numberingStart: start,
    numberingEnd: {
      lastEntryNumberCounter: last?.lastEntry ?? start.lastEntryNumberCounter,
      lastLineNumber: last?.lastLine ?? start.lastLineNumber,
      lastUniqueCounter: start.lastUniqueCounter + plans.length,
    },
    accounts: [...accounts.values()].sort((a, b) => (a.mainID < b.mainID ? -1 : a.mainID > b.mainID ? 1 : 0)),
  };
}

