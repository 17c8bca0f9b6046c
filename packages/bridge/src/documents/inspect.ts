/**
 * Reads the facts of a GİB e-Defter document from the very bytes that will be signed, with a
 * streaming XML parser (saxes, namespace-aware, no DTD): the consent window shows these facts and
 * the bridge signs only bytes inspected here.
 *
 * Recognised (spec §1.3–1.7; root namespace `http://www.edefter.gov.tr`, checked by URI, not prefix):
 *   `defter` + entriesType journal / ledger / assets + context journal_context / ledger_context /
 *   assets_context → Y / K / E; `berat` + the same → YB / KB / EB; `defterraporu` + trialbalance +
 *   context `now` → DR. Anything else is "not a GİB e-Defter document".
 *
 * Facts are read only from their exact element paths (below `root/xbrli:xbrl/…`), so comments,
 * processing instructions and CDATA cannot add elements: `<!-- <gl-bus:organizationIdentifier>…` is
 * a comment, and markup inside CDATA is text. A single-valued fact that occurs twice (two
 * documentInfo, two identifiers, two "Kurum Unvanı") is ambiguous and refused.
 *
 * Refusals (EdefterError): NOT_XML (empty, not UTF-8, not well-formed, a declared encoding other
 * than UTF-8), DOCTYPE_FORBIDDEN (a DOCTYPE, or the bytes `<!DOCTYPE` / `<!ENTITY` anywhere, even in a
 * comment), BAD_INPUT with `details.reason` `not-edefter` | `ambiguous` | `name-mismatch`.
 */
import { createHash } from 'node:crypto';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { DOC_KIND_FACTS, defterOf, docKindOf, isBeratKind, isRootName, parseGibName, type GibName } from '@edefter/domain';
import { EdefterError, KIND_OF_TYPE, fail, type DocumentFacts } from '@edefter/protocol';
import { taxIdProblem } from '../ledger/tax-id.ts';

/** Namespace URI → the prefix GİB uses, so paths below do not depend on the document's prefixes. */
const PREFIX: Readonly<Record<string, string>> = {
  'http://www.edefter.gov.tr': 'edefter',
  'http://www.xbrl.org/2003/instance': 'xbrli',
  'http://www.xbrl.org/int/gl/cor/2006-10-25': 'gl-cor',
  'http://www.xbrl.org/int/gl/bus/2006-10-25': 'gl-bus',
  'http://www.w3.org/2000/09/xmldsig#': 'ds',
};

const XBRL = 'xbrl';
const CTX = `${XBRL}/xbrli:context`;
const ENTITY = `${CTX}/xbrli:entity`;
const SEGMENT = `${ENTITY}/xbrli:segment`;
const ENTRIES = `${XBRL}/gl-cor:accountingEntries`;
const DOCINFO = `${ENTRIES}/gl-cor:documentInfo`;
const ORG = `${ENTRIES}/gl-cor:entityInformation/gl-bus:organizationIdentifiers`;
const HEADER = `${ENTRIES}/gl-cor:entryHeader`;
const DETAIL = `${HEADER}/gl-cor:entryDetail`;

/** Single-valued text facts: path below the root → fact name. */
const TEXT_FACTS: Readonly<Record<string, string>> = {
  [`${ENTITY}/xbrli:identifier`]: 'identifier',
  [`${SEGMENT}/gl-bus:numberOfEntries`]: 'numberOfEntries',
  [`${SEGMENT}/gl-cor:uniqueID`]: 'ettn',
  [`${DOCINFO}/gl-cor:entriesType`]: 'entriesType',
  [`${DOCINFO}/gl-cor:uniqueID`]: 'uniqueId',
  [`${DOCINFO}/gl-cor:periodCoveredStart`]: 'periodStart',
  [`${DOCINFO}/gl-cor:periodCoveredEnd`]: 'periodEnd',
  /** berats: the bound defter's SignatureValue, a child of the root (path below the root = its name) */
  'ds:SignatureValue': 'defterSignatureValue',
};
/** Elements that must occur at most once. */
const ONCE = new Set([XBRL, CTX, ENTITY, SEGMENT, ENTRIES, DOCINFO, `${ENTRIES}/gl-cor:entityInformation`]);

/** Bytes fed to the parser at a time. */
const CHUNK = 1 << 20;

/** Amount text → kuruş, or undefined when it is not a plain non-negative amount with ≤ 2 decimals. */
function kurus(text: string): bigint | undefined {
  const m = /^(\d{1,20})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return undefined;
  return BigInt(m[1]) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
}

function formatKurus(k: bigint): string {
  const s = k.toString().padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

function indexOfBytes(bytes: Uint8Array, needle: string): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(needle, 0, 'latin1');
}

/**
 * What a berat binds: the SHA-256 of the defter's SignatureValue (base64 decoded; whitespace and
 * line breaks in the base64 are ignored) and the defter's GİB file name derived from the berat's.
 * @throws EdefterError BAD_INPUT `not-edefter` when the SignatureValue is not base64
 */
function beratBinding(b64: string, fn: GibName | null, name: string): NonNullable<DocumentFacts['bindsDefter']> {
  const compact = b64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0)
    throw fail('documents.notEdefter', {
      name,
      reason: 'not-edefter',
      why: "the berat's ds:SignatureValue is not base64",
    });
  const signatureValueSha256 = createHash('sha256').update(Buffer.from(compact, 'base64')).digest('hex');
  const defterType = fn && isBeratKind(fn.type) ? defterOf(fn.type) : undefined;
  return defterType ? { name: name.replace(`-${fn!.type}-`, `-${defterType}-`), signatureValueSha256 } : { signatureValueSha256 };
}

/**
 * Inspects one document.
 * @param bytes the exact bytes that would be signed
 * @param name the file name the page gave (only compared with the content when it follows GİB's pattern)
 * @returns the facts, including `signed` (the caller decides whether a signed document is refused)
 * @throws EdefterError NOT_XML, DOCTYPE_FORBIDDEN, BAD_INPUT (see the module comment)
 */
export function inspectDocument(bytes: Uint8Array, name: string): DocumentFacts {
  if (bytes.length === 0) throw fail('documents.notXml', { name, reason: 'empty' });
  if (indexOfBytes(bytes, '<!DOCTYPE') >= 0 || indexOfBytes(bytes, '<!ENTITY') >= 0) throw fail('documents.doctypeForbidden', { name });

  const parser = new SaxesParser({ xmlns: true, position: false });
  const stack: string[] = [];
  /** path below the root, '' for the root itself */
  const paths: string[] = [];
  const seen = new Set<string>();
  const text: Record<string, string> = {};
  let capture: { fact: string; text: string } | null = null;
  let root = '';
  let contextId: string | undefined;
  let signed = false;
  let entries = 0,
    lines = 0;
  let debit = 0n,
    credit = 0n,
    sumsOk = true,
    anyAmount = false;
  let detail: { amount?: string; dc?: string; n: number } | null = null;
  let org: { id?: string; desc?: string } | null = null;
  let title: string | undefined;
  let titles = 0;

  parser.on('xmldecl', (d) => {
    if (d.encoding !== undefined && d.encoding.toUpperCase() !== 'UTF-8') throw fail('documents.notXml', { name, reason: `encoding ${d.encoding}` });
  });
  parser.on('doctype', () => {
    throw fail('documents.doctypeForbidden', { name });
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const qn = `${PREFIX[tag.uri] ?? `{${tag.uri}}`}:${tag.local}`;
    const depth = stack.length;
    if (capture) throw fail('documents.notEdefter', { name, reason: 'not-edefter', why: `${capture.fact} has child elements` });
    if (depth === 0) {
      if (tag.uri !== 'http://www.edefter.gov.tr' || !isRootName(tag.local))
        throw fail('documents.notEdefter', {
          name,
          reason: 'not-edefter',
          why: `root element ${qn}`,
        });
      root = tag.local;
      stack.push(qn);
      paths.push('');
      return;
    }
    const parent = paths[paths.length - 1];
    const p = depth === 1 ? (qn === 'xbrli:xbrl' ? XBRL : qn) : `${parent}/${qn}`;
    if (depth === 1 && qn === 'ds:Signature') signed = true;
    if (ONCE.has(p)) {
      if (seen.has(p)) throw fail('documents.ambiguous', { name, reason: 'ambiguous', what: qn });
      seen.add(p);
    }
    if (p === CTX) {
      const id = tag.attributes.id;
      contextId = typeof id === 'string' ? id : id?.value;
    } else if (p === HEADER) {
      entries++;
    } else if (p === DETAIL) {
      lines++;
      detail = { n: 0 };
    } else if (p === ORG) {
      org = {};
    }
    const fact =
      TEXT_FACTS[p] ??
      (p === `${DETAIL}/gl-cor:amount`
        ? 'amount'
        : p === `${DETAIL}/gl-cor:debitCreditCode`
          ? 'dc'
          : p === `${ORG}/gl-bus:organizationIdentifier`
            ? 'orgId'
            : p === `${ORG}/gl-bus:organizationDescription`
              ? 'orgDesc'
              : undefined);
    if (fact) capture = { fact, text: '' };
    stack.push(qn);
    paths.push(p);
  });
  const onText = (t: string): void => {
    if (capture) capture.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    const p = paths.pop()!;
    stack.pop();
    if (capture) {
      const v = capture.text.trim();
      const f = capture.fact;
      capture = null;
      if (f === 'amount' || f === 'dc') {
        if (detail![f === 'amount' ? 'amount' : 'dc'] !== undefined)
          throw fail('documents.ambiguous', {
            name,
            reason: 'ambiguous',
            what: f === 'amount' ? 'gl-cor:amount' : 'gl-cor:debitCreditCode',
          });
        detail![f === 'amount' ? 'amount' : 'dc'] = v;
      } else if (f === 'orgId' || f === 'orgDesc') {
        if (org![f === 'orgId' ? 'id' : 'desc'] !== undefined)
          throw fail('documents.ambiguous', {
            name,
            reason: 'ambiguous',
            what: 'gl-bus:organizationIdentifiers',
          });
        org![f === 'orgId' ? 'id' : 'desc'] = v;
      } else {
        if (f in text) throw fail('documents.ambiguous', { name, reason: 'ambiguous', what: f });
        text[f] = v;
      }
      return;
    }
    if (p === DETAIL && detail) {
      if (detail.amount !== undefined) {
        anyAmount = true;
        const k = kurus(detail.amount);
        if (k === undefined || (detail.dc !== 'D' && detail.dc !== 'C')) sumsOk = false;
        else if (detail.dc === 'D') debit += k;
        else credit += k;
      }
      detail = null;
    } else if (p === ORG && org) {
      if (org.desc === 'Kurum Unvanı' || org.desc === 'Adı Soyadı') {
        titles++;
        title = org.id;
      }
      org = null;
    }
  });

  const decoder = new TextDecoder('utf-8', { fatal: true });
  const hash = createHash('sha256');
  try {
    for (let at = 0; at < bytes.length; at += CHUNK) {
      const chunk = bytes.subarray(at, Math.min(bytes.length, at + CHUNK));
      hash.update(chunk);
      parser.write(decoder.decode(chunk, { stream: true }));
    }
    parser.write(decoder.decode());
    parser.close();
  } catch (e) {
    if (e instanceof EdefterError) throw e;
    if (e instanceof TypeError) throw fail('documents.notXml', { name, reason: 'not UTF-8' });
    throw fail('documents.notXml', { name, reason: String((e as Error)?.message ?? e).slice(0, 200) });
  }

  if (titles > 1) throw fail('documents.ambiguous', { name, reason: 'ambiguous', what: 'Kurum Unvanı / Adı Soyadı' });
  const type = docKindOf(root, text.entriesType ?? '');
  if (!type) throw fail('documents.notEdefter', { name, reason: 'not-edefter', why: `${root} with entriesType "${text.entriesType ?? ''}"` });
  const kind = { type, context: DOC_KIND_FACTS[type].context };
  if (contextId !== kind.context)
    throw fail('documents.notEdefter', {
      name,
      reason: 'not-edefter',
      why: `context id "${contextId ?? ''}" for entriesType ${text.entriesType}`,
    });
  const id = text.identifier ?? '';
  if (!/^\d{10,11}$/.test(id)) throw fail('documents.notEdefter', { name, reason: 'not-edefter', why: 'xbrli:identifier is not a VKN or TCKN' });
  const idProblem = taxIdProblem(id);
  if (idProblem) {
    throw fail('documents.badTaxId', { name, reason: 'bad-tax-id', vkn: id, problem: { tr: idProblem.tr, en: idProblem.en } });
  }
  const date = /^\d{4}-\d{2}-\d{2}$/;
  if (!date.test(text.periodStart ?? '') || !date.test(text.periodEnd ?? ''))
    throw fail('documents.notEdefter', {
      name,
      reason: 'not-edefter',
      why: 'periodCoveredStart / periodCoveredEnd missing',
    });
  // the page's file name, when it is a GİB document name (approved GIB-… names and zips are not read)
  const parsed = parseGibName(name);
  const fn = parsed && parsed.ext === '.xml' && !parsed.approved ? parsed : null;
  if (fn && (fn.type !== kind.type || fn.vkn !== id || fn.period !== text.periodStart!.slice(0, 7).replace('-', ''))) {
    throw fail('documents.nameContradictsContent', { name, reason: 'name-mismatch', type: kind.type, vkn: id, periodStart: text.periodStart! });
  }
  const n = text.numberOfEntries !== undefined && /^\d{1,9}$/.test(text.numberOfEntries) ? Number(text.numberOfEntries) : undefined;
  const facts: DocumentFacts = {
    name,
    type: kind.type,
    kind: KIND_OF_TYPE[kind.type],
    vkn: id,
    idKind: id.length === 10 ? 'VKN' : 'TCKN',
    periodStart: text.periodStart!,
    periodEnd: text.periodEnd!,
    entries,
    lines,
    signed,
    size: bytes.length,
    sha256: hash.digest('hex'),
  };
  if (title) facts.title = title;
  if (text.uniqueId) facts.uniqueId = text.uniqueId;
  if (text.ettn) facts.ettn = text.ettn;
  if (fn) {
    facts.part = fn.part;
    if (fn.branch) facts.branch = fn.branch;
  }
  if (n !== undefined) facts.numberOfEntries = n;
  if (root === 'berat' && text.defterSignatureValue !== undefined) facts.bindsDefter = beratBinding(text.defterSignatureValue, fn, name);
  if (anyAmount && sumsOk) {
    facts.totalDebit = formatKurus(debit);
    facts.totalCredit = formatKurus(credit);
  }
  return facts;
}
