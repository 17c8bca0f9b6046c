/**
 * The optional elements GİB's plan wants used in scenarios 1 and 7 ("every element defined for the defters",
 * GİB-UYK §3.3; the element list of GİB's Yevmiye and Kebir guides and the schematron rules for each,
 * ../shared/docs/compliance-plan.md §2). The Yevmiye carries all of them; the Kebir the line-level ones its
 * schematron (edefter_kebir.sch) has rules for.
 */

/** Elements every Yevmiye of scenarios 1 and 7 must contain. */
export const YEVMIYE_ELEMENTS: readonly string[] = [
  'gl-muc:amountCurrency',
  'gl-muc:amountOriginalAmount',
  'gl-muc:amountOriginalCurrency',
  'gl-muc:amountOriginalExchangeRate',
  'gl-muc:amountOriginalExchangeRateDate',
  'gl-muc:amountOriginalExchangeRateSource',
  'gl-muc:amountOriginalExchangeRateComment',
  'gl-bus:measurable',
  'gl-bus:measurableCode',
  'gl-bus:measurableCodeDescription',
  'gl-bus:measurableQualifier',
  'gl-bus:measurableQuantity',
  'gl-bus:measurableUnitOfMeasure',
  'gl-bus:measurableCostPerUnit',
  'gl-bus:paymentMethod',
  'gl-cor:documentReference',
  'gl-bus:batchID',
  'gl-bus:batchDescription',
  'defterek:binaryObject',
  'gl-cor:documentType',
  'gl-cor:documentTypeDescription',
  'gl-cor:documentNumber',
  'gl-cor:documentDate',
  'gl-cor:detailComment',
  'gl-cor:accountSub',
];

/** Elements every Kebir of scenarios 1 and 7 must contain. */
export const KEBIR_ELEMENTS: readonly string[] = [
  'gl-muc:amountCurrency',
  'gl-muc:amountOriginalAmount',
  'gl-muc:amountOriginalCurrency',
  'gl-muc:amountOriginalExchangeRate',
  'gl-muc:amountOriginalExchangeRateDate',
  'gl-bus:measurable',
  'gl-bus:measurableCode',
  'gl-bus:measurableCodeDescription',
  'gl-bus:measurableQualifier',
  'gl-bus:measurableQuantity',
  'gl-bus:measurableUnitOfMeasure',
  'gl-bus:measurableCostPerUnit',
  'gl-cor:documentType',
  'gl-cor:documentTypeDescription',
  'gl-cor:documentNumber',
  'gl-cor:documentDate',
  'gl-cor:accountSub',
];

/** Names of `wanted` that `present` lacks. */
export function missingElements(present: Map<string, number>, wanted: readonly string[]): string[] {
  return wanted.filter((e) => !present.has(e));
}
