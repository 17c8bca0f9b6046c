/**
 * Layer (b) on one file: reads it through validate/xml-read.ts (64 KiB chunks, streaming UTF-8), tokenizes with
 * validate/xml-lexer.ts and feeds {@link createXsdValidator}. Memory stays flat at any file size.
 */
import path from 'node:path';
import type { Finding } from '../findings.ts';
import type { GibPackage } from '../gib-package.ts';
import { lexFile } from '../xml-read.ts';
import { compileXsd } from './compile.ts';
import { createXsdValidator } from './validator.ts';

/** Options of {@link validateXsdStreaming}. */
export interface XsdStreamOptions {
  /**
   * An unsigned draft: validated with `edefter.xsd` like a signed file, except that the root may
   * end before its signature part (see XsdValidatorOptions.draft). Default false.
   */
  draft?: boolean;
  /** Keep at most this many findings (default 500; counting continues). */
  maxFindings?: number;
  /** Name shown in findings (default: the path's base name). */
  name?: string;
}

/** Result of {@link validateXsdStreaming}. */
export interface XsdStreamResult {
  ok: boolean;
  findings: Finding[];
  /** Total problems (findings may be capped). */
  count: number;
}

/** The entry schema for a signed file or a draft. */
export function entrySchemaFor(gib: GibPackage, _draft: boolean): string {
  // Drafts too: GİB's edefter_unsigned.xsd has an empty xs:choice where the signature part goes,
  // so it refuses a draft berat that carries its defter's ds:SignatureValue; the signed schema with
  // the root's missing signature forgiven (XsdValidatorOptions.draft) judges what a draft really is.
  return gib.xsd;
}

/**
 * Layer b's finding for a file its read stopped on (not well-formed, not UTF-8): the error's message, and its line and
 * column when it has them (XmlSyntaxError; lexFile's TypeError for bad UTF-8 has a line).
 */
export function notXmlFinding(file: string, e: unknown): Finding {
  const { line, column } = e as { line?: number; column?: number };
  const msg = e instanceof Error ? e.message : String(e);
  return {
    layer: 'b',
    file,
    code: 'NOT_XML',
    tr: `XML hatalı: ${msg}`,
    en: `not well-formed XML: ${msg}`,
    ...(line ? { xmlLine: line } : {}),
    ...(line && column ? { column } : {}),
  };
}

/**
 * Validates one file against GİB's XSD without any external tool.
 * @throws EdefterError(INTERNAL) when GİB's schema cannot be compiled; a file that is not
 *   well-formed XML is a finding, not an error
 */
export async function validateXsdStreaming(file: string, gib: GibPackage, o: XsdStreamOptions = {}): Promise<XsdStreamResult> {
  const draft = o.draft === true;
  const schema = await compileXsd(entrySchemaFor(gib, draft));
  const name = o.name ?? path.basename(file);
  const v = createXsdValidator(schema, name, { maxFindings: o.maxFindings, draft });
  const extra: Finding[] = [];
  try {
    await lexFile(file, v.handler);
  } catch (e) {
    extra.push(notXmlFinding(name, e));
  }
  const findings = [...v.finish(), ...extra];
  const count = v.count + extra.length;
  return { ok: count === 0, findings, count };
}
