/**
 * Runs a commander program the way every edefter command line does (the product's `edefter` and the
 * developers' `edefter-dev`): parse, then map the outcome to an exit code and print an
 * {@link EdefterError} as its Turkish then English text.
 */
import { type Command, CommanderError } from 'commander';
import { isEdefterError } from '@edefter/protocol/light';

/**
 * Parses `argv` (without node and script path) with `program` and runs the chosen command.
 * The program must have been built with `.exitOverride()`, so usage errors come back as exceptions.
 * @returns the process exit code: 0 success (or `process.exitCode` when a command set it), 1 failure
 *   reported to the user (EdefterError texts, or the stack of an unexpected error), 2 usage error
 */
export async function runProgram(program: Command, argv: string[]): Promise<number> {
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (isEdefterError(e)) {
      process.stderr.write(`HATA: ${e.tr}\nERROR: ${e.en}\n`);
      return 1;
    }
    process.stderr.write(`HATA / ERROR: ${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  }
}
