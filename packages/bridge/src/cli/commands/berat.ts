/**
 * `edefter berat <signed-defter.xml> [-o out.xml]`: Berat Oluştur from a signed Y or K part
 * (spec §1.5): checks the defter (layer a), builds the YB/KB next to it (or at -o), and validates
 * the unsigned berat with layers a, b, c. Sign it with `edefter sign --in-place`.
 */
import type { Command } from 'commander';
import { buildBerat } from '../../flows/berat.ts';
import { validateFiles } from '../../validate/index.ts';
import { gibPackageOrWarn, printReports } from '../validate-cli.ts';

/** Registers `edefter berat`. */
export function registerBerat(program: Command): void {
  program
    .command('berat')
    .description('İmzalı defterden berat oluşturur (imzasız) / builds the berat of a signed defter (unsigned)')
    .argument('<signed-defter.xml>', 'imzalı yevmiye veya kebir parçası / signed Y or K part')
    .option('-o, --output <file>', 'çıktı / output (default: YB/KB name beside the defter)')
    .option('--gib-package <dir>', 'GİB e-Defter paketi / GİB package folder')
    .option('--json', 'JSON çıktı / JSON output')
    .action(async (defter: string, o: { output?: string; gibPackage?: string; json?: boolean }) => {
      const gib = gibPackageOrWarn(o.gibPackage);
      const b = await buildBerat({ defter, output: o.output });
      const reports = await validateFiles([b.path], { gib, requireSignature: false });
      const ok = printReports(reports, [], o.json);
      if (!o.json) process.stdout.write(`\nBerat: ${b.path} (${b.bytes} bayt, ETTN ${b.uuid})\nSonraki adım / next: edefter sign --in-place ${b.path}\n`);
      if (!ok) process.exitCode = 1;
    });
}
