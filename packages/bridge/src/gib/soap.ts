/**
 * The three operations of GİB's e-Defter web service (spec §4): request bodies and answer parsing.
 *
 * Element names follow spec §4: operation children are unqualified; `getBatchStatus/paketID`
 * [C: GİB-WS sample]; `sendDocumentFile/Attachment{fileName, binaryData}` and
 * `receiveDocumentFile/PaketID` → `Attachment{fileName, binaryData}` and the status record
 * `durum{durumAciklama, durumKodu, paketKimligi}` [3P: agentic-cfo's reading of the guide]. The
 * WSDL is an open question (spec §8.1): the names live here only, in one place.
 *
 * Answers are parsed with @xmldom/xmldom after refusing any DOCTYPE (no DTD, no entities).
 */
import { DOMParser } from '@xmldom/xmldom';
import { type EdefterError, fail } from '@edefter/protocol';
import { gibCodeError, httpError } from './errors.ts';
import { NS, operationElement, textElement } from './wssec.ts';
import type { XmlPart } from './xml-parts.ts';

/** Names used on the wire (one place; see module doc). */
const WIRE = Object.freeze({
  send: 'sendDocumentFile',
  status: 'getBatchStatus',
  receive: 'receiveDocumentFile',
  attachment: 'Attachment',
  fileName: 'fileName',
  binaryData: 'binaryData',
  statusId: 'paketID',
  receiveId: 'PaketID',
  durum: 'durum',
});

/**
 * `durumKodu` values of getBatchStatus [3P for 0 "Paket başarıyla işlendi"; I for the rest, after
 * GİB-UK p.34's processing stages]: 0 processed (approved), 1 received/queued, 2 berat accepted and
 * defter waiting; any other value is a processing failure described by `durumAciklama`.
 */
const BATCH_STATUS = Object.freeze({ Processed: '0', Queued: '1', BeratAcceptedDefterPending: '2' });

/** One status record of getBatchStatus. */
export interface BatchStatus {
  /** durumKodu */
  code: string;
  /** durumAciklama */
  text: string;
  /** paketKimligi */
  packageId?: string;
  /** processed / pending / failed, from {@link BATCH_STATUS}. */
  outcome: 'processed' | 'pending' | 'failed';
}

/** A file returned by receiveDocumentFile. */
export interface ReceivedFile {
  fileName: string;
  data: Buffer;
}

/** Body of sendDocumentFile: the zip inlined as base64 by streaming. */
export function sendDocumentFileBody(zipPath: string, zipSize: number, fileName: string): XmlPart[] {
  return operationElement(WIRE.send, [
    `<${WIRE.attachment}>`,
    textElement(WIRE.fileName, fileName),
    `<${WIRE.binaryData}>`,
    { base64File: zipPath, size: zipSize },
    `</${WIRE.binaryData}></${WIRE.attachment}>`,
  ]);
}

/** Body of getBatchStatus. */
export function getBatchStatusBody(paketId: string): XmlPart[] {
  return operationElement(WIRE.status, [textElement(WIRE.statusId, paketId)]);
}

/** Body of receiveDocumentFile. */
export function receiveDocumentFileBody(paketId: string): XmlPart[] {
  return operationElement(WIRE.receive, [textElement(WIRE.receiveId, paketId)]);
}

/** Parses XML text that must not contain a DOCTYPE. @throws EdefterError DOCTYPE_FORBIDDEN / NOT_XML */
export function parseSafeXml(text: string, what: string): Document {
  if (/<!DOCTYPE/i.test(text)) {
    throw fail('gib.xmlDoctype', { what });
  }
  try {
    return new DOMParser({
      onError: (level, msg) => {
        if (level !== 'warning') throw new Error(msg);
      },
    }).parseFromString(text, 'text/xml') as unknown as Document;
  } catch (e) {
    throw fail('gib.xmlMalformed', { what, cause: (e as Error).message });
  }
}

function byLocal(root: Element | Document, local: string): Element[] {
  const out: Element[] = [];
  const walk = (n: Node): void => {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 1) {
        if ((c as Element).localName === local) out.push(c as Element);
        walk(c);
      }
    }
  };
  walk(root);
  return out;
}

const text = (el: Element | undefined): string => (el?.textContent ?? '').trim();

/** First element child (of local name `local`, SOAP namespace, when given). */
function firstChild(el: Element, local?: string): Element | undefined {
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType !== 1) continue;
    const e = c as Element;
    if (!local || (e.localName === local && e.namespaceURI === NS.soap)) return e;
  }
  return undefined;
}

/** The SOAP 1.2 Body's first element, or a thrown GİB error for a Fault / bad HTTP answer. */
export function unwrapSoap(status: number, body: string, operation: string): Element {
  let doc: Document;
  try {
    doc = parseSafeXml(body, 'GİB yanıtı');
  } catch (e) {
    if (status >= 400) throw httpError(status, operation);
    throw e;
  }
  const env = doc.documentElement;
  if (!env || env.namespaceURI !== NS.soap || env.localName !== 'Envelope') {
    if (status >= 400) throw httpError(status, operation);
    throw fail('gib.notSoap12', { operation, transient: false });
  }
  const soapBody = firstChild(env, 'Body');
  const first = soapBody ? firstChild(soapBody) : undefined;
  if (!soapBody || !first) throw fail('gib.soapNoBody', { operation, transient: false });
  if (first.localName === 'Fault' && first.namespaceURI === NS.soap) throw faultError(first, status, operation);
  if (status >= 400) throw httpError(status, operation);
  return first;
}

/**
 * Turns a SOAP Fault into an error: a GİB code from the Detail (an element whose name contains
 * "kod"/"code") or a leading 3-digit code in the Reason text; WS-Security faults (wsse:…) become
 * signature / clock messages; otherwise HTTP status decides.
 */
export function faultError(fault: Element, status: number, operation: string): EdefterError {
  const reason = text(byLocal(fault, 'Text')[0]) || text(byLocal(fault, 'Reason')[0]);
  const detail = byLocal(fault, 'Detail')[0];
  let code: number | undefined;
  if (detail) {
    const walk = (n: Node): void => {
      for (let c = n.firstChild; c && code === undefined; c = c.nextSibling) {
        if (c.nodeType !== 1) continue;
        const el = c as Element;
        if (/kod|code/i.test(el.localName ?? '') && /^\d{3}$/.test(text(el))) code = Number(text(el));
        else walk(el);
      }
    };
    walk(detail);
  }
  code ??= (() => {
    const m = /^\s*(\d{3})\b/.exec(reason);
    return m ? Number(m[1]) : undefined;
  })();
  if (code !== undefined) return gibCodeError(code, operation, reason);
  const subcodes = byLocal(fault, 'Value').map((v) => text(v));
  const wsse = subcodes.find((v) => /(MessageExpired|FailedCheck|InvalidSecurity|InvalidSecurityToken|FailedAuthentication|SecurityTokenUnavailable)$/.test(v));
  if (wsse?.endsWith('MessageExpired')) {
    return fail('gib.wsseExpired', { operation, transient: false, wsse, gibText: reason });
  }
  if (wsse) {
    return fail('gib.wsseRefused', { operation, transient: false, wsse, gibText: reason });
  }
  if (status >= 500 && !subcodes.some((v) => v.endsWith('Sender'))) return httpError(status, operation, reason);
  return fail('gib.fault', { operation, transient: false, gibText: reason, httpStatus: status });
}

/** Parses the sendDocumentFile answer text (e.g. "… paketi işleme alındı"). */
export function parseSendResponse(op: Element): string {
  return text(op);
}

/** Parses getBatchStatus records (newest attempt first per GİB-WS; all returned). */
export function parseBatchStatus(op: Element): BatchStatus[] {
  return byLocal(op, WIRE.durum).map((d) => {
    const code = text(byLocal(d, 'durumKodu')[0]);
    const outcome: BatchStatus['outcome'] =
      code === BATCH_STATUS.Processed ? 'processed' : code === BATCH_STATUS.Queued || code === BATCH_STATUS.BeratAcceptedDefterPending ? 'pending' : 'failed';
    return { code, text: text(byLocal(d, 'durumAciklama')[0]), packageId: text(byLocal(d, 'paketKimligi')[0]) || undefined, outcome };
  });
}

/** Parses the receiveDocumentFile attachments. */
export function parseReceived(op: Element): ReceivedFile[] {
  return byLocal(op, WIRE.attachment).map((a) => ({
    fileName: text(byLocal(a, WIRE.fileName)[0]),
    data: Buffer.from(text(byLocal(a, WIRE.binaryData)[0]).replace(/\s+/g, ''), 'base64'),
  }));
}
