/**
 * Our own rules on a written E or EB file (layer a for the Envanter, streamed with saxes, no DTD):
 * root and context (`assets_context`), entriesType `assets`, uniqueID `ENV`+YYYYMM+6 digits matching
 * the file name's period, periodCoveredStart = periodCoveredEnd ≤ creationDate; for E: no
 * segment, entryHeaders with enteredBy/enteredDate (= the inventory date), continuous
 * entryNumberCounter and lineNumber, lineNumberCounter = entryNumberCounter, amount > 0 with ≤ 2
 * decimals, no debitCreditCode / documentType, at most one measurable, E-000000 not empty; for EB:
 * no entryHeader, segment numberOfEntries / UUID uniqueID / measurableQuantity (MiB, 2 decimals),
 * a top-level ds:SignatureValue.
 */
import path from 'node:path';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { parseGibName } from '@edefter/domain';
import { feedTextFile } from '../../fs/feed-text.ts';
import type { Finding } from '../findings.ts';

const UUID = /^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}$/;
const AMOUNT = /^[0-9]+(\.[0-9]{1,2})?$/;

/** Facts of a checked E / EB. */
export interface EnvanterFileFacts {
  kind: 'E' | 'EB' | null;
  entries: number;
  lines: number;
  signed: boolean;
  uniqueID?: string;
}

/**
 * Checks one E or EB file.
 * @param expectSigned require a ds:Signature
 */
export async function checkEnvanterFile(file: string, expectSigned: boolean): Promise<{ findings: Finding[]; facts: EnvanterFileFacts }> {
  const name = path.basename(file);
  const findings: Finding[] = [];
  const add = (code: string, tr: string, en: string, x: Partial<Finding> = {}) => {
    if (findings.length < 200) findings.push({ layer: 'a', file: name, code, tr, en, ...x });
  };
  const facts: EnvanterFileFacts = { kind: null, entries: 0, lines: 0, signed: false };
  const stack: string[] = [];
  const info: Record<string, string> = {};
  const seg: Record<string, string> = {};
  let text = '';
  let lastCounter: number | null = null,
    lastLine: number | null = null;
  let header: { counter?: number; by?: string; date?: string; details: number } | null = null;
  let detail: { measurables: number; line?: number; counter?: number } | null = null;
  let topSignatureValue = false;
  const p = new SaxesParser({ xmlns: true, position: false });
  p.on('doctype', () => {
    throw new Error('DOCTYPE');
  });
  p.on('opentag', (t: SaxesTagNS) => {
    stack.push(t.name);
    text = '';
    const d = stack.length;
    if (d === 1) facts.kind = t.local === 'defter' ? 'E' : t.local === 'berat' ? 'EB' : null;
    if (t.name === 'xbrli:context' && t.attributes.id?.value !== 'assets_context')
      add('CONTEXT_ID', `bağlam kimliği 'assets_context' olmalı ('${t.attributes.id?.value ?? ''}')`, `the context id must be 'assets_context'`, {
        field: 'xbrli:context',
      });
    if (t.name === 'gl-cor:entryHeader' && d === 4) {
      header = { details: 0 };
      facts.entries++;
    }
    if (t.name === 'gl-cor:entryDetail' && header) {
      detail = { measurables: 0 };
      header.details++;
      facts.lines++;
    }
    if (t.name === 'gl-bus:measurable' && detail) detail.measurables++;
    if ((t.name === 'gl-cor:debitCreditCode' || t.name === 'gl-cor:documentType') && detail)
      add('ENVANTER_FIELD', `envanter satırında ${t.name} olmaz`, `an envanter line has no ${t.name}`, { field: t.name, entry: String(header?.counter ?? '') });
    if (t.name === 'ds:Signature' && d === 2) facts.signed = true;
    if (t.name === 'ds:SignatureValue' && d === 2) topSignatureValue = true;
  });
  p.on('text', (s: string) => {
    text += s;
  });
  p.on('closetag', (t: SaxesTagNS) => {
    const v = text.trim();
    const parent = stack[stack.length - 2];
    if (parent === 'gl-cor:documentInfo') info[t.name] = v;
    if (parent === 'xbrli:segment') seg[t.name] = v;
    if (header && parent === 'gl-cor:entryHeader') {
      if (t.name === 'gl-cor:entryNumberCounter') header.counter = +v;
      if (t.name === 'gl-cor:enteredBy') header.by = v;
      if (t.name === 'gl-cor:enteredDate') header.date = v;
    }
    if (detail && parent === 'gl-cor:entryDetail') {
      if (t.name === 'gl-cor:lineNumber') detail.line = +v;
      if (t.name === 'gl-cor:lineNumberCounter') detail.counter = +v;
      if (t.name === 'gl-cor:amount' && (!AMOUNT.test(v) || !/[1-9]/.test(v)))
        add('AMOUNT', `tutar 0'dan büyük ve en fazla 2 ondalıklı olmalı ('${v}')`, `amount must be > 0 with ≤ 2 decimals ('${v}')`, {
          field: 'gl-cor:amount',
          entry: String(header?.counter ?? ''),
        });
    }
    if (t.name === 'gl-cor:entryDetail' && detail && header) {
      const e = String(header.counter ?? '');
      if (detail.measurables > 1)
        add('MEASURABLE', 'bir satırda en fazla bir gl-bus:measurable olabilir', 'at most one gl-bus:measurable per line', { entry: e });
      if (detail.line === undefined) add('LINE_NUMBER', 'lineNumber eksik', 'lineNumber missing', { entry: e });
      else {
        if (lastLine !== null && detail.line !== lastLine + 1)
          add('LINE_GAP', `lineNumber müteselsil değil: ${lastLine} → ${detail.line}`, `lineNumber not continuous: ${lastLine} → ${detail.line}`, {
            entry: e,
            line: String(detail.line),
          });
        lastLine = detail.line;
      }
      if (detail.counter !== header.counter)
        add(
          'LINE_COUNTER',
          `lineNumberCounter (${detail.counter}) entryNumberCounter (${header.counter}) ile aynı olmalı`,
          `lineNumberCounter must equal entryNumberCounter`,
          { entry: e },
        );
      detail = null;
    }
    if (t.name === 'gl-cor:entryHeader' && header && stack.length === 4) {
      const e = String(header.counter ?? '');
      if (!header.by || header.by.length < 2) add('ENTERED_BY', 'enteredBy en az 2 karakter olmalı', 'enteredBy needs 2 characters', { entry: e });
      if (header.date !== info['gl-cor:periodCoveredStart'])
        add(
          'ENTERED_DATE',
          `enteredDate (${header.date}) envanter tarihi (${info['gl-cor:periodCoveredStart']}) olmalı`,
          'enteredDate must be the inventory date',
          { entry: e },
        );
      if (header.counter === undefined) add('ENTRY_COUNTER', 'entryNumberCounter eksik', 'entryNumberCounter missing');
      else {
        if (lastCounter !== null && header.counter !== lastCounter + 1)
          add(
            'ENTRY_GAP',
            `entryNumberCounter müteselsil değil: ${lastCounter} → ${header.counter}`,
            `entryNumberCounter not continuous: ${lastCounter} → ${header.counter}`,
            { entry: e },
          );
        lastCounter = header.counter;
      }
      if (!header.details) add('EMPTY_ENTRY', 'envanter maddesinde satır yok', 'envanter madde without lines', { entry: e });
      header = null;
    }
    stack.pop();
    text = '';
  });
  try {
    await feedTextFile(file, p);
  } catch (e) {
    add('NOT_XML', `XML hatası: ${(e as Error).message}`, `XML error: ${(e as Error).message}`);
    return { findings, facts };
  }
  const g = parseGibName(name);
  const n = g && g.ext === '.xml' ? g : null;
  if (!facts.kind) add('ROOT', 'kök eleman edefter:defter veya edefter:berat olmalı', 'the root must be edefter:defter or edefter:berat');
  if (!n || (n.type !== 'E' && n.type !== 'EB'))
    add('FILE_NAME', 'dosya adı VKN-YYYYAA-E|EB-PPPPPP[-ŞŞŞŞ].xml olmalı', 'the file name must be VKN-YYYYMM-E|EB-PPPPPP[-ŞŞŞŞ].xml');
  else if (facts.kind && n.type !== facts.kind)
    add(
      'FILE_NAME',
      `dosya adındaki tür (${n.type}) içerikle (${facts.kind}) uyuşmuyor`,
      `the file name type (${n.type}) differs from the content (${facts.kind})`,
    );
  if (info['gl-cor:entriesType'] !== 'assets')
    add('ENTRIES_TYPE', `entriesType 'assets' olmalı ('${info['gl-cor:entriesType'] ?? ''}')`, "entriesType must be 'assets'", { field: 'gl-cor:entriesType' });
  const uid = info['gl-cor:uniqueID'] ?? '';
  facts.uniqueID = uid;
  const ps = info['gl-cor:periodCoveredStart'] ?? '',
    pe = info['gl-cor:periodCoveredEnd'] ?? '',
    cd = info['gl-cor:creationDate'] ?? '';
  const period = ps.slice(0, 4) + ps.slice(5, 7);
  if (!/^ENV[0-9]{12}$/.test(uid) || uid.slice(3, 9) !== period)
    add('UNIQUE_ID', `uniqueID 'ENV${period}' + 6 hane olmalı ('${uid}')`, `uniqueID must be 'ENV${period}' + 6 digits ('${uid}')`, {
      field: 'gl-cor:uniqueID',
    });
  if (!ps || ps !== pe)
    add(
      'PERIOD',
      `periodCoveredStart (${ps}) ve periodCoveredEnd (${pe}) envanter tarihine eşit olmalı`,
      'periodCoveredStart and periodCoveredEnd must both be the inventory date',
      { field: 'gl-cor:periodCoveredEnd' },
    );
  if (!cd || cd < pe)
    add('CREATION_DATE', `creationDate (${cd}) envanter tarihinden (${pe}) önce olamaz`, `creationDate (${cd}) must not precede the inventory date (${pe})`, {
      field: 'gl-cor:creationDate',
    });
  if (n && n.period !== period)
    add(
      'FILE_NAME',
      `dosya adındaki dönem (${n.period}) envanter tarihiyle (${ps}) uyuşmuyor`,
      `the file name period (${n.period}) differs from the inventory date (${ps})`,
    );
  if (!(info['gl-bus:sourceApplication'] ?? '').trim()) add('SOURCE_APP', 'sourceApplication boş olamaz', 'sourceApplication must not be empty');
  if (expectSigned && !facts.signed) add('SIGNATURE', 'ds:Signature yok', 'no ds:Signature');
  if (facts.kind === 'E') {
    if (Object.keys(seg).length) add('SEGMENT', 'envanter defterinde xbrli:segment olmaz', 'an envanter defter has no xbrli:segment');
    if (n?.part === '000000' && facts.entries === 0)
      add('EMPTY', 'tüm dönemi kapsayan E-000000 en az bir entryHeader içermeli (GİB kuralı)', 'a whole E-000000 needs at least one entryHeader (GİB rule)');
  }
  if (facts.kind === 'EB') {
    if (facts.entries) add('BERAT_ENTRY', 'envanter beratında entryHeader olmaz', 'an envanter berat has no entryHeader');
    if (!/^[0-9]+$/.test(seg['gl-bus:numberOfEntries'] ?? ''))
      add('SEGMENT', 'segment/gl-bus:numberOfEntries zorunlu', 'segment/gl-bus:numberOfEntries is required');
    if (!UUID.test(seg['gl-cor:uniqueID'] ?? '')) add('SEGMENT', 'segment/gl-cor:uniqueID UUID olmalı', 'segment/gl-cor:uniqueID must be a UUID');
    if (!AMOUNT.test(seg['gl-bus:measurableQuantity'] ?? ''))
      add(
        'SEGMENT',
        'segment/gl-bus:measurableQuantity MiB olarak en fazla 2 ondalıklı olmalı',
        'segment/gl-bus:measurableQuantity must be MiB with ≤ 2 decimals',
      );
    if (!topSignatureValue)
      add('SIGNATURE_VALUE', "defterin ds:SignatureValue'su beratın kökünde olmalı", "the defter's ds:SignatureValue must be at the berat's top level");
  }
  return { findings, facts };
}
