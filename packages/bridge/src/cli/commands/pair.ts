/**
 * `edefter pair`: the manual pairing fallback (a browser without the native-messaging host).
 * Asks the running bridge over the local channel (same OS user only) for a one-time code and
 * prints it, Turkish first; the user types it into the extension's popup. The code is valid for
 * 5 minutes, once, and dies after 5 wrong tries.
 */
import type { Command } from 'commander';
import { localRequest } from '../../server/local-channel/client.ts';

/** Prints a fresh pairing code. @throws EdefterError BRIDGE_UNAVAILABLE when the bridge is not running */
async function runPair(
  say: (s: string) => void = (s) => {
    process.stdout.write(s + '\n');
  },
): Promise<string> {
  const r = await localRequest({ t: 'pair-code' });
  const code = String(r.code);
  const minutes = Math.round(Number(r.expiresInMs) / 60_000);
  const shown = `${code.slice(0, 4)}-${code.slice(4)}`;
  say(
    `Eşleştirme kodu: ${shown}\n  Eklenti simgesine tıklayın, "Kodla eşleştir" deyin ve bu kodu yazın. ${minutes} dakika geçerli, tek kullanımlık; 5 yanlış denemede geçersiz olur.`,
  );
  say(
    `Pairing code: ${shown}\n  Click the extension icon, choose "pair with a code" and type this code. Valid for ${minutes} minutes, once; 5 wrong tries void it.`,
  );
  return code;
}

/** Registers `edefter pair`. */
export function registerPair(program: Command): void {
  program
    .command('pair')
    .description('Eklentiyi elle eşleştirmek için tek kullanımlık kod al (köprü çalışırken) / get a one-time code to pair the extension by hand')
    .action(async () => {
      await runPair();
    });
}
