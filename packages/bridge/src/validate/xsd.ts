/**
 * Layer (b): GİB's XSD, checked by our own streaming validator (validate/xsd/), compiled at run
 * time from the configured GİB package's xsd folder. No system tool is needed (libxml2's
 * `xmllint` was used before; it stays the reference in test/validation/xsd-equivalence.test.ts).
 *
 * Every file is validated with `edefter.xsd`; an unsigned draft may end its root before the
 * signature part (the one difference, as the xmllint reference treats drafts; see
 * validate/xsd/stream.ts). `edefter_unsigned.xsd` is not used: its empty xs:choice refuses a draft
 * berat that already carries its defter's ds:SignatureValue.
 */
import type { Finding } from './findings.ts';
import type { GibPackage } from './gib-package.ts';
import { validateXsdStreaming } from './xsd/stream.ts';

/** Options of {@link validateXsd}. */
export interface XsdOptions {
  /** Files that are unsigned drafts (the root may lack its signature part). */
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
