/**
 * GİB's schematron rules, every assert of the six `.sch` files, in one streaming pass (issue 14):
 *
 *   const r = await checkGibRules(file, { gib });   // { ok, failures, count, ms, sch }
 *
 * The `.sch` files are read from the configured GİB package at run time ({@link compileGibRules},
 * cached per path and mtime) and compiled by our own XPath 2.0 subset compiler; an assert it cannot
 * handle is a compile error naming it. See compile.ts (what compiles to what) and runner.ts
 * (streaming: units, accumulators, probes).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseGibName, type DocKind } from '@edefter/domain';
import type { GibPackage } from '../gib-package.ts';
import type { LexerHandler } from '../xml-lexer.ts';
import { lexFile } from '../xml-read.ts';
import { cachedCompile, type CompiledRules } from './compile.ts';
import { RuleRun } from './runner.ts';
import type { CheckGibRulesOptions, CheckGibRulesResult, GibRuleKind, RuleSet } from './types.ts';

export type { CheckGibRulesOptions, CheckGibRulesResult, GibRuleKind, RuleFailure, RuleSet } from './types.ts';
export { RuleCompileError } from './compile.ts';

/** `.sch` file names by kind (scripts/gib-rules-table.ts lists every file's asserts). */
export const SCH_FILES: Record<GibRuleKind, string> = {
  yevmiye: 'edefter_yevmiye.sch',
  kebir: 'edefter_kebir.sch',
  berat: 'edefter_berat.sch',
  rapor: 'edefter_rapor.sch',
  envanter_defter: 'envanter_defter.sch',
  envanter_berat: 'envanter_berat.sch',
};

/** Path of a kind's `.sch` in a GİB package. */
function schFile(gib: GibPackage, kind: GibRuleKind): string {
  return path.join(gib.dir, 'sch', SCH_FILES[kind]);
}

const compiled = new WeakMap<RuleSet, CompiledRules>();

/**
 * Compiles one of GİB's `.sch` files (cached per path and modification time).
 * @throws RuleCompileError naming the first assert (`edefter_yevmiye:17`) the engine cannot compile
 */
export async function compileGibRules(schPath: string): Promise<RuleSet> {
  const abs = path.resolve(schPath);
  const { mtimeMs } = await stat(abs);
  const c = await cachedCompile(abs, mtimeMs);
  const rs: RuleSet = {
    file: abs,
    sch: c.sch.base,
    title: c.sch.title,
    count: c.count,
    rules: c.patterns
      .flatMap((p) =>
        p.rules.flatMap((r) =>
          r.asserts.map((a) => ({
            ruleId: a.ruleId,
            index: a.index,
            ...(p.id !== undefined ? { pattern: p.id } : {}),
            context: r.context,
            test: a.test,
            message: a.messageTemplate,
            report: a.report,
          })),
        ),
      )
      .sort((x, y) => x.index - y.index),
  };
  compiled.set(rs, c);
  return rs;
}

/**
 * The `.sch` that checks each document kind (the one mapping; one-pass.ts reads it for layer a's kind too):
 * Y→yevmiye, K→kebir, YB/KB→berat, DR→rapor, E→envanter_defter, EB→envanter_berat.
 */
const RULE_KIND_OF: Readonly<Record<DocKind, GibRuleKind>> = {
  Y: 'yevmiye',
  K: 'kebir',
  E: 'envanter_defter',
  YB: 'berat',
  KB: 'berat',
  EB: 'envanter_berat',
  DR: 'rapor',
};

/** Which `.sch` checks a document of `kind` (a GİB name's TYPE field; see {@link RULE_KIND_OF}). */
export function ruleKindOfDoc(kind: DocKind): GibRuleKind {
  return RULE_KIND_OF[kind];
}

/**
 * Which `.sch` checks a file, from its GİB `.xml` name (@edefter/domain parseGibName, also `GIB-…`
 * approved berats; a path is read by its base name); null when it is not such a name.
 */
export function kindFromName(name: string): GibRuleKind | null {
  const n = parseGibName(name);
  return n && n.ext === '.xml' ? RULE_KIND_OF[n.type] : null;
}

/** Kind from the root element and entriesType (first 64 KiB), when the name does not tell. */
async function kindFromContent(file: string): Promise<GibRuleKind | null> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of createReadStream(file, { start: 0, end: 65535 })) {
    chunks.push(c as Buffer);
    n += (c as Buffer).length;
  }
  const head = Buffer.concat(chunks, n).toString('utf8');
  const root = /<([A-Za-z_][\w.-]*:)?(defter|berat|defterraporu)[\s>]/.exec(head);
  const et = /<(?:[\w.-]+:)?entriesType[^>]*>\s*([^<\s]+)/.exec(head)?.[1];
  if (!root) return null;
  if (root[2] === 'defterraporu') return 'rapor';
  if (et === 'assets') return root[2] === 'berat' ? 'envanter_berat' : 'envanter_defter';
  if (root[2] === 'berat') return 'berat';
  return et === 'ledger' ? 'kebir' : 'yevmiye';
}

/**
 * The element whose subtrees the lexer hands over as unit records for the rules of `kind` (docs/validation-shapes.md):
 * a Kebir madde is one account with all its lines, so there the line repeats; elsewhere the madde. As GİB's files write
 * it (another prefix only means no records).
 */
export function unitTagOf(kind: GibRuleKind | null): string {
  return kind === 'kebir' ? 'gl-cor:entryDetail' : 'gl-cor:entryHeader';
}

/** Layer (c) on one document, fed by a lexer the caller runs (see {@link startGibRules}). */
export interface GibRulesRun {
  /** The lexer handler: feed it every token of the file. */
  readonly handler: LexerHandler;
  /** The `.sch` base name used. */
  readonly sch: string;
  /**
   * Ends the run: evaluates the retained tree and the pending probes. `error`: what reading or
   * lexing threw (the file is not well-formed XML) — one `error` failure (`<sch>:xml`).
   */
  finish(error?: unknown): CheckGibRulesResult;
}

/**
 * Compiles the kind's `.sch` (cached) and starts a run whose tokens the caller feeds (one read and
 * one lex of a file can feed several layers, see validate/one-pass.ts). `ignore` is consulted for
 * every failure as it is found, so it may read state the caller settles before {@link GibRulesRun.finish}.
 * @throws RuleCompileError when the `.sch` has an assert the engine cannot compile
 */
export async function startGibRules(kind: GibRuleKind, o: Omit<CheckGibRulesOptions, 'kind' | 'onProgress'> & { name: string }): Promise<GibRulesRun> {
  const t0 = Date.now();
  const rs = await compileGibRules(schFile(o.gib, kind));
  const c = compiled.get(rs)!;
  const name = o.name;
  const run = new RuleRun(c, { file: name, baseUri: name, maxFindings: o.maxFindings ?? 1000, ignore: o.ignore });
  return {
    sch: c.sch.base,
    handler: {
      start: (q, a, s, line, col) => run.start(q, a, s, line, col),
      end: () => run.end(),
      text: (t) => run.text(t),
      takeUnit: (rec) => run.takeUnit(rec),
    },
    finish(error?: unknown): CheckGibRulesResult {
      if (error !== undefined) {
        const msg = (error as Error).message;
        const line = (error as { line?: number }).line ?? 0;
        const column = line ? ((error as { column?: number }).column ?? 0) : 0;
        return {
          ok: false,
          count: 1,
          ms: Date.now() - t0,
          sch: c.sch.base,
          failures: [
            {
              ruleId: `${c.sch.base}:xml`,
              sch: c.sch.base,
              index: 0,
              kind: 'error',
              context: '/',
              test: '',
              tr: `XML okunamadı: ${msg}`,
              file: name,
              xmlLine: line,
              column,
              location: '/',
              error: msg,
            },
          ],
        };
      }
      run.finish();
      return { ok: run.count === 0, failures: run.failures, count: run.count, ms: Date.now() - t0, sch: c.sch.base };
    },
  };
}

/**
 * Checks one file against every assert of its GİB `.sch`, streaming (memory flat in the number of
 * entries). A file that is not well-formed XML gives one `error` failure (`xml`); layer a reports
 * the details.
 * @throws RuleCompileError when the `.sch` has an assert the engine cannot compile
 * @throws StreamingUnsupported when an expression needs data the streaming pass cannot keep (names the rule)
 */
export async function checkGibRules(file: string, o: CheckGibRulesOptions): Promise<CheckGibRulesResult> {
  const name = o.name ?? path.basename(file);
  const kind = o.kind ?? kindFromName(name) ?? (await kindFromContent(file));
  if (!kind) throw new Error(`${name}: belge türü bilinmiyor (unknown document kind)`);
  const run = await startGibRules(kind, { ...o, name });
  const { size } = await stat(file);
  try {
    // maddeler (Kebir lines) as unit records: the runner builds each from what its shape decided (validate/unit-record.ts)
    await lexFile(file, run.handler, {
      unitTag: unitTagOf(kind),
      ...(o.onProgress ? { onProgress: (d: number) => o.onProgress!(d, size) } : {}),
    });
  } catch (e) {
    // Whatever stopped the pass (as before: also an error of the engine) is the one `xml` failure.
    return run.finish(e);
  }
  const r = run.finish();
  o.onProgress?.(size, size);
  return r;
}
