/**
 * `edefter demo`: signs the bundled sample yevmiye (test/fixtures/sample-yevmiye.xml) with the demo
 * mali mühür on the SoftHSM2 demo token (PIN from EDEFTER_PIN or the demo PIN 123456), verifies it
 * against the TEST CA (var/demo-pki/ca.pem), and prints where the result is (var/demo-out/).
 * The ledger work will later replace this body with a whole month's run.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { demoIdentity, demoPkiDir, repoRoot } from '../../../../../certs/demo-identity.ts';
import { openSigner, shutdownTokenWorker } from '../../token/index.ts';
import { certificatesFrom, signXmlFile, verifyXmlFile } from '../../xades/index.ts';
import { formatSignResult } from './sign.ts';
import { formatVerifyResult } from './verify.ts';

/** Registers `edefter demo`. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Örnek yevmiyeyi demo mali mühürle imzalar ve doğrular / signs and verifies the sample journal with the demo seal')
    .option('--out <dir>', 'çıktı klasörü / output folder', path.join(repoRoot, 'var', 'demo-out'))
    .action(async (o: { out: string }) => {
      const id = demoIdentity();
      const input = path.join(repoRoot, 'test', 'fixtures', 'sample-yevmiye.xml');
      await mkdir(o.out, { recursive: true });
      const output = path.join(o.out, `${id.vkn}-202610-Y-000000.xml`);
      const caPath = path.join(demoPkiDir(), 'ca.pem');
      try {
        const signer = await openSigner({ tokenLabel: id.tokenLabel, pin: Buffer.from(process.env.EDEFTER_PIN ?? id.pin, 'utf8') });
        try {
          const r = await signXmlFile({ input, output, signer });
          process.stdout.write(formatSignResult(r, signer.info.subject));
        } finally {
          await signer.close();
        }
      } finally {
        await shutdownTokenWorker();
      }
      const v = await verifyXmlFile(output, { trustedCerts: certificatesFrom(await readFile(caPath)) });
      process.stdout.write(formatVerifyResult(output, v, true));
      process.stdout.write(
        [
          `Sonuç / Result: ${output}`,
          `Kontrol / Check: xmlsec1 --verify --enabled-key-data x509 --trusted-pem ${caPath} ${output}`,
          '',
        ].join('\n'),
      );
      if (!v.ok) process.exitCode = 1;
    });
}
