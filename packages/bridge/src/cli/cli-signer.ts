/**
 * The token and TSA set-up shared by the signing ledger commands (`month`, `envanter`,
 * `uyumluluk`): pick the token, ask the PIN once (or the reader's keypad), open the signer, run
 * the work, then close the signer and stop the token worker.
 */
import type { Command } from 'commander';
import { fail } from '@edefter/protocol';
import { listTokens, openSigner, shutdownTokenWorker, type TokenSigner } from '../token/index.ts';
import { loadTsaConfig } from '../tsa/settings.ts';
import { prepareTimestamper, type TsaConfig } from '../tsa/index.ts';
import { obtainPin } from './pin-input.ts';

/** The token options of a signing command (`--token`, `--cert`, `--module`, `--pin-stdin`). */
export interface CliSignerOptions {
  token?: string;
  cert?: string;
  module?: string;
  pinStdin?: boolean;
}

/** Adds `--token`, `--cert`, `--module` and `--pin-stdin` (see {@link CliSignerOptions}) to a command. */
export function addSignerOptions(c: Command): Command {
  return c
    .option('--token <label>', 'kart etiketi / token label')
    .option('--cert <id>', 'sertifika CKA_ID ya da rsa/ec / certificate')
    .option('--module <path>', 'PKCS#11 modülü / module path')
    .option('--pin-stdin', "PIN'i standart girdiden oku / read the PIN from stdin");
}

/**
 * Opens the token once and runs `work` with its signer. The token is `--token`, else
 * EDEFTER_TOKEN_LABEL, else the only token present; PIN-pad readers take the PIN on their keypad.
 * The signer is closed and the token worker stopped whatever `work` does.
 * @param pin a PIN to use instead of asking (wiped by the token layer)
 * @throws EdefterError from the token layer (no module, no token, wrong PIN …) or from `work`
 */
export async function withCliSigner<T>(o: CliSignerOptions, pin: Buffer | undefined, work: (signer: TokenSigner) => Promise<T>): Promise<T> {
  try {
    const tokens = await listTokens({ module: o.module });
    const label = o.token ?? process.env.EDEFTER_TOKEN_LABEL;
    const token = label ? tokens.find((t) => t.label === label) : tokens.length === 1 ? tokens[0] : undefined;
    const thePin = token?.pinPad ? null : (pin ?? (await obtainPin({ pinStdin: o.pinStdin, tokenLabel: token?.label ?? label ?? 'Token' })));
    if (token?.pinPad) process.stderr.write("PIN'i okuyucunun tuş takımından girin / enter the PIN on the reader's keypad\n");
    const signer = await openSigner({ module: o.module, tokenLabel: token?.label ?? label, token, certId: o.cert, pin: thePin });
    try {
      return await work(signer);
    } finally {
      await signer.close();
    }
  } finally {
    await shutdownTokenWorker();
  }
}

/**
 * The `--timestamp` timestamper: none when `wanted` is false, else one for `config` or the
 * configured TSA (config.json), checked ready before any PIN is asked.
 * @returns a function from signature-value bytes to an RFC 3161 token (DER), or undefined
 * @throws EdefterError TsaError when no TSA is configured, or from the readiness check
 */
export async function cliTimestamper(wanted: boolean | undefined, config?: TsaConfig): Promise<((d: Buffer) => Promise<Buffer>) | undefined> {
  if (!wanted) return undefined;
  const cfg = config ?? (await loadTsaConfig());
  if (!cfg) throw fail('cli.tsaNotConfiguredRunConfig');
  return (await prepareTimestamper(cfg)).timestamp;
}
