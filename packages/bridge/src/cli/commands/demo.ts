/**
 * `edefter demo`: a whole month on the demo identity — runs `edefter month` on the bundled sample
 * export of DEMO TİCARET A.Ş. (test/fixtures/6090408038-202601.csv, 320 maddeler of a trading
 * company, Tekdüzen Hesap Planı) with test/fixtures/company.json into var/demo-out/, signing with the
 * demo mali mühür on the SoftHSM2 demo token (PIN from EDEFTER_PIN, else the demo PIN 123456),
 * then prints where the files are, the summary, and how to check the signatures with xmlsec1.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { demoIdentity, demoPkiDir, repoRoot } from '../../../../../certs/demo-identity.ts';
import { monthAction } from './month.ts';

/** Registers `edefter demo`. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Örnek bir ayı demo mali mühürle baştan sona işler (edefter month) / runs a whole sample month with the demo seal')
    .option('--out <dir>', 'çıktı klasörü / output folder', path.join(repoRoot, 'var', 'demo-out'))
    .action(async (o: { out: string }) => {
      const id = demoIdentity();
      const exportPath = path.join(repoRoot, 'test', 'fixtures', `${id.vkn}-202601.csv`);
      const company = path.join(repoRoot, 'test', 'fixtures', 'company.json');
      await rm(path.join(o.out, id.vkn), { recursive: true, force: true });
      process.stderr.write(`Demo: ${path.relative(repoRoot, exportPath)} → ${o.out} (token '${id.tokenLabel}')\n`);
      const r = await monthAction(exportPath, { company, out: o.out, token: id.tokenLabel }, Buffer.from(process.env.EDEFTER_PIN ?? id.pin, 'utf8'));
      const ca = path.join(demoPkiDir(), 'ca.pem');
      process.stdout.write([
        '',
        `Dosyalar / files: ${r.dir}`,
        `İmza kontrolü / check a signature: xmlsec1 --verify --enabled-key-data x509 --trusted-pem ${ca} --id-attr:Id http://uri.etsi.org/01903/v1.3.2#:SignedProperties ${r.files[0]?.path ?? ''}`,
        `Doğrulama / validate again: edefter validate ${r.dir}`,
        '',
      ].join('\n'));
      // Yedekleme (backup/demo-run.ts): integrator simulator + automatic backup after the approved-berat download
      const { prepareBackupDemo } = await import('../../backup/demo-run.ts');
      const backup = await prepareBackupDemo({ repoRoot, vkn: id.vkn });
      try {
        // GİB'e Gönder + Onaylı Beratı İndir through the GİB simulator (gib/demo-run.ts)
        const { runGibDemo } = await import('../../gib/demo-run.ts');
        await runGibDemo({ repoRoot, root: o.out, vkn: id.vkn, period: '202601', tokenLabel: id.tokenLabel, pin: Buffer.from(process.env.EDEFTER_PIN ?? id.pin, 'utf8') });
        await backup.finish({ vkn: id.vkn, period: '202601' });
      } finally {
        await backup.close();
      }
    });
}
