/**
 * A whole month on one run (spec §1.1): build → validate → sign → berat → sign berat → Defter Raporu →
 * validate everything. Everything is produced in a staging folder inside the month folder; only when
 * every file passed does the month folder change (earlier unapproved files of the month move to
 * "İPTAL EDİLENLER/<time>", the new files are renamed into place). A failure leaves the month folder
 * as it was. The signer is opened once by the caller and used for every signature.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { type EdefterError, fail } from '@edefter/protocol';
import { CANCELLED_DIR, fiscalPeriodOf, parseGibName, MONTH_KINDS } from '@edefter/domain';
import type { RawSigner } from '../xades/index.ts';
import { signXmlFile } from '../xades/index.ts';
import { checkMonthSet, reportOfPass, validateFiles, type FileReport, type Finding, type GibPackage } from '../validate/index.ts';
import { buildBerat } from './berat.ts';
import { buildMonth, type BuildOptions, type BuildResult } from '../ledger/build.ts';
import { recheckName, type CheckResult } from '../validate/own/index.ts';
import { addDays, monthOf } from '../ledger/dates.ts';
import type { ClosedPartFiles } from '../ledger/month-writer.ts';
import { PartPipeline } from './part-pipeline.ts';
import type { PartJobResult } from './part-job.ts';
import { buildDefterRaporu } from '../ledger/defter-raporu.ts';
import { fileName, monthDir } from '../ledger/layout.ts';
import { listMonthFiles } from '../fs/month-folder.ts';
import { copyGibXslts, type XsltCopyResult } from './gib-xslt.ts';

/** Progress of a month run: a step and, while it lasts, counts. */
export interface MonthProgress {
  step: 'build' | 'validate-drafts' | 'sign' | 'validate-signed' | 'berat' | 'dr' | 'validate-final' | 'commit';
  /** Human text in Turkish / English. */
  tr: string;
  en: string;
  entries?: number;
  lines?: number;
  bytes?: number;
  bytesTotal?: number;
}

/** Options of {@link runMonth}: the build options plus signing and validation. */
export interface MonthRunOptions extends Omit<BuildOptions, 'outDir' | 'onProgress'> {
  signer: RawSigner;
  /** XAdES-T timestamper for defters and berats (`--timestamp`). */
  timestamp?: (data: Buffer) => Promise<Buffer>;
  /** GİB package for layers b and c (null: only layer a, with a warning). */
  gib: GibPackage | null;
  /** Layers on the unsigned drafts (default a, b: c runs on the signed files, it would see the same content). */
  draftLayers?: ('a' | 'b' | 'c')[];
  /** Layers on the signed files (default a, b, c). */
  finalLayers?: ('a' | 'b' | 'c')[];
  /** Signing time for every signature (tests). */
  signingTime?: Date;
  /** Certificate VKN must equal the identifier (default true). */
  checkVkn?: boolean;
  /**
   * Sign and check each part on a worker thread while the next part is built (two cores). Default
   * 'auto': on for exports over 16 MiB. The drafts are then not validated separately: every part is
   * validated signed (the signed file is the draft plus its signature) before anything is committed.
   */
  pipeline?: boolean | 'auto';
  onProgress?: (p: MonthProgress) => void;
}

/** One file of the finished month. */
export interface MonthFileInfo {
  kind: string;
  name: string;
  path: string;
  bytes: number;
  sha256: string;
}

/** Result of {@link runMonth}. */
export interface MonthRunResult {
  build: BuildResult;
  dir: string;
  files: MonthFileInfo[];
  reports: FileReport[];
  cross: Finding[];
  /** Where earlier files of the month went, if any. */
  cancelledDir?: string;
  /** GİB's stylesheets copied into the month folder from the GİB package (GİB-UYK §2.2), and those it lacks. */
  xslt: XsltCopyResult;
}

/** True when the ISO date `d` (YYYY-MM-DD) is the last day of its month. */
function isLastDayOfMonth(d: string): boolean {
  return addDays(d, 1).slice(0, 7) !== d.slice(0, 7);
}

async function sha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(file, { highWaterMark: 1 << 20 })) h.update(c as Buffer);
  return h.digest('hex');
}

function failed(reports: FileReport[], cross: Finding[] = []): Finding[] {
  return [...reports.flatMap((r) => [...r.a.findings, ...r.b.findings, ...r.c.findings]), ...cross];
}

function validationError(stage: string, findings: Finding[]): EdefterError {
  const first = findings
    .slice(0, 10)
    .map((f) => `  - ${f.file}${f.xmlLine ? ':' + f.xmlLine : ''}${f.entry ? ' madde ' + f.entry : ''}${f.line ? ' satır ' + f.line : ''}: ${f.tr}`)
    .join('\n');
  return fail('ledger.validationFailed', { stage, count: findings.length, list: first, findings: findings.slice(0, 50).map((f) => ({ ...f })) });
}

/**
 * Runs a whole month. Throws on the first failing stage; the month folder is then unchanged.
 * @throws EdefterError(BAD_INPUT) for bad input or a failed guard, VALIDATION_FAILED for files failing
 *         a layer, token errors from the signer
 */
export async function runMonth(o: MonthRunOptions): Promise<MonthRunResult> {
  const say = (p: MonthProgress) => o.onProgress?.(p);
  const company = o.company;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  // The month is only known after the first rows; build into a staging folder under the root first.
  const staging = path.join(o.outRoot, company.vkn, `.taslak-${stamp}-${process.pid}`);
  await mkdir(staging, { recursive: true, mode: 0o700 });
  try {
    say({ step: 'build', tr: 'Dosya oluşturuluyor (yevmiye ve kebir)', en: 'Building Y and K' });
    const usePipeline = o.pipeline === true || (o.pipeline !== false && (await stat(o.exportPath)).size > 16 << 20);
    const finalLayers = o.finalLayers ?? ['a', 'b', 'c'];
    // The part workers sign each part and validate the signed file with every final layer in one read (part-worker.ts).
    const pipe = usePipeline
      ? await PartPipeline.start(o.signer, { timestamp: o.timestamp, signingTime: o.signingTime, checkVkn: o.checkVkn, gib: o.gib, layers: finalLayers })
      : null;
    const jobs = new Map<number, { names: [string, string]; done: Promise<[PartJobResult, PartJobResult]> }>();
    let build: BuildResult;
    try {
      build = await buildMonth({
        ...o,
        outDir: staging,
        onProgress: (p) =>
          say({
            step: 'build',
            tr: p.phase === 'check' ? 'Dışa aktarım denetleniyor' : 'Yazılıyor',
            en: p.phase === 'check' ? 'Checking the export' : 'Writing',
            entries: p.entries,
            lines: p.lines,
            bytes: p.bytes,
          }),
        ...(pipe
          ? {
              onPartClosed: (p: ClosedPartFiles) => {
                const name = (k: 'Y' | 'K') =>
                  fileName(company.vkn, p.plan.start ? monthOf(p.plan.start) : monthOf(p.plan.end), k, p.index, company.branch?.code);
                say({ step: 'sign', tr: `${p.index}. parça imzalanıp denetleniyor (arka planda)`, en: `signing and checking part ${p.index} (background)` });
                const job = Promise.all([pipe.process(p.yTemp, name('Y'), true), pipe.process(p.kTemp, name('K'), true)]);
                jobs.set(p.index, { names: [name('Y'), name('K')], done: job });
                // The part ending on the month's last day is the last one built: the main thread is then free to take jobs too.
                if (isLastDayOfMonth(p.plan.end)) pipe.helpHere();
                return job;
              },
            }
          : {}),
      });
    } finally {
      await pipe?.close();
    }
    const defters = build.parts.flatMap((p) => [p.y.path, p.k.path]);
    const layers = (l?: ('a' | 'b' | 'c')[]) => l ?? ['a', 'b', 'c'];
    const progress = (step: MonthProgress['step']) => (file: string, layer: string, done?: number, total?: number) =>
      say({ step, tr: `${path.basename(file)}: ${layer} katmanı`, en: `${path.basename(file)}: layer ${layer}`, bytes: done, bytesTotal: total });

    const draftLayers = pipe ? [] : (o.draftLayers ?? ['a', 'b']);
    if (draftLayers.length) {
      say({ step: 'validate-drafts', tr: 'İmzasız taslaklar doğrulanıyor', en: 'Validating unsigned drafts' });
      const r = await validateFiles(defters, { gib: o.gib, layers: draftLayers, requireSignature: false, onProgress: progress('validate-drafts') });
      if (r.some((x) => !x.ok)) throw validationError('Taslak / draft', failed(r));
    }

    const sign = async (file: string, withTs: boolean) => {
      const r = await signXmlFile({
        input: file,
        output: file,
        inPlace: true, // every file here is in the staging folder, dropped if the month fails (SignOptions.inPlace)
        signer: o.signer,
        signingTime: o.signingTime,
        checkVkn: o.checkVkn,
        outputSha256: false,
        ...(withTs && o.timestamp ? { timestamp: o.timestamp } : {}),
        onProgress: (d, t) => say({ step: 'sign', tr: `${path.basename(file)} imzalanıyor`, en: `signing ${path.basename(file)}`, bytes: d, bytesTotal: t }),
      });
      return r;
    };
    /** Reports of signed defters the part workers validated under their final name, by path. */
    const done = new Map<string, FileReport>();
    /** Layer a of parts validated under another name (a single part becomes 000000): b and c run again below. */
    const checked = new Map<string, CheckResult>();
    /** SHA-256 of signed defters by file name, computed by the workers while checking them (the files are only renamed afterwards). */
    const digests = new Map<string, string>();
    if (pipe) {
      for (const p of build.parts) {
        const job = jobs.get(p.plan.index)!;
        const results = await job.done;
        for (const [i, f] of [p.y, p.k].entries()) {
          const r = results[i].pass;
          if (r.sha256) digests.set(f.name, r.sha256);
          if (job.names[i] === f.name) done.set(f.path, reportOfPass(f.path, r, new Set(finalLayers), o.gib));
          else checked.set(f.path, recheckName(r.a, f.name));
        }
      }
    } else {
      for (const f of defters) await sign(f, true);
    }

    say({ step: 'validate-signed', tr: 'İmzalı defterler doğrulanıyor', en: 'Validating signed defters' });
    const rest = defters.filter((f) => !done.has(f));
    const again = rest.length
      ? await validateFiles(rest, { gib: o.gib, layers: finalLayers, requireSignature: true, onProgress: progress('validate-signed'), checked })
      : [];
    const signedReports = defters.map((f) => done.get(f) ?? again[rest.indexOf(f)]);
    for (const r of signedReports) {
      r.summary.path = r.path;
      r.summary.file = r.file;
    }
    if (signedReports.some((x) => !x.a.ok || !x.b.ok || !x.c.ok)) throw validationError('İmzalı defter / signed defter', failed(signedReports));

    const berats: string[] = [];
    for (const r of signedReports) {
      say({ step: 'berat', tr: `${r.file} için berat oluşturuluyor`, en: `building the berat of ${r.file}` });
      const b = await buildBerat({ defter: r.path, summary: r.summary });
      await sign(b.path, true);
      berats.push(b.path);
    }
    say({ step: 'dr', tr: 'Defter Raporu oluşturuluyor', en: 'Building the Defter Raporu' });
    const dr = await buildDefterRaporu({ company, month: build.month, accounts: build.accounts, dir: staging, creationDate: build.creationDate });
    await sign(dr.path, false);

    say({ step: 'validate-final', tr: 'Beratlar ve Defter Raporu doğrulanıyor', en: 'Validating berats and the Defter Raporu' });
    const later = await validateFiles([...berats, dr.path], {
      gib: o.gib,
      layers: layers(o.finalLayers),
      requireSignature: true,
      onProgress: progress('validate-final'),
    });
    const reports = [...signedReports, ...later];
    const cross = checkMonthSet(
      reports.map((r) => r.summary),
      build.month,
      build.numberingStart,
    );
    if (later.some((x) => !x.ok) || cross.length) throw validationError('Berat / Defter Raporu / ay', failed(later, cross));

    // Commit: move earlier unapproved files aside, rename the new ones into the month folder.
    say({ step: 'commit', tr: 'Dosyalar ay klasörüne taşınıyor', en: 'Moving the files into the month folder' });
    const dir = monthDir(o.outRoot, company.vkn, fiscalPeriodOf(company, build.month), build.month);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const existing = listMonthFiles(dir, { kinds: MONTH_KINDS });
    if (existing.some((f) => f.approved)) throw fail('ledger.monthApproved', { dir });
    let cancelledDir: string | undefined;
    if (existing.length) {
      cancelledDir = path.join(dir, CANCELLED_DIR, stamp);
      await mkdir(cancelledDir, { recursive: true, mode: 0o700 });
      for (const f of existing) await rename(f.path, path.join(cancelledDir, f.name));
    }
    const files: MonthFileInfo[] = [];
    for (const r of reports) {
      const to = path.join(dir, r.file);
      await rename(r.path, to);
      files.push({
        kind: parseGibName(r.file)?.type ?? '?',
        name: r.file,
        path: to,
        bytes: r.summary.bytes,
        sha256: digests.get(r.file) ?? (await sha256(to)),
      });
      r.path = to;
      r.summary.path = to;
    }
    const order = ['Y', 'K', 'YB', 'KB', 'DR'];
    files.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || (a.name < b.name ? -1 : 1));
    const xslt = await copyGibXslts(dir, o.gib, o.warn);
    build.dir = dir;
    for (const p of build.parts) {
      p.y.path = path.join(dir, p.y.name);
      p.k.path = path.join(dir, p.k.name);
    }
    return { build, dir, files, reports, cross, xslt, ...(cancelledDir ? { cancelledDir } : {}) };
  } finally {
    await rm(staging, { recursive: true, force: true });
    const vknDir = path.join(o.outRoot, company.vkn);
    try {
      if ((await readdir(vknDir)).length === 0) await rm(vknDir, { recursive: true });
    } catch {
      /* gone */
    }
  }
}
