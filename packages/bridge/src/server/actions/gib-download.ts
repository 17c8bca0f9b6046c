/**
 * Bridge `gib-download` (Onaylı Beratı İndir): with the session's mali mühür, asks GİB for the
 * month's approved berats, checks each (gib/approved.ts) and returns the stored `GIB-…xml` bytes.
 * Only packages this site sent are touched. Each package's outcome goes to the audit log
 * (`gib-download`: paket ID, state, approved berat name and SHA-256, certificate, origin).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fail, type ParamsOf, type ResultOf, type gibDownload } from '@edefter/protocol';
import { PACKAGE_STATE_LABELS } from '@edefter/domain';
import { tryAppendAudit } from '../../audit/index.ts';
import { createGibSession } from '../../gib/session.ts';
import { downloadMonthFlow } from '../../flows/gib.ts';
import { WorkflowStore } from '../../workflow/store.ts';
import { getPackage, listPackages } from '../../workflow/package-store.ts';
import type { BridgeHandler } from './context.ts';
import { originRoot, rowStates, sessionSigner } from './gib-shared.ts';
import { gibProgress } from './progress.ts';

export const gibDownloadHandler: BridgeHandler<ParamsOf<typeof gibDownload>, ResultOf<typeof gibDownload>> = async (ctx, params) => {
  const signer = sessionSigner(ctx, params.sessionId);
  const store = WorkflowStore.open();
  try {
    const root = originRoot(ctx.origin!);
    const mine = listPackages(store, { vkn: params.vkn, period: params.period }).filter(
      (p) => p.ledgerId !== undefined && (store.getLedgerById(p.ledgerId).folder ?? '').startsWith(root),
    );
    if (!mine.length) {
      throw fail('server.noPackageSentFromSite', { vkn: params.vkn, period: params.period });
    }
    const s = await createGibSession(signer);
    const actor = { origin: ctx.origin!, certificate: signer.certificate };
    const onProgress = gibProgress(ctx.progress, { done: 0, total: mine.length });
    const res = await downloadMonthFlow(
      { store, client: s.client, actor, onProgress },
      {
        vkn: params.vkn,
        period: params.period,
        wait: params.wait,
        pollIntervalMs: s.settings.pollIntervalMs,
        maxWaitMs: s.settings.maxWaitMs,
        trustedCerts: s.trustedCerts,
        gibPackage: s.settings.gibPackage,
      },
    );
    const names = new Set(mine.map((p) => p.name));
    const packages = res
      .filter((r) => names.has(r.paketId))
      .map((r) => {
        const row = getPackage(store, r.paketId);
        const file = row?.state === 'DOWNLOADED' ? row.approvedPath : undefined;
        const bytes = file && fs.existsSync(file) ? fs.readFileSync(file) : undefined;
        return {
          paketId: r.paketId,
          state: r.state,
          stateTr: PACKAGE_STATE_LABELS[r.state].tr,
          message: r.message,
          ...(r.error ? { error: r.error } : {}),
          ...(bytes
            ? { approved: { name: path.basename(file!), bytes: bytes.toString('base64'), sha256: createHash('sha256').update(bytes).digest('hex') } }
            : {}),
        };
      });
    for (const p of packages) {
      tryAppendAudit(
        'gib-download',
        {
          origin: ctx.origin,
          paketId: p.paketId,
          vkn: params.vkn,
          period: params.period,
          certificate: signer.info.subject,
          certificateSerial: signer.info.serialNumber,
          result: p.state,
          error: p.error?.code,
          file: p.approved?.name,
          sha256: p.approved?.sha256,
        },
        (e) => ctx.server.log.warn('Denetim kaydı yazılamadı / audit record not written', { error: String(e) }),
      );
    }
    ctx.server.log.info('Onaylı berat sorgusu / approved berat download', {
      origin: ctx.origin,
      vkn: params.vkn,
      period: params.period,
      states: packages.map((p) => `${p.paketId}:${p.state}`),
    });
    return { packages, rows: rowStates(store, params.vkn, params.period) };
  } finally {
    store.close();
  }
};
