/**
 * One read and one lex of a file feed the three validation layers at once (issue 14 item 4): the
 * lexer's tokens go through a {@link TeeHandler} to layer a's Collector (validate/own), the XSD
 * validator (validate/xsd) and the GİB rule engine's runner (validate/gib-rules). The layers are
 * still reported separately, with the same findings as when each read the file on its own:
 *
 *  - layers b and c need to know before the pass whether the file is an unsigned draft (the XSD
 *    forgives a draft's missing signature part, the rules skip the ds:Signature assert), and layer c
 *    which `.sch` checks it. Both are guessed
 *    before the pass (the file name; a `<ds:Signature` in the file's last 64 KiB) and checked after
 *    it against what layer a saw; when a guess was wrong that layer reads the file again on its own;
 *  - a branch that throws stops alone (the tee isolates it) and is judged as its own pass would have
 *    been: layer a rethrows what is not an XML / UTF-8 problem, layer b makes it a NOT_XML finding,
 *    layer c its one `xml` failure.
 */
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from './findings.ts';
import type { GibPackage } from './gib-package.ts';
import { ruleFinding } from './gib-rules/findings.ts';
import { checkGibRules, kindFromName, ruleKindOfDoc, startGibRules, unitTagOf, type GibRulesRun } from './gib-rules/index.ts';
import type { GibRuleKind, RuleFailure } from './gib-rules/types.ts';
import { startCheck, type CheckResult, type Expect, type FileSummary } from './own/index.ts';
import { TeeHandler } from './tee.ts';
import type { LexerHandler } from './xml-lexer.ts';
import { lexFile } from './xml-read.ts';
import { compileXsd } from './xsd/compile.ts';
import { entrySchemaFor, notXmlFinding, validateXsdStreaming } from './xsd/stream.ts';
import { createXsdValidator, type XsdValidator } from './xsd/validator.ts';

/** Layer codes of a file that is not XML: layers b and c do not run on it. */
const NOT_XML_CODES: ReadonlySet<string> = new Set(['NOT_XML', 'DOCTYPE', 'ENCODING']);

/** Which GİB `.sch` checks a file: from its GİB name as GİB does, else from the content layer a saw. */
function ruleKindFor(file: string, s: FileSummary): GibRuleKind | null {
  const byName = kindFromName(file);
  if (byName) return byName;
  // Envanter Defteri and its berat (entriesType assets): GİB's envanter_defter.sch / envanter_berat.sch.
  if ((s.documentInfo['gl-cor:entriesType'] ?? '').trim() === 'assets' && (s.root === 'defter' || s.root === 'berat')) {
    return ruleKindOfDoc(s.root === 'berat' ? 'EB' : 'E');
  }
  // Layer a's kind is a month kind (Y, K, YB, KB, DR) or null: then the root alone tells.
  if (s.kind) return ruleKindOfDoc(s.kind);
  return s.root === 'berat' ? 'berat' : s.root === 'defterraporu' ? 'rapor' : s.root === 'defter' ? 'yevmiye' : null;
}

/** True when the file's last 64 KiB hold a `<ds:Signature` start tag (a guess, checked after the pass). */
async function tailHasSignature(file: string, size: number): Promise<boolean> {
  const n = Math.min(size, 1 << 16);
  if (n <= 0) return false;
  const fh = await open(file, 'r');
  try {
    const b = Buffer.alloc(n);
    await fh.read(b, 0, n, size - n);
    return /<ds:Signature[\s>]/.test(b.toString('latin1'));
  } finally {
    await fh.close();
  }
}

/** Options of {@link validateOnePass}. */
export interface OnePassOptions {
  /** GİB package for layers b and c; without it they do not run. */
  gib?: GibPackage | null;
  /** Run layer b / c (layer a always runs, unless {@link checked} is given). */
  b: boolean;
  c: boolean;
  /** true: signed files are required (never drafts); otherwise an unsigned file is a draft. */
  requireSignature?: boolean | 'auto';
  /** Layer a: continuity expectations. */
  expect?: Expect;
  /** Layer a's result computed earlier: layer a does not run again, its summary answers the guesses. */
  checked?: CheckResult;
  /** Layer c: failures kept (default 200; the count goes on). */
  maxFindings?: number;
  /** Bytes read by the shared pass (layer: the first the pass feeds), then layer c's re-read if any. */
  onProgress?: (layer: 'a' | 'b' | 'c', bytesDone: number, bytesTotal: number) => void;
  /**
   * File name to judge instead of the path's (a temp file that will get this name: layer a's name
   * rules, the XSD's messages and the rules' `base-uri()` see it).
   */
  name?: string;
  /** Also digest the file's bytes in the same read ({@link OnePassResult.sha256}; layer a must run). */
  sha256?: boolean;
}

/** Outcome of layer b or c in {@link validateOnePass} (null: it did not run). */
interface OnePassLayer {
  findings: Finding[];
  count: number;
  ms: number;
  draft: boolean;
}

/** Result of {@link validateOnePass}. */
export interface OnePassResult {
  a: CheckResult;
  aMs: number;
  /** null when not asked for, without a GİB package, or on a file that is not XML. */
  b: OnePassLayer | null;
  /** As b; also null when the document kind is unknown ({@link cKind} null). */
  c: OnePassLayer | null;
  cKind: GibRuleKind | null;
  /** The file is well-formed (layer a has no NOT_XML / DOCTYPE / ENCODING finding). */
  wellFormed: boolean;
  /** SHA-256 (hex) of the file's bytes, when asked for ({@link OnePassOptions.sha256}) and the whole file was read. */
  sha256?: string;
}

/**
 * Validates one file with one read: layer a, and layers b and c when asked for and a GİB package
 * is given (see the module comment for what is guessed and re-read).
 * @throws what layer a rethrows (I/O errors), EdefterError(INTERNAL) when GİB's XSD cannot be compiled,
 *   RuleCompileError / StreamingUnsupported from the rule engine (as gibRuleFindings)
 */
export async function validateOnePass(file: string, o: OnePassOptions): Promise<OnePassResult> {
  const t0 = Date.now();
  const name = o.name ?? path.basename(file);
  const { size } = await stat(file);
  const gib = o.gib ?? null;
  const wantB = o.b && gib !== null;
  const wantC = o.c && gib !== null;
  const check = o.checked ? null : startCheck(file, size, { requireSignature: o.requireSignature === true, expect: o.expect, name });

  // Guesses, checked after the pass.
  const signedGuess = o.checked ? o.checked.summary.signature.present : (wantB || wantC) && (await tailHasSignature(file, size));
  const draftGuess = !signedGuess && o.requireSignature !== true;
  const kindOfFile = o.checked ? ruleKindFor(name, o.checked.summary) : kindFromName(name);
  const kindGuess = wantC ? kindOfFile : null;

  let xsd: XsdValidator | null = null;
  if (wantB) {
    // Drafts use edefter.xsd too, only the root's missing signature part forgiven (XsdValidatorOptions.draft).
    const schema = await compileXsd(entrySchemaFor(gib!, draftGuess));
    xsd = createXsdValidator(schema, name, { draft: draftGuess });
  }
  let rules: GibRulesRun | null = null;
  const ignoreSig = (f: RuleFailure) => f.test === 'ds:Signature';
  if (kindGuess) {
    rules = await startGibRules(kindGuess, { gib: gib!, name, maxFindings: o.maxFindings ?? 200, ...(draftGuess ? { ignore: ignoreSig } : {}) });
  }

  const branches: LexerHandler[] = [];
  if (check) branches.push(check.handler);
  if (xsd) branches.push(xsd.handler);
  if (rules) branches.push(rules.handler);
  const tee = new TeeHandler(branches);
  const first: 'a' | 'b' | 'c' = check ? 'a' : xsd ? 'b' : 'c';
  let err: unknown;
  const hash = o.sha256 && check ? createHash('sha256') : null;
  if (branches.length) {
    try {
      await lexFile(file, branches.length === 1 ? branches[0] : tee, {
        // a Kebir's unit is its line with or without layer c: a whole account would be too long a unit for a and b
        unitTag: unitTagOf(kindOfFile),
        ...(hash ? { onChunk: (c: Buffer) => void hash.update(c) } : {}),
        ...(o.onProgress ? { onProgress: (d: number) => o.onProgress!(first, d, size) } : {}),
      });
    } catch (e) {
      err = e;
    }
    if (err === undefined) o.onProgress?.(first, size, size);
  }
  // A branch's own error, else what stopped the pass (a single branch runs without the tee).
  const errOf = (h: LexerHandler): unknown => tee.errorOf(h) ?? err;
  const passMs = Date.now() - t0;

  const a = o.checked ?? check!.finish(errOf(check!.handler));
  const wellFormed = !a.findings.some((x) => NOT_XML_CODES.has(x.code));
  const res: OnePassResult = { a, aMs: passMs, b: null, c: null, cKind: null, wellFormed };
  if (hash && err === undefined) res.sha256 = hash.digest('hex');
  if (!wellFormed) return res;
  const draft = !a.summary.signature.present && o.requireSignature !== true;

  if (wantB) {
    if (draft === draftGuess) {
      const e = errOf(xsd!.handler);
      const findings = [...xsd!.finish()];
      let count = xsd!.count;
      if (e !== undefined) {
        findings.push(notXmlFinding(name, e));
        count++;
      }
      res.b = { findings, count, ms: passMs, draft };
    } else {
      const t1 = Date.now();
      const r = await validateXsdStreaming(file, gib!, { draft, name });
      res.b = { findings: r.findings, count: r.count, ms: Date.now() - t1, draft };
    }
  }

  if (wantC) {
    const kind = ruleKindFor(name, a.summary);
    res.cKind = kind;
    if (kind) {
      if (rules && kind === kindGuess && draft === draftGuess) {
        const r = rules.finish(errOf(rules.handler));
        res.c = { findings: r.failures.map(ruleFinding), count: r.count, ms: Date.now() - t0, draft };
      } else {
        const r = await checkGibRules(file, {
          gib: gib!,
          kind,
          name,
          maxFindings: o.maxFindings ?? 200,
          ...(draft ? { ignore: ignoreSig } : {}),
          ...(o.onProgress ? { onProgress: (d: number, t: number) => o.onProgress!('c', d, t) } : {}),
        });
        res.c = { findings: r.failures.map(ruleFinding), count: r.count, ms: r.ms, draft };
      }
    }
  }
  return res;
}
