/**
 * The audit record of a backup settings change (audit type `settings`): which fields changed,
 * old → new for the visible ones (switches, user name, URL), and only "changed" for the password —
 * never its value. Written by the bridge action `backup-settings` and by `edefter backup config`.
 */
import { tryAppendAudit, type AuditFacts } from '../audit/log.ts';
import type { CompanyBackupView } from './settings.ts';

const show = (v: unknown): string => (v === undefined || v === '' ? '-' : typeof v === 'boolean' ? (v ? 'Evet' : 'Hayır') : String(v));

/**
 * Facts of a change from `before` to `after` (views without password).
 * @param passwordGiven a new password came with the change (its value is not passed here)
 * @param by who changed it: `extension` (after the consent window) or `cli`
 */
export function backupSettingsFacts(before: CompanyBackupView, after: CompanyBackupView, passwordGiven: boolean, by: string): AuditFacts {
  const facts: Record<string, string | string[] | boolean> = { by, area: 'backup', vkn: after.vkn };
  const changed: string[] = [];
  for (const k of ['enabled', 'autoBackup', 'username', 'url'] as const) {
    if (before[k] !== after[k]) {
      changed.push(k);
      facts[k] = `${show(before[k])} → ${show(after[k])}`;
    }
  }
  if (passwordGiven) changed.push('password');
  if (before.hasPassword && !after.hasPassword && !passwordGiven) {
    changed.push('password');
    facts.credentialsDropped = true;
  }
  facts.changed = changed;
  return facts;
}

/** Appends the `settings` record of a backup settings change (never throws; see tryAppendAudit). */
export function auditBackupSettings(
  before: CompanyBackupView,
  after: CompanyBackupView,
  passwordGiven: boolean,
  by: string,
  onError?: (e: unknown) => void,
): void {
  tryAppendAudit('settings', backupSettingsFacts(before, after, passwordGiven, by), onError);
}
