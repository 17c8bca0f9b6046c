/**
 * Canonical XML of one envanter maddesi (E `gl-cor:entryHeader`), in the element order of the
 * XBRL-GL case-c-b content model: enteredBy, enteredDate, entryNumber, entryComment, şube
 * (batchID, batchDescription), entryNumberCounter, then the lines — lineNumber, lineNumberCounter,
 * account, amount, the gl-muc group (amountCurrency, rate date, original amount, currency, rate,
 * source, comment), detailComment, gl-bus:measurable. No debitCreditCode, no document fields.
 */
import { formatAmount } from '../amount.ts';
import { items } from '../xbrl-header.ts';
import type { EnvanterLine, EnvanterMadde } from './types.ts';

/** The Envanter context id (GİB-EK). */
export const ASSETS_CONTEXT = 'assets_context' as const;
const E = items(ASSETS_CONTEXT);
const C = ` contextRef="${ASSETS_CONTEXT}"`;

/** Unit id used for an amount in `currency`: the lower-case ISO code (`try`, `usd`), as the Yevmiye writer names its units. */
function currencyUnitId(currency: string): string {
  return currency.toLowerCase();
}

function account(l: EnvanterLine): string {
  let s = `<gl-cor:account>\n${E.s('gl-cor:accountMainID', l.accountMainID)}\n${E.s('gl-cor:accountMainDescription', l.accountMainDescription)}\n`;
  if (l.accountSubID)
    s += `<gl-cor:accountSub>\n${E.s('gl-cor:accountSubDescription', l.accountSubDescription ?? '')}\n${E.s('gl-cor:accountSubID', l.accountSubID)}\n</gl-cor:accountSub>\n`;
  return s + '</gl-cor:account>\n';
}

function muc(l: EnvanterLine): string {
  const m = l.muc;
  if (!m) return '';
  let s = '';
  if (m.amountCurrency) s += E.s('gl-muc:amountCurrency', `iso4217:${m.amountCurrency}`) + '\n';
  if (m.exchangeRateDate) s += E.s('gl-muc:amountOriginalExchangeRateDate', m.exchangeRateDate) + '\n';
  if (m.amount !== undefined && m.currency)
    s += `<gl-muc:amountOriginalAmount${C} decimals="INF" unitRef="${currencyUnitId(m.currency)}">${formatAmount(m.amount)}</gl-muc:amountOriginalAmount>\n`;
  if (m.currency) s += E.s('gl-muc:amountOriginalCurrency', `iso4217:${m.currency}`) + '\n';
  if (m.exchangeRate) s += E.count('gl-muc:amountOriginalExchangeRate', m.exchangeRate) + '\n';
  if (m.exchangeRateSource) s += E.s('gl-muc:amountOriginalExchangeRateSource', m.exchangeRateSource) + '\n';
  if (m.exchangeRateComment) s += E.s('gl-muc:amountOriginalExchangeRateComment', m.exchangeRateComment) + '\n';
  return s;
}

function measurable(l: EnvanterLine): string {
  const m = l.measurable;
  if (!m) return '';
  let s = '<gl-bus:measurable>\n';
  if (m.code) s += E.s('gl-bus:measurableCode', m.code) + '\n';
  if (m.quantity) s += E.count('gl-bus:measurableQuantity', m.quantity) + '\n';
  if (m.qualifier) s += E.s('gl-bus:measurableQualifier', m.qualifier) + '\n';
  if (m.unitOfMeasure) s += E.s('gl-bus:measurableUnitOfMeasure', m.unitOfMeasure) + '\n';
  if (m.costPerUnit !== undefined) s += E.money('gl-bus:measurableCostPerUnit', formatAmount(m.costPerUnit)) + '\n';
  return s + '</gl-bus:measurable>\n';
}

/** `gl-cor:entryHeader` of an envanter maddesi (counter and firstLineNumber already assigned). */
export function envanterEntryXml(m: EnvanterMadde): string {
  let s =
    '<gl-cor:entryHeader>\n' +
    E.s('gl-cor:enteredBy', m.enteredBy) +
    '\n' +
    E.s('gl-cor:enteredDate', m.date) +
    '\n' +
    E.s('gl-cor:entryNumber', m.entryNumber) +
    '\n' +
    E.s('gl-cor:entryComment', m.comment) +
    '\n';
  if (m.batchID) s += E.s('gl-bus:batchID', m.batchID) + '\n';
  if (m.batchDescription) s += E.s('gl-bus:batchDescription', m.batchDescription) + '\n';
  s += E.count('gl-cor:entryNumberCounter', m.counter) + '\n';
  let ln = m.firstLineNumber;
  for (const l of m.lines) {
    s +=
      '<gl-cor:entryDetail>\n' +
      E.s('gl-cor:lineNumber', String(ln++)) +
      '\n' +
      E.count('gl-cor:lineNumberCounter', m.counter) +
      '\n' +
      account(l) +
      E.money('gl-cor:amount', formatAmount(l.amount)) +
      '\n' +
      muc(l) +
      (l.detailComment ? E.s('gl-cor:detailComment', l.detailComment) + '\n' : '') +
      measurable(l) +
      '</gl-cor:entryDetail>\n';
  }
  return s + '</gl-cor:entryHeader>\n';
}

/** Foreign currencies used by amountOriginalAmount in the maddeler (each needs an `xbrli:unit`). */
export function foreignCurrencies(ms: EnvanterMadde[]): string[] {
  const set = new Set<string>();
  for (const m of ms) for (const l of m.lines) if (l.muc?.currency && l.muc.currency !== 'TRY') set.add(l.muc.currency);
  return [...set].sort();
}
