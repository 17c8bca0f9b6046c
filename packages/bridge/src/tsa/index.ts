/**
 * Zaman damgası (RFC 3161 TSA, Kamu SM) client for XAdES-T signatures.
 *
 * - {@link createTimestamper}: the XAdES `timestamp` callback (contract).
 * - {@link prepareTimestamper}: readiness check before the PIN, and the only, explicit way to
 *   sign without a timestamp when the TSA is down.
 * - {@link verifyTimestampToken}: offline check of a token for `edefter verify`.
 * - {@link queryKamusmCredit}: Kamu SM kontör balance.
 * - {@link timestamperFromSettings}: `--timestamp [--timestamp-optional]` → callback, from config.json.
 */
export { createTimestamper, requestTimestamp, checkTsaReady, prepareTimestamper } from './timestamper.ts';
export type { TsaConfig } from './timestamper.ts';
export { verifyTimestampToken } from './verify.ts';
export { queryKamusmCredit, buildIdentityHeader, mapKamusmError } from './kamusm.ts';
export { isTsaUnavailable } from './errors.ts';
export { buildTimeStampReq } from './request.ts';
export { timestamperFromSettings } from './options.ts';
