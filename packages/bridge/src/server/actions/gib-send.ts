/**
 * Bridge `gib-send` (GİB'e Gönder, step 2): after the user approved the package list and logged
 * in, uploads EXACTLY the packages of the `gib-prepare` with the session's mali mühür
 * (gib/send-consented.ts): the approved list the window sends back must equal the prepared one,
 * every staged file is hashed again before anything goes out, each zip is read back before its
 * upload, and nothing else from any folder is sent. Sent files move into the site's month
 * folder; the staging folder is deleted whatever happens. Every package's outcome goes to the
 * audit log (`gib-send`: paket ID, files with SHA-256, VKN, period, certificate, origin, result).
 */
import { fail, type ParamsOf, type ResultOf, type gibSend } from '@edefter/protocol';
import { tryAppendAudit } from '../../audit/index.ts';
import { createGibSession } from '../../gib/session.ts';
import { sendConsented } from '../../gib/send-consented.ts';
import { WorkflowStore, toStoredError } from '../../workflow/store.ts';
import type { BridgeHandler } from './context.ts';
import { PREPARED, rowStates, sessionSigner, sweepPrepared, type PreparedSend } from './gib-shared.ts';
import { removeStaging } from './gib-staging.ts';
import { gibProgress } from './progress.ts';

/** True when the approved list names the same packages with the same files and digests. */
function sameAsPrepared(prep: PreparedSend, approved: NonNullable<ParamsOf<typeof gibSend>['packages']>): boolean {
  if (approved.length !== prep.packages.length) return false;
  const byId = new Map(approved.map((a) => [a.paketId, a]));
  if (byId.size !== approved.length) return false;
  return prep.packages.every((p) => {
    const a = byId.get(p.paketId);
    return !!a && a.entries.length === p.entries.length && a.entries.every((e, i) => e.name === p.entries[i].name && e.sha256 === p.entries[i].sha256);
  });
}

export const gibSendHandler: BridgeHandler<ParamsOf<typeof gibSend>, ResultOf<typeof gibSend>> = async (ctx, params) => {
  const signer = sessionSigner(ctx, params.sessionId);
  sweepPrepared();
  const prep = PREPARED.get(params.prepareId);
  if (!prep || prep.origin !== ctx.origin || prep.expiresAt < Date.now()) throw fail('transport.sessionNotFound', { reason: 'gib-prepare-gone' });
  // one prepare, one send: whatever happens below, it cannot be sent again
  PREPARED.delete(params.prepareId);
  if (prep.timer) clearTimeout(prep.timer);
  const cert = { certificate: signer.info.subject, certificateSerial: signer.info.serialNumber };
  const audit = (paketId: string, files: string[], result: string, extra: Record<string, string | undefined> = {}): void =>
    tryAppendAudit('gib-send', { origin: ctx.origin, paketId, files, vkn: prep.vkn, period: prep.period, ...cert, result, ...extra }, (e) =>
      ctx.server.log.warn('Denetim kaydı yazılamadı / audit record not written', { error: String(e) }),
    );
  const filesOf = (p: { entries: { name: string; sha256: string }[] }): string[] => p.entries.map((e) => `${e.name} sha256:${e.sha256}`);
  const store = WorkflowStore.open();
  try {
    if (!sameAsPrepared(prep, params.packages)) {
      for (const p of prep.packages) audit(p.paketId, filesOf(p), 'refused', { reason: 'approved-list-differs' });
      throw fail('server.approvedListDiffers');
    }
    const actor = { origin: ctx.origin!, certificate: signer.certificate };
    let s;
    let results;
    try {
      s = await createGibSession(signer);
      const onProgress = gibProgress(ctx.progress, { done: 0, total: prep.packages.length });
      results = await sendConsented(
        { store, client: s.client, actor, onProgress },
        {
          vkn: prep.vkn,
          period: prep.period,
          folder: prep.staging,
          monthFolder: prep.monthFolder,
          packages: prep.packages,
          onResult: (p, r) => audit(r.paketId, filesOf(p), r.result, { error: r.error?.code }),
        },
      );
    } catch (e) {
      const err = toStoredError(e);
      for (const p of prep.packages) audit(p.paketId, filesOf(p), 'refused', { error: err.code, reason: err.en });
      throw e;
    }
    ctx.server.log.info("GİB'e gönderildi / sent to GİB", {
      origin: ctx.origin,
      vkn: prep.vkn,
      period: prep.period,
      results: results.map((r) => `${r.paketId}:${r.result}`),
      cert: signer.info.id,
    });
    return {
      vkn: prep.vkn,
      period: prep.period,
      endpoint: s.client.endpoint,
      packages: results.map((r) => ({ paketId: r.paketId, kind: r.kind, result: r.result, message: r.message, ...(r.error ? { error: r.error } : {}) })),
      rows: rowStates(store, prep.vkn, prep.period),
    };
  } finally {
    store.close();
    removeStaging(prep.staging);
  }
};
