/**
 * Who confirms a pairing on the bridge side.
 *
 * - `extension`: the user compares the 6-digit code shown in the extension with the one the
 *   bridge prints and confirms in the extension; the bridge accepts because the client's
 *   Origin is our pinned Chrome extension id (no other extension can present it).
 * - `console`: additionally the bridge's own console must say yes (`e`/`y` + Enter). Required
 *   for Firefox clients, whose `moz-extension://<uuid>` origin is random per install and so
 *   proves nothing by itself.
 * - `auto` (default): `console` when stdin is a terminal, else `extension` for Chrome and
 *   refusal for Firefox (with a message saying to run the bridge in a terminal once).
 */
import readline from 'node:readline';
import type { PairingPolicy } from './connection.ts';
import type { ExtensionClient } from './guards.ts';
import type { BridgeLog } from './log.ts';

/** Pairing confirmation mode. */
export type PairConfirmMode = 'auto' | 'extension' | 'console';

/** Builds the policy for `mode`, reading `input` for console answers. */
export function createPairingPolicy(mode: PairConfirmMode, log: BridgeLog, input: NodeJS.ReadStream = process.stdin): PairingPolicy {
  const interactive = Boolean(input.isTTY);
  const askConsole = (code: string): Promise<boolean> => new Promise((resolve) => {
    const rl = readline.createInterface({ input, output: process.stdout, terminal: false });
    log.say(`Kod ${code.slice(0, 3)} ${code.slice(3)} için eşleştirmeyi onaylıyor musunuz? [e/H] / Confirm pairing for code ${code.slice(0, 3)} ${code.slice(3)}? [y/N]`);
    const timer = setTimeout(() => { rl.close(); resolve(false); }, 120_000);
    rl.once('line', (line) => { clearTimeout(timer); rl.close(); resolve(/^\s*(e|evet|y|yes)\s*$/i.test(line)); });
  });
  return {
    async confirm(code: string, client: ExtensionClient): Promise<boolean> {
      const needConsole = mode === 'console' || (mode === 'auto' && (interactive || client.browser === 'firefox'));
      if (!needConsole) return true;
      if (!interactive && mode === 'auto') {
        log.say('Firefox eşleştirmesi köprü konsolundan onay ister: "edefter bridge" komutunu bir terminalde çalıştırın. / Firefox pairing needs a confirmation in the bridge console: run "edefter bridge" in a terminal.');
        return false;
      }
      return askConsole(code);
    },
  };
}
