/**
 * Berat Oluştur (spec §1.5, GİB-TK §2.3, GİB-BK): the berat (YB/KB) of a SIGNED defter part.
 *  1. the defter's `xbrli:xbrl` head is copied as written (context, units, documentInfo,
 *     entityInformation), without any entryHeader;
 *  2. the context's entity gets an `xbrli:segment` with `gl-bus:numberOfEntries` (journal only),
 *     a fresh UUID `gl-cor:uniqueID` and `gl-bus:measurableQuantity` = defter size in MiB (2 decimals);
 *  3. one "vergi detayı" entryHeader (qualifierEntry standard) with 10 lines: 391, 191, 600, 601,
 *     602 × D and C with the part's movements, xbrlInclude period_change, lineNumber 1..10;
 *  4. the defter's `ds:SignatureValue` follows `xbrli:xbrl` as a sibling under `edefter:berat`
 *     (the XSD's place; the binding key between defter and berat).
 * The result is unsigned; the month flow signs it with the xades helper (SignatureValue/@Id).
 * What the berat carries from the defter (kind, madde count, size, vergi movements, SignatureValue)
 * comes in as {@link BeratSource}: flows/berat.ts reads it from the signed defter (layer-a check,
 * xades SignatureValue), so ledger/ writes only and imports neither validate/ nor xades/.
 */
import { randomUUID } from 'node:crypto';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { fail } from '@edefter/protocol';
import { DOC_KIND_FACTS, VERGI_ACCOUNTS, VERGI_ACCOUNT_NAMES, gibFileName, parseGibName, type MonthKind, type VergiSums } from '@edefter/domain';
import { formatAmount } from './amount.ts';
import { items, NS, type ContextId } from './xbrl-header.ts';
import { AtomicXmlFile, escText } from './xml-out.ts';
import { mib2 } from '@edefter/domain';

/** What a berat takes from its signed defter (a layer-(a) FileSummary fits, plus the SignatureValue). */
export interface BeratSource {
  /** the defter's kind (Y or K; anything else is refused) */
  kind: MonthKind | null;
  /** yevmiye maddeleri (entryHeader count) */
  headers: number;
  /** the signed defter's size in bytes */
  bytes: number;
  /** vergi detayı movements */
  vergi: VergiSums;
  signature: { present: boolean };
}

/** Options of {@link writeBeratOf}. */
export interface BeratOptions {
  /** Path of the signed Y or K part. */
  defter: string;
  /** Output path; default: the defter's folder with the YB/KB name. */
  output?: string;
  /** Segment uniqueID; default a fresh random UUID. */
  uuid?: string;
}

/** The written berat. */
export interface BeratResult {
  path: string;
  name: string;
  bytes: number;
  kind: 'YB' | 'KB';
  uuid: string;
  signatureValue: string;
}

/** Reads the defter's head up to and including `</gl-cor:entityInformation>` (≤ 4 MiB). */
async function readHead(file: string): Promise<string> {
  const fh = await open(file, 'r');
  try {
    let text = '';
    let pos = 0;
    const buf = Buffer.alloc(1 << 16);
    while (pos < 4 << 20) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (!bytesRead) break;
      pos += bytesRead;
      text += buf.toString('latin1', 0, bytesRead);
      const end = text.indexOf('</gl-cor:entityInformation>');
      if (end >= 0) return Buffer.from(text.slice(0, end + '</gl-cor:entityInformation>'.length), 'latin1').toString('utf8');
    }
  } finally {
    await fh.close();
  }
  throw fail('ledger.noEntityInformation', { file: path.basename(file) });
}

/**
 * Writes a berat (YB, KB or EB) atomically to `out`: the signed defter's `xbrli:xbrl` head as
 * written, with `xbrli:segment` holding `seg` inserted after `xbrli:identifier`, then `entries`
 * (the vergi detayı entryHeader, or '' for an EB), then the defter's `ds:SignatureValue` under
 * `edefter:berat`. The result is unsigned.
 * @returns bytes written
 * @throws EdefterError(BAD_INPUT) when the defter's head has no xbrli:xbrl / xbrli:identifier
 */
export async function writeBerat(defter: string, out: string, seg: string, entries: string, signatureValue: string): Promise<number> {
  const name = path.basename(defter);
  const head = await readHead(defter);
  const xbrlAt = head.indexOf('<xbrli:xbrl');
  const idEnd = head.indexOf('</xbrli:identifier>', xbrlAt);
  if (xbrlAt < 0 || idEnd < 0) throw fail('ledger.noXbrlIdentifier', { file: name });
  const cut = idEnd + '</xbrli:identifier>'.length;
  const body = head.slice(xbrlAt, cut) + `\n<xbrli:segment>\n${seg}</xbrli:segment>` + head.slice(cut);
  const f = await AtomicXmlFile.create(out);
  try {
    await f.write('<?xml version="1.0" encoding="UTF-8"?>\n<?xml-stylesheet type="text/xsl" href="berat.xslt"?>\n');
    await f.write(rootStart('berat'));
    await f.write(body + '\n');
    await f.write(entries);
    await f.write(`</gl-cor:accountingEntries>\n</xbrli:xbrl>\n<ds:SignatureValue>${escText(signatureValue)}</ds:SignatureValue>\n</edefter:berat>`);
    return await f.commit();
  } catch (e) {
    await f.abort();
    throw e;
  }
}

/** The vergi detayı entryHeader (spec §1.5 step 3). */
function vergiHeaderXml(ctx: ContextId, v: VergiSums): string {
  const it = items(ctx);
  let s = `<gl-cor:entryHeader>\n${it.s('gl-cor:qualifierEntry', 'standard')}\n`;
  let n = 1;
  for (const a of VERGI_ACCOUNTS) {
    for (const dc of ['D', 'C'] as const) {
      s +=
        '<gl-cor:entryDetail>\n' +
        it.s('gl-cor:lineNumber', String(n++)) +
        '\n' +
        `<gl-cor:account>\n${it.s('gl-cor:accountMainID', a)}\n${it.s('gl-cor:accountMainDescription', VERGI_ACCOUNT_NAMES[a])}\n</gl-cor:account>\n` +
        it.money('gl-cor:amount', formatAmount(v[a][dc])) +
        '\n' +
        it.s('gl-cor:debitCreditCode', dc) +
        '\n' +
        `<gl-cor:xbrlInfo>\n${it.s('gl-cor:xbrlInclude', 'period_change')}\n</gl-cor:xbrlInfo>\n` +
        '</gl-cor:entryDetail>\n';
    }
  }
  return s + '</gl-cor:entryHeader>\n';
}

/** Root start tag with GİB's fixed prefixes (sorted, canonical). */
function rootStart(root: 'berat' | 'defterraporu'): string {
  const p = ['ds', 'edefter', 'gl-bus', 'gl-cor', 'gl-muc', 'iso4217', 'iso639', 'link', 'xbrli', 'xlink', 'xsi'];
  return `<edefter:${root}${p.map((x) => ` xmlns:${x}="${NS[x as keyof typeof NS]}"`).join('')}>\n`;
}

/**
 * Writes the berat of a signed defter part from its facts (flows/berat.ts buildBerat reads them).
 * @param s the defter's facts
 * @param signatureValue the defter's top-level ds:SignatureValue (base64; white space is dropped)
 * @throws EdefterError BAD_INPUT when the defter is not a Y/K part or not signed
 */
export async function writeBeratOf(o: BeratOptions, s: BeratSource, signatureValueText: string): Promise<BeratResult> {
  const name = path.basename(o.defter);
  if (s.kind !== 'Y' && s.kind !== 'K') throw fail('ledger.beratKindNotYK', { file: name });
  if (!s.signature.present) throw fail('ledger.defterNotSigned', { file: name });
  const signatureValue = signatureValueText.replace(/\s+/g, '');
  const kind = s.kind === 'Y' ? 'YB' : 'KB';
  const ctx: ContextId = DOC_KIND_FACTS[kind].context;
  const it = items(ctx);
  const uuid = o.uuid ?? randomUUID();
  let seg = '';
  if (kind === 'YB') seg += it.count('gl-bus:numberOfEntries', s.headers) + '\n';
  seg += it.s('gl-cor:uniqueID', uuid) + '\n';
  seg += it.count('gl-bus:measurableQuantity', mib2(s.bytes)) + '\n';
  const p = parseGibName(name);
  const out =
    o.output ??
    path.join(
      path.dirname(o.defter),
      p ? gibFileName({ vkn: p.vkn, period: p.period, type: kind, part: p.part, branch: p.branch }) : name.replace(/-(Y|K)-/, `-${kind}-`),
    );
  const bytes = await writeBerat(o.defter, out, seg, vergiHeaderXml(ctx, s.vergi), signatureValue);
  return { path: out, name: path.basename(out), bytes, kind, uuid, signatureValue };
}
