/**
 * `nilvera`: the Nilvera e-Defter layout as Odoo writes it (compliance-plan.md §6): a zip holding
 * one CSV, `;`, UTF-8 without BOM, decimal comma, dates `d.mm.yyyy HH:MM:SS` (the time of day is
 * dropped). `AO*` are the line's original (foreign) currency fields (gl-muc), `BranchNumber` the
 * şube (`0` = none), `DocumentReferance` is spelled so by the format (the correct spelling is
 * accepted too). `TaxNumber` is the taxpayer's VKN/TCKN on each line and must equal company.json's
 * `vkn`; `LineNumber` is the period-wide line number (checked; we number lines ourselves).
 */
import { columnMap, type ImportProfile } from '../profile.ts';

/** Nilvera / Odoo column map (every listed column; none dropped silently). */
export const nilvera: ImportProfile = {
  name: 'nilvera',
  title: 'nilvera (Odoo)',
  delimiter: ';',
  decimal: 'comma',
  columns: columnMap([
    ['LineNumber', { role: 'line-number' }],
    ['EnteredBy', 'enteredBy'],
    ['EnteredDate', 'enteredDate'],
    ['EntryNumberCounter', 'entryNumberCounter'],
    ['EntryNumber', 'entryNumber'],
    ['EntryComment', 'entryComment'],
    ['MainAccountID', 'accountMainID'],
    ['MainAccountDescription', 'accountMainDescription'],
    ['SubAccountID', 'accountSubID'],
    ['SubAccountDescription', 'accountSubDescription'],
    ['Amount', 'amount'],
    ['AOAmount', 'amountOriginalAmount'],
    ['AOCurrency', 'amountOriginalCurrency'],
    ['AOExchangeRate', 'amountOriginalExchangeRate'],
    ['AOExchangeRateComment', 'amountOriginalExchangeRateComment'],
    ['AOExchangeRateDate', 'amountOriginalExchangeRateDate'],
    ['AOExchangeRateSource', 'amountOriginalExchangeRateSource'],
    ['DebitCreditCode', 'debitCreditCode'],
    ['DocumentType', 'documentType'],
    ['DocumentTypeDescription', 'documentTypeDescription'],
    ['DocumentNumber', 'documentNumber'],
    ['DocumentDate', 'documentDate'],
    ['PaymentMethod', 'paymentMethod'],
    ['DetailComment', 'detailComment'],
    ['PostingDate', 'postingDate'],
    ['DocumentReferance', 'documentReference'],
    ['DocumentReference', 'documentReference'],
    ['TaxNumber', { role: 'tax-number' }],
    ['BranchNumber', { to: 'batchID', role: 'branch' }],
  ]),
};
