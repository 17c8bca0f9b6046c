/**
 * Envanter beratı (EB) of a SIGNED E part (GİB-EK, envanter_berat.sch; built like the YB of
 * ledger/berat.ts): the E's `xbrli:xbrl` head as written (context, units, documentInfo,
 * entityInformation) with an `xbrli:segment` in the entity holding `gl-bus:numberOfEntries` (the
 * E part's entryHeader count), a fresh UUID `gl-cor:uniqueID` and `gl-bus:measurableQuantity` = the
 * E's size in MiB (2 decimals); NO entryHeader at all (an EB has no vergi detayı); the E's
 * `ds:SignatureValue` follows `xbrli:xbrl` under `edefter:berat`. The result is unsigned.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fail } from '@edefter/protocol';
import { writeBerat } from '../berat.ts';
import { items } from '../xbrl-header.ts';
import { mib2 } from '@edefter/domain';
import { siblingName } from './names.ts';
import { ASSETS_CONTEXT } from './entry-xml.ts';

/** Options of {@link buildEnvanterBerat}. */
export interface EnvanterBeratOptions {
  /** Signed E part. */
  defter: string;
  /** Its entryHeader count. */
  entries: number;
  /** Its top-level ds:SignatureValue (base64; the caller reads it, e.g. with xades readSignatureValue), undefined when unsigned. */
  signatureValue: string | undefined;
  /** Output path; default: beside the E with the EB name. */
  output?: string;
  /** Segment uniqueID; default a fresh random UUID. */
  uuid?: string;
}

/** The written EB. */
export interface EnvanterBeratResult {
  path: string;
  name: string;
  bytes: number;
  uuid: string;
  signatureValue: string;
}

/**
 * Builds the EB of a signed E part.
 * @throws EdefterError(BAD_INPUT) when the E has no signature or no head
 */
export async function buildEnvanterBerat(o: EnvanterBeratOptions): Promise<EnvanterBeratResult> {
  const name = path.basename(o.defter);
  if (!o.signatureValue) throw fail('ledger.envanterNotSigned', { file: name });
  const signatureValue = o.signatureValue.replace(/\s+/g, '');
  const it = items(ASSETS_CONTEXT);
  const uuid = o.uuid ?? randomUUID();
  const bytesE = (await stat(o.defter)).size;
  const seg =
    it.count('gl-bus:numberOfEntries', o.entries) + '\n' + it.s('gl-cor:uniqueID', uuid) + '\n' + it.count('gl-bus:measurableQuantity', mib2(bytesE)) + '\n';
  const out = o.output ?? path.join(path.dirname(o.defter), siblingName(name, 'EB'));
  const bytes = await writeBerat(o.defter, out, seg, '', signatureValue);
  return { path: out, name: path.basename(out), bytes, uuid, signatureValue };
}
