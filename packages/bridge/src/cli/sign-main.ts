/**
 * `edefter sign …` without the rest of the CLI: a program that knows only the sign command
 * (commands/sign.ts), which cli/entry.ts loads when the first argument is `sign`. The whole CLI
 * (main.ts) evaluates every command's modules (zod schemas, GİB rules, PKI and XLSX libraries):
 * in the single executable that was 150–250 ms before the first byte of a journal was read; this
 * program evaluates only the signer, the token layer and the error catalog. Same options, help,
 * exit codes and error output as `edefter sign` in the whole CLI.
 */
import { registerSign } from './commands/sign.ts';
import { newProgram } from './program.ts';
import { runProgram } from './run-program.ts';

/**
 * Runs `edefter sign` with `argv` (without node and script path; argv[0] is `sign`).
 * @returns the process exit code as {@link runProgram} gives it (0 success, 1 failure reported, 2 usage error)
 */
export async function signMain(argv: string[]): Promise<number> {
  const program = newProgram();
  registerSign(program);
  return runProgram(program, argv);
}
