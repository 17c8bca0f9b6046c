/**
 * `edefter verify <file.xml> [--trust ca.pem]…`: checks the signature of a signed e-Defter file
 * (every Reference digest, SignatureValue, SigningCertificate binding, validity at SigningTime,
 * certificate path when trust anchors are given, SignatureTimeStamp) and prints the signer, VKN,
 * signing time and each reference. Exit code 1 on any failure.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { certificatesFrom, verifyXmlFile, type VerifyResult } from '../../xades/index.ts';
import { progressPrinter } from '../progress.ts';

/** Human-readable verification report. */
function formatVerifyResult(file: string, r: VerifyResult, chainChecked: boolean): string {
  const ok = (b: boolean) => (b ? 'OK  ' : 'FAIL');
  const lines = [
    `Dosya / File: ${file}`,
    `  İmzalayan / Signer:        ${r.signer.subject}`,
    `  VKN/TCKN (sertifika / certificate): ${r.signer.vkn ?? r.signer.tckn ?? '—'}`,
    `  VKN/TCKN (belge / document):        ${r.identifier ?? '—'}`,
    `  İmza zamanı / SigningTime: ${r.signingTime ?? '—'}`,
    `  Sertifika bitişi / Certificate notAfter: ${r.signer.notAfter}`,
    `  SignatureMethod: ${r.signatureMethod}`,
  ];
  for (const ref of r.references) lines.push(`  [${ok(ref.ok)}] Reference URI="${ref.uri}"`);
  if (r.timestamp)
    lines.push(`  [${ok(r.timestamp.ok)}] Zaman damgası / SignatureTimeStamp ${r.timestamp.genTime}${r.timestamp.tsa ? ` (${r.timestamp.tsa})` : ''}`);
  if (!chainChecked) lines.push('  Sertifika zinciri kontrol edilmedi (--trust verin) / certificate path not checked (give --trust)');
  for (const e of r.errors) lines.push(`  HATA / ERROR: ${e}`);
  lines.push(r.ok ? 'SONUÇ: İMZA GEÇERLİ / RESULT: SIGNATURE VALID' : 'SONUÇ: İMZA GEÇERSİZ / RESULT: SIGNATURE INVALID', '');
  return lines.join('\n');
}

/** Registers `edefter verify`. */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('İmzalı e-Defter dosyasını doğrular / verifies a signed e-Defter file')
    .argument('<file.xml>', 'imzalı XML / signed XML')
    .option(
      '--trust <ca.pem>',
      'güvenilen sertifika (PEM/DER), tekrarlanabilir / trusted certificate (PEM or DER), repeatable',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option('--json', 'JSON çıktı / JSON output')
    .action(async (file: string, o: { trust: string[]; json?: boolean }) => {
      const trustedCerts = (await Promise.all(o.trust.map((t) => readFile(t)))).flatMap(certificatesFrom);
      const r = await verifyXmlFile(file, { trustedCerts, onProgress: progressPrinter('Doğrulanıyor / Verifying') });
      process.stdout.write(o.json ? `${JSON.stringify(r, null, 2)}\n` : formatVerifyResult(file, r, trustedCerts.length > 0));
      if (!r.ok) process.exitCode = 1;
    });
}
