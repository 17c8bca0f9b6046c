/**
 * SOAP 1.2 answers of the GİB simulator: operation responses, GİB error-code faults (code in
 * `soap:Detail` and at the start of the Reason text) and WS-Security faults (WSS 1.0 §12 subcodes).
 */
import { GIB_CODES } from '@edefter/bridge/gib/errors.ts';

const SOAP = 'http://www.w3.org/2003/05/soap-envelope';
const WEB = 'http://webservice.edefter.gib.gov.tr/';
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function envelope(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="${SOAP}"><env:Header/><env:Body>${body}</env:Body></env:Envelope>`;
}

/** `<ns2:{op}Response><return>…</return></ns2:{op}Response>` */
export function opResponse(op: string, returnXml: string): string {
  return envelope(`<ns2:${op}Response xmlns:ns2="${WEB}"><return>${returnXml}</return></ns2:${op}Response>`);
}

/** Text for the `return` of an operation. */
export function text(s: string): string {
  return esc(s);
}

/** GİB's Turkish text of a code (GİB-WS §4). */
export function gibCodeText(code: number): string {
  const t = GIB_CODES[code]?.tr ?? 'Bilinmeyen hata';
  return t.replace(/\.$/, '');
}

/** A fault carrying a GİB error code. */
export function gibFault(code: number, extra?: string): string {
  const msg = `${code} - ${gibCodeText(code)}${extra ? `: ${extra}` : ''}`;
  return envelope(
    `<env:Fault><env:Code><env:Value>env:Receiver</env:Value></env:Code><env:Reason><env:Text xml:lang="tr">${esc(msg)}</env:Text></env:Reason>` +
      `<env:Detail><ns2:EDefterFault xmlns:ns2="${WEB}"><hataKodu>${code}</hataKodu><hataAciklama>${esc(gibCodeText(code))}</hataAciklama></ns2:EDefterFault></env:Detail></env:Fault>`,
  );
}

/** A WS-Security fault (Sender, subcode wsse:<name>). */
export function wsseFault(name: string, reason: string): string {
  return envelope(
    `<env:Fault><env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value xmlns:wsse="${WSSE}">wsse:${name}</env:Value></env:Subcode></env:Code>` +
      `<env:Reason><env:Text xml:lang="en">${esc(reason)}</env:Text></env:Reason></env:Fault>`,
  );
}

/** A server fault without a GİB code (Receiver). */
export function serverFault(reason: string): string {
  return envelope(
    `<env:Fault><env:Code><env:Value>env:Receiver</env:Value></env:Code><env:Reason><env:Text xml:lang="en">${esc(reason)}</env:Text></env:Reason></env:Fault>`,
  );
}
