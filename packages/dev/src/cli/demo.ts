/**
 * `edefter-dev demo` (`npm run demo`): a whole month on the demo identity — runs `edefter month` on the bundled sample
 * export of DEMO TİCARET A.Ş. (test/fixtures/6090408038-202601.csv, 320 maddeler of a trading
 * company, Tekdüzen Hesap Planı) with test/fixtures/company.json into var/demo-out/, signing with the
 * demo mali mühür on the SoftHSM2 demo token (PIN from EDEFTER_PIN, else the demo PIN 123456),
 * then prints where the files are, the summary, and how to check the signatures with xmlsec1.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { demoIdentity, demoPkiDir, repoRoot } from '../pki/demo-identity.ts';
import { monthAction } from '@edefter/bridge/cli/commands/month.ts';

/** Registers `edefter-dev demo`. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Örnek bir ayı demo mali mühürle baştan sona işler (edefter month) / runs a whole sample month with the demo seal')
    .option('--out <dir>', 'çıktı klasörü / output folder', path.join(repoRoot, 'var', 'demo-out'))
    .option('--no-timestamp', 'zaman damgası olmadan (XAdES-BES) / without the test zaman damgası')
    .action(async (o: { out: string; timestamp: boolean }) => {
      const id = demoIdentity();
      const exportPath = path.join(repoRoot, 'test', 'fixtures', `${id.vkn}-202601.csv`);
      const company = path.join(repoRoot, 'test', 'fixtures', 'company.json');
      await rm(path.join(o.out, id.vkn), { recursive: true, force: true });
      process.stderr.write(`Demo: ${path.relative(repoRoot, exportPath)} → ${o.out} (token '${id.tokenLabel}')\n`);
      // Zaman damgası (opted in for the demo): the Kamu SM-compatible TEST TSA (simulators/tsa), reached with
      // the `identity` header of a test customer, so the Kamu SM path runs end to end (XAdES-T).
      const { startTestTsa } = await import('@edefter/simulators/tsa/index.ts');
      const tsa = o.timestamp ? await startTestTsa({ kind: 'kamusm' }) : undefined;
      let r;
      try {
        const tsaConfig = tsa
          ? { url: tsa.url, mode: 'kamusm' as const, customerId: '123456', password: tsa.customers['123456'].password, trustedCerts: [tsa.caDer] }
          : undefined;
        if (tsa) process.stderr.write(`Zaman damgası / timestamp: Kamu SM TEST TSA ${tsa.url} (müşteri / customer 123456)\n`);
        r = await monthAction(
          exportPath,
          { company, out: o.out, token: id.tokenLabel, timestamp: Boolean(tsa), tsaConfig },
          Buffer.from(process.env.EDEFTER_PIN ?? id.pin, 'utf8'),
        );
      } finally {
        await tsa?.close();
      }
      const ca = path.join(demoPkiDir(), 'ca.pem');
      process.stdout.write(
        [
          '',
          `Dosyalar / files: ${r.dir}`,
          `İmza kontrolü / check a signature: xmlsec1 --verify --enabled-key-data x509 --trusted-pem ${ca} --id-attr:Id http://uri.etsi.org/01903/v1.3.2#:SignedProperties ${r.files[0]?.path ?? ''}`,
          `Doğrulama / validate again: edefter validate ${r.dir}`,
          '',
        ].join('\n'),
      );
      // Yedekleme (demo/backup-run.ts): integrator simulator + automatic backup after the approved-berat download
      const { prepareBackupDemo } = await import('../demo/backup-run.ts');
      const backup = await prepareBackupDemo({ repoRoot, vkn: id.vkn });
      try {
        // GİB'e Gönder + Onaylı Beratı İndir through the GİB simulator (demo/gib-run.ts)
        const { runGibDemo } = await import('../demo/gib-run.ts');
        await runGibDemo({
          repoRoot,
          root: o.out,
          vkn: id.vkn,
          period: '202601',
          tokenLabel: id.tokenLabel,
          pin: Buffer.from(process.env.EDEFTER_PIN ?? id.pin, 'utf8'),
        });
        await backup.finish({ vkn: id.vkn, period: '202601' });
      } finally {
        await backup.close();
      }
      process.stdout.write(
        [
          '',
          'Tarayıcıdan denemek için / to try it from the browser: npm run portal',
          '  (köprü + demo portalı başlar, eklentinin nasıl yükleneceğini yazar / starts the bridge and the demo portal, prints how to load the extension)',
          '',
        ].join('\n'),
      );
    });
}
