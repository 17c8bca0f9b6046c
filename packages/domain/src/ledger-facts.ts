/**
 * Facts of a yevmiye/kebir that both the writer (bridge ledger/) and the checker (bridge validate/)
 * use: the documentType vocabulary of a line's source document and the fiscal period's running numbers.
 */

/** The e-Defter documentType vocabulary (GİB-YK 2.1.1.10.14). */
export const DOCUMENT_TYPES = ['check', 'invoice', 'order-customer', 'order-vendor', 'voucher', 'shipment', 'receipt', 'other'] as const;
/** One documentType value. */
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** MiB with 2 decimals as GİB's measurableQuantity of a berat (spec §1.5: 66 135 bytes → 0.06). */
export function mib2(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(2);
}

/** Running numbers of the fiscal period (spec §1.4, GİB-UK §19–20). */
export interface Numbering {
  /** Last yevmiye madde no already used (0 at fiscal period start). */
  lastEntryNumberCounter: number;
  /** Last lineNumber already used (0 at fiscal period start). */
  lastLineNumber: number;
  /** Last 6-digit uniqueID counter already used by a part (0 at fiscal period start). */
  lastUniqueCounter: number;
}
