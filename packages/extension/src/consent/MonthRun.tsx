/**
 * The facts of the "Ayı tamamla" consent window (issue 12 §2): one window for the whole month.
 * Compact, so the window fits 560×760 without scrolling like the single-document one (issue 12
 * item 1): a two-column grid with VKN, dönem, unvan, the documents (count and kinds, berats, GİB
 * packages), madde / satır and Toplam Borç = Toplam Alacak ✓ of the Yevmiye, and the steps as one
 * line of chips (▶ runs, ✓ an earlier run completed it, – off). ONE fold-out ("Ayrıntılar") holds
 * what the bridge will do in full, in a box of bounded height that scrolls by itself: the
 * documents to sign with their SHA-256 (the bridge signs only these digests), the berats it will
 * build from the signed defters and sign (with or without zaman damgası), the Defter Raporu, the
 * GİB packages (exactly these are sent, to the endpoint shown), the backup target and each step.
 * The certificate, the zaman damgası box, the PIN pad and Onayla are ConsentApp's.
 */
import { DOCUMENT_KIND_LABELS } from '@edefter/protocol';
import { t, type Lang } from '../shared/i18n.ts';
import { formatAmount } from '../shared/document-summary.ts';
import { Fact } from './DocumentFacts.tsx';
import { monthTotals } from './month-totals.ts';
import type { DocumentSummary } from '../shared/document-summary.ts';
import type { MonthConsentInfo } from '../shared/ui-messages.ts';

const TEXT = {
  tr: {
    title: 'Ayı tamamla',
    month: 'Dönem',
    docsCount: 'Belgeler',
    beratCount: 'berat',
    packageCount: 'GİB paketi',
    yevmiyeEntries: 'Madde / satır (Yevmiye)',
    details: 'Ayrıntılar: belgeler ve SHA-256, beratlar, GİB paketleri, yedekleme',
    documents: 'İmzalanacak belgeler',
    berats: 'Onaylanan defterlerden oluşturulup imzalanacak beratlar',
    withTs: 'zaman damgalı',
    withoutTs: 'zaman damgasız',
    from: 'kaynağı',
    dr: 'Defter Raporu',
    noDr: 'Defter Raporu verilmedi: gönderilmez',
    packages: "GİB'e gönderilecek paketler (yalnızca bunlar)",
    endpoint: 'GİB adresi',
    backup: 'Yedekleme',
    backupOff: 'kapalı: entegratöre gönderilmez',
    steps: 'Çalışacak adımlar',
    done: 'önceki çalıştırmada tamamlandı',
    off: 'çalışmaz',
    onePin:
      'Tek PIN ile: imza → berat → imza → DR → denetim → GİB\'e gönder → bekle → onaylı berat indir → yedekle. İlk hatada durur; yeniden başlatınca kaldığı yerden sürer. Açılır penceredeki "İptal" ile durdurulabilir.',
    env: { test: 'test', production: 'canlı', custom: 'özel' },
    step: {
      sign: 'Defterleri imzala',
      berat: 'Berat oluştur ve imzala',
      dr: 'Defter Raporunu imzala',
      check: 'Paketleri denetle',
      'gib-send': "GİB'e gönder",
      'gib-wait': 'GİB onayını bekle',
      'gib-download': 'Onaylı beratı indir',
      backup: 'Yedekle',
    } as Record<string, string>,
    chip: {
      sign: 'İmza',
      berat: 'Berat',
      dr: 'DR',
      check: 'Denetim',
      'gib-send': 'GİB gönder',
      'gib-wait': 'GİB onay',
      'gib-download': 'İndir',
      backup: 'Yedek',
    } as Record<string, string>,
  },
  en: {
    title: 'Complete the month',
    month: 'Period',
    docsCount: 'Documents',
    beratCount: 'berats',
    packageCount: 'GİB packages',
    yevmiyeEntries: 'Entries / lines (Yevmiye)',
    details: 'Details: documents and SHA-256, berats, GİB packages, backup',
    documents: 'Documents to sign',
    berats: 'Berats built from the approved defters and signed',
    withTs: 'with timestamp',
    withoutTs: 'without timestamp',
    from: 'from',
    dr: 'Defter Raporu',
    noDr: 'No Defter Raporu given: not sent',
    packages: 'Packages sent to GİB (only these)',
    endpoint: 'GİB endpoint',
    backup: 'Backup',
    backupOff: 'off: not sent to the integrator',
    steps: 'Steps that run',
    done: 'completed by an earlier run',
    off: 'does not run',
    onePin:
      'One PIN: sign → berat → sign → DR → checks → send to GİB → wait → download approved berats → backup. Stops at the first error; starting again resumes there. "Cancel" in the popup stops it.',
    env: { test: 'test', production: 'production', custom: 'custom' },
    step: {
      sign: 'Sign the defters',
      berat: 'Build and sign the berats',
      dr: 'Sign the Defter Raporu',
      check: 'Check the packages',
      'gib-send': 'Send to GİB',
      'gib-wait': 'Wait for GİB',
      'gib-download': 'Download approved berats',
      backup: 'Back up',
    } as Record<string, string>,
    chip: {
      sign: 'Sign',
      berat: 'Berat',
      dr: 'DR',
      check: 'Check',
      'gib-send': 'Send',
      'gib-wait': 'GİB wait',
      'gib-download': 'Download',
      backup: 'Backup',
    } as Record<string, string>,
  },
};

/** Window title of the month run. */
export function monthTitle(lang: Lang): string {
  return TEXT[lang].title;
}

/** Props of {@link MonthRun}. */
export interface MonthRunProps {
  m: MonthConsentInfo;
  documents: DocumentSummary[];
  /** the zaman damgası box as ticked now */
  timestamp: boolean;
  lang: Lang;
}

const num = (n: number, lang: Lang): string => n.toLocaleString(lang === 'tr' ? 'tr-TR' : 'en-US');

/** The month's facts (module doc). */
export function MonthRun({ m, documents, timestamp, lang }: MonthRunProps) {
  const x = TEXT[lang];
  const dr = documents.find((d) => d.declaredKind === 'defter-raporu');
  const tot = monthTotals(documents);
  const debit = formatAmount(tot.totalDebit, lang);
  const credit = formatAmount(tot.totalCredit, lang);
  const title = documents.find((d) => d.title)?.title;
  const kinds = [...new Set(documents.map((d) => DOCUMENT_KIND_LABELS[d.declaredKind][lang]))].join(', ');
  const backupRuns = m.steps.some((s) => s.step === 'backup' && (s.run || s.reason === 'resumed'));
  return (
    <div class="month-run" data-testid="month-consent" data-vkn={m.vkn} data-period={m.period}>
      <dl class="grid" data-testid="month-summary">
        <Fact label="VKN">
          <span class="mono" data-testid="month-vkn">
            {m.vkn}
          </span>
        </Fact>
        <Fact label={x.month} testId="month-period">
          {m.period.slice(4)}.{m.period.slice(0, 4)}
        </Fact>
        <Fact label={t(lang, 'title')} wide testId="month-title">
          {title ?? t(lang, 'unknown')}
        </Fact>
        <Fact label={x.docsCount} wide>
          <b data-testid="month-doc-count">{documents.length}</b> ({kinds}) · {m.berats.length} {x.beratCount} · {m.packages.length} {x.packageCount}
        </Fact>
        {tot.entries !== undefined && (
          <Fact label={x.yevmiyeEntries} wide>
            <span data-testid="month-entries">{num(tot.entries, lang)}</span> / <span data-testid="month-lines">{num(tot.lines ?? 0, lang)}</span>
          </Fact>
        )}
        {debit !== undefined && credit !== undefined && (
          <Fact label={`${t(lang, 'totalDebit')} = ${t(lang, 'totalCredit')}`} wide>
            <span class={tot.balanced ? 'ok' : 'bad'} data-testid="month-balanced" data-balanced={String(Boolean(tot.balanced))}>
              <span aria-hidden="true">{tot.balanced ? '✓ ' : '✗ '}</span>
              {debit}
              {tot.balanced ? '' : ` ≠ ${credit}`} ({t(lang, tot.balanced ? 'totalsBalanced' : 'totalsUnbalanced')})
            </span>
          </Fact>
        )}
      </dl>
      <div class="chips-line">
        <ol class="chips" data-testid="month-steps" aria-label={x.steps}>
          {m.steps.map((s) => (
            <li
              class={s.run ? 'chip run' : s.reason === 'resumed' ? 'chip done' : 'chip off'}
              title={`${x.step[s.step] ?? s.step}${s.run ? '' : ` (${s.reason === 'resumed' ? x.done : x.off})`}`}
              data-testid={`month-step-${s.step}`}
              data-run={String(s.run)}
              data-reason={s.reason ?? ''}
            >
              <span aria-hidden="true">{s.run ? '▶' : s.reason === 'resumed' ? '✓' : '–'}</span> {x.chip[s.step] ?? s.step}
              <span class="sr-only">{s.run ? '' : ` (${s.reason === 'resumed' ? x.done : x.off})`}</span>
            </li>
          ))}
        </ol>
      </div>
      <details class="more" data-testid="month-details">
        <summary>{x.details}</summary>
        <div class="month-box" data-testid="month-box">
          <p class="note tight">{x.onePin}</p>
          <h2>{x.documents}</h2>
          <ul class="plain" data-testid="month-documents">
            {documents.map((d) => (
              <li class="pkg" data-testid={`month-doc-${d.name}`}>
                <span>
                  <span class="mono">{d.name}</span> <span>{DOCUMENT_KIND_LABELS[d.declaredKind][lang]}</span>
                </span>
                <span class="mono note" data-testid={`month-sha256-${d.name}`}>
                  {d.sha256}
                </span>
              </li>
            ))}
          </ul>
          <h2>{x.berats}</h2>
          <ul class="plain" data-testid="month-berats">
            {m.berats.map((b) => (
              <li data-testid={`month-berat-${b.name}`}>
                <span>
                  <span class="mono">{b.name}</span> <span>{DOCUMENT_KIND_LABELS[b.kind][lang]}</span>{' '}
                  <span class="note">
                    ({x.from} {b.from}; {timestamp ? x.withTs : x.withoutTs})
                  </span>
                </span>
              </li>
            ))}
          </ul>
          <p class="tight" data-testid="month-dr">
            {dr ? (
              <>
                <span class="label">{x.dr}</span> <span class="mono">{dr.name}</span>
              </>
            ) : (
              <span class="note">{x.noDr}</span>
            )}
          </p>
          <h2>{x.packages}</h2>
          <ul class="plain" data-testid="month-packages">
            {m.packages.map((p) => (
              <li data-testid={`month-package-${p.paketId}`} data-state={p.state ?? ''}>
                <span>
                  <span class="mono">{p.paketId}</span>{' '}
                  <span class="note">
                    {p.files.join(', ')}
                    {p.stateTr ? ` — ${p.stateTr}` : ''}
                  </span>
                </span>
              </li>
            ))}
          </ul>
          <p class="tight">
            <span class="label">{x.endpoint}</span>{' '}
            <span class="mono" data-testid="month-endpoint">
              {m.endpoint}
            </span>{' '}
            ({x.env[m.environment]})
          </p>
          <p class="tight" data-testid="month-backup" data-enabled={String(m.backup.enabled)}>
            <span class="label">{x.backup}</span> {backupRuns ? <span class="mono">{m.backup.url ?? '—'}</span> : <span class="note">{x.backupOff}</span>}
          </p>
          <h2>{x.steps}</h2>
          <ol class="plain steps-full">
            {m.steps.map((s) => (
              <li>
                {s.run ? '▶ ' : s.reason === 'resumed' ? '✓ ' : '– '}
                {x.step[s.step] ?? s.step}
                {s.run ? '' : ` (${s.reason === 'resumed' ? x.done : x.off})`}
              </li>
            ))}
          </ol>
        </div>
      </details>
    </div>
  );
}
