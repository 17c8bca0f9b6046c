/**
 * Layer (a): our own streaming checks of one e-Defter file (Y, K, YB, KB, DR) with precise
 * messages (file, madde, line, field). Memory stays flat at any size; the same pass produces the
 * {@link FileSummary} the cross-file checks and the berat builder use.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { FindingList, type Finding } from '../findings.ts';
import { XmlLexer, XmlSyntaxError } from '../xml-lexer.ts';
import { Collector, newSummary } from './collect.ts';
import type { FileSummary } from './records.ts';
import { docRules, kindOf, NAME_CODES, nameRules } from './rules-doc.ts';
import { EntryRules, type Expect } from './rules-entries.ts';

export type { FileSummary, AccountMove } from './records.ts';
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
  ok: boolean; findings: Finding[]; findingCount: number; summary: FileSummary;
  /** SHA-256 (hex) of the bytes checked, when asked for with {@link CheckOptions.sha256} and the whole file was read. */
  sha256?: string;
}

/**
 * Streams one file through the layer-(a) rules.
 * Never throws for content problems: a malformed XML or a DOCTYPE becomes a finding.
 */
export async function checkFile(file: string, o: CheckOptions = {}): Promise<CheckResult> {
  const name = o.name ?? path.basename(file);
  const { size } = await stat(file);
  const s = newSummary(name, file, size);
  const out = new FindingList(name, 'a', o.maxFindings ?? 500);
  const rules = new EntryRules(s, out, o.expect);
  const lexer = new XmlLexer(new Collector(s, out, rules));
  const dec = new TextDecoder('utf-8', { fatal: true });
  const hash = o.sha256 ? createHash('sha256') : null;
  let done = 0;
  let lastReport = 0;
  try {
    // Each piece handed to the lexer ends right before a '<' (an ASCII byte, never inside a UTF-8
    // sequence); the bytes from that '<' on wait for the next chunk. The lexer then never has to
    // join a held-back tail to the next text (see XmlLexer.push).
    let carry: Buffer | null = null;
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      hash?.update(chunk as Buffer);
      const b: Buffer = carry ? Buffer.concat([carry, chunk as Buffer]) : chunk as Buffer;
      const cut = b.lastIndexOf(0x3c);
      if (cut > 0) {
        lexer.push(dec.decode(b.subarray(0, cut), { stream: true }), true);
        carry = b.subarray(cut);
      } else if (b.length < 4 << 20) {
        carry = b;
      } else {
        lexer.push(dec.decode(b, { stream: true }));
        carry = null;
      }
      done += (chunk as Buffer).length;
      if (o.onProgress && done - lastReport >= 16 << 20) { lastReport = done; o.onProgress(done, size); }
    }
    if (carry) lexer.push(dec.decode(carry, { stream: true }));
    lexer.push(dec.decode());
    lexer.end();
  } catch (e) {
    if (e instanceof XmlSyntaxError) out.add(e.code === 'DOCTYPE' ? 'DOCTYPE' : 'NOT_XML', `XML hatası: ${e.message}`, `XML error: ${e.message}`, { xmlLine: e.line });
    else if (e instanceof TypeError && /encoded data|decode/i.test(e.message)) out.add('ENCODING', 'dosya geçerli UTF-8 değil', 'the file is not valid UTF-8');
    else throw e;
    s.kind ??= kindOf(s);
    return { ok: false, findings: out.items, findingCount: out.count, summary: s };
  }
  o.onProgress?.(size, size);
  s.kind ??= kindOf(s);
  docRules(s, out, { requireSignature: o.requireSignature });
  return { ok: out.count === 0, findings: out.items, findingCount: out.count, summary: s, ...(hash ? { sha256: hash.digest('hex') } : {}) };
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
