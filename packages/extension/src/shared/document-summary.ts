/**
 * What the consent window shows about one document: the facts the BRIDGE read from the very bytes
 * it will sign (`document-inspect`: a streaming XML parse without DTD, GİB documents only — see
 * packages/bridge/src/documents/inspect.ts), plus the kind the page declared. The extension no
 * longer reads anything from the XML itself: there is one parser, on the side that signs, and the
 * SHA-256 shown here is the one the bridge checks again before it signs (`approvedSha256`).
 */
import type { DocumentFacts, DocumentKind } from '@edefter/protocol';

/** One document as the consent window shows it. */
export type DocumentSummary = DocumentFacts & {
  /** kind the page declared (the bridge refused the document if it differs from the content) */
  declaredKind: DocumentKind;
};

/** The summary of a document from the bridge's facts. */
export function toSummary(facts: DocumentFacts, declaredKind: DocumentKind): DocumentSummary {
  return { ...facts, declaredKind };
}

/** An amount as the bridge reports it ("1234.50") in Turkish or English digits grouping. */
export function formatAmount(amount: string | undefined, lang: 'tr' | 'en'): string | undefined {
  if (amount === undefined || !/^\d+\.\d{2}$/.test(amount)) return undefined;
  const [int, dec] = amount.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'tr' ? '.' : ',');
  return `${grouped}${lang === 'tr' ? ',' : '.'}${dec} TL`;
}
