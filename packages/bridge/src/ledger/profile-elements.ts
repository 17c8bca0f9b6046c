/**
 * The optional element groups of GİB's Yevmiye/Kebir profile beyond the basic line (spec §1.4, §3.2–3.3;
 * GİB edefter_yevmiye.sch / edefter_kebir.sch patterns `entryDetail` and `measurable`):
 *  - `gl-muc:*` foreign currency of a line: amountCurrency, amountOriginalExchangeRateDate,
 *    amountOriginalAmount, amountOriginalCurrency, amountOriginalExchangeRate, …Source, …Comment
 *    (GİB: an original amount needs its currency and rate date, a currency needs its rate,
 *    amountCurrency needs documentInfo/gl-muc:defaultCurrency);
 *  - `gl-bus:measurable` (at most one per line; GİB fixes code `NT`, description "Maddi Olmayan
 *    Kalemler", qualifier `Fon`, unit `Adet`, and amount = costPerUnit × quantity);
 *  - `gl-cor:identifierReference` carrying a counterparty VKN/TCKN (`taxNumber`, check digits verified).
 * Parsing turns the export columns into checked values with `file:line:column` errors; the writers
 * emit them in the case-c-b content-model order (gl-cor-content-2006-10-25.xsd entryDetailComplexType).
 */
import type { DecimalMode } from './amount.ts';
import type { LedgerFieldFacts } from '@edefter/protocol';
import { rowError, type ColumnName, type CsvRow } from './csv-rows.ts';
import { parseDate } from './dates.ts';
import { taxIdKind, taxIdProblem } from './tax-id.ts';
import { CURRENCIES } from './iso4217.ts';

/** gl-muc values of one line; currencies as ISO 4217 codes (`USD`), numbers as canonical decimal text. */
export interface MucFields {
  /** The currency of gl-cor:amount; always TRY in an e-Defter (written as iso4217:TRY). */
  amountCurrency?: 'TRY';
  originalAmount?: string;
  originalCurrency?: string;
  exchangeRate?: string;
  /** ISO date. */
  exchangeRateDate?: string;
  exchangeRateSource?: string;
  exchangeRateComment?: string;
}

/** gl-bus:measurable of one line (GİB's fixed values plus quantity and unit cost as decimal text). */
export interface MeasurableFields {
  code: string;
  codeDescription: string;
  quantity: string;
  qualifier: string;
  unitOfMeasure: string;
  costPerUnit: string;
}

/** GİB's fixed measurable values (edefter_yevmiye.sch / edefter_kebir.sch pattern `measurable`). */
const MEASURABLE_FIXED = { code: 'NT', codeDescription: 'Maddi Olmayan Kalemler', qualifier: 'Fon', unitOfMeasure: 'Adet' } as const;

/** Decimal places we accept per kind of number (amount columns of the core line stay at 2). */
const DECIMALS = { originalAmount: 4, exchangeRate: 8, quantity: 6, costPerUnit: 6 } as const;

/** The unit id a foreign currency's amounts refer to: lower-case code (`usd`), so GİB's unit/measure rule on upper-case ids does not apply. */
function currencyUnitId(code: string): string {
  return code.toLowerCase();
}

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

function field(row: CsvRow, c: ColumnName): string | undefined {
  const v = row.get(c);
  if (v === '') return undefined;
  if (CONTROL.test(v)) throw rowError(row, c, 'controlChar', {});
  return v;
}

/**
 * Parses a positive decimal number (`1.234,5678` or `1234.5678`, by the export's decimal mode) into
 * canonical text (`1234.5678`, no leading zeros, no trailing zeros after the point).
 * @throws EdefterError(BAD_INPUT) at the row and column for non-numbers, ≤ 0, or too many decimals
 */
function parseDecimalField(row: CsvRow, c: ColumnName, text: string, mode: DecimalMode, maxDecimals: number, trName: string): string {
  let s = text.replace(/[\s\u00a0]/g, '');
  if (s.startsWith('+')) s = s.slice(1);
  const comma = mode === 'comma' || (mode === 'auto' && s.includes(','));
  if (comma) {
    s = s.replace(/\./g, '');
    if (s.indexOf(',') !== s.lastIndexOf(',')) s = 'x';
    s = s.replace(',', '.');
  } else s = s.replace(/,/g, '');
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) throw rowError(row, c, 'notANumber', { name: trName, column: c, value: text });
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > maxDecimals) throw rowError(row, c, 'tooManyDecimals', { name: trName, column: c, value: text, max: maxDecimals });
  const int = m[1].replace(/^0+(?=\d)/, '');
  if (/^0+$/.test(int) && frac === '') throw rowError(row, c, 'notPositive', { name: trName, column: c, value: text });
  return frac ? `${int}.${frac}` : int;
}

/** `USD`, `usd` or `iso4217:USD` → `USD`, checked against ISO 4217. */
function currency(row: CsvRow, c: ColumnName, text: string): string {
  const code = text
    .replace(/^iso4217:/i, '')
    .trim()
    .toUpperCase();
  if (!/^[A-Z]{3}$/.test(code) || !CURRENCIES.has(code)) throw rowError(row, c, 'currency', { value: text });
  return code;
}

/**
 * Reads the gl-muc columns of a row.
 * Rules (GİB .sch plus what makes the group meaningful): an original amount needs its currency,
 * rate and rate date; a currency needs its amount and rate; rate, rate date, source and comment need a
 * currency; rate > 0; amountCurrency can only be TRY (gl-cor:amount is in TRY).
 * @returns undefined when the row has no gl-muc value
 */
export function parseMuc(row: CsvRow, mode: DecimalMode): MucFields | undefined {
  const t = {
    amountCurrency: field(row, 'amountCurrency'),
    amount: field(row, 'amountOriginalAmount'),
    cur: field(row, 'amountOriginalCurrency'),
    rate: field(row, 'amountOriginalExchangeRate'),
    date: field(row, 'amountOriginalExchangeRateDate'),
    source: field(row, 'amountOriginalExchangeRateSource'),
    comment: field(row, 'amountOriginalExchangeRateComment'),
  };
  if (Object.values(t).every((v) => v === undefined)) return undefined;
  const out: MucFields = {};
  if (t.amountCurrency !== undefined) {
    if (currency(row, 'amountCurrency', t.amountCurrency) !== 'TRY') throw rowError(row, 'amountCurrency', 'amountCurrencyNotTry', { value: t.amountCurrency });
    out.amountCurrency = 'TRY';
  }
  const foreign =
    t.amount !== undefined || t.cur !== undefined || t.rate !== undefined || t.date !== undefined || t.source !== undefined || t.comment !== undefined;
  if (!foreign) return out;
  const need = (v: string | undefined, c: ColumnName, because: LedgerFieldFacts<'emptyBecause'>['because']) => {
    if (v === undefined) throw rowError(row, c, 'emptyBecause', { column: c, because });
  };
  need(t.cur, 'amountOriginalCurrency', 'currency');
  need(t.amount, 'amountOriginalAmount', 'amount');
  need(t.rate, 'amountOriginalExchangeRate', 'rate');
  need(t.date, 'amountOriginalExchangeRateDate', 'rateDate');
  out.originalCurrency = currency(row, 'amountOriginalCurrency', t.cur!);
  out.originalAmount = parseDecimalField(row, 'amountOriginalAmount', t.amount!, mode, DECIMALS.originalAmount, 'döviz tutarı (amountOriginalAmount)');
  out.exchangeRate = parseDecimalField(row, 'amountOriginalExchangeRate', t.rate!, mode, DECIMALS.exchangeRate, 'kur (amountOriginalExchangeRate)');
  const d = parseDate(t.date!);
  if (!d) throw rowError(row, 'amountOriginalExchangeRateDate', 'rateDate', { value: t.date! });
  out.exchangeRateDate = d;
  if (t.source !== undefined) out.exchangeRateSource = t.source;
  if (t.comment !== undefined) out.exchangeRateComment = t.comment;
  return out;
}

/**
 * Reads the gl-bus:measurable columns of a row. Quantity and unit cost are required when any
 * measurable column has a value; code, description, qualifier and unit default to GİB's fixed values and,
 * when given, must equal them. GİB checks `amount = costPerUnit × quantity` in XPath double arithmetic,
 * so the same double product is checked here.
 * @param amountText the line's gl-cor:amount as written (`1500.00`)
 * @returns undefined when the row has no measurable value
 */
export function parseMeasurable(row: CsvRow, mode: DecimalMode, amountText: string): MeasurableFields | undefined {
  const t = {
    code: field(row, 'measurableCode'),
    codeDescription: field(row, 'measurableCodeDescription'),
    qualifier: field(row, 'measurableQualifier'),
    quantity: field(row, 'measurableQuantity'),
    unitOfMeasure: field(row, 'measurableUnitOfMeasure'),
    costPerUnit: field(row, 'measurableCostPerUnit'),
  };
  if (Object.values(t).every((v) => v === undefined)) return undefined;
  const cols: Record<keyof typeof MEASURABLE_FIXED, ColumnName> = {
    code: 'measurableCode',
    codeDescription: 'measurableCodeDescription',
    qualifier: 'measurableQualifier',
    unitOfMeasure: 'measurableUnitOfMeasure',
  };
  for (const k of Object.keys(MEASURABLE_FIXED) as (keyof typeof MEASURABLE_FIXED)[]) {
    const v = t[k];
    if (v !== undefined && v !== MEASURABLE_FIXED[k]) {
      throw rowError(row, cols[k], 'measurableFixed', { column: cols[k], value: v, fixed: MEASURABLE_FIXED[k] });
    }
  }
  if (t.quantity === undefined) throw rowError(row, 'measurableQuantity', 'measurableNoQuantity', {});
  if (t.costPerUnit === undefined) throw rowError(row, 'measurableCostPerUnit', 'measurableNoCost', {});
  const quantity = parseDecimalField(row, 'measurableQuantity', t.quantity, mode, DECIMALS.quantity, 'miktar (measurableQuantity)');
  const costPerUnit = parseDecimalField(row, 'measurableCostPerUnit', t.costPerUnit, mode, DECIMALS.costPerUnit, 'birim fiyat (measurableCostPerUnit)');
  if (Number(quantity) * Number(costPerUnit) !== Number(amountText)) {
    throw rowError(row, 'measurableCostPerUnit', 'measurableProduct', {
      costPerUnit,
      quantity,
      product: Number(quantity) * Number(costPerUnit),
      amount: amountText,
    });
  }
  return { ...MEASURABLE_FIXED, quantity, costPerUnit };
}

/** Reads `taxNumber` (counterparty VKN/TCKN), check digits verified. @returns undefined when empty */
export function parseTaxNumber(row: CsvRow): string | undefined {
  const v = field(row, 'taxNumber');
  if (v === undefined) return undefined;
  const p = taxIdProblem(v);
  if (p) throw rowError(row, 'taxNumber', 'taxId', { reason: { tr: p.tr, en: p.en } });
  return v;
}

/** Writes items of one context; see xbrl-header.ts `items` (attributes in canonical order). */
interface ItemWriter {
  s(n: string, t: string): string;
  money(n: string, t: string): string;
  count(n: string, v: number | string): string;
}

/** gl-muc elements in content-model order (between gl-cor:amount and gl-cor:debitCreditCode). */
export function mucXml(it: ItemWriter, ctx: string, m: MucFields): string {
  let s = '';
  if (m.amountCurrency) s += it.s('gl-muc:amountCurrency', 'iso4217:TRY') + '\n';
  if (m.exchangeRateDate) s += it.s('gl-muc:amountOriginalExchangeRateDate', m.exchangeRateDate) + '\n';
  if (m.originalAmount && m.originalCurrency)
    s += `<gl-muc:amountOriginalAmount contextRef="${ctx}" decimals="INF" unitRef="${currencyUnitId(m.originalCurrency)}">${m.originalAmount}</gl-muc:amountOriginalAmount>\n`;
  if (m.originalCurrency) s += it.s('gl-muc:amountOriginalCurrency', `iso4217:${m.originalCurrency}`) + '\n';
  if (m.exchangeRate) s += it.count('gl-muc:amountOriginalExchangeRate', m.exchangeRate) + '\n';
  if (m.exchangeRateSource) s += it.s('gl-muc:amountOriginalExchangeRateSource', m.exchangeRateSource) + '\n';
  if (m.exchangeRateComment) s += it.s('gl-muc:amountOriginalExchangeRateComment', m.exchangeRateComment) + '\n';
  return s;
}

/** `gl-cor:identifierReference` naming the counterparty by VKN/TCKN (between postingDate and documentType). */
export function identifierXml(it: ItemWriter, taxNumber: string): string {
  return `<gl-cor:identifierReference>\n${it.s('gl-cor:identifierCode', taxNumber)}\n${it.s('gl-cor:identifierDescription', taxIdKind(taxNumber))}\n</gl-cor:identifierReference>\n`;
}

/** `gl-bus:measurable` (after detailComment), children in content-model order. */
export function measurableXml(it: ItemWriter, m: MeasurableFields): string {
  return (
    '<gl-bus:measurable>\n' +
    it.s('gl-bus:measurableCode', m.code) +
    '\n' +
    it.s('gl-bus:measurableCodeDescription', m.codeDescription) +
    '\n' +
    it.count('gl-bus:measurableQuantity', m.quantity) +
    '\n' +
    it.s('gl-bus:measurableQualifier', m.qualifier) +
    '\n' +
    it.s('gl-bus:measurableUnitOfMeasure', m.unitOfMeasure) +
    '\n' +
    it.money('gl-bus:measurableCostPerUnit', m.costPerUnit) +
    '\n' +
    '</gl-bus:measurable>\n'
  );
}
