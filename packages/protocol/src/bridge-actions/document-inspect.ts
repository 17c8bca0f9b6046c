/**
 * Bridge `document-inspect`: the bridge parses the very bytes a page asks to sign (streaming XML
 * parser, no DTD) and answers with the facts the consent window shows, or refuses them before any
 * window opens: NOT_XML (not well-formed, not UTF-8), DOCTYPE_FORBIDDEN (a DOCTYPE or ENTITY
 * declaration anywhere), BAD_INPUT (`details.reason = 'not-edefter'`: well-formed, but not one of
 * GİB's e-Defter documents; `'kind-mismatch'`: the page declared another kind), ALREADY_SIGNED.
 *
 * The bridge remembers the inspected digest for this connection and origin for a few minutes;
 * `session-open` (`forDocuments`) and `session-sign` (`approvedSha256`) only accept digests
 * inspected here, so only documents whose facts the user saw can be signed.
 */
import * as z from '../zod.ts';
import { lazySchema } from '../lazy-schema.ts';
import { DOC_KINDS, pageKindOf, type DocKind, type PageKind } from '@edefter/domain';
import { DocumentKind } from '../common.ts';
import { DocumentToSign } from '../actions/sign-documents.ts';
import { TIMEOUTS } from '../config.ts';
import { defineAction } from '../actions/define.ts';

/** SHA-256, lowercase hex. */
export const Sha256Hex = lazySchema(() => z.string().regex(/^[0-9a-f]{64}$/));

/** GİB's document types (GİB-TK §2.4 file names): @edefter/domain's DocKind — defters Y, K, E; berats YB, KB, EB; Defter Raporu DR. */
export const GibDocumentType = lazySchema(() => z.enum(DOC_KINDS));
export type GibDocumentType = DocKind;

/** The {@link DocumentKind} a page declares for each GİB type (@edefter/domain pageKindOf). */
export const KIND_OF_TYPE: Readonly<Record<DocKind, PageKind>> = Object.freeze(
  Object.fromEntries(DOC_KINDS.map((k) => [k, pageKindOf(k)])) as Record<DocKind, PageKind>,
);

/** What the bridge read from a document's element structure (never from raw text). */
export const DocumentFacts = lazySchema(() =>
  z.object({
    /** file name the page gave (no directory part) */
    name: z.string(),
    /** GİB type, from the root element (namespace-checked), entriesType and the context id */
    type: GibDocumentType,
    /** the page-level kind for `type` */
    kind: DocumentKind,
    /** xbrli:identifier: 10-digit VKN or 11-digit TCKN */
    vkn: z.string().regex(/^\d{10,11}$/),
    /** whether {@link vkn} is a VKN (10 digits) or a TCKN (11) */
    idKind: z.enum(['VKN', 'TCKN']),
    /** gl-bus:organizationIdentifier whose organizationDescription is "Kurum Unvanı" or "Adı Soyadı" */
    title: z.string().optional(),
    /** gl-cor:periodCoveredStart, YYYY-MM-DD */
    periodStart: z.string(),
    /** gl-cor:periodCoveredEnd, YYYY-MM-DD */
    periodEnd: z.string(),
    /** kontrol numarası (documentInfo/gl-cor:uniqueID) */
    uniqueId: z.string().optional(),
    /** berat / DR segment uniqueID (ETTN, a UUID) */
    ettn: z.string().optional(),
    /** 6-digit part from the GİB file name */
    part: z.string().optional(),
    /** 4-digit şube code from the GİB file name */
    branch: z.string().optional(),
    /** gl-cor:entryHeader count (maddeler for Y; accounts for K; 1 in a berat or DR) */
    entries: z.number().int().nonnegative(),
    /** gl-cor:entryDetail count (satırlar) */
    lines: z.number().int().nonnegative(),
    /** berat segment gl-bus:numberOfEntries (the defter's madde count), when present */
    numberOfEntries: z.number().int().nonnegative().optional(),
    /** sum of entryDetail amounts with debitCreditCode D, TRY with 2 decimals ("1234.50"); absent when none or unreadable */
    totalDebit: z.string().optional(),
    /** sum of entryDetail amounts with debitCreditCode C */
    totalCredit: z.string().optional(),
    /**
     * Berats (YB, KB, EB) only: the signed defter this berat binds. GİB's berat carries the defter's
     * `ds:SignatureValue` as a child of `edefter:berat`; `signatureValueSha256` is the SHA-256 of its
     * decoded bytes (compare with the one shown for the signed defter), `name` the defter's GİB file
     * name when the berat's own name follows GİB's pattern (YB → Y, KB → K, EB → E).
     */
    bindsDefter: z.object({ name: z.string().optional(), signatureValueSha256: Sha256Hex }).optional(),
    /** a ds:Signature is a child of the root already */
    signed: z.boolean(),
    /** bytes */
    size: z.number().int().nonnegative(),
    /** SHA-256 of the bytes, lowercase hex */
    sha256: Sha256Hex,
  }),
);
export type DocumentFacts = z.infer<typeof DocumentFacts>;

export const documentInspect = defineAction({
  name: 'document-inspect',
  params: () => DocumentToSign.strict(),
  result: () => DocumentFacts,
  timeoutMs: TIMEOUTS.bridgeSignMs,
  since: '1.0.0',
});
