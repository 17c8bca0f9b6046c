/**
 * What the commands that validate share (`validate`, `berat`, `envanter`, `uyumluluk`): the GİB package
 * to use and the printed reports. Kept apart from cli/ledger-cli.ts so that `edefter validate`
 * (cli/validate-main.ts) loads validation and not the ledger importers (XLSX, CSV profiles).
 */
import { fail } from '@edefter/protocol/catalog';
import { formatFinding, resolveGibPackage, type FileReport, type Finding, type GibPackage } from '../validate/index.ts';

/** The GİB package from `--gib-package`, env or the dev default; warns when missing. */
export function gibPackageOrWarn(dir?: string): GibPackage | null {
  const p = resolveGibPackage(dir);
  if (!p) {
    if (dir) throw fail('cli.gibPackageIncomplete', { dir });
    process.stderr.write(
      'UYARI: GİB e-Defter paketi bulunamadı (--gib-package <dir> veya EDEFTER_GIB_PACKAGE); yalnızca a katmanı çalışır.\n' +
        'WARNING: GİB package not found; only layer a runs.\n',
    );
  }
  return p;
}

/** Prints validation reports (one block per file). @returns true when every file passed */
export function printReports(reports: FileReport[], cross: Finding[] = [], json = false, max = 20): boolean {
  const ok = reports.every((r) => r.ok) && cross.length === 0;
  if (json) {
    process.stdout.write(
      JSON.stringify(
        { ok, files: reports.map((r) => ({ file: r.path, ok: r.ok, signed: r.signed, kind: r.summary.kind, a: r.a, b: r.b, c: r.c })), cross },
        (_k, v) => (typeof v === 'bigint' ? v.toString() : v),
        2,
      ) + '\n',
    );
    return ok;
  }
  for (const r of reports) {
    const mark = (l: FileReport['a']) =>
      !l.ran ? `atlandı${l.note ? ' (' + l.note + ')' : ''}` : l.ok ? `geçti${l.note ? ' (' + l.note + ')' : ''}` : `${l.count} hata`;
    process.stdout.write(`${r.ok ? '✔' : '✘'} ${r.file} [${r.summary.kind ?? '?'}${r.signed ? ', imzalı' : ', imzasız'}]\n`);
    process.stdout.write(`    a (kendi denetimlerimiz / own checks): ${mark(r.a)}\n    b (GİB XSD): ${mark(r.b)}\n    c (GİB schematron): ${mark(r.c)}\n`);
    const shown = [...r.a.findings, ...r.b.findings, ...r.c.findings].slice(0, max);
    for (const f of shown) process.stdout.write(`      ${formatFinding(f)}\n`);
    const total = r.a.count + r.b.count + r.c.count;
    if (total > shown.length)
      process.stdout.write(`      … ve ${total - shown.length} bulgu daha (toplam ${total}) / and ${total - shown.length} more (${total} in all)\n`);
  }
  for (const f of cross) process.stdout.write(`✘ ${formatFinding(f)}\n`);
  return ok;
}
