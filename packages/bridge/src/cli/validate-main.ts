/**
 * `edefter validate …` without the rest of the CLI: a program that knows only the validate command
 * (commands/validate.ts), which cli/entry.ts loads when the first argument is `validate`. The whole
 * CLI (main.ts) evaluates every command's modules (ledger importers with the XLSX library, zod
 * schemas, PKI, the signer); a validation process needs the three layers, the GİB rule compiler and
 * the error catalog only. Same options, help, exit codes and error output as `edefter validate` in
 * the whole CLI.
 */
import { registerValidate } from './commands/validate.ts';
import { newProgram } from './program.ts';
import { runProgram } from './run-program.ts';

/**
 * Runs `edefter validate` with `argv` (without node and script path; argv[0] is `validate`).
 * @returns the process exit code as {@link runProgram} gives it (0 success, 1 failure reported, 2 usage error)
 */
export async function validateMain(argv: string[]): Promise<number> {
  const program = newProgram();
  registerValidate(program);
  return runProgram(program, argv);
}
