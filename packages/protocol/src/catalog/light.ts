/**
 * The transport area alone, for `@edefter/protocol/light` (the content script is injected into
 * every https page, so it must not carry the whole catalog's texts).
 */
import { makeFail } from './entry.ts';
import { TRANSPORT } from './transport.ts';

/** `fail(key, params)` over the `transport.*` keys only; same behaviour as the full catalog's `fail`. */
export const failTransport = makeFail(TRANSPORT);
