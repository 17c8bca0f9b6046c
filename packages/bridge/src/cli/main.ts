/**
 * `edefter` command line: the second door into the bridge (the first is the WebSocket server).
 * Each subcommand lives in its own file under `commands/` and registers itself on the program.
 */
import { runProgram } from './run-program.ts';
import { registerCommands } from './commands/index.ts';
import { newProgram } from './program.ts';

/**
 * Runs the CLI with `argv` (without node and script path).
 * @returns the process exit code: 0 success, 1 failure reported to the user, 2 usage error
 */
export async function main(argv: string[]): Promise<number> {
  const program = newProgram();
  registerCommands(program);
  return runProgram(program, argv);
}
