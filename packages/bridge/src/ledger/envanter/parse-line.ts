/**
 * Turns one envanter CSV row into an {@link EnvanterLine}, checking each field against GİB's
 * Envanter rules (envanter_defter.sch `entrydetail` and `measurable`, gl-muc / gl-bus XSD types):
 * amount > 0 with ≤ 2 decimals; account IDs of 3–4 characters and sub-accounts starting with them;
 * a foreign amount needs its currency, rate and rate date; quantity and unit come together, the unit
 * from GİB's list (e.g. C62), the measurable code from GİB's vocabulary.
 */
import type { EdefterError, LedgerFieldFacts, LedgerFieldProblem } from '@edefter/protocol';
import { parseAmount, type DecimalMode } from '../amount.ts';
import { parseDate } from '../dates.ts';
import { fieldInvalid } from '../field-error.ts';
import { MEASURABLE_CODES, UNIT_CODES, type EnvanterColumn } from './columns.ts';
import type { EnvanterLine, Measurable, OriginalAmount } from './types.ts';

/** One data row of the export. */
export interface Row {
  file: string;
  line: number;
  fields: string[];
  idx: Record<EnvanterColumn, number>;
}

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
let currencies: Set<string> | undefined;
/**
 * True when `code` is an ISO 4217 currency code ICU knows. The list is read on first use, not when the module loads:
 * reading it maps megabytes of ICU data that a bridge which never parses an Envanter would keep resident.
 */
function isCurrency(code: string): boolean {
  currencies ??= new Set<string>((Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('currency'));
  return currencies.has(code);
}

/** `dosya.csv:12:5 (alan): …` error. */
function fieldError<N extends LedgerFieldProblem>(row: Row, col: EnvanterColumn, problem: N, facts: LedgerFieldFacts<N>): EdefterError {
  const c = row.idx[col] + 1;
  return fieldInvalid({ file: row.file, line: row.line, ...(c > 0 ? { column: c } : {}), field: col }, problem, facts);
}

function text(row: Row, c: EnvanterColumn, required = false): string | undefined {
  const i = row.idx[c];
  const v = (i < 0 ? '' : (row.fields[i] ?? '')).trim().replace(/\r\n?/g, '\n');
  if (!v) {
    if (required) throw fieldError(row, c, 'empty', { name: c, column: c });
    return undefined;
  }
  if (CONTROL.test(v)) throw fieldError(row, c, 'controlChar', {});
  return v;
}

function money(row: Row, c: EnvanterColumn, decimal: DecimalMode): bigint | undefined {
  const t = text(row, c);
  if (t === undefined) return undefined;
  const a = parseAmount(t, decimal);
  if (!a.ok) throw fieldError(row, c, 'envanterAmount', { value: t });
  return a.kurus;
}

/** A positive decimal (rate, quantity): `1.234,5678` / `1234.5678` → `1234.5678`. */
function decimalText(row: Row, c: EnvanterColumn, decimal: DecimalMode): string | undefined {
  const t = text(row, c);
  if (t === undefined) return undefined;
  let s = t.replace(/[\s\u00a0]/g, '');
  if (decimal === 'comma' || (decimal === 'auto' && s.includes(','))) s = s.replace(/\./g, '').replace(',', '.');
  else s = s.replace(/,/g, '');
  if (!/^[0-9]+(\.[0-9]{1,8})?$/.test(s) || !/[1-9]/.test(s)) throw fieldError(row, c, 'envanterDecimal', { value: t });
  return s.replace(/^0+(?=\d)/, '');
}

function currency(row: Row, c: EnvanterColumn): string | undefined {
  const t = text(row, c);
  if (t === undefined) return undefined;
  const u = t.toUpperCase().replace(/^ISO4217:/, '');
  if (!/^[A-Z]{3}$/.test(u) || !isCurrency(u)) throw fieldError(row, c, 'envanterCurrency', { value: t });
  return u;
}

function mucOf(row: Row, decimal: DecimalMode): OriginalAmount | undefined {
  const m: OriginalAmount = {};
  const ac = currency(row, 'amountCurrency');
  if (ac) m.amountCurrency = ac;
  const amt = money(row, 'amountOriginalAmount', decimal);
  if (amt !== undefined) m.amount = amt;
  const cur = currency(row, 'amountOriginalCurrency');
  if (cur) m.currency = cur;
  const rate = decimalText(row, 'amountOriginalExchangeRate', decimal);
  if (rate) m.exchangeRate = rate;
  const dt = text(row, 'amountOriginalExchangeRateDate');
  if (dt) {
    const d = parseDate(dt);
    if (!d) throw fieldError(row, 'amountOriginalExchangeRateDate', 'envanterRateDate', { value: dt });
    m.exchangeRateDate = d;
  }
  const src = text(row, 'amountOriginalExchangeRateSource');
  if (src) m.exchangeRateSource = src;
  const com = text(row, 'amountOriginalExchangeRateComment');
  if (com) m.exchangeRateComment = com;
  if (!Object.keys(m).length) return undefined;
  const foreign = m.amount !== undefined || m.currency || m.exchangeRate || m.exchangeRateDate || m.exchangeRateSource || m.exchangeRateComment;
  if (foreign) {
    // GİB: amountOriginalAmount needs its currency and rate date; a currency needs its rate.
    if (m.amount === undefined) throw fieldError(row, 'amountOriginalAmount', 'envanterForeignNoAmount', {});
    if (!m.currency) throw fieldError(row, 'amountOriginalCurrency', 'envanterForeignNoCurrency', {});
    if (!m.exchangeRate) throw fieldError(row, 'amountOriginalExchangeRate', 'envanterForeignNoRate', {});
    if (!m.exchangeRateDate) throw fieldError(row, 'amountOriginalExchangeRateDate', 'envanterForeignNoRateDate', {});
  }
  return m;
}

function measurableOf(row: Row, decimal: DecimalMode): Measurable | undefined {
  const m: Measurable = {};
  const code = text(row, 'measurableCode');
  if (code) {
    const u = code.toUpperCase();
    if (!(MEASURABLE_CODES as readonly string[]).includes(u))
      throw fieldError(row, 'measurableCode', 'envanterMeasurableCode', { value: code, codes: MEASURABLE_CODES });
    m.code = u;
  }
  if (text(row, 'measurableCodeDescription')) throw fieldError(row, 'measurableCodeDescription', 'envanterMeasurableDescription', {});
  const q = text(row, 'measurableQualifier');
  if (q) m.qualifier = q;
  const qty = decimalText(row, 'measurableQuantity', decimal);
  if (qty) m.quantity = qty;
  const unit = text(row, 'measurableUnitOfMeasure');
  if (unit) {
    const u = unit.toUpperCase();
    if (!(UNIT_CODES as readonly string[]).includes(u)) throw fieldError(row, 'measurableUnitOfMeasure', 'envanterUnit', { value: unit });
    m.unitOfMeasure = u;
  }
  const cost = money(row, 'measurableCostPerUnit', decimal);
  if (cost !== undefined) m.costPerUnit = cost;
  if (!Object.keys(m).length) return undefined;
  if (!m.quantity) throw fieldError(row, 'measurableQuantity', 'envanterNoQuantity', {});
  if (!m.unitOfMeasure) throw fieldError(row, 'measurableUnitOfMeasure', 'envanterNoUnit', {});
  return m;
}

/**
 * Parses and checks one row.
 * @param date the inventory date; `postingDate` / `enteredDate`, when given, must equal it
 * @throws EdefterError(BAD_INPUT) `file:line:column (field): message` for the first bad field
 */
export function parseEnvanterLine(row: Row, date: string, decimal: DecimalMode): EnvanterLine {
  const entryNumber = text(row, 'entryNumber', true)!;
  for (const c of ['postingDate', 'enteredDate'] as const) {
    const t = text(row, c);
    if (t === undefined) continue;
    const d = parseDate(t);
    if (!d) throw fieldError(row, c, 'date', { value: t });
    if (d !== date) throw fieldError(row, c, 'envanterDate', { date, value: t });
  }
  const entryComment = text(row, 'entryComment', true)!;
  const accountMainID = text(row, 'accountMainID', true)!;
  if (accountMainID.length < 3 || accountMainID.length > 4) throw fieldError(row, 'accountMainID', 'accountMainLength', { value: accountMainID });
  const accountMainDescription = text(row, 'accountMainDescription', true)!;
  const accountSubID = text(row, 'accountSubID');
  const accountSubDescription = text(row, 'accountSubDescription');
  if (accountSubID && !accountSubID.startsWith(accountMainID))
    throw fieldError(row, 'accountSubID', 'accountSubPrefix', { sub: accountSubID, main: accountMainID });
  if (accountSubID && !accountSubDescription) throw fieldError(row, 'accountSubDescription', 'accountSubDescriptionMissing', {});
  if (!accountSubID && accountSubDescription) throw fieldError(row, 'accountSubID', 'accountSubIdMissing', {});
  const amount = money(row, 'amount', decimal);
  if (amount === undefined) throw fieldError(row, 'amount', 'amountMissing', {});
  const enteredBy = text(row, 'enteredBy');
  if (enteredBy !== undefined && enteredBy.length < 2) throw fieldError(row, 'enteredBy', 'enteredByShort', {});
  const line: EnvanterLine = { entryNumber, entryComment, accountMainID, accountMainDescription, amount, pos: { file: row.file, line: row.line } };
  if (accountSubID) {
    line.accountSubID = accountSubID;
    line.accountSubDescription = accountSubDescription;
  }
  const detailComment = text(row, 'detailComment');
  if (detailComment) line.detailComment = detailComment;
  if (enteredBy) line.enteredBy = enteredBy;
  const batchID = text(row, 'batchID');
  if (batchID) line.batchID = batchID;
  const batchDescription = text(row, 'batchDescription');
  if (batchDescription) line.batchDescription = batchDescription;
  const muc = mucOf(row, decimal);
  if (muc) line.muc = muc;
  const meas = measurableOf(row, decimal);
  if (meas) line.measurable = meas;
  return line;
}
