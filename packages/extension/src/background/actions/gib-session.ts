/**
 * The consent step shared by the GİB actions (GİB'e Gönder, Onaylı Beratı İndir): every call to GİB
 * is signed with the mali mühür, so the user approves the listed packages in the extension's own
 * window and enters the PIN (no timestamp box: SOAP messages are not timestamped); the approval
 * opens a token session on the bridge. With the bridge in test mode and the test hook set, the
 * session opens without a window (benchmarks, e2e only).
 */
import { TIMEOUTS, fail, sessionClose, type TokenWithCertificates } from '@edefter/protocol';
import type { GibConsentInfo } from '../../shared/ui-messages.ts';
import { askConsent } from '../services/consent.ts';
import { autoApproval } from '../test-hooks.ts';
import type { ActionContext } from './context.ts';
import { openSession, preselect, type Session } from './sign-documents.ts';

/**
 * Asks for consent to a GİB operation and opens the token session it approves.
 * @param tokens tokens and certificates as the bridge listed them
 * @param wanted certificate id the page asked for, if any
 * @param gib what the consent window lists (operation, VKN, period, endpoint, packages)
 * @param waiting called when the user is being asked (for the popup's pending list)
 * @returns the open session; the caller closes it (`session-close`) whatever happens
 * @throws EdefterError USER_CANCELLED on refusal, NO_CERTIFICATE, token errors from the login
 */
export async function openGibSession(
  ctx: ActionContext,
  tokens: TokenWithCertificates[],
  wanted: string | undefined,
  gib: GibConsentInfo,
  waiting: () => void,
): Promise<Session> {
  const preferred = preselect(tokens, wanted, gib.vkn);
  const auto = autoApproval(ctx);
  if (auto) return openSession(ctx, tokens, { certificateId: preferred, tokenLabel: undefined, pin: [...auto.pin], confirmFinalTry: false });
  waiting();
  let session: Session | undefined;
  try {
    await askConsent(
      {
        origin: ctx.origin,
        index: 0,
        documents: [],
        certificateId: preferred,
        sessionOpen: false,
        tokens: tokens.map((t) => ({ ...t, certificates: t.certificates.map((c) => ({ ...c, der: '' })) })),
        timestamp: false,
        showTimestamp: false,
        tsaConfigured: false,
        gib,
      },
      async (d) => {
        if (!session) session = await openSession(ctx, tokens, d);
      },
    );
  } catch (e) {
    // a session opened before the window failed is not the caller's to close: close it here
    if (session)
      await ctx.bridge.call(sessionClose, { sessionId: session.id }, { origin: ctx.origin, timeoutMs: TIMEOUTS.shortRequestMs }).catch(() => undefined);
    throw e;
  }
  if (!session) throw fail('transport.internal', { reason: 'no-session' });
  return session;
}
