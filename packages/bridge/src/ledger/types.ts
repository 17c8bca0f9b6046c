/**
 * The in-memory shapes of an ERP export after parsing: one {@link LedgerLine} per CSV row and one
 * {@link Madde} (yevmiye maddesi) per run of consecutive rows with the same `entryNumber`.
 * Field names follow XBRL-GL (GİB-YK §2.1.1, spec §1.4).
 */

/** The e-Defter documentType vocabulary and the running numbers: @edefter/domain ledger-facts.ts. */
export { DOCUMENT_TYPES, type DocumentType, type Numbering } from '@edefter/domain';
import type { DocumentType } from '@edefter/domain';

import type { MeasurableFields, MucFields } from './profile-elements.ts';

/** Position of a row in the export, for messages (`file:line`). */
export interface SourcePos {
  file: string;
  line: number;
}

/** One entryDetail as read from the export. Amounts in kuruş. */
export interface LedgerLine {
  entryNumber: string;
  /** ISO date. */
  postingDate: string;
  entryComment: string;
  accountMainID: string;
  accountMainDescription: string;
  accountSubID?: string;
  accountSubDescription?: string;
  /** Kuruş, > 0. */
  amount: bigint;
  debitCreditCode: 'D' | 'C';
  documentType?: DocumentType;
  documentTypeDescription?: string;
  documentNumber?: string;
  /** ISO date. */
  documentDate?: string;
  paymentMethod?: string;
  detailComment?: string;
  enteredBy?: string;
  /** ISO date; when given it must equal postingDate (GİB schematron: postingDate = enteredDate). */
  enteredDate?: string;
  batchID?: string;
  batchDescription?: string;
  /** The ERP's own madde number, when it numbers them. */
  entryNumberCounter?: number;
  /** The export gave documentReference (it must equal entryNumber; Y always writes it). */
  documentReferenceGiven?: true;
  /** gl-muc foreign-currency fields. */
  muc?: MucFields;
  /** gl-bus:measurable. */
  measurable?: MeasurableFields;
  /** Counterparty VKN/TCKN (check digits verified), written as gl-cor:identifierReference. */
  taxNumber?: string;
  /** `attachmentFile`: a PDF inside the export zip (or next to the CSV) for defterek:binaryObject. */
  attachmentFile?: string;
  pos: SourcePos;
}

/** A PDF to embed as `defterek:binaryObject` (GİB: journal only; mimeCode application/pdf, filename ending `.pdf`). */
export interface AttachmentRef {
  /** entryNumber of the madde it belongs to. */
  entryNumber: string;
  /** The `filename` attribute (base name, ends `.pdf`). */
  filename: string;
  /** Size of the PDF in bytes (> 0). */
  bytes: number;
  /** Where it came from, for messages (`export.zip:rehin.pdf`, `--attach 12=/x/rehin.pdf`). */
  source: string;
  /** Opens the PDF bytes. */
  open(): Promise<NodeJS.ReadableStream>;
}

/** One yevmiye maddesi: ≥ 2 lines, balanced, one date. */
export interface Madde {
  entryNumber: string;
  date: string;
  comment: string;
  enteredBy: string;
  batchID?: string;
  batchDescription?: string;
  lines: LedgerLine[];
  /** Yevmiye madde no (entryNumberCounter) assigned by the builder. */
  counter: number;
  /** lineNumber of the first line (the rest follow consecutively). */
  firstLineNumber: number;
  /** Sum of D amounts = sum of C amounts (kuruş). */
  total: bigint;
  /** PDFs attached to this madde (written into the Y part holding it). */
  attachments?: AttachmentRef[];
  pos: SourcePos;
}
