/**
 * Berat Oluştur as a flow step (spec §1.5): check the signed defter part (layer a, validate/own),
 * read its top-level ds:SignatureValue (xades), then let ledger/berat.ts write the YB/KB from those
 * facts. ledger/ only writes; this is where the reading and checking happen.
 */
import path from 'node:path';
import { fail } from '@edefter/protocol';
import { writeBeratOf, type BeratOptions, type BeratResult } from '../ledger/berat.ts';
import { checkFile, type FileSummary } from '../validate/own/index.ts';
import { readSignatureValue } from '../xades/index.ts';

/** Options of {@link buildBerat}: the writer's, plus the defter's summary when the caller has it. */
export interface BuildBeratOptions extends BeratOptions {
  /** Layer-(a) summary of the signed defter when the caller already has it (skips a pass). */
  summary?: FileSummary;
}

/**
 * Builds the (unsigned) berat of a signed defter part.
 * @throws EdefterError VALIDATION_FAILED (ledger.beratFromInvalidDefter) when the defter fails layer (a),
 *   BAD_INPUT when it is not a signed Y/K part
 */
export async function buildBerat(o: BuildBeratOptions): Promise<BeratResult> {
  const { summary, ...opts } = o;
  let s = summary;
  if (!s) {
    const r = await checkFile(o.defter, { requireSignature: true });
    if (!r.ok) {
      throw fail('ledger.beratFromInvalidDefter', {
        file: path.basename(o.defter),
        count: r.findingCount,
        ...(r.findings[0] ? { first: { tr: r.findings[0].tr, en: r.findings[0].en } } : {}),
      });
    }
    s = r.summary;
  }
  const signatureValue = s.signature.present ? await readSignatureValue(o.defter) : '';
  return writeBeratOf(opts, s, signatureValue);
}
