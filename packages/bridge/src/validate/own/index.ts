/**
 * Layer (a): our own streaming checks of one e-Defter file (Y, K, YB, KB, DR) with precise
 * messages (file, madde, line, field). Memory stays flat at any size; the same pass produces the
 * {@link FileSummary} the cross-file checks and the berat builder use.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { FindingList, type Finding } from '../findings.ts';
import { kindFromName, unitTagOf } from '../gib-rules/index.ts';
import type { LexerHandler } from '../xml-lexer.ts';
import { XmlSyntaxError } from '../xml-wf.ts';
import { lexFile, type Utf8ErrorPlace } from '../xml-read.ts';
import { Collector, newSummary } from './collect.ts';
import type { FileSummary } from './records.ts';
import { docRules, kindOf, NAME_CODES, nameRules } from './rules-doc.ts';
import { EntryRules, type Expect } from './rules-entries.ts';

export type { FileSummary } from './records.ts';
export type { Expect } from './rules-entries.ts';

/** Options of {@link checkFile}. */
export interface CheckOptions {
  /** Require a ds:Signature (signed files). Default false. */
  requireSignature?: boolean;
  /** Continuity expectations from earlier parts / months. */
  expect?: Expect;
  /** Keep at most this many findings (default 500; counting continues). */
  maxFindings?: number;
  /** Reports bytes read. */
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  /** File name to judge instead of the path's (a temp file that will get this name). */
  name?: string;
  /** Also compute the SHA-256 of the file's bytes in the same read (see {@link CheckResult.sha256}). */
  sha256?: boolean;
}

/** Result of {@link checkFile}. */
export interface CheckResult {
  ok: boolean;
  findings: Finding[];
  findingCount: number;
  summary: FileSummary;
  /** SHA-256 (hex) of the bytes checked, when asked for with {@link CheckOptions.sha256} and the whole file was read. */
  sha256?: string;
}

/** Layer (a) on one document, fed by a lexer the caller runs (see {@link startCheck}). */
export interface FileCheck {
  /** The lexer handler (the Collector): feed it every token of the file. */
  readonly handler: LexerHandler;
  /** The summary filled so far (complete once the lexer ended). */
  readonly summary: FileSummary;
  /**
   * Ends the check. `error`: what reading or lexing threw — an XmlSyntaxError becomes NOT_XML or
   * DOCTYPE, a UTF-8 decoding TypeError becomes ENCODING; anything else is thrown again.
   */
  finish(error?: unknown): CheckResult;
}

/**
 * Starts a layer-(a) check of one file whose tokens the caller feeds (one read and one lex of a
 * file can feed several layers, see validate/one-pass.ts).
 * @param file path (shown in the summary); `size` its byte size
 */
export function startCheck(file: string, size: number, o: Omit<CheckOptions, 'onProgress' | 'sha256'> = {}): FileCheck {
  const name = o.name ?? path.basename(file);
  const s = newSummary(name, file, size);
  const out = new FindingList(name, 'a', o.maxFindings ?? 500);
  const rules = new EntryRules(s, out, o.expect);
  const handler = new Collector(s, out, rules);
  return {
    handler,
    summary: s,
    finish(error?: unknown): CheckResult {
      if (error !== undefined) {
        const e = error;
        if (e instanceof XmlSyntaxError) {
          out.add(e.code === 'DOCTYPE' ? 'DOCTYPE' : 'NOT_XML', `XML hatası: ${e.message}`, `XML error: ${e.message}`, {
            xmlLine: e.line,
            ...(e.column ? { column: e.column } : {}),
          });
        } else if (e instanceof TypeError && /encoded data|decode/i.test(e.message)) {
          // lexFile says where the first bad byte is (validate/xml-read.ts Utf8ErrorPlace)
          const at = e as TypeError & Partial<Utf8ErrorPlace>;
          const where = at.offset !== undefined ? [` (bayt konumu ${at.offset})`, ` (byte offset ${at.offset})`] : ['', ''];
          out.add('ENCODING', `dosya geçerli UTF-8 değil${where[0]}`, `the file is not valid UTF-8${where[1]}`, at.line ? { xmlLine: at.line } : {});
        } else {
          throw e;
        }
        s.kind ??= kindOf(s);
        return { ok: false, findings: out.items, findingCount: out.count, summary: s };
      }
      s.kind ??= kindOf(s);
      docRules(s, out, { requireSignature: o.requireSignature });
      return { ok: out.count === 0, findings: out.items, findingCount: out.count, summary: s };
    },
  };
}

/**
 * Streams one file through the layer-(a) rules.
 * Never throws for content problems: a malformed XML or a DOCTYPE becomes a finding.
 */
export async function checkFile(file: string, o: CheckOptions = {}): Promise<CheckResult> {
  const { size } = await stat(file);
  const check = startCheck(file, size, o);
  const hash = o.sha256 ? createHash('sha256') : null;
  try {
    await lexFile(file, check.handler, {
      // unit records (docs/validation-shapes.md): layer a decides a madde (a Kebir line) of a known shape from its values
      unitTag: unitTagOf(kindFromName(o.name ?? path.basename(file))),
      ...(hash
        ? {
            onChunk: (c: Buffer) => {
              hash.update(c);
            },
          }
        : {}),
      ...(o.onProgress ? { onProgress: (d: number) => o.onProgress!(d, size) } : {}),
    });
  } catch (e) {
    return check.finish(e);
  }
  o.onProgress?.(size, size);
  const r = check.finish();
  return hash ? { ...r, sha256: hash.digest('hex') } : r;
}

/** Re-judges the file-name rules of a result for a new name (e.g. part 000001 became 000000). */
export function recheckName(r: CheckResult, name: string): CheckResult {
  const out = new FindingList(name, 'a');
  for (const f of r.findings) if (!NAME_CODES.has(f.code)) out.items.push({ ...f, file: name });
  out.count = r.findingCount - r.findings.filter((f) => NAME_CODES.has(f.code)).length;
  const summary = { ...r.summary, file: name };
  nameRules(summary, out);
  return { ok: out.count === 0, findings: out.items, findingCount: out.count, summary };
}
