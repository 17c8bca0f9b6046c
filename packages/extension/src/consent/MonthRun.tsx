/**
 * The facts of the "Ayı tamamla" consent window (issue 12 §2): one window for the whole month.
 * Lists what the bridge will do after the one PIN: the documents to sign with their SHA-256 (the
 * bridge signs only these digests), the berats it will build from the signed defters and sign
 * (with or without zaman damgası), the Defter Raporu, the GİB packages (exactly these are sent, to
 * the endpoint shown), the backup target, and which steps run (steps an earlier run completed are
 * marked as done). The certificate, the zaman damgası box, the PIN pad and Onayla are ConsentApp's.
 */
import { DOCUMENT_KIND_LABELS } from '@edefter/protocol';
import type { Lang } from '../shared/i18n.ts';
import type { DocumentSummary } from '../shared/document-summary.ts';
import type { MonthConsentInfo } from '../shared/ui-messages.ts';

const TEXT = {
  tr: {
    title: 'Ayı tamamla', month: 'Dönem', documents: 'İmzalanacak belgeler', berats: 'Onaylanan defterlerden oluşturulup imzalanacak beratlar',
    withTs: 'zaman damgalı', withoutTs: 'zaman damgasız', from: 'kaynağı', dr: 'Defter Raporu', noDr: 'Defter Raporu verilmedi: gönderilmez',
    packages: "GİB'e gönderilecek paketler (yalnızca bunlar)", endpoint: 'GİB adresi', backup: 'Yedekleme', backupOff: 'kapalı: entegratöre gönderilmez',
    steps: 'Çalışacak adımlar', done: 'önceki çalıştırmada tamamlandı', off: 'çalışmaz', onePin: 'Tek PIN ile: imza → berat → imza → DR → denetim → GİB\'e gönder → bekle → onaylı berat indir → yedekle. İlk hatada durur; yeniden başlatınca kaldığı yerden sürer. Açılır penceredeki "İptal" ile durdurulabilir.',
    env: { test: 'test', production: 'canlı', custom: 'özel' },
    step: { sign: 'Defterleri imzala', berat: 'Berat oluştur ve imzala', dr: 'Defter Raporunu imzala', check: 'Paketleri denetle', 'gib-send': "GİB'e gönder", 'gib-wait': 'GİB onayını bekle', 'gib-download': 'Onaylı beratı indir', backup: 'Yedekle' } as Record<string, string>,
  },
  en: {
    title: 'Complete the month', month: 'Period', documents: 'Documents to sign', berats: 'Berats built from the approved defters and signed',
    withTs: 'with timestamp', withoutTs: 'without timestamp', from: 'from', dr: 'Defter Raporu', noDr: 'No Defter Raporu given: not sent',
    packages: 'Packages sent to GİB (only these)', endpoint: 'GİB endpoint', backup: 'Backup', backupOff: 'off: not sent to the integrator',
    steps: 'Steps that run', done: 'completed by an earlier run', off: 'does not run', onePin: 'One PIN: sign → berat → sign → DR → checks → send to GİB → wait → download approved berats → backup. Stops at the first error; starting again resumes there. "Cancel" in the popup stops it.',
    env: { test: 'test', production: 'production', custom: 'custom' },
    step: { sign: 'Sign the defters', berat: 'Build and sign the berats', dr: 'Sign the Defter Raporu', check: 'Check the packages', 'gib-send': 'Send to GİB', 'gib-wait': 'Wait for GİB', 'gib-download': 'Download approved berats', backup: 'Back up' } as Record<string, string>,
  },
};

/** Window title of the month run. */
export function monthTitle(lang: Lang): string { return TEXT[lang].title; }

/** Props of {@link MonthRun}. */
export interface MonthRunProps {
  m: MonthConsentInfo;
  documents: DocumentSummary[];
  /** the zaman damgası box as ticked now */
  timestamp: boolean;
  lang: Lang;
}

/** The month's facts (module doc). */
export function MonthRun({ m, documents, timestamp, lang }: MonthRunProps) {
  const x = TEXT[lang];
  const dr = documents.find((d) => d.declaredKind === 'defter-raporu');
  return (
    <div class="month-run" data-testid="month-consent" data-vkn={m.vkn} data-period={m.period}>
      <p class="tight"><span class="label">VKN</span> <span class="mono" data-testid="month-vkn">{m.vkn}</span> · <span class="label">{x.month}</span> <span data-testid="month-period">{m.period.slice(4)}.{m.period.slice(0, 4)}</span></p>
      <p class="note tight">{x.onePin}</p>
      <h3>{x.documents}</h3>
      <ul class="plain" data-testid="month-documents">
        {documents.map((d) => (
          <li data-testid={`month-doc-${d.name}`}><span class="mono">{d.name}</span> <span>{DOCUMENT_KIND_LABELS[d.declaredKind][lang]}</span>{' '}
            <span class="mono note" title={d.sha256} data-testid={`month-sha256-${d.name}`}>{d.sha256}</span></li>
        ))}
      </ul>
      <h3>{x.berats}</h3>
      <ul class="plain" data-testid="month-berats">
        {m.berats.map((b) => (
          <li data-testid={`month-berat-${b.name}`}><span class="mono">{b.name}</span> <span>{DOCUMENT_KIND_LABELS[b.kind][lang]}</span>{' '}
            <span class="note">({x.from} {b.from}; {timestamp ? x.withTs : x.withoutTs})</span></li>
        ))}
      </ul>
      <p class="tight" data-testid="month-dr">{dr ? <><span class="label">{x.dr}</span> <span class="mono">{dr.name}</span></> : <span class="note">{x.noDr}</span>}</p>
      <h3>{x.packages}</h3>
      <ul class="plain" data-testid="month-packages">
        {m.packages.map((p) => (
          <li data-testid={`month-package-${p.paketId}`} data-state={p.state ?? ''}><span class="mono">{p.paketId}</span> <span class="note">{p.files.join(', ')}{p.stateTr ? ` — ${p.stateTr}` : ''}</span></li>
        ))}
      </ul>
      <p class="tight"><span class="label">{x.endpoint}</span> <span class="mono" data-testid="month-endpoint">{m.endpoint}</span> ({x.env[m.environment]})</p>
      <p class="tight" data-testid="month-backup" data-enabled={String(m.backup.enabled)}><span class="label">{x.backup}</span>{' '}
        {m.steps.some((s) => s.step === 'backup' && (s.run || s.reason === 'resumed')) ? <span class="mono">{m.backup.url ?? '—'}</span> : <span class="note">{x.backupOff}</span>}</p>
      <details class="more" open>
        <summary>{x.steps}</summary>
        <ol class="plain" data-testid="month-steps">
          {m.steps.map((s) => (
            <li data-testid={`month-step-${s.step}`} data-run={String(s.run)} data-reason={s.reason ?? ''}>
              {s.run ? '▶ ' : s.reason === 'resumed' ? '✓ ' : '– '}{x.step[s.step] ?? s.step}{s.run ? '' : ` (${s.reason === 'resumed' ? x.done : x.off})`}
            </li>
          ))}
        </ol>
      </details>
    </div>
  );
}
