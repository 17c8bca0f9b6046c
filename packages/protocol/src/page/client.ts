/**
 * The page API for integrator portals: three calls, typed results, typed errors
 * ({@link EdefterError} with a stable `code`). Bytes go in and come out as Uint8Array.
 *
 * ```ts
 * import { createEdefterClient } from '@edefter/protocol/page';
 * const edefter = createEdefterClient();
 * const st = await edefter.status();
 * const [signed] = await edefter.signDocuments([{ name, kind: 'yevmiye', bytes }], { timestamp: false });
 * ```
 */
import type * as z from '../zod.ts';
import {
  backupSend,
  backupStatus,
  downloadApprovedBerats,
  listCertificates,
  monthRun,
  monthRunCancel,
  sendToGib,
  signDocuments,
  status,
  type ActionDef,
} from '../actions/index.ts';
import type { CertificateSummary, DocumentKind } from '../common.ts';
import { base64ToBytes, bytesToBase64 } from '../bytes.ts';
import { failTransport } from '../catalog/light.ts';
import { postRequest, type CallOptions, type TransportOptions } from './transport.ts';

/** A document handed to {@link EdefterClient.signDocuments}. Strings are encoded as UTF-8. */
export interface PageDocument {
  /** file name, e.g. `6090408038-202401-Y-000000.xml` */
  name: string;
  kind: DocumentKind;
  bytes: Uint8Array | ArrayBuffer | string;
}

/** A signed document as returned to the page. */
export interface PageSignedDocument {
  name: string;
  kind: DocumentKind;
  /** the signed XML */
  bytes: Uint8Array;
  /** SHA-256 hex of `bytes` */
  sha256: string;
  signingTime: string;
  timestamped: boolean;
  certificateId: string;
}

/** Result of {@link EdefterClient.status}. */
export type StatusResult = z.output<typeof status.result>;

/** Options of {@link EdefterClient.signDocuments}. */
export interface SignDocumentsOptions extends CallOptions {
  /** ask for a timestamp (XAdES-T); for berats this pre-ticks "Zaman damgası ekle" */
  timestamp?: boolean;
  /** certificate to sign with (`id` from listCertificates); default: the user picks */
  certificateId?: string;
}

/** Client of the e-Defter signing extension. */
export class EdefterClient {
  constructor(private readonly opts: TransportOptions = {}) {}

  /** Runs one action and validates its result. */
  private async call<R extends z.ZodType>(def: ActionDef<string, z.ZodType, R>, params: unknown, call: CallOptions = {}): Promise<z.output<R>> {
    const raw = await postRequest(def.name, params, def.timeoutMs, this.opts, call);
    const parsed = def.result.safeParse(raw);
    if (!parsed.success) throw failTransport('transport.malformedMessage', { action: def.name, issues: parsed.error.issues.slice(0, 3).map((i) => i.message) });
    return parsed.data;
  }

  /**
   * Extension and bridge state, and whether this site may sign.
   * @throws EdefterError EXTENSION_NOT_FOUND when the extension is not installed
   */
  status(): Promise<StatusResult> {
    return this.call(status, {});
  }

  /**
   * Signing certificates on the connected tokens.
   * @throws EdefterError ORIGIN_NOT_ALLOWED, BRIDGE_UNAVAILABLE, NOT_PAIRED, ...
   */
  async listCertificates(options: CallOptions = {}): Promise<CertificateSummary[]> {
    return (await this.call(listCertificates, {}, options)).certificates;
  }

  /**
   * Asks the user to sign `documents` (one consent window per document, PIN in the extension).
   * @returns the signed documents in the same order
   * @throws EdefterError USER_CANCELLED (refused or window closed), ORIGIN_NOT_ALLOWED,
   *   PIN_LOCKED, TSA_NOT_CONFIGURED, TOO_LARGE, BRIDGE_UNAVAILABLE, TIMEOUT, ...
   */
  async signDocuments(documents: PageDocument[], options: SignDocumentsOptions = {}): Promise<PageSignedDocument[]> {
    const enc = new TextEncoder();
    const wire = documents.map((d) => ({
      name: d.name,
      kind: d.kind,
      bytes: bytesToBase64(typeof d.bytes === 'string' ? enc.encode(d.bytes) : d.bytes instanceof Uint8Array ? d.bytes : new Uint8Array(d.bytes)),
    }));
    const { onProgress, ...opts } = options;
    const res = await this.call(signDocuments, { documents: wire, options: opts }, { onProgress });
    return res.documents.map((d) => ({ ...d, bytes: base64ToBytes(d.bytes) }));
  }

  /**
   * GİB'e Gönder: hands the month's signed files (Y, YB, K, KB, DR) to the bridge, which shows the
   * packages in the extension's consent window, asks for the PIN and uploads them to GİB.
   * @returns per package: accepted / already-uploaded / found / skipped / failed, and the rows' new statuses
   * @throws EdefterError USER_CANCELLED, ORIGIN_NOT_ALLOWED, BAD_INPUT (unsigned file, broken berat
   *   binding), CLOCK_SKEW (computer clock off by more than 30 s), PIN_LOCKED, TOO_LARGE, TIMEOUT, ...
   */
  async sendToGib(documents: PageDocument[], options: { certificateId?: string } & CallOptions = {}): Promise<z.output<typeof sendToGib.result>> {
    const enc = new TextEncoder();
    const wire = documents.map((d) => ({
      name: d.name,
      kind: d.kind,
      bytes: bytesToBase64(typeof d.bytes === 'string' ? enc.encode(d.bytes) : d.bytes instanceof Uint8Array ? d.bytes : new Uint8Array(d.bytes)),
    }));
    return this.call(
      sendToGib,
      { documents: wire, ...(options.certificateId ? { certificateId: options.certificateId } : {}) },
      { onProgress: options.onProgress },
    );
  }

  /**
   * Onaylı Beratı İndir: asks GİB for the month's approved berats (consent + PIN in the extension);
   * each is checked by the bridge (GİB's counter-signature, our berat sealed, schema) before it is
   * returned as `approved.bytes`.
   * @throws EdefterError USER_CANCELLED, ORIGIN_NOT_ALLOWED, BAD_INPUT (nothing sent for the month), ...
   */
  async downloadApprovedBerats(vkn: string, period: string, options: { wait?: boolean; certificateId?: string } & CallOptions = {}) {
    const { onProgress, ...opts } = options;
    const res = await this.call(downloadApprovedBerats, { vkn, period, ...opts }, { onProgress });
    return {
      ...res,
      packages: res.packages.map((p) => ({ ...p, approved: p.approved ? { ...p.approved, bytes: base64ToBytes(p.approved.bytes) } : undefined })),
    };
  }

  /**
   * Yedekleme › Gönder: the bridge checks the month part's six files (çapraz doğrulama) and sends
   * them to the company's integrator. No PIN: nothing is signed.
   * @returns the backup state, normally "Paket İşleme Alındı"
   * @throws EdefterError CROSS_CHECK_FAILED (names the wrong file; nothing sent), EMPTY_FILE (approved
   *   berats not downloaded yet), BACKUP_AUTH_FAILED (wrong or missing integrator credentials),
   *   BACKUP_ERROR (backup not enabled, integrator unreachable or refusing), ORIGIN_NOT_ALLOWED, BAD_INPUT
   */
  async backupSend(vkn: string, period: string, options: { part?: string } & CallOptions = {}): Promise<z.output<typeof backupSend.result>['backup']> {
    const { onProgress, ...opts } = options;
    return (await this.call(backupSend, { vkn, period, ...opts }, { onProgress })).backup;
  }

  /**
   * Yedekleme › Durum Sorgula (and the Yedekleme Durumu column): the backup state of the month's
   * parts; with `query` (default true) the integrator is asked first about every part that was sent.
   * @throws EdefterError BACKUP_AUTH_FAILED, BACKUP_ERROR, TIMEOUT, ORIGIN_NOT_ALLOWED
   */
  async backupStatus(
    vkn: string,
    period: string,
    options: { part?: string; query?: boolean } & CallOptions = {},
  ): Promise<z.output<typeof backupStatus.result>['backups']> {
    const { onProgress, ...opts } = options;
    return (await this.call(backupStatus, { vkn, period, ...opts }, { onProgress })).backups;
  }

  /**
   * "Ayı tamamla": the whole month after ONE consent window and ONE PIN. `documents` are the
   * month's unsigned Y and K parts (and optionally its unsigned Defter Raporu). The window lists
   * each with its SHA-256, the berats that will be built from them, the GİB packages and the
   * backup target; the bridge then signs, builds and signs the berats, signs the DR, checks and
   * sends exactly the listed packages, waits for GİB, downloads the approved berats and sends the
   * backup (`options.backup`, default: the bridge's backup setting). `onProgress` reports each step.
   * It stops at the first error; calling it again with the same documents resumes after the last
   * completed step.
   * @returns every step's outcome, the signed files (bytes), GİB outcomes with the approved berats, row states, backup state
   * @throws EdefterError USER_CANCELLED (refused, window closed or {@link cancelMonthRun}), ORIGIN_NOT_ALLOWED,
   *   BAD_INPUT, VKN_MISMATCH, PIN_LOCKED, TSA_NOT_CONFIGURED, VALIDATION_FAILED, GIB_ERROR, BACKUP_ERROR, TIMEOUT, ...
   */
  async monthRun(
    vkn: string,
    period: string,
    documents: PageDocument[],
    options: { timestamp?: boolean; backup?: boolean; certificateId?: string } & CallOptions = {},
  ) {
    const enc = new TextEncoder();
    const wire = documents.map((d) => ({
      name: d.name,
      kind: d.kind,
      bytes: bytesToBase64(typeof d.bytes === 'string' ? enc.encode(d.bytes) : d.bytes instanceof Uint8Array ? d.bytes : new Uint8Array(d.bytes)),
    }));
    const { onProgress, ...opts } = options;
    const res = await this.call(monthRun, { vkn, period, documents: wire, options: opts }, { onProgress });
    return {
      ...res,
      signed: res.signed.map((d) => ({ ...d, bytes: base64ToBytes(d.bytes) })),
      packages: res.packages.map((p) => ({ ...p, approved: p.approved ? { ...p.approved, bytes: base64ToBytes(p.approved.bytes) } : undefined })),
    };
  }

  /**
   * Stops this site's running "Ayı tamamla" of `vkn`/`period` before its next step (the running
   * step finishes; a later {@link monthRun} resumes).
   * @returns whether a run was found and asked to stop
   */
  async cancelMonthRun(vkn: string, period: string): Promise<boolean> {
    return (await this.call(monthRunCancel, { vkn, period })).cancelled;
  }
}

/** Creates a client that talks to the extension through `window.postMessage`. */
export function createEdefterClient(opts: TransportOptions = {}): EdefterClient {
  return new EdefterClient(opts);
}
