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
import type { Finding } from './findings.ts';
import type { GibPackage } from './gib-package.ts';
import { type CheckResult, type Expect, type FileSummary } from './own/index.ts';
import { checkFiles } from './own/pool.ts';
import { gibRuleFindings } from './gib-rules/findings.ts';
import { kindFromName } from './gib-rules/index.ts';
import type { GibRuleKind } from './gib-rules/types.ts';
import { validateXsd } from './xsd.ts';

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
  /** Threads for layer a (default: cores; 1 = current thread). Small files stay on the current thread. */
  threads?: number;
  /** Layer-(a) results already computed (e.g. by the month pipeline), by path: not run again. */
  checked?: Map<string, CheckResult>;
}

const skipped = (note: string): LayerResult => ({ ran: false, ok: true, findings: [], count: 0, note });

/** Which GİB `.sch` checks a file: from its GİB name as GİB does, else from the content layer a saw. */
function ruleKindFor(file: string, s: FileSummary): GibRuleKind | null {
  const byName = kindFromName(file);
  if (byName) return byName;
  // Envanter Defteri and its berat (entriesType assets): GİB's envanter_defter.sch / envanter_berat.sch.
  if ((s.documentInfo['gl-cor:entriesType'] ?? '').trim() === 'assets' && (s.root === 'defter' || s.root === 'berat')) {
    return s.root === 'berat' ? 'envanter_berat' : 'envanter_defter';
  }
  switch (s.kind) {
    case 'Y': return 'yevmiye';
    case 'K': return 'kebir';
    case 'YB': case 'KB': return 'berat';
    case 'DR': return 'rapor';
    default:
      return s.root === 'berat' ? 'berat' : s.root === 'defterraporu' ? 'rapor' : s.root === 'defter' ? 'yevmiye' : null;
  }
}

/**
 * Validates files with the chosen layers (default all three). Layer a always runs first; a file
 * that is not well-formed XML (or has a DOCTYPE) is not handed to b and c.
 */
export async function validateFiles(files: string[], o: ValidateOptions = {}): Promise<FileReport[]> {
  const layers = new Set(o.layers ?? ['a', 'b', 'c']);
  const reports: FileReport[] = [];
  const t0 = Date.now();
  let total = 0;
  for (const f of files) total += (await stat(f).catch(() => ({ size: 0 }))).size;
  const todo = files.filter((f) => !o.checked?.has(f));
  const fresh = await checkFiles(todo, {
    optionsFor: (f) => ({ requireSignature: o.requireSignature === true, expect: o.expect?.get(f) }),
    onProgress: (f, d, t) => o.onProgress?.(f, 'a', d, t),
    threads: o.threads ?? (total < 64 << 20 ? 1 : undefined),
  });
  const byPath = new Map(todo.map((f, i) => [f, fresh[i]]));
  files.forEach((f) => {
    const r = o.checked?.get(f) ?? byPath.get(f)!;
    const signed = r.summary.signature.present;
    const a: LayerResult = layers.has('a') ? { ran: true, ok: r.ok, findings: r.findings, count: r.findingCount, ms: Date.now() - t0 } : skipped('istenmedi');
    reports.push({ path: f, file: path.basename(f), ok: true, signed, a, b: skipped(''), c: skipped(''), summary: r.summary });
  });
  const wellFormed = reports.filter((r) => !r.a.findings.some((x) => x.code === 'NOT_XML' || x.code === 'DOCTYPE' || x.code === 'ENCODING'));
  if (layers.has('b')) {
    if (!o.gib) for (const r of reports) r.b = skipped('GİB paketi bulunamadı (--gib-package)');
    else {
      const t0 = Date.now();
      o.onProgress?.(wellFormed.map((r) => r.file).join(', '), 'b');
      const drafts = new Set(wellFormed.filter((r) => !r.signed && o.requireSignature !== true).map((r) => r.path));
      const res = await validateXsd(wellFormed.map((r) => r.path), o.gib, { drafts });
      const ms = Date.now() - t0;
      for (const r of reports) {
        const fs = res.get(r.path);
        r.b = fs ? { ran: true, ok: fs.length === 0, findings: fs, count: fs.length, ms, note: drafts.has(r.path) ? 'imzasız taslak' : undefined } : skipped('XML hatalı');
      }
    }
  }
  if (layers.has('c')) {
    for (const r of reports) {
      if (!o.gib) { r.c = skipped('GİB paketi bulunamadı (--gib-package)'); continue; }
      if (!wellFormed.includes(r)) { r.c = skipped('XML hatalı'); continue; }
      const kind = ruleKindFor(r.file, r.summary);
      if (!kind) { r.c = skipped('belge türü bilinmiyor'); continue; }
      o.onProgress?.(r.path, 'c');
      const draft = !r.signed && o.requireSignature !== true;
      const res = await gibRuleFindings(r.path, {
        gib: o.gib, kind, draft, max: o.maxFindings,
        onProgress: (d, t) => o.onProgress?.(r.path, 'c', d, t),
      });
      const findings: Finding[] = res.findings;
      r.c = { ran: true, ok: res.count === 0, findings, count: res.count, ms: res.ms, ...(draft ? { note: 'imzasız taslak (ds:Signature kuralı atlandı)' } : {}) };
    }
  }
  for (const r of reports) r.ok = r.a.ok && r.b.ok && r.c.ok;
  return reports;
}
