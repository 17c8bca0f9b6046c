/**
 * The defter ↔ berat binding (spec §1.5 step 4, GİB-TK §2.3): a berat carries, as a sibling after
 * `xbrli:xbrl` directly under `edefter:berat`, the `ds:SignatureValue` of its signed defter.
 */
import { beratBindingFindings } from '../validate/month-set.ts';
import type { FileSummary } from '../validate/own/index.ts';
import { readSignatureValues } from '../xades/signature-values.ts';

/**
 * Base64 text (whitespace removed) of the defter SignatureValue copied into a berat: the
 * `ds:SignatureValue` child of `edefter:berat` (before the berat's own `ds:Signature`), read by the streaming
 * SignatureValue reader (xades/signature-values.ts; berats are small). Returns undefined when absent.
 * @throws EdefterError when the berat is not XML or has a DOCTYPE
 */
export async function readBeratDefterSignatureValue(file: string): Promise<string | undefined> {
  return (await readSignatureValues(file)).referencedSignatureValue;
}

/**
 * The full defter ↔ berat binding check before a GİB upload, on parsed facts only (no regex over
 * raw text): the berat's top-level ds:SignatureValue (layer-(a) parse: the child of
 * `edefter:berat`, not the berat's own signature) equals the defter's SignatureValue as the XAdES
 * verifier read it from the verified signature, and GİB's recipe holds (numberOfEntries,
 * measurableQuantity = defter size in MiB, uniqueID, periods, entriesType, VKN, vergi detayı;
 * validate/month-set.ts {@link beratBindingFindings}).
 * @param berat layer-(a) summary of the berat (YB/KB)
 * @param defter layer-(a) summary of the defter of the same part (Y/K)
 * @param defterSignatureValue base64 SignatureValue of the defter's verified XAdES signature
 * @returns problems, each "Turkish / English"; empty when the berat belongs to this defter
 */
export function beratBindingProblems(berat: FileSummary, defter: FileSummary, defterSignatureValue: string): string[] {
  const want = defterSignatureValue.replace(/\s+/g, '');
  if (!want) return [`${defter.file} imzasız / ${defter.file} is not signed`];
  // the verified value, not what the defter's text says elsewhere
  const d: FileSummary = { ...defter, signature: { ...defter.signature, value: want } };
  return beratBindingFindings(berat, d).map((f) => `${f.file}: ${f.tr} / ${f.en}`);
}
