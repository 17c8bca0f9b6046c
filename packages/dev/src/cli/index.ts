/**
 * `edefter-dev`: the developers' command line (TEST ONLY) — the commands that run the product against the
 * demo identity, the demo token and the simulators. They left the product's `edefter` CLI so that the bridge never
 * loads demo or simulator code (issue 11 item 2).
 *
 * Commands: `demo` (a whole month on the demo token, `npm run demo`) and `portal` (bridge + demo portal + test
 * services, `npm run portal`).
 */
import { Command } from 'commander';
import { runProgram } from '@edefter/bridge/cli/run-program.ts';
import { registerDemo } from './demo.ts';
import { registerPortal } from './portal.ts';

/**
 * Runs the dev CLI with `argv` (without node and script path).
 * @returns the process exit code: 0 success, 1 failure reported to the user, 2 usage error
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('edefter-dev')
    .description('edefter-bridge geliştirici komutları (demo kimliği, demo token, simülatörler) / developer commands (TEST ONLY)')
    .exitOverride()
    .showHelpAfterError();
  registerDemo(program);
  registerPortal(program);
  return runProgram(program, argv);
}
