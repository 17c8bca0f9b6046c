/**
 * Turns one envanter CSV row into an {@link EnvanterLine}, checking each field against GİB's
 * Envanter rules (envanter_defter.sch `entrydetail` and `measurable`, gl-muc / gl-bus XSD types):
 * amount > 0 with ≤ 2 decimals; account IDs of 3–4 characters and sub-accounts starting with them;
 * a foreign amount needs its currency, rate and rate date; quantity and unit come together, the unit
 * from GİB's list (e.g. C62), the measurable code from GİB's vocabulary.
 */
import { type EdefterError, fail } from '@edefter/protocol';
import { parseAmount, type DecimalMode } from '../amount.ts';
import { parseDate } from '../dates.ts';
import { MEASURABLE_CODES, UNIT_CODES, type EnvanterColumn } from './columns.ts';
import type { EnvanterLine, Measurable, OriginalAmount } from './types.ts';

/** One data row of the export. */
export interface Row { file: string; line: number; fields: string[]; idx: Record<EnvanterColumn, number> }

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const CURRENCIES = new Set<string>((Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('currency'));

/** `dosya.csv:12:5 (alan): …` error. */
export function fieldError(row: Row, col: EnvanterColumn, tr: string, en: string): EdefterError {
  const c = row.idx[col] + 1;
  const where = `${row.file}:${row.line}${c > 0 ? ':' + c : ''} (${col})`;
  return fail('ledger.inputInvalid', { where, problem: { tr, en }, file: row.file, line: row.line, ...(c > 0 ? { column: c } : {}), field: col });
}

function text(row: Row, c: EnvanterColumn, required = false): string | undefined {
  const i = row.idx[c];
  const v = (i < 0 ? '' : row.fields[i] ?? '').trim().replace(/\r\n?/g, '\n');
  if (!v) {
    if (required) throw fieldError(row, c, `${c} boş olamaz`, `${c} must not be empty`);
    return undefined;
  }
  if (CONTROL.test(v)) throw fieldError(row, c, "metinde XML'de kullanılamayan kontrol karakteri var", 'the text holds a control character XML cannot carry');
  return v;
}

function money(row: Row, c: EnvanterColumn, decimal: DecimalMode): bigint | undefined {
  const t = text(row, c);
  if (t === undefined) return undefined;
  const a = parseAmount(t, decimal);
  if (!a.ok) throw fieldError(row, c, `tutar 0'dan büyük, en fazla 2 ondalıklı bir sayı olmalı ('${t}')`, `must be a number > 0 with at most 2 decimals ('${t}')`);
  return a.kurus;
}

/** A positive decimal (rate, quantity): `1.234,5678` / `1234.5678` → `1234.5678`. */
function decimalText(row: Row, c: EnvanterColumn, decimal: DecimalMode): string | undefined {
  const t = text(row, c);
  if (t === undefined) return undefined;
  let s = t.replace(/[\s\u00a0]/g, '');
  if (decimal === 'comma' || (decimal === 'auto' && s.includes(','))) s = s.replace(/\./g, '').replace(',', '.');
  else s = s.replace(/,/g, '');
  if (!/^[0-9]+(\.[0-9]{1,8})?$/.test(s) || !/[1-9]/.test(s)) throw fieldError(row, c, `0'dan büyük bir sayı olmalı (en fazla 8 ondalık; '${t}')`, `must be a number > 0 (at most 8 decimals; '${t}')`);
  return s.replace(/^0+(?=\d)/, '');
}

function currency(row: Row, c: EnvanterColumn): string | undefined {
  const t = text(row, c);
  if (t === undefined) return undefined;
  const u = t.toUpperCase().replace(/^ISO4217:/, '');
  if (!/^[A-Z]{3}$/.test(u) || !CURRENCIES.has(u)) throw fieldError(row, c, `ISO 4217 para birimi kodu olmalı ('${t}')`, `must be an ISO 4217 currency code ('${t}')`);
  return u;
}

function mucOf(row: Row, decimal: DecimalMode): OriginalAmount | undefined {
  const m: OriginalAmount = {};
  const ac = currency(row, 'amountCurrency'); if (ac) m.amountCurrency = ac;
  const amt = money(row, 'amountOriginalAmount', decimal); if (amt !== undefined) m.amount = amt;
  const cur = currency(row, 'amountOriginalCurrency'); if (cur) m.currency = cur;
  const rate = decimalText(row, 'amountOriginalExchangeRate', decimal); if (rate) m.exchangeRate = rate;
  const dt = text(row, 'amountOriginalExchangeRateDate');
  if (dt) {
    const d = parseDate(dt);
    if (!d) throw fieldError(row, 'amountOriginalExchangeRateDate', `geçersiz kur tarihi '${dt}'`, `invalid exchange rate date '${dt}'`);
    m.exchangeRateDate = d;
  }
  const src = text(row, 'amountOriginalExchangeRateSource'); if (src) m.exchangeRateSource = src;
  const com = text(row, 'amountOriginalExchangeRateComment'); if (com) m.exchangeRateComment = com;
  if (!Object.keys(m).length) return undefined;
  const foreign = m.amount !== undefined || m.currency || m.exchangeRate || m.exchangeRateDate || m.exchangeRateSource || m.exchangeRateComment;
  if (foreign) {
    // GİB: amountOriginalAmount needs its currency and rate date; a currency needs its rate.
    if (m.amount === undefined) throw fieldError(row, 'amountOriginalAmount', 'döviz bilgisi var ama döviz tutarı (amountOriginalAmount) boş', 'foreign-currency fields without amountOriginalAmount');
    if (!m.currency) throw fieldError(row, 'amountOriginalCurrency', 'döviz tutarı varken döviz cinsi (amountOriginalCurrency) zorunludur (GİB kuralı)', 'amountOriginalCurrency is required with amountOriginalAmount (GİB rule)');
    if (!m.exchangeRate) throw fieldError(row, 'amountOriginalExchangeRate', 'döviz cinsi varken kur (amountOriginalExchangeRate) zorunludur (GİB kuralı)', 'amountOriginalExchangeRate is required with amountOriginalCurrency (GİB rule)');
    if (!m.exchangeRateDate) throw fieldError(row, 'amountOriginalExchangeRateDate', 'döviz tutarı varken kur tarihi (amountOriginalExchangeRateDate) zorunludur (GİB kuralı)', 'amountOriginalExchangeRateDate is required with amountOriginalAmount (GİB rule)');
  }
  return m;
}

function measurableOf(row: Row, decimal: DecimalMode): Measurable | undefined {
  const m: Measurable = {};
  const code = text(row, 'measurableCode');
  if (code) {
    const u = code.toUpperCase();
    if (!(MEASURABLE_CODES as readonly string[]).includes(u)) throw fieldError(row, 'measurableCode', `ölçü kodu GİB listesinde yok ('${code}'; ${MEASURABLE_CODES.join(', ')})`, `measurableCode is not in GİB's list ('${code}'; ${MEASURABLE_CODES.join(', ')})`);
    m.code = u;
  }
  if (text(row, 'measurableCodeDescription')) throw fieldError(row, 'measurableCodeDescription', "envanter defterinde ölçü kodu açıklaması (measurableCodeDescription) yazılamaz: GİB'in envanter_defter.sch kuralı bu alanı taşıyan her dosyayı reddeder; sütunu boş bırakın", "measurableCodeDescription cannot be written in an envanter: GİB's envanter_defter.sch refuses every file that carries it; leave the column empty");
  const q = text(row, 'measurableQualifier'); if (q) m.qualifier = q;
  const qty = decimalText(row, 'measurableQuantity', decimal); if (qty) m.quantity = qty;
  const unit = text(row, 'measurableUnitOfMeasure');
  if (unit) {
    const u = unit.toUpperCase();
    if (!(UNIT_CODES as readonly string[]).includes(u)) throw fieldError(row, 'measurableUnitOfMeasure', `birim kodu GİB listesinde yok ('${unit}'; ör. C62 adet, KGM kilogram, LTR litre)`, `unit code is not in GİB's list ('${unit}'; e.g. C62 piece, KGM, LTR)`);
    m.unitOfMeasure = u;
  }
  const cost = money(row, 'measurableCostPerUnit', decimal); if (cost !== undefined) m.costPerUnit = cost;
  if (!Object.keys(m).length) return undefined;
  if (!m.quantity) throw fieldError(row, 'measurableQuantity', 'miktar bilgisi var ama miktar (measurableQuantity) boş', 'quantity fields without measurableQuantity');
  if (!m.unitOfMeasure) throw fieldError(row, 'measurableUnitOfMeasure', 'miktar varken birim (measurableUnitOfMeasure) zorunludur', 'measurableUnitOfMeasure is required with measurableQuantity');
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
    if (!d) throw fieldError(row, c, `geçersiz tarih '${t}'`, `invalid date '${t}'`);
    if (d !== date) throw fieldError(row, c, `envanter tarihi ${date} olmalı ('${t}'): envanter defteri tek bir günün dökümüdür (periodCoveredStart = periodCoveredEnd)`, `must be the inventory date ${date} ('${t}'): an envanter is a one-day snapshot`);
  }
  const entryComment = text(row, 'entryComment', true)!;
  const accountMainID = text(row, 'accountMainID', true)!;
  if (accountMainID.length < 3 || accountMainID.length > 4) throw fieldError(row, 'accountMainID', `ana hesap kodu 3 veya 4 karakter olmalı ('${accountMainID}')`, `accountMainID must have 3 or 4 characters ('${accountMainID}')`);
  const accountMainDescription = text(row, 'accountMainDescription', true)!;
  const accountSubID = text(row, 'accountSubID');
  const accountSubDescription = text(row, 'accountSubDescription');
  if (accountSubID && !accountSubID.startsWith(accountMainID)) throw fieldError(row, 'accountSubID', `alt hesap kodu '${accountSubID}' ana hesap kodu '${accountMainID}' ile başlamalı`, `accountSubID '${accountSubID}' must start with accountMainID '${accountMainID}'`);
  if (accountSubID && !accountSubDescription) throw fieldError(row, 'accountSubDescription', 'alt hesap kodu varken alt hesap adı boş olamaz', 'accountSubDescription is required with accountSubID');
  if (!accountSubID && accountSubDescription) throw fieldError(row, 'accountSubID', 'alt hesap adı var ama alt hesap kodu boş', 'accountSubDescription without accountSubID');
  const amount = money(row, 'amount', decimal);
  if (amount === undefined) throw fieldError(row, 'amount', 'tutar boş olamaz', 'amount must not be empty');
  const enteredBy = text(row, 'enteredBy');
  if (enteredBy !== undefined && enteredBy.length < 2) throw fieldError(row, 'enteredBy', 'kaydı giren (enteredBy) en az 2 karakter olmalı', 'enteredBy needs at least 2 characters');
  const line: EnvanterLine = { entryNumber, entryComment, accountMainID, accountMainDescription, amount, pos: { file: row.file, line: row.line } };
  if (accountSubID) { line.accountSubID = accountSubID; line.accountSubDescription = accountSubDescription; }
  const detailComment = text(row, 'detailComment'); if (detailComment) line.detailComment = detailComment;
  if (enteredBy) line.enteredBy = enteredBy;
  const batchID = text(row, 'batchID'); if (batchID) line.batchID = batchID;
  const batchDescription = text(row, 'batchDescription'); if (batchDescription) line.batchDescription = batchDescription;
  const muc = mucOf(row, decimal); if (muc) line.muc = muc;
  const meas = measurableOf(row, decimal); if (meas) line.measurable = meas;
  return line;
}
