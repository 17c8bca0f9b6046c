/**
 * Bridge `session-sign`: sign one document in an open session. Bytes in, signed bytes out
 * (signXmlBuffer: enveloped XAdES-BES, GİB profile; XAdES-T with the configured TSA when the
 * user ticked "Zaman damgası ekle").
 *
 * Signed only when (signable.ts): SHA-256(bytes) = `approvedSha256` (what the consent window
 * showed); that digest is one of the session's `forDocuments`; it was inspected on this
 * connection for this origin (so it is a GİB document, not signed yet) with the declared kind;
 * and its VKN/TCKN is the session certificate's. Each signature is audited as `sign` (kind = GİB type, file,
 * sha256 in and signedSha256 out, VKN, period YYYYMM, certificate, origin), each refusal as `sign-refused`.
 */
import { createHash } from 'node:crypto';
import { fail, type ParamsOf, type ResultOf, type sessionSign } from '@edefter/protocol';
import { tryAppendAudit } from '../../audit/index.ts';
import { printable } from '../../documents/index.ts';
import { signXmlBuffer } from '../../xades/index.ts';
import { timestamperFor } from '../timestamp.ts';
import type { BridgeHandler } from './context.ts';
import { notInspected, requireSameTaxId } from './signable.ts';

export const sessionSignHandler: BridgeHandler<ParamsOf<typeof sessionSign>, ResultOf<typeof sessionSign>> = async (ctx, params) => {
  const t0 = performance.now();
  const origin = ctx.origin!;
  const { log } = ctx.server;
  const auditError = (err: unknown): void =>
    log.error('Denetim kaydı yazılamadı / audit log write failed', { message: String((err as Error)?.message ?? err) });
  const input = Buffer.from(params.bytes, 'base64');
  const inputSha256 = createHash('sha256').update(input).digest('hex');
  let stage = 'check';
  try {
    if (inputSha256 !== params.approvedSha256) {
      throw fail('server.bytesNotApproved', { reason: 'digest-mismatch', name: params.name, approvedSha256: params.approvedSha256, sha256: inputSha256 });
    }
    if (!ctx.sessions.maySign(params.sessionId, origin, inputSha256)) {
      throw fail('server.notApprovedInSession', { reason: 'not-approved', name: params.name, sha256: inputSha256 });
    }
    const doc = ctx.sessions.inspected.get(origin, inputSha256);
    if (!doc) throw notInspected(inputSha256);
    if (doc.facts.name !== params.name) {
      throw fail('server.nameNotShown', { reason: 'name-mismatch', name: params.name, shownName: doc.facts.name });
    }
    if (doc.facts.kind !== params.kind) {
      throw fail('server.kindNotInspected', { reason: 'kind-mismatch', name: params.name, declaredKind: params.kind, type: doc.facts.type });
    }
    const signer = ctx.sessions.use(params.sessionId, origin);
    requireSameTaxId(doc.facts, signer.info);
    const timestamp = params.timestamp ? await timestamperFor(ctx.server.tsa) : undefined;
    stage = 'sign';
    const label = `${params.name} imzalanıyor`;
    ctx.progress({ phase: 'sign', done: 0, total: input.length, unit: 'bytes', label });
    const res = await signXmlBuffer(input, {
      signer,
      ...(timestamp ? { timestamp } : {}),
      onProgress: (done, total) => ctx.progress({ phase: 'sign', done, total, unit: 'bytes', label }),
    });
    ctx.progress({ phase: 'sign', done: input.length, total: input.length, unit: 'bytes', label: `${params.name} imzalandı` });
    const sha256 = createHash('sha256').update(res.xml).digest('hex');
    const bridgeMs = Math.round((performance.now() - t0) * 10) / 10;
    log.info('Belge imzalandı / document signed', {
      origin,
      name: params.name,
      kind: params.kind,
      size: res.xml.length,
      sha256,
      timestamped: Boolean(timestamp),
      cert: signer.info.id,
      ms: bridgeMs,
    });
    const f = doc.facts;
    tryAppendAudit(
      'sign',
      {
        origin,
        file: params.name,
        kind: f.type,
        vkn: f.vkn,
        title: f.title,
        period: f.periodStart.slice(0, 7).replace('-', ''),
        periodStart: f.periodStart,
        periodEnd: f.periodEnd,
        sha256: inputSha256,
        signedSha256: sha256,
        size: res.xml.length,
        timestamped: Boolean(timestamp),
        certificate: signer.info.id,
        certificateSubject: signer.info.subject,
        token: signer.info.tokenLabel,
      },
      auditError,
    );
    return {
      name: params.name,
      kind: params.kind,
      bytes: res.xml.toString('base64'),
      sha256,
      signingTime: res.signingTime,
      timestamped: Boolean(timestamp),
      certificateId: signer.info.id,
      bridgeMs,
    };
  } catch (e) {
    const code = (e as { code?: string })?.code ?? 'INTERNAL';
    log.warn('İmza reddedildi / signing refused', { origin, name: printable(params.name), kind: params.kind, code, stage });
    tryAppendAudit(
      'sign-refused',
      {
        origin,
        stage: `session-sign:${stage}`,
        file: printable(params.name),
        declaredKind: params.kind,
        sha256: inputSha256,
        code,
        reason: String((e as { details?: { reason?: unknown } })?.details?.reason ?? code),
      },
      auditError,
    );
    throw e;
  }
};
