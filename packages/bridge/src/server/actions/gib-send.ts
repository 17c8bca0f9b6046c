/**
 * Bridge `gib-send` (GİB'e Gönder, step 2): after the user approved the package list and logged in,
 * uploads the prepared packages with the session's mali mühür (gib/send.ts: clock check first,
 * never twice, statuses and history with the requesting origin and the certificate).
 */
import { ErrorCode, protocolError, type ParamsOf, type ResultOf, type gibSend } from '@edefter/protocol';
import { createGibSession } from '../../gib/session.ts';
import { sendMonth } from '../../gib/send.ts';
import { WorkflowStore } from '../../workflow/store.ts';
import type { BridgeHandler } from './context.ts';
import { PREPARED, rowStates, sessionSigner } from './gib-shared.ts';

export const gibSendHandler: BridgeHandler<ParamsOf<typeof gibSend>, ResultOf<typeof gibSend>> = async (ctx, params) => {
  const signer = sessionSigner(ctx, params.sessionId);
  const prep = PREPARED.get(params.prepareId);
  if (!prep || prep.origin !== ctx.origin || prep.expiresAt < Date.now()) throw protocolError(ErrorCode.SessionNotFound, { reason: 'gib-prepare-gone' });
  PREPARED.delete(params.prepareId);
  const store = WorkflowStore.open();
  try {
    const s = await createGibSession(signer);
    const actor = { origin: ctx.origin!, certificate: signer.certificate };
    const results = await sendMonth({ store, client: s.client, actor }, { vkn: prep.vkn, period: prep.period, folder: prep.folder });
    ctx.server.log.info("GİB'e gönderildi / sent to GİB", { origin: ctx.origin, vkn: prep.vkn, period: prep.period, results: results.map((r) => `${r.paketId}:${r.result}`), cert: signer.info.id });
    return {
      vkn: prep.vkn, period: prep.period, endpoint: s.client.endpoint,
      packages: results.map((r) => ({ paketId: r.paketId, kind: r.kind, result: r.result, message: r.message, ...(r.error ? { error: r.error } : {}) })),
      rows: rowStates(store, prep.vkn, prep.period),
    };
  } finally {
    store.close();
  }
};
