/**
 * `edefter` command line: the second door into the bridge (the first is the WebSocket server).
 * Each subcommand lives in its own file under `commands/` and registers itself on the program.
 */
import { Command } from 'commander';
import { runProgram } from './run-program.ts';
import { registerCommands } from './commands/index.ts';
import { bridgeVersion } from '../version.ts';

/**
 * Runs the CLI with `argv` (without node and script path).
 * @returns the process exit code: 0 success, 1 failure reported to the user, 2 usage error
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('edefter')
    .description('edefter-bridge: e-Defter oluşturma, mali mühür ile imzalama ve GİB gönderimi')
    .version(bridgeVersion(), '-V, --version', 'sürümü yazar / prints the version')
    .exitOverride()
    .showHelpAfterError();
  registerCommands(program);
  return runProgram(program, argv);
}
