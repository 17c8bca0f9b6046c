/**
 * `edefter bridge …` without the rest of the CLI: a program that knows only the bridge command
 * (commands/bridge.ts), which cli/entry.ts loads when the first argument is `bridge`. The whole CLI
 * (main.ts) evaluates every command's modules (ledger, validation, GİB rules, XLSX and PKI
 * libraries), which an idle bridge would then keep in memory (issue 15: idle RSS ≤ 64 MiB); the
 * bridge loads the modules behind its actions on first use (server/actions/lazy.ts). Same options,
 * help, exit codes and error output as `edefter bridge` in the whole CLI.
 */
import { registerBridge } from './commands/bridge.ts';
import { newProgram } from './program.ts';
import { runProgram } from './run-program.ts';

/**
 * Runs `edefter bridge` with `argv` (without node and script path; argv[0] is `bridge`).
 * @returns the process exit code as {@link runProgram} gives it (0 success, 1 failure reported, 2 usage error)
 */
export async function bridgeMain(argv: string[]): Promise<number> {
  const program = newProgram();
  registerBridge(program);
  return runProgram(program, argv);
}
