/**
 * Bridge `session-sign`: sign one document in an open session. Bytes in, signed bytes out
 * (signXmlBuffer: enveloped XAdES-BES, GİB profile; XAdES-T with the configured TSA when the
 * user ticked "Zaman damgası ekle").
 */
import { createHash } from 'node:crypto';
import type { ParamsOf, ResultOf, sessionSign } from '@edefter/protocol';
import { signXmlBuffer } from '../../xades/index.ts';
import { timestamperFor } from '../timestamp.ts';
import type { BridgeHandler } from './context.ts';

export const sessionSignHandler: BridgeHandler<ParamsOf<typeof sessionSign>, ResultOf<typeof sessionSign>> = async (ctx, params) => {
  const t0 = performance.now();
  const signer = ctx.sessions.use(params.sessionId, ctx.origin!);
  const timestamp = params.timestamp ? await timestamperFor(ctx.server.tsa) : undefined;
  const input = Buffer.from(params.bytes, 'base64');
  const res = await signXmlBuffer(input, { signer, ...(timestamp ? { timestamp } : {}) });
  const sha256 = createHash('sha256').update(res.xml).digest('hex');
  const bridgeMs = Math.round((performance.now() - t0) * 10) / 10;
  ctx.server.log.info('Belge imzalandı / document signed', {
    origin: ctx.origin, name: params.name, kind: params.kind, size: res.xml.length, sha256, timestamped: Boolean(timestamp), cert: signer.info.id, ms: bridgeMs,
  });
  return {
    name: params.name, kind: params.kind, bytes: res.xml.toString('base64'), sha256,
    signingTime: res.signingTime, timestamped: Boolean(timestamp), certificateId: signer.info.id, bridgeMs,
  };
};
