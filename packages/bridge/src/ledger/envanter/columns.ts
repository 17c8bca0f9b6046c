/**
 * Column names of the Envanter export: the Yevmiye export's conventions (one row per line, header
 * names matched case-insensitively, `;` by default) without `debitCreditCode` and the document
 * columns, plus the foreign-currency (`amountOriginal*`) and quantity (`measurable*`) columns named
 * after their XBRL-GL elements — the same names the Yevmiye export uses for them.
 */

/** Columns every envanter export must have. */
export const ENVANTER_REQUIRED = ['entryNumber', 'entryComment', 'accountMainID', 'accountMainDescription', 'amount'] as const;

/** `gl-muc:*` columns (multi-currency). */
export const MUC_COLUMNS = [
  'amountCurrency',
  'amountOriginalAmount',
  'amountOriginalCurrency',
  'amountOriginalExchangeRate',
  'amountOriginalExchangeRateDate',
  'amountOriginalExchangeRateSource',
  'amountOriginalExchangeRateComment',
] as const;

/**
 * `gl-bus:measurable` columns (quantity). `measurableCodeDescription` is known (the Yevmiye export has it)
 * but must stay empty in an envanter: envanter_defter.sch's rule for it tests a misspelt element
 * (`gl-bus_measurableQuantity`) that can never exist, so GİB refuses any E that carries it.
 */
export const MEASURABLE_COLUMNS = [
  'measurableCode',
  'measurableCodeDescription',
  'measurableQualifier',
  'measurableQuantity',
  'measurableUnitOfMeasure',
  'measurableCostPerUnit',
] as const;

/** Other optional columns. `postingDate`/`enteredDate`, when given, must equal the inventory date. */
export const ENVANTER_OPTIONAL = [
  'postingDate',
  'enteredDate',
  'entryNumberCounter',
  'accountSubID',
  'accountSubDescription',
  'detailComment',
  'enteredBy',
  'batchID',
  'batchDescription',
  ...MUC_COLUMNS,
  ...MEASURABLE_COLUMNS,
] as const;

/**
 * Yevmiye-only columns: an envanter line has no side, no document, no attachment. A shared export may
 * carry them, but only empty: a value in any row is an error naming the cell.
 */
export const YEVMIYE_ONLY = [
  'debitCreditCode',
  'documentType',
  'documentTypeDescription',
  'documentNumber',
  'documentReference',
  'documentDate',
  'paymentMethod',
  'attachmentFile',
  'taxNumber',
] as const;

/** Every known envanter column. */
export type EnvanterColumn = (typeof ENVANTER_REQUIRED)[number] | (typeof ENVANTER_OPTIONAL)[number];

/** GİB's `gl-bus:measurableCode` vocabulary (gl-bus-2006-10-25.xsd measurableCodeItemType). */
export const MEASURABLE_CODES = ['BP', 'FA', 'IN', 'KPI', 'NT', 'SP', 'SV-P', 'SV-M', 'OT'] as const;

/** GİB's unit code list for measurables (envanter_defter.sch `measureCodeList`). */
export const UNIT_CODES = [
  'DAY',
  'MON',
  'ANN',
  'HUR',
  'D61',
  'D62',
  'C62',
  'PA',
  'BX',
  'MGM',
  'GRM',
  'KGM',
  'LTR',
  'TNE',
  'NT',
  'GT',
  'MMT',
  'CMT',
  'MTR',
  'KTM',
  'MLT',
  'MMQ',
  'CMK',
  'CMQ',
  'MTK',
  'MTQ',
  'KJO',
  'CLT',
  'KWH',
  'MWH',
  'CCT',
  'D30',
  'D40',
  'LPA',
  'B32',
  'NCL',
  'PR',
  'R9',
  'SET',
  'T3',
  'LM',
  'AMVT',
  'HAGR',
  'CT',
] as const;
