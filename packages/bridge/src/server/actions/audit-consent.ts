/**
 * Bridge `audit-consent`: the extension's report of a consent window shown or answered, appended
 * to the audit log as `consent-shown` / `consent-answer` (audit/log.ts). The origin is the
 * request's own (checked against the install's allowed sites by the connection), `extension` for
 * the extension's own settings windows.
 */
import type { ParamsOf, ResultOf, auditConsent } from '@edefter/protocol';
import { appendAudit } from '../../audit/log.ts';
import type { BridgeHandler } from './context.ts';

export const auditConsentHandler: BridgeHandler<ParamsOf<typeof auditConsent>, ResultOf<typeof auditConsent>> = async (ctx, params) => {
  const rec = appendAudit(params.event === 'shown' ? 'consent-shown' : 'consent-answer', {
    origin: ctx.origin ?? 'extension',
    install: ctx.installId.slice(0, 8),
    consentId: params.consentId,
    action: params.action,
    answer: params.answer,
    documents: params.documents?.map((d) => `${d.name} sha256:${d.sha256}`),
    packages: params.packages,
    area: params.settings?.area,
    vkn: params.settings?.vkn,
    changed: params.settings?.changed,
  });
  return { seq: rec.seq };
};
