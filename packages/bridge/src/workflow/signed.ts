/**
 * Light, streaming-free reads of a GİB XML file's head and tail: the facts the workflow table
 * shows (kontrol numarası, period dates, title; first MiB only) and the top-level ds:SignatureValue
 * (from the file's end, xades/tail.ts), so it costs about the same for a 200 MB part as for a small one.
 */
import fs from 'node:fs/promises';
import { EdefterError } from '@edefter/protocol';
import { readSignatureValue } from '../xades/tail.ts';

const WINDOW = 1 << 20;

async function readSlice(file: string, fromEnd: boolean): Promise<string> {
  const fh = await fs.open(file, 'r');
  try {
    const { size } = await fh.stat();
    const len = Math.min(size, WINDOW);
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, fromEnd ? size - len : 0);
    return buf.toString('utf8');
  } finally {
    await fh.close();
  }
}

/** Facts from the documentInfo / entityInformation at the head of a defter, berat or DR. */
export interface HeadFacts {
  /** Root element local name: defter, berat, defterraporu. */
  root?: string;
  /** documentInfo/uniqueID (kontrol numarası). */
  controlNumber?: string;
  periodStart?: string;
  periodEnd?: string;
  /** Organization identifier described as "Kurum Unvanı" or "Adı Soyadı". */
  title?: string;
}

const decode = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();

/** Reads {@link HeadFacts} from the first MiB of `file` (undefined fields when not found). */
export async function readHeadFacts(file: string): Promise<HeadFacts> {
  const s = await readSlice(file, false);
  const root = /<edefter:(defter|berat|defterraporu)[\s>]/.exec(s)?.[1];
  const di = /<gl-cor:documentInfo>([\s\S]*?)<\/gl-cor:documentInfo>/.exec(s)?.[1] ?? '';
  const pick = (re: RegExp): string | undefined => {
    const m = re.exec(di);
    return m ? decode(m[1]) : undefined;
  };
  let title: string | undefined;
  const orgRe =
    /<gl-bus:organizationIdentifier>([^<]*)<\/gl-bus:organizationIdentifier>\s*<gl-bus:organizationDescription>([^<]*)<\/gl-bus:organizationDescription>/g;
  for (let m = orgRe.exec(s); m; m = orgRe.exec(s)) {
    const d = decode(m[2]);
    if (d === 'Kurum Unvanı' || d === 'Adı Soyadı') {
      title = decode(m[1]);
      break;
    }
  }
  return {
    root,
    controlNumber: pick(/<gl-cor:uniqueID[^>]*>([^<]*)</),
    periodStart: pick(/<gl-cor:periodCoveredStart[^>]*>([^<]*)</),
    periodEnd: pick(/<gl-cor:periodCoveredEnd[^>]*>([^<]*)</),
    title,
  };
}

/**
 * Base64 text (whitespace removed) of the top-level ds:SignatureValue: the one of the
 * `ds:Signature` that is the root's last child (spec §2.1), not a nested counter-signature's, nor a
 * berat's copied defter SignatureValue. Read from the file's end by the XAdES tail reader
 * (xades/tail.ts, one of the two SignatureValue readers; the other streams every value,
 * backup/signature-values.ts). Returns undefined for a file that is not a signed XML document.
 */
export async function readTopSignatureValue(file: string): Promise<string | undefined> {
  try {
    return (await readSignatureValue(file)).replace(/\s+/g, '') || undefined;
  } catch (e) {
    if (e instanceof EdefterError) return undefined;
    throw e;
  }
}
