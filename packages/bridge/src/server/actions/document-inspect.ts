/**
 * Bridge `document-inspect`: parses the bytes a page asks to sign (documents/inspect.ts: streaming,
 * no DTD, GİB documents only) and answers with their facts for the consent window, or refuses
 * them before any window opens. A refused document and an already signed one are not remembered;
 * an accepted one is remembered for this connection and origin (documents/registry.ts), and only
 * those can be signed (session-open `forDocuments`, session-sign `approvedSha256`).
 */
import { fail, type ParamsOf, type ResultOf, type documentInspect } from '@edefter/protocol';
import { tryAppendAudit } from '../../audit/index.ts';
import { UNPRINTABLE, inspectDocument, printable } from '../../documents/index.ts';
import type { BridgeHandler } from './context.ts';

export const documentInspectHandler: BridgeHandler<ParamsOf<typeof documentInspect>, ResultOf<typeof documentInspect>> = async (ctx, params) => {
  const origin = ctx.origin!;
  const refuse = (e: unknown): never => {
    const code = (e as { code?: string })?.code ?? 'INTERNAL';
    const name = printable(params.name);
    ctx.server.log.warn('Belge reddedildi / document refused', { origin, name, kind: params.kind, code });
    tryAppendAudit(
      'sign-refused',
      {
        origin,
        file: name,
        declaredKind: params.kind,
        stage: 'inspect',
        code,
        reason: String((e as { details?: { reason?: unknown } })?.details?.reason ?? code),
      },
      (err) => ctx.server.log.error('Denetim kaydı yazılamadı / audit log write failed', { message: String((err as Error)?.message ?? err) }),
    );
    throw e;
  };
  if (UNPRINTABLE.test(params.name)) {
    // a name is shown in the consent window, the bridge's console and the audit listing: printable only
    return refuse(fail('server.nameUnprintable', { reason: 'name-unprintable' }));
  }
  const bytes = Buffer.from(params.bytes, 'base64');
  let facts;
  try {
    facts = inspectDocument(bytes, params.name);
  } catch (e) {
    return refuse(e);
  }
  if (facts.signed) {
    return refuse(fail('server.alreadySigned', { name: params.name }));
  }
  if (facts.kind !== params.kind) {
    return refuse(fail('server.declaredKindContradictsContent', { name: params.name, reason: 'kind-mismatch', declaredKind: params.kind, type: facts.type }));
  }
  ctx.sessions.inspected.remember(origin, facts, params.kind);
  ctx.server.log.info('Belge incelendi / document inspected', {
    origin,
    name: params.name,
    type: facts.type,
    vkn: facts.vkn,
    size: facts.size,
    sha256: facts.sha256,
  });
  return facts;
};
