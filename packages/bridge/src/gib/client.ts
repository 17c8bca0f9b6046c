/**
 * Client of GİB's e-Defter web service (spec §4): every call is a SOAP 1.2 message signed with
 * WS-Security by the mali mühür (wssec.ts), re-signed with a fresh Timestamp on each attempt.
 *
 * Retry policy (errors.ts): transient faults (110, 112, 113, 203, 206, 303, HTTP 5xx, network
 * errors, timeouts) are retried with exponential backoff; anything else fails at once.
 * sendDocumentFile never uploads twice: 111 "already uploaded" counts as success, and after an
 * ambiguous failure (timeout, 5xx, dropped connection — the upload may have landed) the package is
 * looked up with getBatchStatus before another upload is tried.
 */
import type { RawSigner } from '../xades/signer.ts';
import { checkClock, type ClockCheck } from './clock.ts';
import { GIB_ALREADY_UPLOADED, GIB_PACKAGE_NOT_FOUND, gibCodeOf, isTransient } from './errors.ts';
import { withRetry, type RetryOptions } from '../net/retry.ts';
import type { ClockSourceSetting } from './settings.ts';
import {
  getBatchStatusBody,
  parseBatchStatus,
  parseReceived,
  parseSendResponse,
  receiveDocumentFileBody,
  sendDocumentFileBody,
  unwrapSoap,
  type BatchStatus,
  type ReceivedFile,
} from './soap.ts';
import { postSoap } from './transport.ts';
import { buildSignedEnvelope } from './wssec.ts';
import type { XmlPart } from './xml-parts.ts';
import fs from 'node:fs';

/** Options of {@link GibClient}. */
export interface GibClientOptions {
  /** Endpoint URL (settings.ts: test, production, or the simulator). */
  endpoint: string;
  /** The mali mühür that signs the SOAP messages. */
  signer: RawSigner;
  /** Per-call timeout, ms (default 120 000). */
  timeoutMs?: number;
  /** WS-Security Timestamp lifetime, ms (default 60 000). */
  ttlMs?: number;
  /** Backoff for transient faults. */
  retry?: RetryOptions;
  /** Clock source checked before each sendDocumentFile (default HTTP Date of the endpoint). */
  clock?: ClockSourceSetting;
  /** Largest allowed skew, ms (default 30 000). */
  maxClockSkewMs?: number;
  /** Extra TLS trust (PEM) for a custom endpoint. */
  ca?: string | Buffer;
}

/** Outcome of {@link GibClient.sendDocumentFile}. */
export interface SendOutcome {
  /**
   * `accepted`: this call's upload was taken ("… paketi işleme alındı");
   * `already-uploaded`: GİB answered 111, an earlier attempt had landed;
   * `found`: after an ambiguous failure, getBatchStatus showed the package is at GİB.
   */
  result: 'accepted' | 'already-uploaded' | 'found';
  /** GİB's text. */
  message: string;
  /** Upload calls made in this send (≥ 1). */
  uploads: number;
  /** The clock check done before sending (null when switched off). */
  clock: ClockCheck | null;
}

/** Hooks of {@link GibClient.sendDocumentFile}. */
export interface SendHooks {
  /** Called right before each upload call (persist "sending" + attempt count here). */
  beforeUpload?: (attempt: number) => void | Promise<void>;
  /** Upload progress in bytes. */
  onProgress?: (sent: number, total: number) => void;
  /** Called before a backoff wait. */
  onRetry?: (e: unknown, attempt: number, delayMs: number) => void | Promise<void>;
}

/** A signed-SOAP client for sendDocumentFile, getBatchStatus and receiveDocumentFile. */
export class GibClient {
  readonly endpoint: string;
  private readonly o: GibClientOptions;

  constructor(o: GibClientOptions) {
    this.o = o;
    this.endpoint = o.endpoint;
  }

  private async call(operation: string, body: XmlPart[], onProgress?: (s: number, t: number) => void): Promise<Element> {
    const env = await buildSignedEnvelope({ signer: this.o.signer, body, ttlMs: this.o.ttlMs });
    const res = await postSoap(this.endpoint, env.parts, env.length, {
      timeoutMs: this.o.timeoutMs ?? 120_000,
      operation,
      onProgress,
      ca: this.o.ca,
    });
    return unwrapSoap(res.status, res.body, operation);
  }

  /** Checks the clock against the configured source. @throws EdefterError CLOCK_SKEW */
  checkClock(): Promise<ClockCheck | null> {
    return checkClock(this.o.clock ?? { kind: 'http-date' }, this.endpoint, { maxSkewMs: this.o.maxClockSkewMs });
  }

  /**
   * getBatchStatus(paketID) with retries for transient faults.
   * @returns the status records; an empty list when GİB answers 304 (package not found)
   * @throws EdefterError for other GİB codes (305 unauthorised, …) or after the retries
   */
  async getBatchStatus(paketId: string): Promise<BatchStatus[]> {
    try {
      return await withRetry(async () => parseBatchStatus(await this.call('getBatchStatus', getBatchStatusBody(paketId))), this.o.retry);
    } catch (e) {
      if (gibCodeOf(e) === GIB_PACKAGE_NOT_FOUND) return [];
      throw e;
    }
  }

  /**
   * receiveDocumentFile(paketID) with retries for transient faults.
   * @throws EdefterError GIB_NOT_READY (204) when GİB has no processed package yet
   */
  async receiveDocumentFile(paketId: string): Promise<ReceivedFile[]> {
    return withRetry(async () => parseReceived(await this.call('receiveDocumentFile', receiveDocumentFileBody(paketId))), this.o.retry);
  }

  /**
   * Uploads a package zip (one per call, spec §4). Checks the clock first.
   * @param zipPath the package; `fileName` its name `VKN-YYYYMM-{YB,KB,DR}-PPPPPP.zip`
   * @throws EdefterError CLOCK_SKEW, a non-transient GİB code (101–109, 114), or the last transient error
   */
  async sendDocumentFile(zipPath: string, fileName: string, hooks: SendHooks = {}): Promise<SendOutcome> {
    const clock = await this.checkClock();
    const size = fs.statSync(zipPath).size;
    const paketId = fileName.replace(/\.zip$/i, '');
    let uploads = 0;
    const retry: RetryOptions = { ...this.o.retry, onRetry: hooks.onRetry ?? this.o.retry?.onRetry };
    return withRetry(
      async (attempt): Promise<SendOutcome> => {
        if (attempt > 1) {
          // the previous upload may have landed (timeout / 5xx after receipt): look before uploading again
          const st = await this.getBatchStatus(paketId).catch(() => null);
          if (st && st.length) return { result: 'found', message: st[0].text, uploads, clock };
        }
        await hooks.beforeUpload?.(uploads + 1);
        uploads++;
        try {
          const op = await this.call('sendDocumentFile', sendDocumentFileBody(zipPath, size, fileName), hooks.onProgress);
          return { result: 'accepted', message: parseSendResponse(op), uploads, clock };
        } catch (e) {
          if (gibCodeOf(e) === GIB_ALREADY_UPLOADED) {
            return { result: 'already-uploaded', message: (e as { tr?: string }).tr ?? 'Paket daha önce yüklenmiş.', uploads, clock };
          }
          throw e;
        }
      },
      { ...retry, retryIf: isTransient },
    );
  }
}
