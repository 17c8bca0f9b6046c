/**
 * `edefter sign <in.xml> [-o out.xml] [--token LABEL] [--cert ID] [--pin-stdin]`: signs an e-Defter
 * file with the mali mühür on the token (XAdES-BES enveloped, GİB profile, spec §2.1).
 *
 * Output: `-o`, or `--in-place` (the signed file replaces the input atomically: keeps the GİB file
 * name), else `<name>.signed.xml` next to the input. GİB requires the `VKN-YYYYMM-Y-000000.xml`
 * names, so use `-o`/`--in-place` for files that will be uploaded.
 *
 * `--sha256` also prints the signed file's SHA-256: one more hash over every byte written (the
 * document digest covers the canonical form, not the file), so it is asked for, not done by default.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { listTokens, openSigner, shutdownTokenWorker, tokensOnThisThread } from '../../token/index.ts';
import { signXmlFile, type SignResult } from '../../xades/sign.ts';
import { obtainPin } from '../pin-input.ts';
import { optionChoice } from '../option-choice.ts';
import { progressPrinter } from '../progress.ts';

/** Default output path for `input` when neither -o nor --in-place is given. */
function defaultSignedName(input: string): string {
  const dir = path.dirname(input);
  const base = path.basename(input).replace(/\.xml$/i, '');
  return path.join(dir, `${base}.signed.xml`);
}

/** Human-readable summary of a signature. */
function formatSignResult(r: SignResult, subject: string): string {
  return [
    `İmzalandı / Signed: ${r.output}`,
    `  Boyut / Size:            ${r.bytes} bayt / bytes`,
    ...(r.sha256 ? [`  SHA-256:                 ${r.sha256}`] : []),
    `  İmzalayan / Signer:      ${subject}`,
    `  İmza zamanı / SigningTime: ${r.signingTime}`,
    `  SignatureValue (${r.signatureValueId}): ${r.signatureValue.slice(0, 32)}…`,
    '',
  ].join('\n');
}

/**
 * `twoThreads` for signXmlFile from `--threads`: `1` one thread, `2` two whenever the file can be cut
 * (xades/split-scan.ts), `auto` (the default) two where it pays on this machine for the file's size.
 * @throws EdefterError BAD_INPUT for any other value
 */
function signThreads(v: string | undefined): boolean | 'auto' {
  const t = optionChoice('--threads', v ?? 'auto', ['1', '2', 'auto']);
  return t === 'auto' ? 'auto' : t === '2';
}

/** Registers `edefter sign`. */
export function registerSign(program: Command): void {
  program
    .command('sign')
    .description('e-Defter dosyasını mali mühürle imzalar (XAdES-BES, GİB profili) / signs an e-Defter file with the mali mühür')
    .argument('<in.xml>', 'imzasız XML / unsigned XML')
    .option('-o, --output <out.xml>', 'çıktı dosyası / output file (default: <in>.signed.xml)')
    .option('--in-place', 'girdinin yerine yaz (dosya adı korunur) / replace the input atomically (keeps the GİB file name)')
    .option('--token <label>', 'kart etiketi / token label (default: EDEFTER_TOKEN_LABEL or the only token)')
    .option('--cert <id>', 'sertifika CKA_ID (hex) ya da rsa/ec / certificate CKA_ID or rsa/ec')
    .option('--module <path>', 'PKCS#11 modülü / module path')
    .option('--pin-stdin', "PIN'i standart girdiden oku / read the PIN from standard input")
    .option('--no-vkn-check', 'sertifika VKN ≠ xbrli:identifier kontrolünü atla (muvafakatname) / skip the VKN check')
    .option('--sha256', "imzalı dosyanın SHA-256'sını da yaz / also print the signed file's SHA-256")
    .option('--threads <n>', 'kanonikleştirme iş parçacığı: 1, 2, auto / canonicalizing threads: 1, 2 or auto (default: auto)')
    .option('--json', 'JSON çıktı / JSON output')
    .action(
      async (
        input: string,
        o: {
          output?: string;
          inPlace?: boolean;
          token?: string;
          cert?: string;
          module?: string;
          pinStdin?: boolean;
          vknCheck?: boolean;
          sha256?: boolean;
          threads?: string;
          json?: boolean;
        },
      ) => {
        const output = o.inPlace ? input : (o.output ?? defaultSignedName(input));
        // a large ledger is canonicalized on two threads where that pays (xades/split-scan.ts splitPays)
        const twoThreads = signThreads(o.threads);
        // one signature and nothing else in flight: PKCS#11 on this thread, no worker to start and stop (client.ts)
        tokensOnThisThread();
        try {
          const tokens = await listTokens({ module: o.module });
          const label = o.token ?? process.env.EDEFTER_TOKEN_LABEL;
          const token = label ? tokens.find((t) => t.label === label) : tokens.length === 1 ? tokens[0] : undefined;
          const pin = token?.pinPad ? null : await obtainPin({ pinStdin: o.pinStdin, tokenLabel: token?.label ?? label ?? 'Token' });
          if (token?.pinPad) process.stderr.write("PIN'i okuyucunun tuş takımından girin / enter the PIN on the reader's keypad\n");
          const signer = await openSigner({ module: o.module, tokenLabel: token?.label ?? label, token, certId: o.cert, pin });
          try {
            const r = await signXmlFile({
              input,
              output,
              signer,
              checkVkn: o.vknCheck !== false,
              outputSha256: o.sha256 === true,
              twoThreads,
              onProgress: progressPrinter('İmzalanıyor / Signing'),
            });
            const { sha256, ...rest } = r;
            const json = { ...rest, ...(sha256 ? { sha256 } : {}), signer: signer.info.subject };
            process.stdout.write(o.json ? `${JSON.stringify(json, null, 2)}\n` : formatSignResult(r, signer.info.subject));
          } finally {
            await signer.close();
          }
        } finally {
          await shutdownTokenWorker();
        }
      },
    );
}
