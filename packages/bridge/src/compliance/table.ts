/**
 * The table `edefter uyumluluk` prints: one row per scenario (Turkish header line, then English), with the
 * figures read back from the files, then where each scenario's files and upload zips are, and every failed
 * constraint.
 */
import type { ScenarioResult } from './defter-run.ts';

const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

/** The table rows as text lines (no trailing newline). */
export function formatPlanTable(results: ScenarioResult[]): string[] {
  const head = [
    ['Senaryo', 'Dönem', 'Madde', 'Satır', 'Ana hesap (alt hesaplı)', 'Parça', 'Y/E zip', 'K zip', 'Sonuç'],
    ['scenario', 'period', 'maddeler', 'lines', 'main accounts (with sub)', 'parts', 'Y/E zipped', 'K zipped', 'result'],
  ];
  const rows: string[][] = results.map((r) => {
    const result = r.skipped ? 'ATLANDI / skipped' : r.failures.length ? `✘ ${r.failures.length} hata / failed` : '✔ geçti / passed';
    if (!r.parts.length) return [r.id, r.period, '—', '—', '—', '—', '—', '—', result];
    const per = (f: (p: ScenarioResult['parts'][number]) => string) => r.parts.map(f).join(' + ');
    return [
      r.id,
      r.period,
      per((p) => String(p.figures.y.maddeler)),
      per((p) => String(p.figures.y.satirlar)),
      per((p) => String(p.figures.y.mainWithSub.size)),
      String(r.parts.length),
      per((p) => kb(p.zipBytes.y)),
      per((p) => (p.zipBytes.k === undefined ? '—' : kb(p.zipBytes.k))),
      result,
    ];
  });
  const all = [...head, ...rows];
  const widths = head[0].map((_, i) => Math.max(...all.map((r) => [...r[i]].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c + ' '.repeat(widths[i] - [...c].length))
      .join(' │ ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('─┼─');
  return [line(head[0]), line(head[1]), rule, ...rows.map(line)];
}

/** Where the files are, and the failures, per scenario. */
export function formatPlanDetails(results: ScenarioResult[]): string[] {
  const out: string[] = [];
  for (const r of results) {
    out.push('', `Senaryo / scenario ${r.id} (${r.period}): ${r.root}`);
    if (r.skipped) {
      out.push(`  atlandı: ${r.skipped.tr}`, `  skipped: ${r.skipped.en}`);
      continue;
    }
    if (r.exportPath) out.push(`  ERP dışa aktarımı / export: ${r.exportPath}`);
    if (r.dir) out.push(`  Ay klasörü / month folder:  ${r.dir}`);
    if (r.zips.length) {
      out.push("  GİB test aracı yüklemeleri, sırayla / uploads for GİB's test tool, in order:");
      r.zips.forEach((z, i) => out.push(`    ${i + 1}. ${z.zip} (${z.bytes} bayt / bytes)`));
    }
    for (const f of r.failures) out.push(`  ✘ ${f.tr}`, `    ${f.en}`);
  }
  return out;
}
