/**
 * Records the layer-(a) checker builds while streaming a file: small per-element summaries that
 * are checked and dropped as soon as their element ends (one entryDetail, one entryHeader), plus
 * the document-level facts (context, units, documentInfo, entityInformation, signature parts).
 */
import type { MonthKind, VergiSums } from '@edefter/domain';

/** Leaf values of one entryDetail by local field name (`lineNumber`, `amount`, `accountMainID`…). */
export interface DetailRec {
  xmlLine: number;
  f: Record<string, string>;
  /** Fields that occurred more than once where one is allowed. */
  dup: string[];
  accounts: number;
  accountSubs: number;
  measurables: number;
  measurable: Record<string, string>;
  xbrlIncludes: number;
}

/** Aggregates of one entryHeader. */
export interface HeaderRec {
  xmlLine: number;
  f: Record<string, string>;
  dup: string[];
  details: number;
  /** Σ amounts with D/debit and C/credit, kuruş; null once an amount was unreadable. */
  sumD: bigint | null;
  sumC: bigint | null;
  mainIDs: Set<string>;
  subIDs: Set<string>;
  firstMain?: string;
  firstSubID?: string | null;
  lastLineCounter?: number;
  /** Details kept for berat / DR headers (few). */
  kept: DetailRec[];
}

/** Movements of an account (main ID) in a file. */
interface AccountMove {
  description: string;
  debit: bigint;
  credit: bigint;
  debitCount: number;
  creditCount: number;
}

/** Document-level facts and the summary other checks (cross-file, berat builder) use. */
export interface FileSummary {
  file: string;
  path: string;
  bytes: number;
  /** Root local name as written (`defter`, `berat`, `defterraporu`). */
  root: string;
  /** Kind from root + entriesType: Y, K, YB, KB, DR (null when unknown). */
  kind: MonthKind | null;
  vkn?: string;
  contextId?: string;
  contexts: number;
  units: { id: string; measures: string[] }[];
  segment: Record<string, string>;
  documentInfo: Record<string, string>;
  entity: {
    phones: string[];
    emails: string[];
    orgIds: { id: string; desc: string }[];
    address: Record<string, string> | null;
    webSiteURLs: (string | null)[];
    businessDescription?: string;
    fiscalYearStart?: string;
    fiscalYearEnd?: string;
    accountants: Record<string, string>[];
    present: boolean;
  };
  stylesheet?: string;
  headers: number;
  details: number;
  firstEntry?: number;
  lastEntry?: number;
  firstLine?: number;
  lastLine?: number;
  /** Σ D and Σ C amounts of all details (kuruş). */
  debit: bigint;
  credit: bigint;
  /** Vergi detayı movements: from the lines (Y/K) or the berat's vergi header (YB/KB). */
  vergi: VergiSums;
  /** Per main account (K and DR). */
  accounts: Map<string, AccountMove>;
  /** The document's own ds:Signature facts. */
  signature: {
    present: boolean;
    last: boolean;
    value?: string;
    valueId?: string;
    signatureMethod?: string;
    refsEmptyUri: number;
    transforms: boolean;
    keyInfo: boolean;
    x509Data: boolean;
    x509Certificate: boolean;
    subjectNameEmpty: boolean;
    object: boolean;
    signingTime: boolean;
    signingCertificate: boolean;
  };
  /** Berat: the defter's SignatureValue copied under the root. */
  beratSignatureValue?: string;
  binaryObjects: number;
  /** Each defterek:binaryObject: its line, attributes and whether it held any content. */
  binaryObjectList: { xmlLine: number; mimeCode?: string; filename?: string; empty: boolean }[];
}
