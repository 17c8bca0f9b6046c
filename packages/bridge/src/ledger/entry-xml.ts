/**
 * Canonical XML of one yevmiye maddesi (Y `gl-cor:entryHeader`) and of one kebir line
 * (K `gl-cor:entryDetail`), in the element order of the XBRL-GL case-c-b content model
 * (gl-cor-content-2006-10-25.xsd) and with the fields GİB's schematron requires (spec §3.2).
 */
import { formatAmount } from './amount.ts';
import { identifierXml, measurableXml, mucXml } from './profile-elements.ts';
import { items } from './xbrl-header.ts';
import type { LedgerLine, Madde } from './types.ts';

const J = items('journal_context');
const L = items('ledger_context');

function account(it: typeof J, l: LedgerLine): string {
  let s = `<gl-cor:account>\n${it.s('gl-cor:accountMainID', l.accountMainID)}\n${it.s('gl-cor:accountMainDescription', l.accountMainDescription)}\n`;
  if (l.accountSubID)
    s += `<gl-cor:accountSub>\n${it.s('gl-cor:accountSubDescription', l.accountSubDescription ?? '')}\n${it.s('gl-cor:accountSubID', l.accountSubID)}\n</gl-cor:accountSub>\n`;
  return s + '</gl-cor:account>\n';
}

/** Document fields of a line (documentType … paymentMethod, detailComment), in schema order. */
function documentFields(it: typeof J, l: LedgerLine, documentReference?: string): string {
  let s = '';
  if (l.documentType) s += it.s('gl-cor:documentType', l.documentType) + '\n';
  if (l.documentTypeDescription) s += it.s('gl-cor:documentTypeDescription', l.documentTypeDescription) + '\n';
  if (l.documentNumber) s += it.s('gl-cor:documentNumber', l.documentNumber) + '\n';
  if (documentReference !== undefined) s += it.s('gl-cor:documentReference', documentReference) + '\n';
  if (l.documentDate) s += it.s('gl-cor:documentDate', l.documentDate) + '\n';
  if (l.paymentMethod) s += it.s('gl-bus:paymentMethod', l.paymentMethod) + '\n';
  if (l.detailComment) s += it.s('gl-cor:detailComment', l.detailComment) + '\n';
  return s;
}

/** The line's amount with its gl-muc group (gl-cor:amount … amountOriginalExchangeRateComment). */
function amountFields(it: typeof J, ctx: string, l: LedgerLine): string {
  return it.money('gl-cor:amount', formatAmount(l.amount)) + '\n' + (l.muc ? mucXml(it, ctx, l.muc) : '');
}

/** `gl-cor:entryHeader` of a madde for the Yevmiye (journal) defter. */
export function journalEntryXml(m: Madde): string {
  const total = formatAmount(m.total);
  let s =
    '<gl-cor:entryHeader>\n' +
    J.s('gl-cor:enteredBy', m.enteredBy) +
    '\n' +
    J.s('gl-cor:enteredDate', m.date) +
    '\n' +
    J.s('gl-cor:entryNumber', m.entryNumber) +
    '\n' +
    J.s('gl-cor:entryComment', m.comment) +
    '\n';
  if (m.batchID) s += J.s('gl-bus:batchID', m.batchID) + '\n';
  if (m.batchDescription) s += J.s('gl-bus:batchDescription', m.batchDescription) + '\n';
  s += J.money('gl-bus:totalDebit', total) + '\n' + J.money('gl-bus:totalCredit', total) + '\n' + J.count('gl-cor:entryNumberCounter', m.counter) + '\n';
  let ln = m.firstLineNumber;
  for (const l of m.lines) {
    s +=
      '<gl-cor:entryDetail>\n' +
      J.s('gl-cor:lineNumber', String(ln++)) +
      '\n' +
      J.count('gl-cor:lineNumberCounter', m.counter) +
      '\n' +
      account(J, l) +
      amountFields(J, 'journal_context', l) +
      J.s('gl-cor:debitCreditCode', l.debitCreditCode) +
      '\n' +
      J.s('gl-cor:postingDate', l.postingDate) +
      '\n' +
      (l.taxNumber ? identifierXml(J, l.taxNumber) : '') +
      documentFields(J, l, m.entryNumber) +
      (l.measurable ? measurableXml(J, l.measurable) : '') +
      '</gl-cor:entryDetail>\n';
  }
  return s + '</gl-cor:entryHeader>\n';
}

/** `gl-cor:entryDetail` of one line in the Büyük Defter: lineNumber = yevmiye line no, lineNumberCounter = yevmiye madde no. */
export function ledgerDetailXml(l: LedgerLine, lineNumber: number, counter: number): string {
  return (
    '<gl-cor:entryDetail>\n' +
    L.s('gl-cor:lineNumber', String(lineNumber)) +
    '\n' +
    L.count('gl-cor:lineNumberCounter', counter) +
    '\n' +
    account(L, l) +
    amountFields(L, 'ledger_context', l) +
    L.s('gl-cor:debitCreditCode', l.debitCreditCode) +
    '\n' +
    L.s('gl-cor:postingDate', l.postingDate) +
    '\n' +
    (l.taxNumber ? identifierXml(L, l.taxNumber) : '') +
    documentFields(L, l) +
    (l.measurable ? measurableXml(L, l.measurable) : '') +
    '</gl-cor:entryDetail>\n'
  );
}

/** Head of a kebir `gl-cor:entryHeader` (one per main account / sub-account) with net totals. */
export function ledgerHeaderOpen(totalDebit: bigint, totalCredit: bigint): string {
  return (
    '<gl-cor:entryHeader>\n' + L.money('gl-bus:totalDebit', formatAmount(totalDebit)) + '\n' + L.money('gl-bus:totalCredit', formatAmount(totalCredit)) + '\n'
  );
}

/** End tag of an entryHeader. */
export const ENTRY_HEADER_CLOSE = '</gl-cor:entryHeader>\n';
