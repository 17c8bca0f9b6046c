/**
 * Shared zod schemas: request ids, web origins, base64 payloads, document kinds, serialized
 * errors and certificate summaries. Every hop validates what it receives with these, so the
 * handlers behind them only ever see well-formed data (pattern from autogram-extension).
 */
import * as z from './zod.ts';
import { lazySchema } from './lazy-schema.ts';
import { PAGE_KINDS, PAGE_KIND_LABELS, docKindOfPage, isBeratKind } from '@edefter/domain';
import { ErrorCode } from './errors.ts';

/** 128-bit random request id, 32 lowercase hex characters (crypto.getRandomValues). */
export const RequestId = lazySchema(() => z.string().regex(/^[0-9a-f]{32}$/, 'request id must be 32 hex characters'));
export type RequestId = z.infer<typeof RequestId>;

/**
 * A web origin as the browser reports it (`scheme://host[:port]`, no path, no trailing slash).
 * Only https origins, plus http on loopback (127.0.0.1 / localhost) for local demos.
 */
export const WebOrigin = lazySchema(() => z.string().max(300).refine(isAcceptableWebOrigin, 'not an https origin (or http on loopback)'));
export type WebOrigin = z.infer<typeof WebOrigin>;

/**
 * True for `https://host[:port]`, and `http://127.0.0.1[:port]` / `http://localhost[:port]`.
 * Returns false for anything with a path, credentials, query or fragment.
 */
export function isAcceptableWebOrigin(s: string): boolean {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return false;
  }
  if (u.origin !== s) return false;
  if (u.protocol === 'https:') return true;
  return u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost');
}

/** Base64 (standard alphabet, padded) text. */
export const Base64 = lazySchema(() => z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64'));

/**
 * e-Defter document kinds a page may ask to sign, by their page names (`yevmiye` … `defter-raporu`):
 * the page-level names of @edefter/domain's DocKind (Y, K, E, YB, KB, EB, DR).
 */
export const DocumentKind = lazySchema(() => z.enum(PAGE_KINDS));
export type DocumentKind = z.infer<typeof DocumentKind>;

/** Turkish and English names of each {@link DocumentKind}, for prompts (@edefter/domain PAGE_KIND_LABELS). */
export const DOCUMENT_KIND_LABELS = PAGE_KIND_LABELS;

/** True for the berat kinds (the ones that get the "Zaman damgası ekle" box). */
export function isBerat(kind: DocumentKind): boolean {
  return isBeratKind(docKindOfPage(kind));
}

/** Error as it crosses a hop (see {@link EdefterError.toJSON}). */
export const SerializedErrorSchema = lazySchema(() =>
  z.object({
    code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]).or(z.string()),
    tr: z.string(),
    en: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
    /** catalog message key (since the error catalog; absent from older peers) */
    key: z.string().max(100).optional(),
    /** transient error (since the error catalog; absent from older peers) */
    retriable: z.boolean().optional(),
  }),
);

/** What a page learns about a signing certificate (public data only). */
export const CertificateSummary = lazySchema(() =>
  z.object({
    /** CKA_ID hex: pass it back as `certificateId` to pick this certificate */
    id: z.string(),
    tokenLabel: z.string(),
    /** RFC 4514 subject */
    subject: z.string(),
    commonName: z.string().optional(),
    organization: z.string().optional(),
    /** 10-digit VKN from the subject serialNumber */
    vkn: z.string().optional(),
    /** 11-digit TCKN from the subject serialNumber */
    tckn: z.string().optional(),
    /** RFC 4514 issuer DN (since 1.1: absent from older bridges) */
    issuer: z.string().optional(),
    /** CN of the issuer (the certificate authority's name, e.g. "Mali Mühür Elektronik Sertifika Hizmet Sağlayıcısı") */
    issuerCommonName: z.string().optional(),
    /** ISO 8601 */
    notBefore: z.string(),
    /** ISO 8601 */
    notAfter: z.string(),
    keyType: z.enum(['rsa', 'ec']),
    /** base64 DER certificate */
    der: Base64,
  }),
);
export type CertificateSummary = z.infer<typeof CertificateSummary>;

/** Token facts the consent window needs (PIN pad, PIN counter flags). */
export const TokenSummary = lazySchema(() =>
  z.object({
    label: z.string(),
    serial: z.string(),
    manufacturer: z.string(),
    model: z.string(),
    /** CKF_PROTECTED_AUTHENTICATION_PATH: the PIN is typed on the reader */
    pinPad: z.boolean(),
    /** CKF_USER_PIN_COUNT_LOW */
    userPinCountLow: z.boolean(),
    /** CKF_USER_PIN_FINAL_TRY */
    userPinFinalTry: z.boolean(),
    /** CKF_USER_PIN_LOCKED */
    userPinLocked: z.boolean(),
    /** CK_SLOT_INFO slotDescription: the card reader's name (absent from older bridges) */
    reader: z.string().optional(),
  }),
);
export type TokenSummary = z.infer<typeof TokenSummary>;
