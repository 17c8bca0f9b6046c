/**
 * `sign-documents`: sign e-Defter XML files (enveloped XAdES, GİB profile) with the mali mühür.
 * The user approves every document in the extension's consent window and types the PIN there;
 * the page only ever sees the signed bytes or a typed error.
 */
import * as z from '../zod.ts';
import { lazySchema } from '../lazy-schema.ts';
import { Base64, DocumentKind } from '../common.ts';
import { LIMITS, TIMEOUTS } from '../config.ts';
import { defineAction } from './define.ts';

/** A file name without any directory part (`6090408038-202401-Y-000000.xml`). */
export const DocumentName = lazySchema(() =>
  z
    .string()
    .min(1)
    .max(200)
    .refine((s) => !/[\\/\0]/.test(s) && s !== '.' && s !== '..', 'name must not contain a path')
    // control characters (C0, DEL, C1) and bidi overrides would forge lines in logs, audit listings and windows
    .refine((s) => !/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(s), 'name must not contain control characters'),
);

/** One document to sign: `bytes` is the unsigned XML, base64. */
export const DocumentToSign = lazySchema(() =>
  z.object({
    name: DocumentName,
    kind: DocumentKind,
    bytes: Base64.max(Math.ceil(LIMITS.maxDocumentBytes / 3) * 4),
  }),
);
export type DocumentToSign = z.infer<typeof DocumentToSign>;

/** Options of one signing request. */
export const SignOptions = lazySchema(() =>
  z
    .object({
      /**
       * Ask for an RFC 3161 timestamp (XAdES-T). For berats this pre-ticks the consent window's
       * "Zaman damgası ekle" box (otherwise the user's remembered choice is used); the user decides.
       */
      timestamp: z.boolean().optional(),
      /** CKA_ID hex of the certificate to use (from listCertificates); default: chosen in the consent window */
      certificateId: z
        .string()
        .regex(/^[0-9a-f]{0,128}$/i)
        .optional(),
    })
    .strict(),
);

/** One signed document as returned to the page. */
export const SignedDocument = lazySchema(() =>
  z.object({
    name: z.string(),
    kind: DocumentKind,
    /** signed XML, base64 */
    bytes: Base64,
    /** SHA-256 hex of the signed bytes */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    /** xades:SigningTime as written */
    signingTime: z.string(),
    /** a SignatureTimeStamp (XAdES-T) was added */
    timestamped: z.boolean(),
    /** CKA_ID hex of the certificate that signed */
    certificateId: z.string(),
  }),
);
export type SignedDocument = z.infer<typeof SignedDocument>;

export const signDocuments = defineAction({
  name: 'sign-documents',
  params: () =>
    z
      .object({
        documents: z.array(DocumentToSign).min(1).max(LIMITS.maxDocuments),
        options: SignOptions.default({}),
      })
      .strict(),
  result: () => z.object({ documents: z.array(SignedDocument) }),
  timeoutMs: TIMEOUTS.userInteractionMs,
  since: '1.0.0',
});
