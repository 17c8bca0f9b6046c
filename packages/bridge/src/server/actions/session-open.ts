/**
 * Bridge `session-open`: log in for one page request. The PIN arrives as a binary frame right
 * after the request, is copied into a Buffer, handed to openSigner (which zeroes it) and wiped
 * here again whatever happens. It is never logged, never a string. On a PIN error the reply
 * carries the token's fresh PIN-counter flags so the consent window can show them.
 */
import { ErrorCode, isEdefterError, type ParamsOf, type ResultOf, type sessionOpen } from '@edefter/protocol';
import { listTokens, openSigner } from '../../token/index.ts';
import { toCertificateSummary } from './cert-summary.ts';
import type { BridgeHandler } from './context.ts';

/** The PIN frame follows its request at once; wait this long for it (ms). */
export const PIN_FRAME_WAIT_MS = 2_000;

const PIN_ERRORS = new Set<string>([ErrorCode.PinIncorrect, ErrorCode.PinLocked, ErrorCode.PinRequired, ErrorCode.PinpadCancelled, ErrorCode.PinpadTimeout]);

export const sessionOpenHandler: BridgeHandler<ParamsOf<typeof sessionOpen>, ResultOf<typeof sessionOpen>> = async (ctx, params) => {
  const { log, module } = ctx.server;
  let pin: Buffer | null = null;
  try {
    if (params.pin === 'frame') pin = await ctx.takePin(PIN_FRAME_WAIT_MS);
    const t0 = performance.now();
    const signer = await openSigner({ ...(module ? { module } : {}), tokenLabel: params.tokenLabel, certId: params.certificateId, pin });
    const sessionId = ctx.sessions.add(signer, ctx.origin!);
    log.info('Oturum açıldı / session opened', { origin: ctx.origin, token: params.tokenLabel, cert: params.certificateId, pinpad: params.pin === 'pinpad', ms: Math.round(performance.now() - t0) });
    return { sessionId, certificate: toCertificateSummary(signer.info) };
  } catch (e) {
    if (isEdefterError(e) && PIN_ERRORS.has(e.code)) {
      log.warn('Giriş başarısız / login failed', { origin: ctx.origin, token: params.tokenLabel, code: e.code });
      try {
        const t = (await listTokens(module ? { module } : {})).find((x) => x.label === params.tokenLabel);
        if (t) Object.assign((e as { details?: Record<string, unknown> }).details ??= {}, { userPinCountLow: t.userPinCountLow, userPinFinalTry: t.userPinFinalTry, userPinLocked: t.userPinLocked });
      } catch { /* flags are a courtesy */ }
    }
    throw e;
  } finally {
    pin?.fill(0);
  }
};
