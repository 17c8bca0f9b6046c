/**
 * What a built defter file really holds, read back from the file (streamed through saxes, no DTD): madde
 * and line counts, the main accounts used with a sub-account, the widest madde, the element names present,
 * the şube, the numbering range and whether a signature carries a zaman damgası. `edefter uyumluluk`
 * checks each scenario's constraints on these figures, never on what it meant to write.
 */
import { createReadStream } from 'node:fs';
import { SaxesParser, type SaxesTag } from 'saxes';
import { fail } from '@edefter/protocol';

/** Figures of one e-Defter XML file. */
export interface DefterFigures {
  /** entryHeader count. */
  maddeler: number;
  /** entryDetail count. */
  satirlar: number;
  /** Main account codes used on a line with a sub-account. */
  mainWithSub: Set<string>;
  /** Most distinct main accounts in one madde. */
  widestMadde: number;
  /** Maddeler with more than 4 main accounts. */
  wideMaddeler: number;
  /** Qualified element names present (`gl-muc:amountOriginalAmount`, `defterek:binaryObject`, …) with counts. */
  elements: Map<string, number>;
  /** `Şube No` organizationIdentifier, if any. */
  branch?: string;
  periodStart?: string;
  periodEnd?: string;
  firstEntryCounter?: number;
  lastEntryCounter?: number;
  firstLine?: number;
  lastLine?: number;
  /** Distinct main accounts of each madde, sorted and joined with `+` (in file order). */
  maddeMains: string[];
  /** Maddeler with more than 2 distinct sub-accounts. */
  maddelerOver2Subs: number;
  /** A xades:SignatureTimeStamp is present. */
  timestamped: boolean;
}

/**
 * Reads the figures of an e-Defter XML file.
 * @throws EdefterError(NOT_XML) for malformed XML or a DOCTYPE
 */
export async function measureDefter(file: string): Promise<DefterFigures> {
  const f: DefterFigures = {
    maddeler: 0,
    satirlar: 0,
    mainWithSub: new Set(),
    widestMadde: 0,
    wideMaddeler: 0,
    elements: new Map(),
    maddeMains: [],
    maddelerOver2Subs: 0,
    timestamped: false,
  };
  const p = new SaxesParser({ xmlns: false, position: false });
  const stack: string[] = [];
  let text = '';
  let mainsOfMadde = new Set<string>();
  let subsOfMadde = new Set<string>();
  let lineMain = '';
  let lineHasSub = false;
  let orgDescription = '',
    orgIdentifier = '';
  let failure: Error | null = null;
  p.on('doctype', () => {
    failure = new Error('DOCTYPE is not allowed');
  });
  p.on('opentag', (t: SaxesTag) => {
    stack.push(t.name);
    text = '';
    f.elements.set(t.name, (f.elements.get(t.name) ?? 0) + 1);
    if (t.name === 'gl-cor:entryHeader') {
      f.maddeler++;
      mainsOfMadde = new Set();
      subsOfMadde = new Set();
    } else if (t.name === 'gl-cor:entryDetail') {
      f.satirlar++;
      lineMain = '';
      lineHasSub = false;
    } else if (t.name === 'xades:SignatureTimeStamp') f.timestamped = true;
  });
  p.on('text', (s: string) => {
    text += s;
  });
  p.on('closetag', (t: SaxesTag) => {
    const v = text.trim();
    const parent = stack[stack.length - 2];
    switch (t.name) {
      case 'gl-cor:accountMainID':
        lineMain = v;
        mainsOfMadde.add(v);
        break;
      case 'gl-cor:accountSubID':
        lineHasSub = v !== '';
        if (v) subsOfMadde.add(v);
        break;
      case 'gl-cor:entryDetail':
        if (lineHasSub && lineMain) f.mainWithSub.add(lineMain);
        break;
      case 'gl-cor:entryHeader':
        f.widestMadde = Math.max(f.widestMadde, mainsOfMadde.size);
        if (mainsOfMadde.size > 4) f.wideMaddeler++;
        if (subsOfMadde.size > 2) f.maddelerOver2Subs++;
        f.maddeMains.push([...mainsOfMadde].sort().join('+'));
        break;
      case 'gl-cor:entryNumberCounter':
        if (parent === 'gl-cor:entryHeader') {
          f.firstEntryCounter ??= +v;
          f.lastEntryCounter = +v;
        }
        break;
      case 'gl-cor:lineNumber':
        f.firstLine ??= +v;
        f.lastLine = +v;
        break;
      case 'gl-cor:periodCoveredStart':
        f.periodStart = v;
        break;
      case 'gl-cor:periodCoveredEnd':
        f.periodEnd = v;
        break;
      case 'gl-bus:organizationDescription':
        orgDescription = v;
        break;
      case 'gl-bus:organizationIdentifier':
        orgIdentifier = v;
        break;
      case 'gl-bus:organizationIdentifiers':
        if (orgDescription === 'Şube No') f.branch = orgIdentifier;
        orgDescription = orgIdentifier = '';
        break;
    }
    stack.pop();
    text = '';
  });
  p.on('error', (e: Error) => {
    failure ??= e;
  });
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    p.write(chunk as string);
    if (failure) break;
  }
  if (!failure) p.close();
  if (failure) throw fail('compliance.xmlUnreadable', { file, cause: (failure as Error).message });
  return f;
}
