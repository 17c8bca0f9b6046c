/**
 * One running request in the popup's list (issue 12 §3): site, what it does, its latest progress
 * report from the bridge (phase label, done/total as a bar and in words) and, for "Ayı tamamla",
 * an "İptal" button (the bridge stops before the next step).
 */
import { useState } from 'preact/hooks';
import { t, type Lang } from '../shared/i18n.ts';
import { ask } from '../shared/messaging.ts';
import type { PendingInfo } from '../shared/ui-messages.ts';

const ACTION = {
  tr: {
    'sign-documents': 'İmza',
    'send-to-gib': "GİB'e gönderim",
    'download-approved-berats': 'Onaylı berat indirme',
    'month-run': 'Ayı tamamla',
    'backup-send': 'Yedekleme',
    'backup-status': 'Yedekleme durumu',
  } as Record<string, string>,
  en: {
    'sign-documents': 'Signing',
    'send-to-gib': 'Send to GİB',
    'download-approved-berats': 'Approved berat download',
    'month-run': 'Complete the month',
    'backup-send': 'Backup',
    'backup-status': 'Backup status',
  } as Record<string, string>,
};

/** "12,5 MB" / "3 / 5" for a report. */
function amount(p: NonNullable<PendingInfo['progress']>, lang: Lang): string {
  if (p.unit === 'items') return p.total ? `${p.done} / ${p.total}` : String(p.done);
  const mb = (n: number): string => (n / 1048576).toLocaleString(lang === 'tr' ? 'tr-TR' : 'en-GB', { maximumFractionDigits: 1 });
  return p.total ? `${mb(p.done)} / ${mb(p.total)} MB` : `${mb(p.done)} MB`;
}

/** A pending request with its progress. */
export function PendingJob({ p, lang }: { p: PendingInfo; lang: Lang }) {
  const [asked, setAsked] = useState(false);
  const pr = p.progress;
  const state = t(lang, p.state === 'waiting-user' ? 'waitingUser' : p.state === 'signing' ? 'signing' : 'workingState');
  const cancel = (): void => {
    setAsked(true);
    void ask({ kind: 'ui-month-run-cancel', requestId: p.id }).catch(() => setAsked(false));
  };
  return (
    <li data-testid={`pending-${p.action}`} data-phase={pr?.phase ?? ''}>
      <span>{p.origin}</span>
      <span class="note">
        {ACTION[lang][p.action] ?? p.action}
        {p.month ? ` ${p.month.vkn} ${p.month.period}` : ''} · {pr?.label ?? state}
        {pr ? ` (${amount(pr, lang)})` : ''}
      </span>
      {pr && pr.total > 0 && <progress data-testid="pending-progress" max={pr.total} value={Math.min(pr.done, pr.total)} aria-label={pr.label ?? state} />}
      {p.action === 'month-run' && (
        <button type="button" data-testid="month-run-cancel" disabled={asked} onClick={cancel}>
          {asked ? (lang === 'tr' ? 'Durduruluyor…' : 'Stopping…') : lang === 'tr' ? 'İptal' : 'Cancel'}
        </button>
      )}
    </li>
  );
}
