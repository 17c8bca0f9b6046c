/**
 * The whole Envanter Defteri of one inventory date on one run (GİB-EK; compliance-plan §3):
 * read and check the export → GİB's Envanter rules (empty E, mid-year start, şube set, program and
 * version) → write E (parts by size) → validate drafts (a, b) → sign E (XAdES, GİB profile) →
 * validate (a, b, c) → build EB → sign EB (zaman damgası opt-in) → validate (a, b, c) → store both
 * in the month folder `VKN/HESAP DÖNEMİ/AY/`. Everything is produced in a staging folder; the month
 * folder changes only when every file passed (earlier unapproved E/EB of the same şube move to
 * "İPTAL EDİLENLER/<time>"). A failure leaves the month folder as it was.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fail } from '@edefter/protocol';
import { CANCELLED_DIR, fiscalPeriodOf, periodOf } from '@edefter/domain';
import type { DecimalMode } from '../ledger/amount.ts';
import type { CompanyProfile } from '../ledger/company.ts';
import type { ExportEncoding } from '../ledger/csv-rows.ts';
import { monthOf, todayLocal } from '../ledger/dates.ts';
import type { ZipLimits } from '../ledger/export-source.ts';
import { monthDir } from '../ledger/layout.ts';
import { copyGibXslts, type XsltCopyResult } from './gib-xslt.ts';
import { readSignatureValue, signXmlFile, type RawSigner } from '../xades/index.ts';
import type { GibPackage } from '../validate/gib-package.ts';
import { buildEnvanterBerat } from '../ledger/envanter/berat.ts';
import { parseName } from '../ledger/envanter/names.ts';
import { envanterFilesIn, envanterNumbering } from '../ledger/envanter/numbering.ts';
import { readEnvanterExport } from '../ledger/envanter/read-export.ts';
import { applyBranch, checkAgainstYk, checkStart, emptyEnvanterError, numberMaddeler, type EnvanterRuleFacts } from '../ledger/envanter/rules.ts';
import { assertValid, validateEnvanterFiles, type EnvanterFileReport } from '../validate/envanter/files.ts';
import { writeEnvanter, type EnvanterPart } from '../ledger/envanter/writer.ts';

/** Options of {@link runEnvanter}. */
export interface EnvanterRunOptions {
  exportPath: string;
  company: CompanyProfile;
  /** Root of the GİB folder layout. */
  outRoot: string;
  /** Inventory date (ISO). */
  date: string;
  /** creationDate (default today; must not precede `date`). */
  creationDate?: string;
  signer: RawSigner;
  /** XAdES-T timestamper (`--timestamp`), used for E and EB. */
  timestamp?: (data: Buffer) => Promise<Buffer>;
  gib: GibPackage | null;
  encoding?: ExportEncoding;
  delimiter?: string;
  decimal?: DecimalMode;
  zipLimits?: ZipLimits;
  maxPartBytes?: number;
  /** Export columns dropped on purpose (`--ignore-columns`). */
  ignoreColumns?: string[];
  signingTime?: Date;
  checkVkn?: boolean;
  onProgress?: (tr: string, en: string) => void;
  /** Warnings (e.g. a stylesheet the GİB package lacks). */
  warn?: (tr: string, en: string) => void;
}

/** One stored file. */
interface EnvanterFileInfo {
  kind: 'E' | 'EB';
  name: string;
  path: string;
  bytes: number;
  sha256: string;
}

/** Result of {@link runEnvanter}. */
export interface EnvanterRunResult {
  dir: string;
  date: string;
  creationDate: string;
  entries: number;
  lines: number;
  /** entryNumberCounter of the first and last madde. */
  firstEntry: number;
  lastEntry: number;
  parts: EnvanterPart[];
  files: EnvanterFileInfo[];
  reports: EnvanterFileReport[];
  rules: EnvanterRuleFacts & { earlier: string[] };
  /** Lines with a quantity / with foreign-currency fields. */
  measurableLines: number;
  mucLines: number;
  cancelledDir?: string;
  /** GİB's stylesheets copied into the month folder (GİB-UYK §2.2). */
  xslt: XsltCopyResult;
}

async function sha256(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

/**
 * Runs the Envanter flow. Throws on the first failing stage; the month folder is then unchanged.
 * @throws EdefterError(BAD_INPUT) for bad input or a GİB Envanter rule, VALIDATION_FAILED for files
 *         failing a layer, token errors from the signer
 */
export async function runEnvanter(o: EnvanterRunOptions): Promise<EnvanterRunResult> {
  const say = (tr: string, en: string) => o.onProgress?.(tr, en);
  const company = o.company;
  const creationDate = o.creationDate ?? todayLocal();
  if (creationDate < o.date) {
    throw fail('ledger.envanterCreationBeforeDate', { date: o.date, creationDate });
  }
  say('Dışa aktarım denetleniyor', 'Checking the export');
  const maddeler = await readEnvanterExport(o.exportPath, {
    date: o.date,
    encoding: o.encoding,
    delimiter: o.delimiter,
    decimal: o.decimal,
    zipLimits: o.zipLimits,
    enteredBy: company.enteredBy,
    ignoreColumns: o.ignoreColumns,
  });
  if (!maddeler.length) throw emptyEnvanterError(o.date);
  const ym = monthOf(o.date);
  const fp = fiscalPeriodOf(company, ym);
  const dir = monthDir(o.outRoot, company.vkn, fp, ym);
  const numbering = await envanterNumbering(o.outRoot, company, o.date);
  checkStart(company, fp, o.date, numbering.earlier);
  const facts = await checkAgainstYk(company, dir, o.date);
  applyBranch(company, maddeler);
  numberMaddeler(maddeler, numbering.lastEntryNumberCounter, numbering.lastLineNumber);

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const staging = path.join(o.outRoot, company.vkn, `.envanter-taslak-${stamp}-${process.pid}`);
  await mkdir(staging, { recursive: true, mode: 0o700 });
  try {
    say('Envanter defteri (E) yazılıyor', 'Writing the Envanter Defteri (E)');
    const parts = await writeEnvanter({
      company,
      fiscal: fp,
      date: o.date,
      creationDate,
      lastUniqueCounter: numbering.lastUniqueCounter,
      maddeler,
      dir: staging,
      maxPartBytes: o.maxPartBytes,
    });
    const eFiles = parts.map((p) => p.path);
    say('İmzasız taslak doğrulanıyor', 'Validating the unsigned draft');
    assertValid('Taslak / draft', await validateEnvanterFiles(eFiles, o.gib, false));
    const sign = async (file: string) => {
      say(`${path.basename(file)} imzalanıyor`, `signing ${path.basename(file)}`);
      await signXmlFile({
        input: file,
        output: file,
        inPlace: true, // a file of the staging folder, removed whatever happens (SignOptions.inPlace)
        signer: o.signer,
        signingTime: o.signingTime,
        checkVkn: o.checkVkn,
        outputSha256: false,
        ...(o.timestamp ? { timestamp: o.timestamp } : {}),
      });
    };
    for (const f of eFiles) await sign(f);
    say('İmzalı E doğrulanıyor', 'Validating the signed E');
    const eReports = await validateEnvanterFiles(eFiles, o.gib, true);
    assertValid('İmzalı envanter / signed E', eReports);
    const ebFiles: string[] = [];
    for (const p of parts) {
      say(`${p.name} için berat oluşturuluyor`, `building the berat of ${p.name}`);
      const b = await buildEnvanterBerat({ defter: p.path, entries: p.entries, signatureValue: await readSignatureValue(p.path).catch(() => undefined) });
      await sign(b.path);
      ebFiles.push(b.path);
    }
    say('Envanter beratı doğrulanıyor', 'Validating the envanter berat');
    const ebReports = await validateEnvanterFiles(ebFiles, o.gib, true);
    assertValid('Envanter beratı / EB', ebReports);

    say('Dosyalar ay klasörüne taşınıyor', 'Moving the files into the month folder');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const branch = company.branch?.code ?? '';
    const period = periodOf(ym);
    const approved = (await readdir(dir)).filter((n) => {
      const g = parseName(n);
      return g && g.approved && g.type === 'EB' && g.branch === branch && g.period === period;
    });
    if (approved.length) throw fail('ledger.envanterApproved', { file: approved[0] });
    const existing = [...(await envanterFilesIn(dir, company.vkn, branch, 'E')), ...(await envanterFilesIn(dir, company.vkn, branch, 'EB'))];
    let cancelledDir: string | undefined;
    if (existing.length) {
      cancelledDir = path.join(dir, CANCELLED_DIR, stamp);
      await mkdir(cancelledDir, { recursive: true, mode: 0o700 });
      for (const f of existing) await rename(f, path.join(cancelledDir, path.basename(f)));
    }
    const files: EnvanterFileInfo[] = [];
    const reports = [...eReports, ...ebReports];
    for (const r of reports) {
      const to = path.join(dir, r.file);
      await rename(r.path, to);
      r.path = to;
      files.push({ kind: r.facts.kind === 'EB' ? 'EB' : 'E', name: r.file, path: to, bytes: (await readFile(to)).length, sha256: await sha256(to) });
    }
    for (const p of parts) p.path = path.join(dir, p.name);
    const xslt = await copyGibXslts(dir, o.gib, o.warn);
    let measurableLines = 0,
      mucLines = 0;
    for (const m of maddeler)
      for (const l of m.lines) {
        if (l.measurable) measurableLines++;
        if (l.muc) mucLines++;
      }
    return {
      dir,
      date: o.date,
      creationDate,
      entries: maddeler.length,
      lines: maddeler.reduce((n, m) => n + m.lines.length, 0),
      firstEntry: maddeler[0].counter,
      lastEntry: maddeler[maddeler.length - 1].counter,
      parts,
      files,
      reports,
      rules: { ...facts, earlier: numbering.earlier },
      measurableLines,
      mucLines,
      xslt,
      ...(cancelledDir ? { cancelledDir } : {}),
    };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
