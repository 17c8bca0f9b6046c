/**
 * Text rendering of the workflow state, laid out like the seed's e-Defter list: Defter Türü,
 * Kontrol Numarası, Dönem, Organizasyonel Birim, Parça, Başlangıç / Bitiş Tarihi, Durum and
 * Yedekleme Durumu, grouped by company.
 */
import { BACKUP_STATUS_LABELS, DOC_KIND_FACTS, LEDGER_STATUS_LABELS, PACKAGE_STATE_LABELS } from '@edefter/domain';
import type { LedgerRow } from './store.ts';
import type { PackageRow } from './package-store.ts';

/** `YYYY-MM-DD` → `DD.MM.YYYY` (Turkish date order); other input unchanged, missing → `-`. */
export function trDate(d: string | undefined): string {
  if (!d) return '-';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(d);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : d;
}

/** Lays out rows as a plain text table with a header and a rule; widths by code points. */
export function renderTable(header: string[], rows: string[][]): string {
  const w = header.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c + ' '.repeat(w[i] - [...c].length))
      .join('  ')
      .trimEnd();
  return [line(header), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * The e-Defter list: one block per company (VKN and title), one line per row.
 * @param opts.packages also list the GİB packages under each company
 */
export function formatStatusTable(ledgers: LedgerRow[], packages: PackageRow[] = [], opts: { packages?: boolean } = {}): string {
  if (!ledgers.length) return 'Kayıt bulunamadı. / No e-Defter records found.';
  const out: string[] = [];
  const vkns = [...new Set(ledgers.map((l) => l.vkn))];
  for (const vkn of vkns) {
    const rows = ledgers.filter((l) => l.vkn === vkn);
    const title = rows.find((r) => r.title)?.title;
    out.push(`VKN/TCKN ${vkn}${title ? ` — ${title}` : ''}`);
    out.push(
      renderTable(
        ['Defter Türü', 'Kontrol Numarası', 'Dönem', 'Organizasyonel Birim', 'Parça', 'Başlangıç Tarihi', 'Bitiş Tarihi', 'Durum', 'Yedekleme Durumu'],
        rows.map((r) => [
          DOC_KIND_FACTS[r.book].tr,
          r.controlNumber ?? '-',
          `${r.period.slice(4)}/${r.period.slice(0, 4)}`,
          r.branch ? `Şube ${r.branch}` : 'Merkez',
          r.part,
          trDate(r.periodStart),
          trDate(r.periodEnd),
          LEDGER_STATUS_LABELS[r.status].tr + (r.error ? ` (${r.error.tr})` : ''),
          r.book === 'DR' ? '-' : (BACKUP_STATUS_LABELS[r.backupStatus]?.tr ?? r.backupStatus),
        ]),
      ),
    );
    const pk = packages.filter((p) => p.vkn === vkn);
    if (opts.packages && pk.length) {
      out.push('');
      out.push(
        renderTable(
          ['Paket', 'Durum', 'Gönderim', 'GİB Yanıtı', 'Gönderildi', 'Onaylı Berat'],
          pk.map((p) => [
            p.name,
            PACKAGE_STATE_LABELS[p.state].tr + (p.error ? ` (${p.error.tr})` : ''),
            String(p.attempts),
            p.gibMessage ?? '-',
            p.sentAt ?? '-',
            p.approvedPath ? p.approvedPath.split(/[\\/]/).pop()! : '-',
          ]),
        ),
      );
    }
    out.push('');
  }
  return out.join('\n').trimEnd();
}
