/**
 * Shapes shared by the GİB actions (page and bridge legs): GİB upload packages and their states
 * (spec §1.8, §4). States are the workflow's stable codes; `stateTr` is the seed's Turkish label.
 */
import * as z from '../zod.ts';
import { lazySchema } from '../lazy-schema.ts';
import { BOOKS, PACKAGE_KINDS, PACKAGE_STATE_CODES, PERIOD_RE, VKN_RE, parseGibName } from '@edefter/domain';
import { Base64, DocumentKind } from '../common.ts';
import { DocumentName } from './sign-documents.ts';

/** VKN (10 digits) or TCKN (11). */
export const Vkn = lazySchema(() => z.string().regex(VKN_RE));
/** Period `YYYYMM`. */
export const Period = lazySchema(() => z.string().regex(PERIOD_RE));
/** Paket ID `VKN-YYYYMM-{YB,KB,DR}-PPPPPP[-ŞŞŞŞ]` (@edefter/domain parseGibName; EB packages stay off the page API for now). */
export const PaketId = lazySchema(() =>
  z
    .string()
    .max(40)
    .refine((s) => {
      const n = parseGibName(s);
      return !!n && n.ext === '' && !n.approved && (n.type === 'YB' || n.type === 'KB' || n.type === 'DR');
    }, 'not a paket ID (VKN-YYYYMM-{YB,KB,DR}-PPPPPP[-ŞŞŞŞ])'),
);

/** How long a GİB request may take end to end (uploads of tens of MB, retries with backoff). */
export const GIB_TIMEOUT_MS = 20 * 60_000;

/** A signed file handed over for sending (Y, YB, K, KB, DR of one month). */
export const DocumentToSend = lazySchema(() => z.object({ name: DocumentName, kind: DocumentKind, bytes: Base64 }).strict());
export type DocumentToSend = z.infer<typeof DocumentToSend>;

/** Package states (@edefter/domain PackageState). */
export const PackageStateCode = lazySchema(() => z.enum(PACKAGE_STATE_CODES));

/** Kind of an upload package (@edefter/domain PACKAGE_KINDS): YB, KB, EB, DR. */
export const PackageKindCode = lazySchema(() => z.enum(PACKAGE_KINDS));

/** One package as listed before consent. */
export const GibPackageInfo = lazySchema(() =>
  z.object({
    paketId: PaketId,
    kind: PackageKindCode,
    /** files inside the zip */
    entries: z.array(z.object({ name: z.string(), bytes: z.number().int(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
    /** already at GİB: it will not be uploaded again */
    atGib: z.boolean(),
    state: PackageStateCode.optional(),
    stateTr: z.string().optional(),
  }),
);
export type GibPackageInfo = z.infer<typeof GibPackageInfo>;

/**
 * One package as the user approved it in the consent window: its id and each file's name and
 * SHA-256, exactly as `gib-prepare` listed them. `gib-send` refuses unless the list equals the
 * prepared one.
 */
export const ApprovedGibPackage = lazySchema(() =>
  z
    .object({
      paketId: PaketId,
      entries: z
        .array(z.object({ name: z.string().max(128), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict())
        .min(1)
        .max(8),
    })
    .strict(),
);
export type ApprovedGibPackage = z.infer<typeof ApprovedGibPackage>;

/** Outcome of one package after sending. */
export const GibSendOutcome = lazySchema(() =>
  z.object({
    paketId: PaketId,
    kind: PackageKindCode,
    /** accepted now / GİB already had it (111) / found at GİB after an interrupted send / skipped / failed */
    result: z.enum(['accepted', 'already-uploaded', 'found', 'skipped', 'failed']),
    message: z.string(),
    error: z.object({ code: z.string(), tr: z.string(), en: z.string() }).optional(),
  }),
);

/** Status of one e-Defter row after a GİB step (for the portal's Durum column). */
export const LedgerRowState = lazySchema(() =>
  z.object({
    book: z.enum(BOOKS),
    part: z.string(),
    status: z.string(),
    statusTr: z.string(),
    error: z.string().optional(),
  }),
);

/** Outcome of one package after a download attempt. */
export const GibDownloadOutcome = lazySchema(() =>
  z.object({
    paketId: PaketId,
    state: PackageStateCode,
    stateTr: z.string(),
    message: z.string(),
    error: z.object({ code: z.string(), tr: z.string(), en: z.string() }).optional(),
    /** the checked GİB-approved berat (`GIB-…xml`), when downloaded */
    approved: z.object({ name: z.string(), bytes: Base64, sha256: z.string().regex(/^[0-9a-f]{64}$/) }).optional(),
  }),
);
