/**
 * `edefter bridge [--port N] [--trust-on-first-start]`: runs the local signing bridge (HTTPS + secure WebSocket on
 * 127.0.0.1) and its local channel (Unix socket, same OS user only) until Ctrl-C. Prints the URL,
 * the CA path and how to trust it, and where the local channel is. Pairing needs no input here:
 * the browser's native-messaging host (`edefter native-host`) or `edefter pair` does it.
 * Test mode (EDEFTER_BRIDGE_TEST_MODE=1) is refused unless the only token is the demo token.
 */
import type { Command } from 'commander';
import { DEFAULT_BRIDGE_PORT, fail } from '@edefter/protocol';
import { shutdownTokenWorker, listTokens } from '../../token/index.ts';
import { startBridgeServer, type BridgeServer } from '../../server/index.ts';
import { trustStatus } from '../../server/trust/index.ts';
import { trustOnFirstStart } from '../../server/trust/first-start.ts';
import { cliCommand } from '../invocation.ts';

/** Demo token label; test mode is only allowed on it. */
const DEMO_TOKEN_LABEL = 'DEMO MALI MUHUR';

/** Options of {@link runBridge}. */
export interface RunBridgeOptions {
  port?: number;
  testMode?: boolean;
  /** Add the local CA to the user's NSS databases on this user's first start (the packaged systemd unit sets it). */
  trustOnFirstStart?: boolean;
}

/** Starts the bridge and prints how to use it. @returns the running server */
export async function runBridge(o: RunBridgeOptions = {}): Promise<BridgeServer> {
  const testMode = o.testMode ?? process.env.EDEFTER_BRIDGE_TEST_MODE === '1';
  if (testMode) {
    const tokens = await listTokens().catch(() => []);
    if (tokens.some((t) => t.label !== DEMO_TOKEN_LABEL)) {
      throw fail('cli.testModeDemoTokenOnly', { tokens: tokens.map((t) => t.label) });
    }
  }
  const server = await startBridgeServer({ port: o.port, testMode });
  const say = (s: string): void => {
    process.stdout.write(s + '\n');
  };
  say(`e-Defter köprüsü çalışıyor / bridge running: ${server.url}`);
  say(`Yerel CA / local CA: ${server.tls.paths.ca}  (SHA-256 ${server.tls.caFingerprint})`);
  say(`Yerel kanal / local channel: ${server.socketPath}`);
  say(`Eşleştirme eklentiden yapılır; yerel yardımcı kurulu değilse / Pair from the extension; without the native host:  ${cliCommand('pair')}`);
  if (o.trustOnFirstStart) {
    const t = trustOnFirstStart(server.tls.paths.ca);
    if (t.done)
      for (const r of t.results)
        say(
          `İlk başlatma: CA ${r.ok ? 'eklendi / first start: CA added' : 'EKLENEMEDİ / first start: CA NOT added'}  ${r.label}${r.error ? ` — ${r.error}` : ''}`,
        );
  }
  if (process.platform === 'linux') {
    let trusted = false;
    try {
      trusted = trustStatus(server.tls.caPem).some((e) => e.current);
    } catch {
      trusted = false;
    }
    if (!trusted)
      say(`Tarayıcılar bu CA'ya henüz güvenmiyor; bir kez çalıştırın / Browsers do not trust this CA yet; run once:  ${cliCommand('trust install')}`);
  } else {
    say(`Tarayıcı güveni için / For browser trust:  ${cliCommand('trust install')}`);
  }
  if (testMode)
    say(
      "!!! TEST KİPİ: eklentinin test kancası onay penceresini atlayabilir (yalnızca demo kart). / TEST MODE: the extension's test hook may skip consent (demo token only). !!!",
    );
  say('Durdurmak için Ctrl-C / Ctrl-C to stop.');
  return server;
}

/** Registers `edefter bridge`. */
export function registerBridge(program: Command): void {
  program
    .command('bridge')
    .description('Yerel imza köprüsünü çalıştır (HTTPS + WSS, yalnızca 127.0.0.1) / run the local signing bridge')
    .option('-p, --port <n>', `port (varsayılan / default ${DEFAULT_BRIDGE_PORT})`, (v) => Number.parseInt(v, 10))
    .option('--trust-on-first-start', "ilk başlatmada CA'yı tarayıcıların NSS depolarına ekle (Linux, certutil) / add the CA to the NSS stores on first start")
    .action(async (opts: { port?: number; trustOnFirstStart?: boolean }) => {
      if (opts.port !== undefined && !(opts.port >= 0 && opts.port < 65536)) throw fail('cli.portInvalid', { port: opts.port });
      const server = await runBridge({ port: opts.port, trustOnFirstStart: opts.trustOnFirstStart });
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await server.close();
      await shutdownTokenWorker().catch(() => undefined);
    });
}
