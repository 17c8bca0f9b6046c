/**
 * Reads what the consent window shows about an e-Defter XML file straight from its bytes:
 * kind (from the root element and gl-cor:entriesType), VKN (xbrli:identifier), title
 * (gl-bus:organizationIdentifier whose organizationDescription is "Kurum Unvanı" / "Adı Soyadı"),
 * period (periodCoveredStart/End), kontrol numarası (documentInfo/uniqueID), part (from the
 * GİB file name `VKN-YYYYMM-TYPE-PPPPPP[-ŞŞŞŞ].xml`), size and SHA-256.
 *
 * Only the first {@link HEADER_SCAN_BYTES} are scanned: all these fields sit in the document
 * header, before the first entryHeader (GİB-TK §2.1, spec §1.4). No DOM, no entity expansion:
 * a DOCTYPE is only reported (the bridge refuses such files).
 */
import type { DocumentKind } from '@edefter/protocol';
import { sha256Hex } from '@edefter/protocol';

/** How much of the file is scanned for header fields (bytes). */
export const HEADER_SCAN_BYTES = 256 * 1024;

/** What the consent window shows about one document. */
export interface DocumentSummary {
  name: string;
  /** kind the page declared */
  declaredKind: DocumentKind;
  /** kind read from the XML, undefined if it could not be told */
  detectedKind?: DocumentKind;
  vkn?: string;
  title?: string;
  /** YYYY-MM-DD */
  periodStart?: string;
  /** YYYY-MM-DD */
  periodEnd?: string;
  /** kontrol numarası (documentInfo/uniqueID), e.g. YEV202401000001 */
  uniqueId?: string;
  /** 6-digit part from the file name, e.g. 000000 */
  part?: string;
  /** 4-digit şube code from the file name */
  branch?: string;
  /** bytes */
  size: number;
  /** lowercase hex */
  sha256: string;
  /** the file has a DOCTYPE (will be refused) */
  hasDoctype: boolean;
  /** the root already carries a ds:Signature (will be refused) */
  looksSigned: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five predefined XML entities and numeric character references. */
export function decodeXmlText(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
    if (e[0] !== '#') return ENTITIES[e];
    const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
  }).trim();
}

/** Text of the first element with this qualified name (any attributes), decoded. */
function firstText(xml: string, qname: string): string | undefined {
  const re = new RegExp(`<${qname.replace(/[.-]/g, '\\$&')}(?:\\s[^>]*)?>([^<]*)</${qname.replace(/[.-]/g, '\\$&')}>`);
  const m = re.exec(xml);
  return m ? decodeXmlText(m[1]) : undefined;
}

/** Company title: the organizationIdentifier described as "Kurum Unvanı" (VKN) or "Adı Soyadı" (TCKN). */
function findTitle(xml: string): string | undefined {
  const re = /<gl-bus:organizationIdentifiers(?:\s[^>]*)?>([\s\S]*?)<\/gl-bus:organizationIdentifiers>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const desc = firstText(m[1], 'gl-bus:organizationDescription');
    if (desc === 'Kurum Unvanı' || desc === 'Adı Soyadı') return firstText(m[1], 'gl-bus:organizationIdentifier');
  }
  return undefined;
}

/** Kind from the root element's local name and entriesType. */
export function detectKind(root: string | undefined, entriesType: string | undefined): DocumentKind | undefined {
  if (root === 'defterraporu') return 'defter-raporu';
  if (root === 'defter') return entriesType === 'journal' ? 'yevmiye' : entriesType === 'ledger' ? 'kebir' : undefined;
  if (root === 'berat') return entriesType === 'journal' ? 'yevmiye-berati' : entriesType === 'ledger' ? 'kebir-berati' : undefined;
  return undefined;
}

/** Part and branch from a GİB file name (`6090408038-202401-Y-000000[-0001].xml`). */
export function parseFileName(name: string): { part?: string; branch?: string } {
  const m = /^\d{10,11}-\d{6}-(?:Y|K|E|YB|KB|EB|DR)-(\d{6})(?:-(\d{4}))?\.(?:xml|zip)$/i.exec(name);
  return m ? { part: m[1], branch: m[2] } : {};
}

/**
 * Summarizes one document.
 * @param name file name the page gave
 * @param declaredKind kind the page declared
 * @param bytes the whole file (only the header is parsed; all of it is hashed)
 */
export async function summarizeDocument(name: string, declaredKind: DocumentKind, bytes: Uint8Array): Promise<DocumentSummary> {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, HEADER_SCAN_BYTES));
  const rootMatch = /<(?:[A-Za-z_][\w.-]*:)?(defter|berat|defterraporu)[\s>]/.exec(head.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ''));
  const root = rootMatch?.[1];
  const entriesType = firstText(head, 'gl-cor:entriesType');
  const identifier = firstText(head, 'xbrli:identifier');
  const tail = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(Math.max(0, bytes.length - 64 * 1024)));
  return {
    name,
    declaredKind,
    detectedKind: detectKind(root, entriesType),
    vkn: identifier && /^\d{10,11}$/.test(identifier) ? identifier : undefined,
    title: findTitle(head),
    periodStart: firstText(head, 'gl-cor:periodCoveredStart'),
    periodEnd: firstText(head, 'gl-cor:periodCoveredEnd'),
    uniqueId: /<gl-cor:documentInfo[\s>][\s\S]*?<gl-cor:uniqueID(?:\s[^>]*)?>([^<]*)</.exec(head)?.[1]?.trim(),
    ...parseFileName(name),
    size: bytes.length,
    sha256: await sha256Hex(bytes),
    hasDoctype: /<!DOCTYPE/i.test(head),
    looksSigned: /<\/ds:Signature>\s*<\/(?:[\w.-]+:)?(?:defter|defterraporu|berat)>\s*$/.test(tail),
  };
}
