/**
 * `edefter validate <file.xml|month-folder>... [--gib-package <dir>]`: the three validation layers
 * (spec §3): a = our own streaming checks, b = GİB XSD (own streaming validator), c = every GİB schematron
 * assert (validate/gib-rules, streaming, any size). Each finding names file:line:column, madde/satır and
 * GİB's Turkish text; at most --max findings are printed per file and layer, with the total count.
 * Given a month folder (or several files of one month) it also runs the cross-file checks:
 * part continuity, Y ↔ K, defter ↔ berat, Defter Raporu ↔ kebir.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { fail } from '@edefter/protocol/catalog';
import { MONTH_KINDS, parseGibName, yearMonthOf } from '@edefter/domain';
import { listMonthFiles } from '../../fs/month-folder.ts';
import { checkMonthSet, validateFiles } from '../../validate/index.ts';
import { gibPackageOrWarn, printReports } from '../validate-cli.ts';
import { validateEnvanterFiles } from '../../validate/envanter/files.ts';
import { formatFinding } from '../../validate/index.ts';
import { progressPrinter } from '../progress.ts';

/** True for an Envanter file name (`…-E-…` / `…-EB-…`, not GİB's copy): validated with the Envanter rules. */
function isEnvanter(f: string): boolean {
  const n = parseGibName(path.basename(f));
  return !!n && !n.approved && (n.type === 'E' || n.type === 'EB');
}

/**
 * Progress of a validation on stderr (terminals only, see progressPrinter): bytes read of all files together, each
 * file counted once however many of its layers read it (the files are validated side by side on several threads).
 * `done()` ends the line (100 %) once something was printed.
 */
async function validateProgress(files: string[]): Promise<{ onProgress?: (file: string, layer: string, done?: number) => void; done: () => void }> {
  const print = progressPrinter('Doğrulanıyor / Validating');
  if (!print) return { done: () => undefined };
  let total = 0;
  for (const f of files) total += (await stat(f).catch(() => ({ size: 0 }))).size;
  const read = new Map<string, number>();
  let sum = 0;
  return {
    onProgress: (file, _layer, done) => {
      const was = read.get(file) ?? 0;
      if (done === undefined || done <= was) return;
      read.set(file, done);
      sum += done - was;
      print(Math.min(sum, total), total);
    },
    done: () => {
      if (sum > 0) print(total, total);
    },
  };
}

/** Registers `edefter validate`. */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('e-Defter dosyalarını doğrular (kendi denetimler, GİB XSD, GİB schematron) / validates e-Defter files (own checks, GİB XSD, GİB schematron)')
    .argument('<paths...>', 'XML dosyaları veya ay klasörü / XML files or a month folder')
    .option('--gib-package <dir>', 'GİB e-Defter paketi (xsd/, sch/) / GİB package folder')
    .option('--layers <list>', 'a,b,c', 'a,b,c')
    .option('--signed', 'imza zorunlu / require signatures')
    .option('--max <n>', 'dosya ve katman başına gösterilen en çok bulgu / findings shown per file and layer', '20')
    .option('--json', 'JSON çıktı / JSON output')
    .action(async (paths: string[], o: { gibPackage?: string; layers: string; signed?: boolean; max: string; json?: boolean }) => {
      const files: string[] = [];
      for (const p of paths) {
        const st = await stat(p).catch(() => null);
        if (!st) throw fail('cli.pathNotFound', { path: p });
        if (st.isDirectory()) {
          files.push(
            ...listMonthFiles(p, { kinds: MONTH_KINDS })
              .filter((f) => !f.approved)
              .map((f) => f.path),
          );
          files.push(
            ...(await readdir(p))
              .filter(isEnvanter)
              .sort()
              .map((n) => path.join(p, n)),
          );
        } else files.push(p);
      }
      if (!files.length) throw fail('cli.nothingToValidate');
      const layers = o.layers
        .split(',')
        .map((s) => s.trim())
        .filter((s): s is 'a' | 'b' | 'c' => s === 'a' || s === 'b' || s === 'c');
      const gib = layers.some((l) => l !== 'a') ? gibPackageOrWarn(o.gibPackage) : null;
      const env = files.filter(isEnvanter);
      let envOk = true;
      if (env.length) {
        const er = await validateEnvanterFiles(
          env,
          layers.some((l) => l !== 'a') ? gib : null,
          o.signed ? true : (await Promise.all(env.map((f) => readFile(f, 'utf8').then((t) => t.includes('<ds:Signature'))))).every(Boolean),
        );
        for (const r of er) {
          envOk &&= r.ok;
          if (o.json) continue;
          process.stdout.write(
            `${r.ok ? '✔' : '✘'} ${r.file} [${r.facts.kind ?? '?'}${r.facts.signed ? ', imzalı' : ', imzasız'}]\n    a (envanter kuralları / envanter rules): ${r.a.length ? r.a.length + ' hata' : 'geçti'}\n    b (GİB XSD): ${r.b === null ? 'atlandı' : r.b.length ? r.b.length + ' hata' : 'geçti'}\n    c (GİB envanter schematron): ${r.c === null ? 'atlandı' : r.c.length ? r.c.length + ' hata' : 'geçti'}\n`,
          );
          for (const f of [...r.a, ...(r.b ?? []), ...(r.c ?? [])].slice(0, 20)) process.stdout.write(`      ${formatFinding(f)}\n`);
        }
        if (o.json) process.stdout.write(JSON.stringify({ ok: envOk, envanter: er }, null, 2) + '\n');
        files.splice(0, files.length, ...files.filter((f) => !isEnvanter(f)));
        if (!files.length) {
          if (!envOk) process.exitCode = 1;
          return;
        }
      }
      const progress = await validateProgress(files);
      const reports = await validateFiles(files, {
        gib,
        layers,
        requireSignature: o.signed ? true : 'auto',
        onProgress: progress.onProgress,
      });
      progress.done();
      const months = new Set(files.map((f) => parseGibName(f)?.period).filter(Boolean));
      const cross =
        files.length > 1 && months.size === 1
          ? checkMonthSet(
              reports.map((r) => r.summary),
              yearMonthOf(parseGibName(files[0])!),
            )
          : [];
      const ok = printReports(reports, cross, o.json, Math.max(1, Number(o.max) || 20));
      if (!ok || !envOk) process.exitCode = 1;
    });
}
