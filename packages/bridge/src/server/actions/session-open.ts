/**
 * Bridge `session-open`: log in for one page request. The PIN arrives as a binary frame right
 * after the request, is copied into a Buffer, handed to openSigner (which zeroes it) and wiped
 * here again whatever happens. It is never logged, never a string. On a PIN error the reply
 * carries the token's fresh PIN-counter flags so the consent window can show them.
 *
 * Before C_Login, on the very token and certificate openSigner chose (its `beforeLogin` hook):
 * the `forDocuments` digests must be documents inspected on this connection for this origin whose
 * VKN/TCKN is the certificate's (signable.ts), and the token's PIN counter must allow a try
 * (pin-guard.ts: count-low / final-try only with `lastTry`). A session asked `timestamp: true` with
 * no TSA configured is refused TSA_NOT_CONFIGURED before openSigner (the PIN frame is read and wiped). Logins to one token are serialized
 * and slowed down after wrong PINs (guardedLogin). A refusal is audited as `sign-refused`.
 */
import { ErrorCode, isEdefterError, fail, type ParamsOf, type ResultOf, type sessionOpen } from '@edefter/protocol';
import { tryAppendAudit } from '../../audit/index.ts';
import { listTokens, openSigner } from '../../token/index.ts';
import { checkPinCounter, guardedLogin, tokenKey } from '../pin-guard.ts';
import { toCertificateSummary } from './cert-summary.ts';
import type { BridgeHandler } from './context.ts';
import { documentsForSession } from './signable.ts';
import { tsaConfigured } from '../timestamp.ts';

/** The PIN frame follows its request at once; wait this long for it (ms). */
const PIN_FRAME_WAIT_MS = 2_000;

const PIN_ERRORS = new Set<string>([ErrorCode.PinIncorrect, ErrorCode.PinLocked, ErrorCode.PinRequired, ErrorCode.PinpadCancelled, ErrorCode.PinpadTimeout]);

export const sessionOpenHandler: BridgeHandler<ParamsOf<typeof sessionOpen>, ResultOf<typeof sessionOpen>> = async (ctx, params) => {
  const { log, module } = ctx.server;
  const origin = ctx.origin!;
  const digests = params.forDocuments ?? [];
  let pin: Buffer | null = null;
  let refusedBeforeLogin = false;
  try {
    if (params.pin === 'frame') pin = await ctx.takePin(PIN_FRAME_WAIT_MS);
    if (params.timestamp === true && !(await tsaConfigured(ctx.server.tsa))) {
      refusedBeforeLogin = true;
      throw fail('transport.tsaNotConfigured', { reason: 'tsa-not-configured' });
    }
    const t0 = performance.now();
    const signer = await guardedLogin(tokenKey(module, params.tokenLabel), () =>
      openSigner({
        ...(module ? { module } : {}),
        tokenLabel: params.tokenLabel,
        certId: params.certificateId,
        pin,
        beforeLogin: (token, cert) => {
          refusedBeforeLogin = true;
          documentsForSession(ctx.sessions.inspected, origin, digests, cert);
          checkPinCounter(token, params.lastTry === true);
          refusedBeforeLogin = false;
        },
      }),
    );
    const sessionId = ctx.sessions.add(signer, origin, digests);
    log.info('Oturum açıldı / session opened', {
      origin,
      token: params.tokenLabel,
      cert: params.certificateId,
      pinpad: params.pin === 'pinpad',
      documents: digests.length,
      ms: Math.round(performance.now() - t0),
    });
    return { sessionId, certificate: toCertificateSummary(signer.info) };
  } catch (e) {
    if (refusedBeforeLogin) {
      const code = (e as { code?: string })?.code ?? 'INTERNAL';
      log.warn('Giriş yapılmadan reddedildi / refused before login', { origin, token: params.tokenLabel, code });
      tryAppendAudit(
        'sign-refused',
        {
          origin,
          stage: 'session-open',
          code,
          reason: String((e as { details?: { reason?: unknown } }).details?.reason ?? code),
          certificate: params.certificateId,
          token: params.tokenLabel,
          documents: digests,
        },
        (err) => log.error('Denetim kaydı yazılamadı / audit log write failed', { message: String((err as Error)?.message ?? err) }),
      );
    } else if (isEdefterError(e) && PIN_ERRORS.has(e.code)) {
      log.warn('Giriş başarısız / login failed', { origin, token: params.tokenLabel, code: e.code });
      try {
        const t = (await listTokens(module ? { module } : {})).find((x) => x.label === params.tokenLabel);
        if (t)
          Object.assign(((e as { details?: Record<string, unknown> }).details ??= {}), {
            userPinCountLow: t.userPinCountLow,
            userPinFinalTry: t.userPinFinalTry,
            userPinLocked: t.userPinLocked,
          });
      } catch {
        /* flags are a courtesy */
      }
    }
    throw e;
  } finally {
    pin?.fill(0);
  }
};
