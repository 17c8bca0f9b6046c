/**
 * Bridge `backup-settings`: the extension reads or changes a company's Yedekleme settings
 * (backup/settings.ts) and the CA trusted for the integrator's TLS (PEM pasted or picked in the
 * options page, stored as `<configDir>/trust/integrator-ca.pem` and put in `backup.trustList`;
 * without it an integrator with a private CA fails with UNABLE_TO_VERIFY_LEAF_SIGNATURE). The
 * password is stored in the credential store, never returned.
 *
 * A change is never made on behalf of a web page: the action is declared `origin: none` (the
 * connection refuses it with an origin), and the extension sends a change only after the user
 * approved it in the extension's own consent window (docs/security.md). Every change is written to
 * the audit log (`settings`: what changed, old → new, never the password).
 */
import type { ParamsOf, ResultOf, backupSettings, TrustAnchorView } from '@edefter/protocol';
import { getCompanyBackupSettings, loadBackupSettings, setCompanyBackupSettings } from '../../backup/settings.ts';
import { backupSettingsFacts } from '../../backup/settings-audit.ts';
import { tryAppendAudit } from '../../audit/log.ts';
import { describeTrustFiles, parseTrustPem, storeTrustPem } from '../../settings/trust.ts';
import type { BridgeHandler } from './context.ts';

const fingerprints = (a: TrustAnchorView[]): string => a.map((t) => t.sha256.slice(0, 16)).join(',') || '-';

export const backupSettingsHandler: BridgeHandler<ParamsOf<typeof backupSettings>, ResultOf<typeof backupSettings>> = async (ctx, params) => {
  const caBefore = await describeTrustFiles((await loadBackupSettings()).trustList);
  if (!params.set) return { settings: await getCompanyBackupSettings(params.vkn), ca: caBefore };
  const { caPem, ...patch } = params.set;
  if (caPem) parseTrustPem(caPem); // refuse a bad PEM before anything changes
  const before = await getCompanyBackupSettings(params.vkn);
  const trustList = caPem === undefined ? undefined : caPem ? [(await storeTrustPem('integrator-ca', caPem)).file] : [];
  const { settings, warning } = await setCompanyBackupSettings(params.vkn, patch, trustList ? { trustList } : {});
  const caAfter = await describeTrustFiles((await loadBackupSettings()).trustList);
  const facts = backupSettingsFacts(before, settings, Boolean(patch.password), 'extension');
  if (fingerprints(caBefore) !== fingerprints(caAfter)) {
    (facts.changed as string[]).push('ca');
    facts.ca = `${fingerprints(caBefore)} → ${fingerprints(caAfter)}`;
  }
  tryAppendAudit('settings', facts, (e) => ctx.server.log.error('Denetim kaydı yazılamadı / audit log write failed', { error: String(e) }));
  ctx.server.log.info('Yedekleme ayarları değişti / backup settings changed', { vkn: params.vkn, enabled: settings.enabled, autoBackup: settings.autoBackup });
  return { settings, ca: caAfter, ...(warning ? { warning } : {}) };
};
