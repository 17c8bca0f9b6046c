/**
 * In-memory shapes of an Envanter Defteri export (GİB-EK v1.0, envanter_defter.sch): one
 * {@link EnvanterLine} per CSV row and one {@link EnvanterMadde} (envanter maddesi) per run of
 * consecutive rows with the same `entryNumber`. Unlike the Yevmiye there is no debit/credit code and
 * no document type; a line may carry a quantity (`gl-bus:measurable`) and foreign-currency fields.
 */
import type { SourcePos } from '../types.ts';

/** The foreign-currency group of a line (`gl-muc:*`), as written in the export. */
export interface OriginalAmount {
  /** `gl-muc:amountCurrency`: ISO 4217 code of `amount` (normally TRY), optional. */
  amountCurrency?: string;
  /** `gl-muc:amountOriginalAmount`, in the original currency's 1/100 units. */
  amount?: bigint;
  /** ISO 4217 code (e.g. `USD`). */
  currency?: string;
  /** Exchange rate text as a plain decimal (`32.4512`). */
  exchangeRate?: string;
  /** ISO date of the rate. */
  exchangeRateDate?: string;
  exchangeRateSource?: string;
  exchangeRateComment?: string;
}

/** The quantity group of a line (`gl-bus:measurable`, at most one per line). */
export interface Measurable {
  /** GİB's vocabulary: BP, FA, IN, KPI, NT, SP, SV-P, SV-M, OT. */
  code?: string;
  qualifier?: string;
  /** Plain decimal text (`12.5`). */
  quantity?: string;
  /** UN/ECE Rec 20 code, e.g. `C62` (adet), `KGM`. */
  unitOfMeasure?: string;
  /** Kuruş per unit. */
  costPerUnit?: bigint;
}

/** One envanter line (entryDetail). Amounts in kuruş. */
export interface EnvanterLine {
  entryNumber: string;
  entryComment: string;
  accountMainID: string;
  accountMainDescription: string;
  accountSubID?: string;
  accountSubDescription?: string;
  /** Kuruş, > 0. */
  amount: bigint;
  detailComment?: string;
  enteredBy?: string;
  batchID?: string;
  batchDescription?: string;
  muc?: OriginalAmount;
  measurable?: Measurable;
  pos: SourcePos;
}

/** One envanter maddesi (entryHeader). */
export interface EnvanterMadde {
  entryNumber: string;
  /** The inventory date (enteredDate). */
  date: string;
  comment: string;
  enteredBy: string;
  batchID?: string;
  batchDescription?: string;
  lines: EnvanterLine[];
  /** entryNumberCounter, continuous from the fiscal period's start. */
  counter: number;
  /** lineNumber of the first line. */
  firstLineNumber: number;
  pos: SourcePos;
}
