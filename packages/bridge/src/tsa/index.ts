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
export type { TsaConfig, TsaReadiness, PreparedTimestamper } from './timestamper.ts';
export { verifyTimestampToken } from './verify.ts';
export type { TimestampVerification } from './verify.ts';
export { queryKamusmCredit, buildIdentityHeader, mapKamusmError, KAMUSM_PRODUCTION_URL, KAMUSM_TEST_URL } from './kamusm.ts';
export type { KamusmCredit } from './kamusm.ts';
export { isTsaUnavailable } from './errors.ts';
export type { TsaFailure } from './errors.ts';
export type { CheckedTimestamp } from './response.ts';
export { buildTimeStampReq } from './request.ts';
export { parseTimeStampToken, tokenFacts } from './token.ts';
export { loadTsaConfig, readCertificates, kamusmSecretName } from './settings.ts';
export { timestamperFromSettings } from './options.ts';
export type { TimestampChoice } from './options.ts';
