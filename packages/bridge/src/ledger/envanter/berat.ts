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
import { EdefterError, ErrorCode } from '@edefter/protocol';
import { readHead, rootStart } from '../berat.ts';
import { items } from '../xbrl-header.ts';
import { AtomicXmlFile, escText } from '../xml-out.ts';
import { readSignatureValue } from '../../xades/index.ts';
import { mib2 } from '../../validate/month-set.ts';
import { siblingName } from './names.ts';
import { ASSETS_CONTEXT } from './entry-xml.ts';

/** Options of {@link buildEnvanterBerat}. */
export interface EnvanterBeratOptions {
  /** Signed E part. */
  defter: string;
  /** Its entryHeader count. */
  entries: number;
  /** Output path; default: beside the E with the EB name. */
  output?: string;
  /** Segment uniqueID; default a fresh random UUID. */
  uuid?: string;
}

/** The written EB. */
export interface EnvanterBeratResult { path: string; name: string; bytes: number; uuid: string; signatureValue: string }

/**
 * Builds the EB of a signed E part.
 * @throws EdefterError(BAD_INPUT) when the E has no signature or no head
 */
export async function buildEnvanterBerat(o: EnvanterBeratOptions): Promise<EnvanterBeratResult> {
  const name = path.basename(o.defter);
  let signatureValue: string;
  try { signatureValue = (await readSignatureValue(o.defter)).replace(/\s+/g, ''); } catch {
    throw new EdefterError(ErrorCode.BadInput, `${name}: envanter defteri imzalanmamış; berat imzalı defterden oluşturulur`, `${name}: the envanter is not signed; the berat is built from the signed E`, { file: name });
  }
  const it = items(ASSETS_CONTEXT);
  const uuid = o.uuid ?? randomUUID();
  const bytesE = (await stat(o.defter)).size;
  const seg = it.count('gl-bus:numberOfEntries', o.entries) + '\n' + it.s('gl-cor:uniqueID', uuid) + '\n' + it.count('gl-bus:measurableQuantity', mib2(bytesE)) + '\n';
  const head = await readHead(o.defter);
  const xbrlAt = head.indexOf('<xbrli:xbrl');
  const idEnd = head.indexOf('</xbrli:identifier>', xbrlAt);
  if (xbrlAt < 0 || idEnd < 0) throw new EdefterError(ErrorCode.BadInput, `${name}: xbrli:xbrl / xbrli:identifier bulunamadı`, `${name}: no xbrli:xbrl / xbrli:identifier`);
  const cut = idEnd + '</xbrli:identifier>'.length;
  const body = head.slice(xbrlAt, cut) + `\n<xbrli:segment>\n${seg}</xbrli:segment>` + head.slice(cut);
  const out = o.output ?? path.join(path.dirname(o.defter), siblingName(name, 'EB'));
  const f = await AtomicXmlFile.create(out);
  try {
    await f.write('<?xml version="1.0" encoding="UTF-8"?>\n<?xml-stylesheet type="text/xsl" href="berat.xslt"?>\n');
    await f.write(rootStart('berat'));
    await f.write(body + '\n');
    await f.write(`</gl-cor:accountingEntries>\n</xbrli:xbrl>\n<ds:SignatureValue>${escText(signatureValue)}</ds:SignatureValue>\n</edefter:berat>`);
    const bytes = await f.commit();
    return { path: out, name: path.basename(out), bytes, uuid, signatureValue };
  } catch (e) { await f.abort(); throw e; }
}
