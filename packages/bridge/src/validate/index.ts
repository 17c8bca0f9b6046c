/**
 * The three validation layers of an e-Defter file (spec §3):
 *  a. our own streaming checks (validate/own) — any size, precise messages;
 *  b. GİB's XSD through our own streaming validator (validate/xsd.ts, validate/xsd/);
 *  c. every assert of GİB's official schematron files, compiled from the GİB package's `.sch` at run
 *     time and evaluated in one streaming pass on files of any size (validate/gib-rules), with the
 *     real file name as `base-uri()`.
 * Plus {@link checkMonthSet} for what no single file shows (continuity across parts, Y ↔ K,
 * defter ↔ berat, DR ↔ K).
 */
import path from 'node:path';
import { stat } from 'node:fs/promises';
import os from 'node:os';
import type { Finding } from './findings.ts';
import type { GibPackage } from './gib-package.ts';
import { type CheckResult, type Expect, type FileSummary } from './own/index.ts';
import { passFiles } from './own/pool.ts';
import { validateOnePass, type OnePassResult } from './one-pass.ts';

export { formatFinding, type Finding, type Layer } from './findings.ts';
export { resolveGibPackage, gibPackageAt, type GibPackage } from './gib-package.ts';
export { checkFile, type FileSummary } from './own/index.ts';
export { checkMonthSet } from './month-set.ts';

/** Outcome of one layer for one file. */
export interface LayerResult {
  ran: boolean;
  ok: boolean;
  findings: Finding[];
  /** Total findings (findings may be capped). */
  count: number;
  /** Why the layer did not run, or what it left to another layer. */
  note?: string;
  ms?: number;
}

/** Report of one file. */
export interface FileReport {
  path: string;
  file: string;
  ok: boolean;
  signed: boolean;
  a: LayerResult;
  b: LayerResult;
  c: LayerResult;
  summary: FileSummary;
}

/** Options of {@link validateFiles}. */
export interface ValidateOptions {
  /** GİB package for layers b and c; null/undefined skips them (noted in the report). */
  gib?: GibPackage | null;
  layers?: ('a' | 'b' | 'c')[];
  /** 'auto' (default): signed files get the signature rules, unsigned ones are drafts. */
  requireSignature?: boolean | 'auto';
  /** Continuity expectations per file path. */
  expect?: Map<string, Expect>;
  /** Layer c: findings kept per file (default 200; the count goes on). */
  maxFindings?: number;
  onProgress?: (file: string, layer: 'a' | 'b' | 'c', bytesDone?: number, bytesTotal?: number) => void;
  /**
   * Worker threads that validate files side by side, each file in one read (default: cores when the files total
   * 64 MiB or more, else 1; never more than the files; 1 = all on the current thread).
   */
  threads?: number;
  /** Layer-(a) results already computed (e.g. by the month pipeline), by path: not run again. */
  checked?: Map<string, CheckResult>;
}

const skipped = (note: string): LayerResult => ({ ran: false, ok: true, findings: [], count: 0, note });

/**
 * Validates files with the chosen layers (default all three). Layer a always runs; a file that is
 * not well-formed XML (or has a DOCTYPE) is not handed to b and c. Each file is read and lexed once for all
 * layers (validate/one-pass.ts): on the current thread one after the other (the default under 64 MiB in total),
 * or with more threads on worker threads side by side. The findings are the same either way.
 */
export async function validateFiles(files: string[], o: ValidateOptions = {}): Promise<FileReport[]> {
  const layers = new Set(o.layers ?? ['a', 'b', 'c']);
  let total = 0;
  for (const f of files) total += (await stat(f).catch(() => ({ size: 0 }))).size;
  const todo = files.filter((f) => !o.checked?.has(f));
  const threads = Math.min(o.threads ?? (total < 64 << 20 ? 1 : (os.availableParallelism?.() ?? os.cpus().length)), todo.length);
  // One thread: one read and one lex of each file feed all layers (validate/one-pass.ts).
  if (threads <= 1) {
    const reports: FileReport[] = [];
    for (const f of files) reports.push(await onePassReport(f, layers, o));
    return reports;
  }
  return onWorkers(files, todo, layers, o, threads);
}

/** One file through {@link validateOnePass}, as a report. */
async function onePassReport(f: string, layers: ReadonlySet<string>, o: ValidateOptions): Promise<FileReport> {
  const r = await validateOnePass(f, {
    gib: o.gib,
    b: layers.has('b'),
    c: layers.has('c'),
    requireSignature: o.requireSignature,
    expect: o.expect?.get(f),
    checked: o.checked?.get(f),
    maxFindings: o.maxFindings,
    ...(o.onProgress ? { onProgress: (layer: 'a' | 'b' | 'c', d: number, t: number) => o.onProgress!(f, layer, d, t) } : {}),
  });
  return reportOfPass(f, r, layers, o.gib);
}

/**
 * The report of one file from a {@link validateOnePass} result (which may have been computed on
 * another thread, e.g. the month's part workers, flows/part-worker.ts): `layers` are the layers that
 * were asked for, `gib` the package the pass had (null: layers b and c are noted as skipped).
 * @param f the file's path (its base name is the report's `file`)
 */
export function reportOfPass(f: string, r: OnePassResult, layers: ReadonlySet<string>, gib: GibPackage | null | undefined): FileReport {
  const signed = r.a.summary.signature.present;
  const a: LayerResult = layers.has('a') ? { ran: true, ok: r.a.ok, findings: r.a.findings, count: r.a.findingCount, ms: r.aMs } : skipped('istenmedi');
  const rep: FileReport = { path: f, file: path.basename(f), ok: true, signed, a, b: skipped(''), c: skipped(''), summary: r.a.summary };
  const noGib = skipped('GİB paketi bulunamadı (--gib-package)');
  if (layers.has('b')) {
    if (!gib) rep.b = noGib;
    else if (!r.wellFormed || !r.b) rep.b = skipped('XML hatalı');
    else {
      const fs = r.b.findings;
      rep.b = { ran: true, ok: fs.length === 0, findings: fs, count: fs.length, ms: r.b.ms, note: r.b.draft ? 'imzasız taslak' : undefined };
    }
  }
  if (layers.has('c')) {
    if (!gib) rep.c = noGib;
    else if (!r.wellFormed) rep.c = skipped('XML hatalı');
    else if (!r.c) rep.c = skipped('belge türü bilinmiyor');
    else {
      const note = r.c.draft ? { note: 'imzasız taslak (ds:Signature kuralı atlandı)' } : {};
      rep.c = { ran: true, ok: r.c.count === 0, findings: r.c.findings, count: r.c.count, ms: r.c.ms, ...note };
    }
  }
  rep.ok = rep.a.ok && rep.b.ok && rep.c.ok;
  return rep;
}

/**
 * Several threads: each file not checked yet is read once for all its layers on a worker thread (own/pool.ts), the
 * workers taking the files in turn; a file whose layer a was given ({@link ValidateOptions.checked}) is validated on
 * this thread meanwhile.
 */
async function onWorkers(files: string[], todo: string[], layers: Set<string>, o: ValidateOptions, threads: number): Promise<FileReport[]> {
  const passes = passFiles(todo, {
    optionsFor: (f) => ({
      gib: o.gib,
      b: layers.has('b'),
      c: layers.has('c'),
      requireSignature: o.requireSignature,
      expect: o.expect?.get(f),
      maxFindings: o.maxFindings,
    }),
    onProgress: o.onProgress,
    threads,
  });
  passes.catch(() => undefined); // awaited below; a failure there must not also be an unhandled rejection
  const here = new Map<string, FileReport>();
  for (const f of files) if (o.checked?.has(f)) here.set(f, await onePassReport(f, layers, o));
  const done = await passes;
  const byPath = new Map(todo.map((f, i) => [f, reportOfPass(f, done[i], layers, o.gib)]));
  return files.map((f) => here.get(f) ?? byPath.get(f)!);
}
