/**
 * Layer (b): GİB's XSD, checked by our own streaming validator (validate/xsd/), compiled at run
 * time from the configured GİB package's xsd folder. No system tool is needed (libxml2's
 * `xmllint` was used before; it stays the reference in test/validation/xsd-equivalence.test.ts).
 *
 * Signed files are validated with `edefter.xsd`; unsigned drafts with `edefter_unsigned.xsd`,
 * whose empty xs:choice (no HashValue / ds:Signature yet) reads as "nothing" (see
 * validate/xsd/stream.ts).
 */
import type { Finding } from './findings.ts';
import type { GibPackage } from './gib-package.ts';
import { validateXsdStreaming } from './xsd/stream.ts';

export { compileXsd, type CompileOptions } from './xsd/compile.ts';
export { createXsdValidator, type XsdValidator, type XsdValidatorOptions } from './xsd/validator.ts';
export { validateXsdStreaming, entrySchemaFor, type XsdStreamOptions, type XsdStreamResult } from './xsd/stream.ts';
export type { CompiledSchema } from './xsd/types.ts';

/** Options of {@link validateXsd}. */
export interface XsdOptions {
  /** Files that are unsigned drafts (validated with `edefter_unsigned.xsd`). */
  drafts?: Set<string>;
  /** Findings kept per file (default 500; the count goes on). */
  maxFindings?: number;
}

/**
 * Validates files against GİB's XSD, one streaming pass each (the schema compiles once per
 * process, ≈ 0.5 s).
 * @returns findings per file path (empty array = valid); a file that is not well-formed XML gets a NOT_XML finding
 * @throws EdefterError(INTERNAL) when GİB's schema cannot be compiled (a missing file or an unsupported construct, named)
 */
export async function validateXsd(files: string[], pkg: GibPackage, o: XsdOptions = {}): Promise<Map<string, Finding[]>> {
  const out = new Map<string, Finding[]>();
  for (const f of files) {
    const r = await validateXsdStreaming(f, pkg, { draft: o.drafts?.has(f) === true, maxFindings: o.maxFindings });
    out.set(f, r.findings);
  }
  return out;
}
