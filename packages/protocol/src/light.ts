/**
 * `@edefter/protocol/light`: the zod-free subset for the content script (injected into every
 * https page, so it must stay small): channel marker, structural request check, versions and
 * errors. Everything it forwards is validated with the full schemas in the service worker.
 */
export { PAGE_CHANNEL, looksLikePageRequest, type PageRequestShape } from './hops/page-channel.ts';
export { PROTOCOL_VERSION } from './version.ts';
export { EdefterError, ErrorCode, isEdefterError, type SerializedError } from './errors.ts';
export { serializeError } from './error-messages.ts';
export { failTransport } from './catalog/light.ts';
export { looksLikeProgress, pickProgress, type Progress } from './progress.ts';
