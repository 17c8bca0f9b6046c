/**
 * `edefter validate <file.xml|month-folder>... [--gib-package <dir>]`: the three validation layers
 * (spec §3): a = our own streaming checks, b = GİB XSD (xmllint), c = GİB schematron (SaxonJS).
 * Given a month folder (or several files of one month) it also runs the cross-file checks:
 * part continuity, Y ↔ K, defter ↔ berat, Defter Raporu ↔ kebir.
 */
import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { EdefterError, ErrorCode } from '@edefter/protocol';
import { listMonthFiles } from '../../ledger/month-files.ts';
import { parseFileName } from '../../ledger/layout.ts';
import { checkMonthSet, validateFiles } from '../../validate/index.ts';
import { gibPackageOrWarn, printReports } from '../ledger-cli.ts';

/** Registers `edefter validate`. */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('e-Defter dosyalarını doğrular (kendi denetimler, GİB XSD, GİB schematron) / validates e-Defter files (own checks, GİB XSD, GİB schematron)')
    .argument('<paths...>', 'XML dosyaları veya ay klasörü / XML files or a month folder')
    .option('--gib-package <dir>', 'GİB e-Defter paketi (xsd/, sch/) / GİB package folder')
    .option('--layers <list>', 'a,b,c', 'a,b,c')
    .option('--signed', 'imza zorunlu / require signatures')
    .option('--schematron-full', 'schematron\'u büyük dosyalarda da tam çalıştır (yavaş) / run every schematron rule on large files (slow)')
    .option('--json', 'JSON çıktı / JSON output')
    .action(async (paths: string[], o: { gibPackage?: string; layers: string; signed?: boolean; schematronFull?: boolean; json?: boolean }) => {
      const files: string[] = [];
      for (const p of paths) {
        const st = await stat(p).catch(() => null);
        if (!st) throw new EdefterError(ErrorCode.BadInput, `bulunamadı: ${p}`, `not found: ${p}`);
        if (st.isDirectory()) files.push(...(await listMonthFiles(p)).filter((f) => !f.gib).map((f) => f.path));
        else files.push(p);
      }
      if (!files.length) throw new EdefterError(ErrorCode.BadInput, 'doğrulanacak e-Defter dosyası yok', 'no e-Defter file to validate');
      const layers = o.layers.split(',').map((s) => s.trim()).filter((s): s is 'a' | 'b' | 'c' => s === 'a' || s === 'b' || s === 'c');
      const gib = layers.some((l) => l !== 'a') ? gibPackageOrWarn(o.gibPackage) : null;
      const reports = await validateFiles(files, {
        gib, layers, requireSignature: o.signed ? true : 'auto',
        ...(o.schematronFull ? { quadraticLimit: Infinity, schematronMaxBytes: Infinity } : {}),
      });
      const months = new Set(files.map((f) => parseFileName(f)?.yyyymm).filter(Boolean));
      const cross = files.length > 1 && months.size === 1
        ? checkMonthSet(reports.map((r) => r.summary), parseFileName(files[0])!.ym)
        : [];
      const ok = printReports(reports, cross, o.json);
      if (!ok) process.exitCode = 1;
    });
}
