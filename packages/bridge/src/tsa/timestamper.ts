/**
 * The zaman damgası client: one request/answer round trip (RFC 3161 §3.4 over HTTP, plus the Kamu
 * SM `identity` header in `kamusm` mode), the XAdES-T callback built on it, and the readiness
 * check that lets a caller tell the user *before* the PIN is asked that the TSA is down.
 */
import { ErrorCode, fail, type EdefterError, type MessageParams } from '@edefter/protocol';
import { isTsaUnavailable } from './errors.ts';

/** The details a TSA_UNAVAILABLE / TSA_TIMEOUT error carries (tsa.unreachable, tsa.serverDown, tsa.timeout). */
type UnavailableDetails = Omit<MessageParams<'tsa.unavailableNotOptional'>, 'unavailable'>;
import { KAMUSM_USER_AGENT, buildIdentityHeader, parseCustomerId, queryKamusmCredit } from './kamusm.ts';
import { buildTimeStampReq } from './request.ts';
import { checkTimeStampResp, type CheckedTimestamp } from './response.ts';
import { postTimestampQuery } from './transport.ts';
import { randomBytes } from 'node:crypto';
import type { Notice } from '../config/secrets.ts';

/** TSA client settings (contract: packages/bridge/src/tsa/index.ts). */
export interface TsaConfig {
  /** TSA URL (`http://zd.kamusm.gov.tr`, `http://tzd.kamusm.gov.tr`, or any RFC 3161 TSA). */
  url: string;
  /** `kamusm` sends the `identity` header (spec §5.2); `rfc3161` is a plain TSA. */
  mode: 'rfc3161' | 'kamusm';
  /** Kamu SM customer number (kamusm mode). */
  customerId?: string;
  /** Kamu SM password (kamusm mode). Never logged. */
  password?: string;
  /** DER trust anchors for the TSA certificate. Required: an empty list refuses every token. */
  trustedCerts?: Buffer[];
  /** Overall HTTP timeout per request, ms (default 15 000). */
  timeoutMs?: number;
  /** Allowed |genTime − local clock| before a warning, ms (default 120 000). */
  maxSkewMs?: number;
  /** Receives warnings (clock skew). Default: stderr. */
  onWarning?: (w: Notice) => void;
  /** Called with the checked timestamp after each success (progress / audit; no secrets inside). */
  onTimestamp?: (t: CheckedTimestamp) => void;
}

function validate(cfg: TsaConfig): void {
  if (!cfg.url || !/^https?:\/\//i.test(cfg.url)) {
    throw fail('tsa.urlInvalid', { url: cfg.url ?? '' });
  }
  if (cfg.mode === 'kamusm') {
    parseCustomerId(cfg.customerId);
    if (!cfg.password) throw fail('tsa.kamusmMissingCredentials', { reason: 'missing-credentials', missing: 'password' });
  }
  if (!cfg.trustedCerts?.length) throw fail('tsa.untrusted', { reason: 'no-trust-list', detail: 'empty' });
}

/**
 * Time-stamps `data`: SHA-256, TimeStampReq with a random nonce and certReq, POST, full check.
 * @param data bytes to time-stamp (XAdES-T: canonical ds:SignatureValue)
 * @returns the checked token and its facts
 * @throws EdefterError TSA_UNAVAILABLE, TSA_TIMEOUT, TSA_ERROR, TSA_RESPONSE_INVALID,
 *   TSA_UNTRUSTED, TSA_AUTH_FAILED, TSA_NO_CREDIT, BAD_INPUT (see errors.ts)
 */
export async function requestTimestamp(cfg: TsaConfig, data: Buffer): Promise<CheckedTimestamp> {
  validate(cfg);
  const req = buildTimeStampReq(data, { certReq: true });
  const headers: Record<string, string> = {};
  if (cfg.mode === 'kamusm') {
    headers.identity = buildIdentityHeader({ customerId: cfg.customerId!, password: cfg.password!, digest: req.digest });
    headers['user-agent'] = KAMUSM_USER_AGENT;
  }
  const res = await postTimestampQuery(cfg.url, req.der, { headers, timeoutMs: cfg.timeoutMs });
  const checked = await checkTimeStampResp(res.body, {
    data,
    nonce: req.nonce,
    trustedCerts: cfg.trustedCerts!,
    maxSkewMs: cfg.maxSkewMs,
    onWarning: cfg.onWarning,
    kamusmCustomerId: cfg.mode === 'kamusm' ? cfg.customerId!.trim() : undefined,
  });
  cfg.onTimestamp?.(checked);
  return checked;
}

/**
 * Returns the `timestamp` callback of the XAdES SignOptions (contract): given the canonical
 * ds:SignatureValue bytes it returns a checked DER TimeStampToken. A failure rejects: the signer
 * then writes no file — it never falls back to an untimestamped signature by itself.
 * @throws EdefterError synchronously for unusable settings (bad URL, Kamu SM mode without customer
 *   number or password, empty trust list), so they surface before the PIN is asked
 */
export function createTimestamper(cfg: TsaConfig): (data: Buffer) => Promise<Buffer> {
  validate(cfg);
  return async (data: Buffer) => (await requestTimestamp(cfg, data)).token;
}

/** Result of {@link checkTsaReady}. */
export interface TsaReadiness {
  mode: 'rfc3161' | 'kamusm';
  /** Kamu SM remaining kontör (kamusm mode). */
  credit?: number;
  /** rfc3161 mode: the probe token's genTime and TSA certificate subject. */
  genTime?: Date;
  tsa?: string;
}

/**
 * Checks the TSA is usable without spending a Kamu SM kontör: in `kamusm` mode a credit query
 * (also proves customer number and password; 0 credit is an error), in `rfc3161` mode a full
 * timestamp of 32 random bytes (also proves the trust list).
 * @throws the same errors as {@link requestTimestamp}; TSA_NO_CREDIT when the balance is 0
 */
export async function checkTsaReady(cfg: TsaConfig): Promise<TsaReadiness> {
  validate(cfg);
  if (cfg.mode === 'kamusm') {
    const c = await queryKamusmCredit(cfg);
    if (c.remaining <= 0) throw fail('tsa.kamusmNoCredit', { reason: 'no-credit', customerId: c.customerId, text: `credit ${c.remaining}` });
    return { mode: 'kamusm', credit: c.remaining };
  }
  const t = await requestTimestamp({ ...cfg, onTimestamp: undefined }, randomBytes(32));
  return { mode: 'rfc3161', genTime: t.genTime, tsa: t.tsaName ?? t.signerSubject };
}

/** What {@link prepareTimestamper} decided. */
export interface PreparedTimestamper {
  /** The SignOptions `timestamp` callback, or undefined when signing goes on without one. */
  timestamp?: (data: Buffer) => Promise<Buffer>;
  /** Readiness facts when the TSA is usable. */
  readiness?: TsaReadiness;
  /**
   * Set when the TSA is unavailable and the caller allowed signing without a timestamp: the
   * message the UI MUST show (the signature will be XAdES-BES, not XAdES-T).
   */
  skipped?: { error: EdefterError; notice: Notice };
}

/**
 * Readiness check + callback, with the one explicit way to finish without a timestamp:
 * `withoutTimestampIfUnavailable: true` (CLI `--timestamp-optional` / extension checkbox). Only
 * TSA_UNAVAILABLE / TSA_TIMEOUT qualify; wrong password, no credit, untrusted or forged answers
 * always throw. Without the option every failure throws, with a message naming the option.
 * A TSA that fails later, during signing, still rejects (no file is written).
 */
export async function prepareTimestamper(cfg: TsaConfig, opts: { withoutTimestampIfUnavailable?: boolean } = {}): Promise<PreparedTimestamper> {
  try {
    const readiness = await checkTsaReady(cfg);
    return { timestamp: createTimestamper(cfg), readiness };
  } catch (e) {
    if (!isTsaUnavailable(e)) throw e;
    if (!opts.withoutTimestampIfUnavailable) {
      throw e.code === ErrorCode.TsaTimeout
        ? fail('tsa.timeoutNotOptional', { ...(e.details as UnavailableDetails), unavailable: { tr: e.tr, en: e.en } })
        : fail('tsa.unavailableNotOptional', { ...(e.details as UnavailableDetails), unavailable: { tr: e.tr, en: e.en } });
    }
    return {
      skipped: {
        error: e,
        notice: {
          tr: `${e.tr} İsteğiniz üzerine zaman damgası OLMADAN (XAdES-BES) imzalanıyor.`,
          en: `${e.en} As requested, signing WITHOUT a timestamp (XAdES-BES).`,
        },
      },
    };
  }
}
