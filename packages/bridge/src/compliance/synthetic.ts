/**
 * The shapes of the synthetic books `edefter uyumluluk` writes as an ERP export: a madde (yevmiye maddesi)
 * with its lines, amounts in kuruş, and the export columns each line carries beyond the account and amount
 * (document fields, foreign currency, quantity, attachment; named as in docs/erp-export.md).
 */

/** One line of a synthetic madde. */
export interface SynLine {
  main: string;
  /** Sub-account code (starts with `main`). */
  sub: string;
  /** Kuruş, > 0. */
  amount: bigint;
  dc: 'D' | 'C';
  /** Further export columns of the line (documentType, paymentMethod, amountOriginalAmount, …). */
  cols?: Record<string, string>;
}

/** One synthetic madde: date, comment and at least two balanced lines. */
export interface SynMadde {
  /** ISO date (postingDate). */
  date: string;
  comment: string;
  /** What kind of entry it is (sales, kapanis, acilis, …); for the report, not exported. */
  kind: string;
  lines: SynLine[];
  /** Export columns repeated on each line of the madde (enteredBy, batchID, batchDescription). */
  cols?: Record<string, string>;
}
