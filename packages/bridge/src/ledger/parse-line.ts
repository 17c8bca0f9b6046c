/**
 * Turns one CSV row into a {@link LedgerLine}, checking every field against the e-Defter rules
 * the schematron will later enforce (spec §3.2): amounts > 0 with ≤ 2 decimals, D/C codes,
 * real dates, account IDs of 3–4 characters, sub-accounts starting with the main account,
 * the documentType vocabulary and its dependent fields.
 */
import { formatAmount, parseAmount, type DecimalMode } from './amount.ts';
import { rowError, type ColumnName, type CsvRow } from './csv-rows.ts';
import { parseDate } from './dates.ts';
import { parseMeasurable, parseMuc, parseTaxNumber } from './profile-elements.ts';
import { DOCUMENT_TYPES, type DocumentType, type LedgerLine } from './types.ts';

/** Turkish aliases accepted for documentType (lower-cased). */
const DOC_ALIASES: Record<string, DocumentType> = {
  fatura: 'invoice',
  çek: 'check',
  cek: 'check',
  fiş: 'voucher',
  fis: 'voucher',
  makbuz: 'receipt',
  irsaliye: 'shipment',
  sevk: 'shipment',
  diğer: 'other',
  diger: 'other',
  'sipariş-müşteri': 'order-customer',
  'sipariş-satıcı': 'order-vendor',
};

/** D/C and their Turkish forms B (borç) / A (alacak). */
function dcCode(s: string): 'D' | 'C' | null {
  switch (s) {
    case 'D':
    case 'B':
    case 'd':
    case 'b':
      return 'D';
    case 'C':
    case 'A':
    case 'c':
    case 'a':
      return 'C';
  }
  const u = s.trim().toLocaleUpperCase('tr-TR');
  if (u === 'D' || u === 'B' || u === 'BORÇ' || u === 'DEBIT') return 'D';
  if (u === 'C' || u === 'A' || u === 'ALACAK' || u === 'CREDIT') return 'C';
  return null;
}

const DOC_SET = new Set<string>(DOCUMENT_TYPES);
const dateCache = new Map<string, string | null>();
/** parseDate with a small cache (exports repeat the same few dates). */
function date(t: string): string | null {
  let v = dateCache.get(t);
  if (v === undefined) {
    if (dateCache.size > 4096) dateCache.clear();
    v = parseDate(t);
    dateCache.set(t, v);
  }
  return v;
}

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/**
 * Parses and checks one row.
 * @throws EdefterError(BAD_INPUT) `file:line:column (field): message` for the first bad field
 */
function text(row: CsvRow, c: ColumnName, required: boolean, tr: string): string | undefined {
  const i = row.idx[c];
  let v = i < 0 ? '' : (row.fields[i] ?? '');
  if (v.length && (v.charCodeAt(0) <= 32 || v.charCodeAt(v.length - 1) <= 32)) v = v.trim();
  if (v === '') {
    if (required) throw rowError(row, c, 'empty', { name: tr, column: c });
    return undefined;
  }
  if (v.includes('\r')) v = v.replace(/\r\n?/g, '\n');
  if (CONTROL.test(v)) throw rowError(row, c, 'controlChar', {});
  return v;
}

export function parseLine(row: CsvRow, decimal: DecimalMode): LedgerLine {
  const entryNumber = text(row, 'entryNumber', true, 'fiş numarası (entryNumber)')!;
  const pdText = text(row, 'postingDate', true, 'tarih (postingDate)')!;
  const postingDate = date(pdText);
  if (!postingDate) throw rowError(row, 'postingDate', 'postingDate', { value: pdText });
  const entryComment = text(row, 'entryComment', true, 'fiş açıklaması (entryComment)')!;
  const accountMainID = text(row, 'accountMainID', true, 'ana hesap kodu (accountMainID)')!;
  if (accountMainID.length < 3 || accountMainID.length > 4) throw rowError(row, 'accountMainID', 'accountMainLength', { value: accountMainID });
  const accountMainDescription = text(row, 'accountMainDescription', true, 'ana hesap adı (accountMainDescription)')!;
  const accountSubID = text(row, 'accountSubID', false, '');
  const accountSubDescription = text(row, 'accountSubDescription', false, '');
  if (accountSubID && !accountSubID.startsWith(accountMainID))
    throw rowError(row, 'accountSubID', 'accountSubPrefix', { sub: accountSubID, main: accountMainID });
  if (accountSubID && !accountSubDescription) throw rowError(row, 'accountSubDescription', 'accountSubDescriptionMissing', {});
  if (!accountSubID && accountSubDescription) throw rowError(row, 'accountSubID', 'accountSubIdMissing', {});
  const amtText = row.get('amount');
  const amt = parseAmount(amtText, decimal);
  if (!amt.ok) {
    if (amt.reason === 'empty') throw rowError(row, 'amount', 'amountEmpty', {});
    const problem = ({ 'not-a-number': 'amountNotNumber', negative: 'amountNegative', 'too-many-decimals': 'amountDecimals', zero: 'amountZero' } as const)[
      amt.reason
    ];
    throw rowError(row, 'amount', problem, { value: amtText });
  }
  const dcText = row.get('debitCreditCode');
  const debitCreditCode = dcCode(dcText);
  if (!debitCreditCode) throw rowError(row, 'debitCreditCode', 'debitCreditCode', { value: dcText });
  let documentType: DocumentType | undefined;
  const dtText = text(row, 'documentType', false, '');
  if (dtText) {
    const k = DOC_SET.has(dtText) ? dtText : dtText.toLocaleLowerCase('tr-TR');
    documentType = DOC_SET.has(k) ? (k as DocumentType) : DOC_ALIASES[k];
    if (!documentType) throw rowError(row, 'documentType', 'documentType', { value: dtText, types: DOCUMENT_TYPES });
  }
  const documentTypeDescription = text(row, 'documentTypeDescription', false, '');
  const documentNumber = text(row, 'documentNumber', false, '');
  const ddText = text(row, 'documentDate', false, '');
  let documentDate: string | undefined;
  if (ddText) {
    documentDate = date(ddText) ?? undefined;
    if (!documentDate) throw rowError(row, 'documentDate', 'documentDate', { value: ddText });
  }
  if ((documentNumber || documentDate) && !documentType) throw rowError(row, 'documentType', 'documentTypeMissing', {});
  if (documentType === 'other' && !documentTypeDescription) throw rowError(row, 'documentTypeDescription', 'documentTypeDescriptionMissing', {});
  if ((documentType === 'other' || documentType === 'invoice' || documentType === 'check') && (!documentNumber || !documentDate)) {
    throw rowError(row, documentNumber ? 'documentDate' : 'documentNumber', 'documentNumberDateMissing', { type: documentType });
  }
  const enteredBy = text(row, 'enteredBy', false, '');
  if (enteredBy !== undefined && enteredBy.length < 2) throw rowError(row, 'enteredBy', 'enteredByShort', {});
  const edText = text(row, 'enteredDate', false, '');
  let enteredDate: string | undefined;
  if (edText) {
    enteredDate = date(edText) ?? undefined;
    if (!enteredDate) throw rowError(row, 'enteredDate', 'enteredDate', { value: edText });
    if (enteredDate !== postingDate) throw rowError(row, 'enteredDate', 'enteredDateNotPostingDate', { enteredDate, postingDate });
  }
  const encText = text(row, 'entryNumberCounter', false, '');
  let entryNumberCounter: number | undefined;
  if (encText) {
    if (!/^[0-9]{1,12}$/.test(encText) || +encText < 1) throw rowError(row, 'entryNumberCounter', 'entryNumberCounter', { value: encText });
    entryNumberCounter = +encText;
  }
  const paymentMethod = text(row, 'paymentMethod', false, '');
  const detailComment = text(row, 'detailComment', false, '');
  const batchID = text(row, 'batchID', false, '');
  const batchDescription = text(row, 'batchDescription', false, '');
  const line: LedgerLine = {
    entryNumber,
    postingDate,
    entryComment,
    accountMainID,
    accountMainDescription,
    amount: amt.kurus,
    debitCreditCode,
    pos: { file: row.file, line: row.line },
  };
  if (accountSubID) {
    line.accountSubID = accountSubID;
    line.accountSubDescription = accountSubDescription;
  }
  if (documentType) line.documentType = documentType;
  if (documentTypeDescription) line.documentTypeDescription = documentTypeDescription;
  if (documentNumber) line.documentNumber = documentNumber;
  if (documentDate) line.documentDate = documentDate;
  if (paymentMethod) line.paymentMethod = paymentMethod;
  if (detailComment) line.detailComment = detailComment;
  if (enteredBy) line.enteredBy = enteredBy;
  if (enteredDate) line.enteredDate = enteredDate;
  if (batchID) line.batchID = batchID;
  if (batchDescription) line.batchDescription = batchDescription;
  if (entryNumberCounter !== undefined) line.entryNumberCounter = entryNumberCounter;
  const docRef = text(row, 'documentReference', false, '');
  if (docRef !== undefined) {
    if (docRef !== entryNumber) throw rowError(row, 'documentReference', 'documentReference', { value: docRef, entryNumber });
    line.documentReferenceGiven = true;
  }
  if (
    row.idx.amountCurrency >= 0 ||
    row.idx.amountOriginalAmount >= 0 ||
    row.idx.amountOriginalCurrency >= 0 ||
    row.idx.amountOriginalExchangeRate >= 0 ||
    row.idx.amountOriginalExchangeRateDate >= 0 ||
    row.idx.amountOriginalExchangeRateSource >= 0 ||
    row.idx.amountOriginalExchangeRateComment >= 0
  ) {
    const muc = parseMuc(row, decimal);
    if (muc) line.muc = muc;
  }
  if (
    row.idx.measurableQuantity >= 0 ||
    row.idx.measurableCostPerUnit >= 0 ||
    row.idx.measurableCode >= 0 ||
    row.idx.measurableCodeDescription >= 0 ||
    row.idx.measurableQualifier >= 0 ||
    row.idx.measurableUnitOfMeasure >= 0
  ) {
    const m = parseMeasurable(row, decimal, formatAmount(amt.kurus));
    if (m) line.measurable = m;
  }
  if (row.idx.taxNumber >= 0) {
    const t = parseTaxNumber(row);
    if (t) line.taxNumber = t;
  }
  const att = text(row, 'attachmentFile', false, '');
  if (att !== undefined) line.attachmentFile = att;
  return line;
}
