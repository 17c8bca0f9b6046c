/**
 * TEST KIT — the independent oracle for GİB's schematron: GİB's six `.sch` files
 * (`../shared/gib/sch/`, or `$EDEFTER_GIB_PACKAGE/sch/`) compiled to XSLT by
 * {@link ./schematron-compile.ts} and run by Java Saxon-HE (Debian `libsaxonhe-java`, on
 * `default-jre-headless`; installed by scripts/setup.sh). ALL rules run, including the three
 * `following::node()` continuity rules that the product's layer c skips on large files.
 *
 * Saxon reads the XML FILE itself (never a DOM from our process), so `base-uri()` is the real
 * file's URI, as GİB's file-name rules need. A JVM start costs ~0.5–1 s: use
 * {@link runGibSchematronBatch} to check many files in one JVM (each document is loaded with
 * `xsl:source-document`, checked, and released). Compiled stylesheets are cached in
 * `$TMPDIR/edefter-sch-oracle-<uid>/` by content hash.
 *
 *   const r = await runGibSchematron('yevmiye', '/…/6090408038-202601-Y-000000.xml');
 *   r.failed  // [] when GİB's rules accept the file
 *
 * Environment: `EDEFTER_SAXON_JAR` (default /usr/share/java/Saxon-HE.jar), `EDEFTER_JAVA`
 * (default `java`), `EDEFTER_SAXON_JVM_OPTS` (default `-XX:+UseSerialGC -XX:TieredStopAtLevel=1
 * -Xss8m`: C1 only starts faster and was faster on a 12.9 MB Yevmiye, 1.8 s vs 2.2 s).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bridgeRequire, repoRoot } from '../ledger/helpers.ts';
import { cacheDir, compiledModule, driverFor, type CompiledSchema } from './schematron-compile.ts';

const { SaxesParser } = bridgeRequire('saxes') as typeof import('../../packages/bridge/node_modules/saxes/saxes.js');

/** GİB's schematron files by key. */
export const GIB_SCH = {
  yevmiye: 'edefter_yevmiye.sch',
  kebir: 'edefter_kebir.sch',
  berat: 'edefter_berat.sch',
  rapor: 'edefter_rapor.sch',
  envanter_defter: 'envanter_defter.sch',
  envanter_berat: 'envanter_berat.sch',
} as const;

/** Key of one of GİB's six schematron files. */
export type GibSch = keyof typeof GIB_SCH;

/** One failed assert, fired report, or an assert whose test raised a dynamic error. */
export interface OracleFailure {
  kind: 'assert' | 'report' | 'error';
  /**
   * GİB rule id `<sch base name>:<n>` (n = 1-based document-order index of the assert/report in the
   * `.sch`), the id the product's rule engine reports; absent for an error of a whole rule (a `let`)
   * or of the file.
   */
  ruleId?: string;
  /** Pattern id (`#n` when the pattern has none). */
  pattern: string;
  /** The rule's context. */
  context: string;
  id?: string;
  /** The assert's test, as written in the .sch. */
  test: string;
  /** `/edefter:defter[1]/xbrli:xbrl[1]/…` of the context node. */
  location: string;
  /** The message with value-of's evaluated, whitespace normalized (Turkish, GİB's text). */
  text: string;
}

/** Result for one file. */
export interface OracleResult {
  failed: OracleFailure[];
  /** Wall time of the JVM run (for a batch: the batch's time divided by its files). */
  ms: number;
}

/** Folder with GİB's `.sch` files. */
export function gibSchDir(): string {
  const base = process.env.EDEFTER_GIB_PACKAGE ?? path.resolve(repoRoot, '..', 'shared', 'gib');
  return path.join(base, 'sch');
}

/** Path of a key's `.sch`, or the argument itself when it is a path. */
export function schPath(sch: GibSch | string): string {
  return sch in GIB_SCH ? path.join(gibSchDir(), GIB_SCH[sch as GibSch]) : path.resolve(sch);
}

/** Mode-prefix key for a `.sch`: the GİB key, or a sanitized file stem for other schemas. */
function keyOf(sch: GibSch | string): string {
  if (sch in GIB_SCH) return sch;
  return `x_${path.basename(sch, '.sch').replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** The compiled module of a key or path (compiled once per content). */
export function compiledGibSchematron(sch: GibSch | string): CompiledSchema {
  return compiledModule(schPath(sch), keyOf(sch)).compiled;
}

/**
 * Which of GİB's `.sch` checks a file, from its GİB name (`VKN-YYYYMM-Y-000000.xml`,
 * `GIB-…-YB-…`): Y→yevmiye, K→kebir, YB/KB→berat, DR→rapor, E→envanter_defter,
 * EB→envanter_berat; otherwise from the root element (and `entriesType` for a defter).
 * @throws Error when neither tells
 */
export function gibSchematronFor(xmlFile: string): GibSch {
  const m = /-(YB|KB|EB|DR|Y|K|E)-\d{6}(?:-\d{4})?(?:\.xml)?$/i.exec(path.basename(xmlFile));
  if (m) {
    const k = m[1].toUpperCase();
    return ({ Y: 'yevmiye', K: 'kebir', YB: 'berat', KB: 'berat', DR: 'rapor', E: 'envanter_defter', EB: 'envanter_berat' } as const)[k as 'Y']!;
  }
  const fd = fs.openSync(xmlFile, 'r');
  const buf = Buffer.alloc(65536);
  const n = fs.readSync(fd, buf, 0, buf.length, 0);
  fs.closeSync(fd);
  const head = buf.toString('utf8', 0, n);
  const root = /<(?:([\w.-]+):)?(defterraporu|defter|berat)\b[^>]*>/.exec(head.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ''));
  if (root) {
    const prefix = root[1] ? `xmlns:${root[1]}` : 'xmlns';
    const uri = new RegExp(`${prefix}\\s*=\\s*["']([^"']*)["']`).exec(root[0])?.[1] ?? '';
    const envanter = /envanter/i.test(uri);
    if (root[2] === 'defterraporu') return 'rapor';
    if (root[2] === 'berat') return envanter ? 'envanter_berat' : 'berat';
    if (envanter) return 'envanter_defter';
    const et = /entriesType(?:\s[^>]*)?>\s*(\w+)\s*</.exec(head)?.[1];
    if (et === 'journal') return 'yevmiye';
    if (et === 'ledger') return 'kebir';
  }
  throw new Error(`${xmlFile}: GİB belge türü belirlenemedi / cannot tell the GİB document kind`);
}

/** Refuses a DOCTYPE in the first 64 KiB (house rule: no DTD processing, even in the oracle). */
function refuseDoctype(xmlFile: string): void {
  const fd = fs.openSync(xmlFile, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    if (/<!DOCTYPE/i.test(buf.toString('latin1', 0, n))) throw new Error(`${xmlFile}: DOCTYPE refused`);
  } finally {
    fs.closeSync(fd);
  }
}

/** The Saxon-HE jar (EDEFTER_SAXON_JAR or Debian's). */
export function saxonJar(): string {
  return process.env.EDEFTER_SAXON_JAR ?? '/usr/share/java/Saxon-HE.jar';
}

/** True when Java and Saxon-HE are installed. */
export function oracleAvailable(): boolean {
  return fs.existsSync(saxonJar()) && spawnOk(process.env.EDEFTER_JAVA ?? 'java');
}
function spawnOk(cmd: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((d) => fs.existsSync(path.join(d, cmd))) || fs.existsSync(cmd);
}

/** Runs Saxon's Transform with `args`; resolves with stdout, rejects with stderr on failure. */
function saxon(args: string[]): Promise<{ out: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const jvm = (process.env.EDEFTER_SAXON_JVM_OPTS ?? '-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss8m').split(/\s+/).filter(Boolean);
    const p = spawn(process.env.EDEFTER_JAVA ?? 'java', [...jvm, '-cp', saxonJar(), 'net.sf.saxon.Transform', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    p.stdout.on('data', (b: Buffer) => out.push(b));
    p.stderr.on('data', (b: Buffer) => err.push(b));
    p.on('error', reject);
    p.on('close', (code) => {
      const ms = performance.now() - t0;
      if (code === 0) resolve({ out: Buffer.concat(out).toString('utf8'), ms });
      else reject(new Error(`Saxon-HE exit ${code}: ${Buffer.concat(err).toString('utf8').slice(0, 4000)}`));
    });
  });
}

interface ParsedFile {
  href: string;
  sch: string;
  error?: string;
  failed: OracleFailure[];
}

/** Parses the driver's `<r><file><f/>…</file></r>` output. */
function parseOutput(xml: string): ParsedFile[] {
  const p = new SaxesParser({ xmlns: false });
  const files: ParsedFile[] = [];
  let cur: OracleFailure | null = null;
  let text = '';
  p.on('opentag', (t) => {
    const a = t.attributes as Record<string, string>;
    if (t.name === 'file') files.push({ href: a.href, sch: a.sch, ...(a.error ? { error: a.error } : {}), failed: [] });
    else if (t.name === 'f') {
      cur = {
        kind: a.k as OracleFailure['kind'],
        ...(a.r ? { ruleId: a.r } : {}),
        pattern: a.p,
        context: a.c,
        test: a.t.replace(/\s+/g, ' ').trim(),
        location: a.l,
        text: '',
        ...(a.i ? { id: a.i } : {}),
      };
      text = '';
    }
  });
  p.on('text', (s) => {
    if (cur) text += s;
  });
  p.on('closetag', (t) => {
    if (t.name === 'f' && cur) {
      cur.text = text.replace(/\s+/g, ' ').trim();
      files[files.length - 1].failed.push(cur);
      cur = null;
    }
  });
  p.on('error', (e) => {
    throw e;
  });
  p.write(xml).close();
  return files;
}

/**
 * Runs one of GİB's schematron files (key or `.sch` path) on one XML file, every rule.
 * @returns failed asserts / fired reports / erroring tests, and the JVM's wall time in ms
 * @throws Error when the file has a DOCTYPE, is not well-formed, or Java/Saxon fails
 */
export async function runGibSchematron(sch: GibSch | string, xmlFile: string): Promise<OracleResult> {
  const abs = path.resolve(xmlFile);
  refuseDoctype(abs);
  const m = compiledModule(schPath(sch), keyOf(sch));
  const driver = driverFor([{ key: m.compiled.key, path: m.path }]);
  const { out, ms } = await saxon([`-s:${abs}`, `-xsl:${driver}`, `sch=${m.compiled.key}`]);
  const [f] = parseOutput(out);
  if (!f) throw new Error(`Saxon-HE: no result for ${abs}`);
  return { failed: f.failed, ms };
}

/** One file of a batch; `sch` defaults to {@link gibSchematronFor}. */
export interface BatchItem {
  file: string;
  sch?: GibSch | string;
}

/** Result of one file of a batch. */
export interface BatchFileResult extends OracleResult {
  file: string;
  sch: string;
  /** Set when the file could not be read or checked (also listed in `failed` as kind `error`). */
  error?: string;
}

/** Result of {@link runGibSchematronBatch}. */
export interface BatchResult {
  files: BatchFileResult[];
  /** Total wall time of all JVM runs, ms. */
  ms: number;
  /** JVMs started (one per chunk). */
  jvms: number;
}

/**
 * Checks many files in few JVMs: files are grouped into chunks of at most `maxBytesPerJvm` bytes
 * of XML (default 256 MiB; a bigger file gets its own JVM), each chunk is one Saxon run over a
 * list file (`-it:main`). Mixed kinds are fine: the driver imports every schema the chunk needs.
 * @returns per-file results in input order, total ms and JVM count
 */
export async function runGibSchematronBatch(items: BatchItem[], o: { maxBytesPerJvm?: number } = {}): Promise<BatchResult> {
  const max = o.maxBytesPerJvm ?? 256 << 20;
  const prepared = items.map((it) => {
    const abs = path.resolve(it.file);
    refuseDoctype(abs);
    const sch = it.sch ?? gibSchematronFor(abs);
    const m = compiledModule(schPath(sch), keyOf(sch));
    return { abs, uri: pathToFileURL(abs).href, key: m.compiled.key, module: m.path, size: fs.statSync(abs).size };
  });
  const chunks: (typeof prepared)[] = [];
  let cur: typeof prepared = [];
  let bytes = 0;
  for (const p of prepared) {
    if (cur.length && bytes + p.size > max) {
      chunks.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(p);
    bytes += p.size;
  }
  if (cur.length) chunks.push(cur);
  const results: BatchFileResult[] = [];
  let total = 0;
  for (const [ci, chunk] of chunks.entries()) {
    const modules = [...new Map(chunk.map((c) => [c.key, { key: c.key, path: c.module }])).values()].sort((a, b) => a.key.localeCompare(b.key));
    const driver = driverFor(modules);
    const list = path.join(cacheDir(), `list-${process.pid}-${Date.now()}-${ci}.txt`);
    fs.writeFileSync(list, chunk.map((c) => `${c.key}\t${c.uri}`).join('\n') + '\n', { mode: 0o600 });
    try {
      const { out, ms } = await saxon(['-it:main', `-xsl:${driver}`, `list=${pathToFileURL(list).href}`]);
      total += ms;
      const parsed = parseOutput(out);
      if (parsed.length !== chunk.length) throw new Error(`Saxon-HE: ${parsed.length} results for ${chunk.length} files`);
      chunk.forEach((c, i) => {
        const f = parsed[i];
        // A file Saxon could not read or check counts as rejected: its error is also a failure.
        const failed = f.error ? [...f.failed, { kind: 'error' as const, pattern: '', context: '', test: '', location: '/', text: f.error }] : f.failed;
        results.push({ file: c.abs, sch: c.key, failed, ms: ms / chunk.length, ...(f.error ? { error: f.error } : {}) });
      });
    } finally {
      fs.rmSync(list, { force: true });
    }
  }
  return { files: results, ms: total, jvms: chunks.length };
}
